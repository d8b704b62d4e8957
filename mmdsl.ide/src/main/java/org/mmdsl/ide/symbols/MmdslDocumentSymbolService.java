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
import org.mmdsl.mmdsl.Kthread;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.util.MmdslSwitch;
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
        Outline outline = new Outline(document);
        for (EObject s : scenario.getStatements()) {
            DocumentSymbol sym = outline.doSwitch(s);
            if (sym != null) {
                out.add(sym);
            }
        }
        return out;
    }

    /** The symbol of a top-level block (process, thread, kernel block, kthread); null for other statements. */
    private static final class Outline extends MmdslSwitch<DocumentSymbol> {
        private final Document document;

        Outline(Document document) {
            this.document = document;
        }

        @Override
        public DocumentSymbol caseProcess(Process p) {
            return task(p, p.getName(), p.getParent() == null ? "process" : "fork", SymbolKind.Class);
        }

        @Override
        public DocumentSymbol caseThread(org.mmdsl.mmdsl.Thread t) {
            return task(t, t.getName(), "thread (clone CLONE_VM)", SymbolKind.Event);
        }

        @Override
        public DocumentSymbol caseKernelBlock(KernelBlock k) {
            String in = k.getTask() == null || k.getTask().eIsProxy() ? null : Tasks.name(k.getTask());
            return symbol(document, k, "kernel", in == null ? "kernel block" : "kernel block, " + in + " current",
                    SymbolKind.Namespace, null);
        }

        @Override
        public DocumentSymbol caseKthread(Kthread k) {
            return symbol(document, k, k.getName() == null ? "?" : k.getName(), "kthread (no mm: borrows active_mm)",
                    SymbolKind.Event, "name");
        }

        /** A process or thread, with the handles its mmaps name as children. */
        private DocumentSymbol task(org.mmdsl.mmdsl.Task t, String name, String detail, SymbolKind kind) {
            List<DocumentSymbol> handles = new ArrayList<>();
            for (EObject st : Tasks.statements(t)) {
                if (st instanceof Mmap m && m.getName() != null) {
                    handles.add(symbol(document, st, m.getName(), "mmap handle", SymbolKind.Variable, "name"));
                }
            }
            DocumentSymbol sym = symbol(document, t, name == null ? "?" : name, detail, kind, "name");
            sym.setChildren(handles);
            return sym;
        }
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
