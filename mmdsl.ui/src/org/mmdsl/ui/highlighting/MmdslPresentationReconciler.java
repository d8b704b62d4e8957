package org.mmdsl.ui.highlighting;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.presentation.PresentationReconciler;

/** Highlighting for the Generic Editor: the whole text is one partition, coloured by {@link MmdslTokenHighlighter}. */
public class MmdslPresentationReconciler extends PresentationReconciler {
    public MmdslPresentationReconciler() {
        MmdslTokenHighlighter highlighter = new MmdslTokenHighlighter();
        setDamager(highlighter, IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(highlighter, IDocument.DEFAULT_CONTENT_TYPE);
    }
}
