package org.mmdsl.ui.validation;

import java.util.function.BiConsumer;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.ISourceViewerExtension5;
import org.eclipse.swt.custom.StyledText;
import org.mmdsl.ui.MmdslDocumentState;

/**
 * Re-validates the whole scenario in the reconciler's background thread 400 ms after the user stops
 * typing. Each keystroke cancels the progress monitor of a reconcile still running, which the strategy
 * turns into Xtext's cancel indicator, so a long simulation is abandoned rather than awaited. After each
 * finished validation the viewer's code minings (codemining.MmdslCodeMiningProvider) are asked again, as
 * a language client asks for code lenses after new diagnostics.
 */
public class MmdslReconciler extends MonoReconciler {
    private ITextViewer viewer;
    private final BiConsumer<IDocument, MmdslDocumentState.Snapshot> validated = (document, snapshot) -> {
        ITextViewer v = viewer;
        StyledText widget = v == null ? null : v.getTextWidget();
        if (widget != null && !widget.isDisposed() && document == v.getDocument()
                && v instanceof ISourceViewerExtension5 minings) {
            widget.getDisplay().asyncExec(() -> {
                if (!widget.isDisposed()) {
                    minings.updateCodeMinings();
                }
            });
        }
    };

    public MmdslReconciler() {
        super(new MmdslReconcilingStrategy(), false);
        setDelay(400);
    }

    @Override
    public void install(ITextViewer textViewer) {
        super.install(textViewer);
        viewer = textViewer;
        MmdslDocumentState.addListener(validated);
    }

    @Override
    public void uninstall() {
        MmdslDocumentState.removeListener(validated);
        viewer = null;
        super.uninstall();
    }
}
