package org.mmdsl.ui.picture;

import java.util.List;
import java.util.function.BiConsumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CaretListener;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.picture.Picture;
import org.mmdsl.ui.MmdslDocumentState;
import org.mmdsl.ui.MmdslLanguage;

/**
 * The "mmdsl Picture" view (issue 14 point 4): the picture of the machine at the caret of the active
 * mmdsl editor ({@link PictureAt}), drawn with SWT ({@link SwtPictureRenderer}) in a scrolled canvas, with
 * a kind chooser ("as written" takes the statement's kind). It follows the caret and the text: a caret
 * move or a finished reconcile (the editor's validation) schedules a redraw, computed in a background job.
 * The tooltip is the tile under the mouse, else the picture's text form (what a plain run prints).
 *
 * <p>The canvas carries what was drawn as widget data ({@link #DRAWN}: one line per tile and text;
 * {@link #TITLE}: the title or the message), which the UI test reads.
 */
public class PictureView extends ViewPart {
    public static final String ID = "org.mmdsl.ui.pictureView";
    /** Canvas data: the title line shown above the picture (or the message when there is none). */
    public static final String TITLE = "org.mmdsl.ui.picture.title";
    /** Canvas data: a {@code List<String>} of what the renderer drew. */
    public static final String DRAWN = "org.mmdsl.ui.picture.drawn";
    /** Canvas data: the picture's kind word ("maps"), or null. */
    public static final String KIND = "org.mmdsl.ui.picture.kind";

    private static final String AS_WRITTEN = "as written";

    private Combo kinds;
    private Label title;
    private ScrolledComposite scroller;
    private Canvas canvas;
    private SwtPictureRenderer renderer;
    private Picture picture;

