package org.mmdsl.ide.symbols;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.interpreter.Tasks;

/**
 * The outline: boot, then processes, threads and kernel blocks in file order, each process or thread
 * with the handles its mmaps name.
 */
public class MmdslDocumentSymbolService extends HierarchicalDocumentSymbolService {

    @Override
    public List<DocumentSymbol> getSymbols(Document document, XtextResource resource, DocumentSymbolParams params,
            CancelIndicator cancel) {
        List<DocumentSymbol> out = new ArrayList<>();
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Scenario)) {
            return out;
        }
        Scenario scenario = (Scenario) resource.getContents().get(0);
        if (scenario.getBoot() != null) {
            INode n = NodeModelUtils.findActualNodeFor(scenario.getBoot());
            String text = n == null ? "boot" : NodeModelUtils.getTokenText(n);
            out.add(symbol(document, scenario.getBoot(), "boot", text.length() > 60 ? text.substring(0, 60) : text,
                    SymbolKind.Module, null));
        }
        for (EObject s : scenario.getStatements()) {
            if (s instanceof org.mmdsl.mmdsl.Task) {
                org.mmdsl.mmdsl.Task t = (org.mmdsl.mmdsl.Task) s;
                String name = Tasks.name(t);
                String detail = t instanceof Process ? (((Process) t).getParent() == null ? "process" : "fork")
                        : "thread (clone CLONE_VM)";
                List<DocumentSymbol> handles = new ArrayList<>();
                for (EObject st : Tasks.statements(t)) {
                    if (st instanceof Mmap && ((Mmap) st).getName() != null) {
                        handles.add(symbol(document, st, ((Mmap) st).getName(), "mmap handle", SymbolKind.Variable,
                                "name"));
                    }
                }
                DocumentSymbol sym = symbol(document, t, name == null ? "?" : name, detail,
                        t instanceof Process ? SymbolKind.Class : SymbolKind.Event,
                        "name");
                sym.setChildren(handles);
                out.add(sym);
            } else if (s instanceof KernelBlock) {
                KernelBlock k = (KernelBlock) s;
                String in = k.getTask() == null || k.getTask().eIsProxy() ? null : Tasks.name(k.getTask());
                out.add(symbol(document, s, "kernel", in == null ? "kernel block" : "kernel block, " + in + " current",
                        SymbolKind.Namespace, null));
            } else if (s instanceof org.mmdsl.mmdsl.Kthread) {
                org.mmdsl.mmdsl.Kthread k = (org.mmdsl.mmdsl.Kthread) s;
                out.add(symbol(document, s, k.getName() == null ? "?" : k.getName(), "kthread (no mm: borrows active_mm)",
                        SymbolKind.Event, "name"));
            }
        }
        return out;
    }

    private static DocumentSymbol symbol(Document doc, EObject o, String name, String detail, SymbolKind kind,
            String nameFeatureName) {
        org.eclipse.emf.ecore.EStructuralFeature nameFeature = nameFeatureName == null ? null
                : o.eClass().getEStructuralFeature(nameFeatureName);
        ICompositeNode n = NodeModelUtils.findActualNodeFor(o);
        Range full = new Range(doc.getPosition(n.getOffset()), doc.getPosition(n.getEndOffset()));
        Range selection = full;
        if (nameFeature != null) {
            List<INode> names = NodeModelUtils.findNodesForFeature(o, nameFeature);
            if (!names.isEmpty()) {
                INode nn = names.get(0);
                selection = new Range(doc.getPosition(nn.getOffset()), doc.getPosition(nn.getEndOffset()));
            }
        }
        return new DocumentSymbol(name, kind, full, selection, detail);
    }
}
