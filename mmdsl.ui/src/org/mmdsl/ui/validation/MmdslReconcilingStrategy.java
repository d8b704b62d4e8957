package org.mmdsl.ui.validation;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.ui.MmdslDocumentState;
import org.mmdsl.ui.MmdslLanguage;
import org.mmdsl.ui.outline.MmdslOutline;

import com.google.inject.Injector;

/**
 * Parses and validates the document in-process with the language's {@link IResourceValidator} in
 * {@link CheckMode#ALL}, the mode the language server uses: static errors, then (on a file without
 * errors) the bounded simulation's faults, errnos and failed expectations from MmdslResourceValidator.
 * The issues become problem markers (workspace files) or annotations (other files), and the outline and
 * hover read them from {@link MmdslDocumentState}. Runs in the reconciler thread, never the UI thread.
 */
public class MmdslReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

    private IDocument document;
    private IProgressMonitor monitor = new NullProgressMonitor();

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void initialReconcile() {
        validate();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        validate();
    }

    @Override
    public void reconcile(IRegion partition) {
        validate();
    }

    private void validate() {
        IDocument doc = document;
        if (doc == null) {
            return;
        }
        IProgressMonitor pm = monitor;
        CancelIndicator cancel = pm::isCanceled;
        Injector injector = MmdslLanguage.injector();
        try {
            String text = doc.get();
            XtextResource resource = MmdslLanguage.parse(text, MmdslLanguage.uriOf(doc));
            List<Issue> issues = injector.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, cancel);
            if (cancel.isCanceled()) {
                return;
            }
            MmdslDocumentState.put(doc, new MmdslDocumentState.Snapshot(text, List.copyOf(issues), MmdslOutline.of(resource)));
            IFile file = MmdslLanguage.fileOf(doc);
            if (file != null) {
                MmdslProblems.replaceMarkers(file, issues, pm);
            } else {
                MmdslProblems.replaceAnnotations(doc, issues);
            }
        } catch (CoreException e) {
            ILog.of(getClass()).log(e.getStatus());
        } catch (RuntimeException | Error e) {
            if (!injector.getInstance(OperationCanceledManager.class).isOperationCanceledException(e)) {
                ILog.of(getClass()).error("mmdsl: validation failed", e);
            }
        }
    }
}
