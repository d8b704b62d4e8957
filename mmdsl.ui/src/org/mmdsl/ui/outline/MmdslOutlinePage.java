package org.mmdsl.ui.outline;

import java.util.List;
import java.util.function.BiConsumer;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.mmdsl.ui.MmdslDocumentState;
import org.mmdsl.ui.MmdslDocumentState.OutlineNode;
import org.mmdsl.ui.MmdslDocumentState.Snapshot;

/** The outline of one scenario editor, refreshed after each reconcile; selecting a line selects its text. */
public class MmdslOutlinePage extends ContentOutlinePage {

    private final ITextEditor editor;
    private final BiConsumer<IDocument, Snapshot> listener = this::reconciled;

    public MmdslOutlinePage(ITextEditor editor) {
        this.editor = editor;
    }

    private IDocument document() {
        return editor.getDocumentProvider() == null ? null
                : editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object element) {
                return ((OutlineNode) element).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((OutlineNode) element).children().isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return ((OutlineNode) element).label();
            }
        });
        Snapshot snapshot = MmdslDocumentState.get(document());
        viewer.setInput(snapshot == null ? List.of() : snapshot.outline());
        viewer.expandAll();
        MmdslDocumentState.addListener(listener);
        viewer.addSelectionChangedListener(e -> {
            if (e.getSelection() instanceof IStructuredSelection s && s.getFirstElement() instanceof OutlineNode n) {
                editor.selectAndReveal(n.offset(), 0);
            }
        });
    }

    private void reconciled(IDocument document, Snapshot snapshot) {
        if (document != document()) {
            return;
        }
        Control control = getControl();
        if (control == null || control.isDisposed()) {
            return;
        }
        control.getDisplay().asyncExec(() -> {
            if (!control.isDisposed()) {
                getTreeViewer().setInput(snapshot.outline());
                getTreeViewer().expandAll();
            }
        });
    }

    @Override
    public void dispose() {
        MmdslDocumentState.removeListener(listener);
        super.dispose();
    }
}
