package org.mmdsl.ide.quickfix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.mmdsl.ArchOption;
import org.mmdsl.mmdsl.Boot;
import org.mmdsl.mmdsl.BootOption;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.mmdsl.Mprotect;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.validation.MmdslIssue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/**
 * Quick fixes, each a text edit on the diagnostic's statement:
 * <ul>
 * <li>{@code unaligned-address}: replace the address by the page-aligned one (carried in the issue's
 * data);</li>
 * <li>{@code ram-not-addressable}: boot the PAE kernel ({@code arch i386 pae});</li>
 * <li>a static error that names the errno the kernel would return: add {@code expect errno E} so the
 * run shows the failure instead;</li>
 * <li>{@code deprecated-api} on kmap_atomic (6.1): use kmap_local_page, and kunmap_local for the
 * kunmap_atomic of the same page later in the block (Documentation/mm/highmem.rst: new code should
 * use kmap_local_page(); it does not disable preemption or page faults);</li>
 * <li>{@code kmap-not-unmapped}: add the missing {@code kunmap page PFN} on the line after the kmap.</li>
 * </ul>
 */
public class MmdslCodeActionService implements ICodeActionService2 {

    private static final Pattern ERRNO = Pattern.compile("\\b(E[A-Z0-9]+)\\b");

    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        if (options.getDocument() != null && options.getResource() != null) {
            return actions(options, options.getDocument(), (XtextResource) options.getResource());
        }
        // LanguageServerImpl hands over only the URI: read the document and its resource here
        return options.getLanguageServerAccess().doSyncRead(options.getURI(),
                ctx -> actions(options, ctx.getDocument(), (XtextResource) ctx.getResource()));
    }

    private List<Either<Command, CodeAction>> actions(Options options, Document doc, XtextResource resource) {
        List<Either<Command, CodeAction>> out = new ArrayList<>();
        if (doc == null || resource == null || resource.getParseResult() == null) {
            return out;
        }
        String uri = options.getURI();
        for (Diagnostic d : options.getCodeActionParams().getContext().getDiagnostics()) {
            String code = d.getCode() == null ? null : d.getCode().isLeft() ? d.getCode().getLeft()
                    : String.valueOf(d.getCode().getRight());
            if (code == null) {
                continue;
            }
            EObject at = elementAt(resource, doc.getOffSet(d.getRange().getStart()));
            if (MmdslIssue.UNALIGNED_ADDRESS.id.equals(code)) {
                String aligned = firstData(d);
                Expr address = addressOf(at);
                if (aligned != null && address != null) {
                    long v = Long.parseLong(aligned);
                    INode n = NodeModelUtils.findActualNodeFor(address);
                    out.add(Either.forRight(action(String.format("Align to the page: 0x%x", v), d, uri,
                            new TextEdit(range(doc, n.getOffset(), n.getEndOffset()), String.format("0x%x", v)))));
                }
            }
            if (MmdslIssue.RAM_NOT_ADDRESSABLE.id.equals(code)) {
                Boot boot = container(at, Boot.class);
                if (boot != null) {
                    out.add(Either.forRight(action("Boot the PAE kernel (arch i386 pae) to use all the RAM", d, uri, paeEdit(doc, boot))));
                }
            }
            if (MmdslIssue.KMAP_NOT_UNMAPPED.id.equals(code)) {
                org.mmdsl.mmdsl.Kmap k = container(at, org.mmdsl.mmdsl.Kmap.class);
                if (k != null) {
                    INode n = NodeModelUtils.findActualNodeFor(k);
                    String text = doc.getContents();
                    int lineStart = text.lastIndexOf('\n', n.getOffset() - 1) + 1;
                    String indent = text.substring(lineStart, n.getOffset()).replaceAll("\\S.*", "");
                    String pfn = NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(k.getPfn()));
                    out.add(Either.forRight(action("Add the missing `kunmap page " + pfn + "`", d, uri,
                            new TextEdit(range(doc, n.getEndOffset(), n.getEndOffset()), "\n" + indent + "kunmap page " + pfn))));
                }
            }
            if (MmdslIssue.DEPRECATED_API.id.equals(code)) {
                org.mmdsl.mmdsl.KmapLocal k = container(at, org.mmdsl.mmdsl.KmapLocal.class);
                if (k != null && k.getOp() == org.mmdsl.mmdsl.KmapLocalOp.KMAP_ATOMIC) {
                    out.add(Either.forRight(action("Use kmap_local_page (and kunmap_local)", d, uri, localEdits(doc, k))));
                }
            }
            MmdslIssue issue = MmdslIssue.byId(code);
            if (issue != null && issue.severity == org.eclipse.xtext.diagnostics.Severity.ERROR) {
                Matcher m = ERRNO.matcher(d.getMessage() == null || !d.getMessage().isLeft() ? "" : d.getMessage().getLeft());
                EObject statement = statementWithExpects(at);
                while (statement != null && m.find()) {
                    if (isErrno(m.group(1))) {
                        INode n = NodeModelUtils.findActualNodeFor(statement);
                        out.add(Either.forRight(action("Add `expect errno " + m.group(1) + "`: the kernel's failure becomes part of the scenario",
                                d, uri, new TextEdit(range(doc, n.getEndOffset(), n.getEndOffset()),
                                        " expect errno " + m.group(1)))));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** kmap_atomic -> kmap_local_page, and the later kunmap_atomic of the same page -> kunmap_local. */
    private static List<TextEdit> localEdits(Document doc, org.mmdsl.mmdsl.KmapLocal k) {
        List<TextEdit> edits = new ArrayList<>();
        edits.add(opEdit(doc, k, "kmap_local_page"));
        String page = NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(k.getPfn()));
        EObject container = k.eContainer();
        if (container != null && k.eContainingFeature().isMany()) {
            List<?> siblings = (List<?>) container.eGet(k.eContainingFeature());
            for (int i = siblings.indexOf(k) + 1; i < siblings.size(); i++) {
                if (siblings.get(i) instanceof org.mmdsl.mmdsl.KmapLocal u
                        && u.getOp() == org.mmdsl.mmdsl.KmapLocalOp.KUNMAP_ATOMIC
                        && page.equals(NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(u.getPfn())))) {
                    edits.add(opEdit(doc, u, "kunmap_local"));
                    break;
                }
            }
        }
        return edits;
    }

    private static TextEdit opEdit(Document doc, org.mmdsl.mmdsl.KmapLocal k, String op) {
        INode n = NodeModelUtils.findNodesForFeature(k, org.mmdsl.mmdsl.MmdslPackage.Literals.KMAP_LOCAL__OP).get(0);
        return new TextEdit(range(doc, n.getOffset(), n.getEndOffset()), op);
    }

    private static TextEdit paeEdit(Document doc, Boot boot) {
        for (BootOption o : boot.getOptions()) {
            if (o instanceof ArchOption) {
                INode n = NodeModelUtils.findActualNodeFor(o);
                return new TextEdit(range(doc, n.getOffset(), n.getEndOffset()), "arch i386 pae");
            }
        }
        INode n = NodeModelUtils.findActualNodeFor(boot);
        return new TextEdit(range(doc, n.getEndOffset(), n.getEndOffset()), " arch i386 pae");
    }

    private static boolean isErrno(String name) {
        for (Errno e : Errno.values()) {
            if (e.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static CodeAction action(String title, Diagnostic d, String uri, TextEdit edit) {
        return action(title, d, uri, List.of(edit));
    }

    private static CodeAction action(String title, Diagnostic d, String uri, List<TextEdit> edits) {
        CodeAction a = new CodeAction(title);
        a.setKind(CodeActionKind.QuickFix);
        a.setDiagnostics(List.of(d));
        a.setEdit(new WorkspaceEdit(Map.of(uri, edits)));
        return a;
    }

    private static Range range(Document doc, int from, int to) {
        return new Range(doc.getPosition(from), doc.getPosition(to));
    }

    private static String firstData(Diagnostic d) {
        Object data = d.getData();
        if (data instanceof String[] && ((String[]) data).length > 0) {
            return ((String[]) data)[0];
        }
        if (data instanceof JsonArray && ((JsonArray) data).size() > 0) {
            JsonElement e = ((JsonArray) data).get(0);
            return e.isJsonPrimitive() ? e.getAsString() : null;
        }
        if (data instanceof List && !((List<?>) data).isEmpty()) {
            return String.valueOf(((List<?>) data).get(0));
        }
        return null;
    }

    private static EObject elementAt(XtextResource resource, int offset) {
        ICompositeNode root = resource.getParseResult().getRootNode();
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(root, offset);
        return leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
    }

    private static Expr addressOf(EObject at) {
        for (EObject o = at; o != null; o = o.eContainer()) {
            if (o instanceof Mmap) {
                return ((Mmap) o).getHint();
            }
            if (o instanceof Munmap) {
                return ((Munmap) o).getAddress();
            }
            if (o instanceof Mprotect) {
                return ((Mprotect) o).getAddress();
            }
        }
        return null;
    }

    private static EObject statementWithExpects(EObject at) {
        for (EObject o = at; o != null; o = o.eContainer()) {
            if (o.eClass().getEStructuralFeature("expects") != null) {
                return o;
            }
        }
        return null;
    }

    private static <T> T container(EObject at, Class<T> type) {
        for (EObject o = at; o != null; o = o.eContainer()) {
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        return null;
    }
}
