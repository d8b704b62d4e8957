package org.mmdsl.ui.codemining;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.codemining.AbstractCodeMiningProvider;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.jface.text.codemining.LineHeaderCodeMining;
import org.eclipse.swt.events.MouseEvent;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.ide.codelens.BlockSummaries;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.ShowPicture;
import org.mmdsl.ui.MmdslLanguage;
import org.mmdsl.ui.picture.ShowPictureHandler;

/**
 * Eclipse's code lenses: code minings above the lines the language server puts its lenses on. Above
 * each process, thread, kernel and kthread block, the block's summary from mmdsl.ide's
 * {@link BlockSummaries} (the lens title, "3 VMAs · 2 page faults — show /proc/1/maps"); above each
 * {@code show picture}, "picture KIND". Clicking one puts the caret there and opens the mmdsl Picture
 * view, which draws that block's maps or that picture (the text form is its tooltip). Computed in the
 * background from a parse of the text; the reconciler asks for new minings after each validation.
 */
public class MmdslCodeMiningProvider extends AbstractCodeMiningProvider {

    @Override
    public CompletableFuture<List<? extends ICodeMining>> provideCodeMinings(ITextViewer viewer, IProgressMonitor monitor) {
        IDocument document = viewer.getDocument();
        if (document == null || !MmdslLanguage.isMmdsl(document)) {
            return CompletableFuture.completedFuture(List.of());
        }
        String text = document.get();
        return CompletableFuture.supplyAsync(() -> minings(document, text, monitor));
    }

    private List<ICodeMining> minings(IDocument document, String text, IProgressMonitor monitor) {
        List<ICodeMining> out = new ArrayList<>();
        try {
            XtextResource resource = MmdslLanguage.parse(text, MmdslLanguage.uriOf(document));
            BlockSummaries summaries = MmdslLanguage.injector().getInstance(BlockSummaries.class);
            for (BlockSummaries.Summary s : summaries.of(resource, monitor::isCanceled)) {
                out.add(mining(document, text, s.offset(), s.title()));
            }
            if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Scenario scenario
                    && !out.isEmpty()) {
                for (ShowPicture p : EcoreUtil2.getAllContentsOfType(scenario, ShowPicture.class)) {
                    int offset = NodeModelUtils.getNode(p).getOffset();
                    out.add(mining(document, text, offset, "picture " + (p.isWalk() ? "walk" : p.getKind().getLiteral())));
                }
            }
        } catch (BadLocationException e) {
            return List.of(); // the text changed under us: the next reconcile asks again
        } catch (RuntimeException e) {
            if (!monitor.isCanceled()) {
                ILog.of(getClass()).error("mmdsl: code minings failed", e);
            }
            return List.of();
        }
        return out;
    }

    /** A mining above the line of {@code offset} (in {@code text}, the version it was computed for). */
    private ICodeMining mining(IDocument document, String text, int offset, String label) throws BadLocationException {
        int line = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        Consumer<MouseEvent> open = e -> showPictureAt(document, offset);
        LineHeaderCodeMining mining = new LineHeaderCodeMining(line, document, this, open) {
        };
        mining.setLabel(label);
        return mining;
    }

    /** The click: caret on the block or statement, and the Picture view following that editor. */
    private static void showPictureAt(IDocument document, int offset) {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        IEditorPart part = page.getActiveEditor();
        if (part instanceof ITextEditor editor && editor.getDocumentProvider().getDocument(editor.getEditorInput()) == document) {
            editor.selectAndReveal(offset, 0);
            try {
                ShowPictureHandler.open(page, editor);
            } catch (PartInitException e) {
                ILog.of(MmdslCodeMiningProvider.class).log(e.getStatus());
            }
        }
    }

    /** The id in plugin.xml (the UI test finds the provider by it). */
    public static final String ID = "org.mmdsl.ui.codeMinings";
}
