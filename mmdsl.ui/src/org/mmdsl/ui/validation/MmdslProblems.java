package org.mmdsl.ui.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/**
 * Writes the language's issues where Eclipse shows them: as markers of type {@link #MARKER_TYPE} on a
 * workspace file (editor and Problems view), or as annotations in the editor of a file outside the
 * workspace. Message and code are the issue's own, as the language server publishes them.
 */
public final class MmdslProblems {
    /** Declared in plugin.xml: a problem and text marker, not persisted. */
    public static final String MARKER_TYPE = "org.mmdsl.ui.problem";
    /** Marker attribute holding the issue code (the language server's Diagnostic.code). */
    public static final String CODE = "code";

    private static final Map<IDocument, Annotation[]> ANNOTATIONS = new java.util.WeakHashMap<>();

    private MmdslProblems() {
    }

    public static int markerSeverity(Severity severity) {
        return switch (severity) {
            case ERROR -> IMarker.SEVERITY_ERROR;
            case WARNING -> IMarker.SEVERITY_WARNING;
            default -> IMarker.SEVERITY_INFO;
        };
    }

    /** Replaces the file's mmdsl markers by one per issue, in one workspace operation. */
    public static void replaceMarkers(IFile file, List<Issue> issues, IProgressMonitor monitor) throws CoreException {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        workspace.run(pm -> {
            file.deleteMarkers(MARKER_TYPE, false, IResource.DEPTH_ZERO);
            for (Issue issue : issues) {
                if (issue.getSeverity() == Severity.IGNORE) {
                    continue;
                }
                IMarker marker = file.createMarker(MARKER_TYPE);
                int start = issue.getOffset() == null ? 0 : issue.getOffset();
                int length = issue.getLength() == null ? 0 : issue.getLength();
                marker.setAttributes(
                        new String[] {IMarker.MESSAGE, IMarker.SEVERITY, IMarker.LINE_NUMBER, IMarker.CHAR_START,
                                IMarker.CHAR_END, CODE},
                        new Object[] {issue.getMessage(), markerSeverity(issue.getSeverity()),
                                issue.getLineNumber() == null ? 1 : issue.getLineNumber(), start, start + length,
                                issue.getCode()});
            }
        }, workspace.getRuleFactory().markerRule(file), IWorkspace.AVOID_UPDATE, monitor);
    }

    /** For a file outside the workspace: the issues as annotations of its editor. */
    public static void replaceAnnotations(IDocument document, List<Issue> issues) {
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        IAnnotationModel model = buffer == null ? null : buffer.getAnnotationModel();
        if (!(model instanceof IAnnotationModelExtension extension)) {
            return;
        }
        Map<Annotation, Position> added = new HashMap<>();
        for (Issue issue : issues) {
            String type = switch (issue.getSeverity()) {
                case ERROR -> "org.eclipse.ui.workbench.texteditor.error";
                case WARNING -> "org.eclipse.ui.workbench.texteditor.warning";
                case INFO -> "org.eclipse.ui.workbench.texteditor.info";
                default -> null;
            };
            if (type != null) {
                added.put(new Annotation(type, false, issue.getMessage()),
                        new Position(issue.getOffset() == null ? 0 : issue.getOffset(),
                                issue.getLength() == null ? 0 : issue.getLength()));
            }
        }
        synchronized (ANNOTATIONS) {
            extension.replaceAnnotations(ANNOTATIONS.get(document), added);
            ANNOTATIONS.put(document, added.keySet().toArray(new Annotation[0]));
        }
    }
}