    private ITextEditor editor;
    private StyledText editorText;
    private final CaretListener caretListener = e -> schedule();
    private final BiConsumer<IDocument, MmdslDocumentState.Snapshot> reconciled = (document, snapshot) -> {
        if (canvas != null && !canvas.isDisposed()) {
            canvas.getDisplay().asyncExec(() -> {
                if (editor != null && document == document(editor)) {
                    schedule();
                }
            });
        }
    };
    private final IPartListener2 parts = new IPartListener2() {
        @Override
        public void partActivated(IWorkbenchPartReference ref) {
            IWorkbenchPart part = ref.getPart(false);
            if (part instanceof ITextEditor e && isMmdsl(e)) {
                follow(e);
            }
        }

        @Override
        public void partClosed(IWorkbenchPartReference ref) {
            if (editor != null && ref.getPart(false) == editor) {
                follow(null);
            }
        }
    };
    private final Job job = new Job("mmdsl picture") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            compute(monitor);
            return Status.OK_STATUS;
        }
    };
    private volatile Request request;

    /** What to draw: the text, the caret, the kind chosen (null: as written). */
    private record Request(IDocument document, String text, int offset, Picture.Kind kind) {
    }

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(2, false));
        kinds = new Combo(parent, SWT.READ_ONLY);
        kinds.add(AS_WRITTEN);
        for (Picture.Kind k : Picture.Kind.values()) {
            kinds.add(k.word());
        }
        kinds.select(0);
        kinds.setToolTipText("the kind of picture: as the statement at the caret writes it, or one of the five");
        kinds.addListener(SWT.Selection, e -> schedule());
        title = new Label(parent, SWT.NONE);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        scroller = new ScrolledComposite(parent, SWT.H_SCROLL | SWT.V_SCROLL);
        scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        canvas = new Canvas(scroller, SWT.DOUBLE_BUFFERED);
        scroller.setContent(canvas);
        renderer = new SwtPictureRenderer(parent.getDisplay());
        canvas.addPaintListener(e -> {
            if (picture != null) {
                canvas.setData(DRAWN, List.copyOf(renderer.draw(e.gc, picture)));
            }
        });
        canvas.addListener(SWT.MouseMove, e -> canvas.setToolTipText(tooltip(e.x, e.y)));
        show(null, "Open an mmdsl file and put the caret on a `show picture` statement or in a process block.");
        job.setSystem(true);
        getSite().getPage().addPartListener(parts);
        MmdslDocumentState.addListener(reconciled);
        if (getSite().getPage().getActiveEditor() instanceof ITextEditor e && isMmdsl(e)) {
            follow(e);
        }
    }

    /** Follows {@code e} (null: none): its caret and its reconciles. */
    public void follow(ITextEditor e) {
        if (editorText != null && !editorText.isDisposed()) {
            editorText.removeCaretListener(caretListener);
        }
        editor = e;
        editorText = null;
        ITextViewer viewer = e == null ? null : (ITextViewer) e.getAdapter(ITextOperationTarget.class);
        if (viewer != null && viewer.getTextWidget() != null) {
            editorText = viewer.getTextWidget();
            editorText.addCaretListener(caretListener);
        }
        schedule();
    }

    /** Recomputes the picture for the followed editor's text, caret and the chosen kind, 250 ms from now. */
    private void schedule() {
        if (canvas == null || canvas.isDisposed()) {
            return;
        }
        if (editor == null || editorText == null || editorText.isDisposed()) {
            request = null;
            show(null, "Open an mmdsl file and put the caret on a `show picture` statement or in a process block.");
            return;
        }
        IDocument document = document(editor);
        int index = kinds.getSelectionIndex();
        Picture.Kind kind = index <= 0 ? null : Picture.Kind.values()[index - 1];
        int offset = ((ITextViewer) editor.getAdapter(ITextOperationTarget.class)).getSelectedRange().x;
        request = new Request(document, document.get(), offset, kind);
        job.cancel();
        job.schedule(250);
    }

    private void compute(IProgressMonitor monitor) {
        Request r = request;
        if (r == null) {
            return;
        }
        PictureAt.Result result;
        try {
            XtextResource resource = MmdslLanguage.parse(r.text(), MmdslLanguage.uriOf(r.document()));
            result = PictureAt.of(resource, r.offset(), r.kind(), monitor::isCanceled);
        } catch (RuntimeException e) {
            if (monitor.isCanceled()) {
                return;
            }
            result = PictureAt.Result.message("No picture: " + e.getMessage());
        }
        if (monitor.isCanceled() || r != request) {
            return;
        }
        PictureAt.Result shown = result;
        canvas.getDisplay().asyncExec(() -> {
            if (r == request && !canvas.isDisposed()) {
                show(shown.picture(), shown.picture() == null ? shown.message()
                        : shown.picture().title() + "  (after line " + shown.line() + ")");
            }
        });
    }

    private void show(Picture p, String heading) {
        picture = p;
        title.setText(heading);
        title.setToolTipText(heading);
        canvas.setData(TITLE, heading);
        canvas.setData(KIND, p == null ? null : p.kind().word());
        canvas.setData(DRAWN, null);
        canvas.setSize(p == null ? 1 : (int) Math.ceil(p.width()), p == null ? 1 : (int) Math.ceil(p.height()));
        canvas.setToolTipText(p == null ? heading : p.text());
        canvas.redraw();
        title.getParent().layout(true);
    }

    /** The tooltip of the last tile drawn under (x, y), else the picture's text form. */
    private String tooltip(int x, int y) {
        Picture p = picture;
        if (p == null) {
            return title.getText();
        }
        String tip = null;
        for (Picture.Element e : p.elements()) {
            if (e instanceof Picture.Box b && x >= b.x() && x <= b.x() + b.w() && y >= b.y() && y <= b.y() + b.h()
                    && b.tooltip() != null) {
                tip = b.tooltip();
            }
        }
        return tip != null ? tip : p.text();
    }

    private static IDocument document(ITextEditor e) {
        return e.getDocumentProvider().getDocument(e.getEditorInput());
    }

    /** Whether {@code e} edits a scenario (a *.mmdsl file). */
    public static boolean isMmdsl(ITextEditor e) {
        return e.getEditorInput() != null && e.getEditorInput().getName().endsWith(".mmdsl");
    }

    @Override
    public void setFocus() {
        kinds.setFocus();
    }

    @Override
    public void dispose() {
        job.cancel();
        MmdslDocumentState.removeListener(reconciled);
        getSite().getPage().removePartListener(parts);
        if (editorText != null && !editorText.isDisposed()) {
            editorText.removeCaretListener(caretListener);
        }
        if (renderer != null) {
            renderer.dispose();
        }
        super.dispose();
    }
}
