package org.mmdsl.ui.picture;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * The command "Show mmdsl Picture" (editor context menu): opens the {@link PictureView} beside the editor,
 * following the active mmdsl editor's caret.
 */
public class ShowPictureHandler extends AbstractHandler {
    public static final String COMMAND = "org.mmdsl.ui.showPicture";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IEditorPart active = HandlerUtil.getActiveEditor(event);
        IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage();
        try {
            open(page, active instanceof ITextEditor e && PictureView.isMmdsl(e) ? e : null);
        } catch (PartInitException e) {
            throw new ExecutionException("the mmdsl Picture view did not open", e);
        }
        return null;
    }

    /** Opens (or shows) the view without taking the focus from the editor, following {@code editor}. */
    public static PictureView open(IWorkbenchPage page, ITextEditor editor) throws PartInitException {
        PictureView view = (PictureView) page.showView(PictureView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        if (editor != null) {
            view.follow(editor);
        }
        return view;
    }
}
