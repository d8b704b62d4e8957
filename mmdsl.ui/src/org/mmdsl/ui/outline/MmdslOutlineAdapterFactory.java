package org.mmdsl.ui.outline;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * Gives the Generic Editor an outline page when it shows a scenario (the Generic Editor has no outline
 * extension of its own; the Outline view asks the editor for this adapter).
 */
public class MmdslOutlineAdapterFactory implements IAdapterFactory {

    @Override
    public <T> T getAdapter(Object adaptableObject, Class<T> adapterType) {
        if (adapterType == IContentOutlinePage.class && adaptableObject instanceof ITextEditor editor) {
            IEditorInput input = editor.getEditorInput();
            if (input != null && input.getName() != null && input.getName().endsWith(".mmdsl")) {
                return adapterType.cast(new MmdslOutlinePage(editor));
            }
        }
        return null;
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] {IContentOutlinePage.class};
    }
}
