package org.mmdsl.ui.outline;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.mmdsl.Boot;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.ui.MmdslDocumentState.OutlineNode;

/**
 * The outline of a scenario: its boot line, its processes and threads (with the named mappings inside
 * them) and its kernel blocks, each labelled with the statement's own first line as written
 * ("process child = fork init", "mmap buf 16KB rw- private anon"). Built from whatever the parser
 * recovered, so a file with syntax errors still has an outline.
 */
public final class MmdslOutline {
    private MmdslOutline() {
    }

    public static List<OutlineNode> of(XtextResource resource) {
        List<OutlineNode> out = new ArrayList<>();
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Scenario scenario)) {
            return out;
        }
        if (scenario.getBoot() != null) {
            add(out, scenario.getBoot(), "boot", List.of());
        }
        for (EObject statement : scenario.getStatements()) {
            if (statement instanceof org.mmdsl.mmdsl.Process || statement instanceof org.mmdsl.mmdsl.Thread) {
                List<OutlineNode> children = new ArrayList<>();
                for (EObject inner : statement.eContents()) {
                    if (inner instanceof Mmap mmap && mmap.getName() != null) {
                        add(children, inner, "mmap", List.of());
                    }
                }
                add(out, statement, statement instanceof org.mmdsl.mmdsl.Process ? "process" : "thread", children);
            } else if (statement instanceof KernelBlock) {
                add(out, statement, "kernel", List.of());
            }
        }
        return out;
    }

    private static void add(List<OutlineNode> out, EObject object, String kind, List<OutlineNode> children) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(object);
        if (node == null) {
            return;
        }
        String text = NodeModelUtils.getTokenText(node);
        int lt = object instanceof Boot ? -1 : text.indexOf('<');
        String label = (lt >= 0 ? text.substring(0, lt) : text).trim();
        int expect = label.indexOf(" expect ");
        if (expect > 0) {
            label = label.substring(0, expect);
        }
        out.add(new OutlineNode(label.isEmpty() ? kind : label, kind, node.getOffset(), node.getLength(), List.copyOf(children)));
    }
}
