package org.mmdsl.validation;

import java.util.List;

import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;

/**
 * Whether a text has a static error (a syntax, linking or validator error), as the last validation of the
 * resource found it, kept on the resource for that text: the editor's simulation (hovers, hints, lenses)
 * plays only texts without one, and would otherwise validate the text again on its first request after
 * each edit. Keyed by the text ({@link #textKey}), so a verdict never outlives its text.
 */
public final class StaticVerdict extends AdapterImpl {
    private final String textKey;
    private final boolean errorFree;

    private StaticVerdict(String textKey, boolean errorFree) {
        this.textKey = textKey;
        this.errorFree = errorFree;
    }

    /** Keeps on {@code resource} whether {@code staticIssues} (of its current text) hold an error. */
    static void record(Resource resource, List<Issue> staticIssues) {
        if (!(resource instanceof XtextResource r)) {
            return;
        }
        boolean errorFree = staticIssues.stream().noneMatch(i -> i.getSeverity() == Severity.ERROR);
        synchronized (r.eAdapters()) {
            r.eAdapters().removeIf(a -> a instanceof StaticVerdict);
            r.eAdapters().add(new StaticVerdict(textKey(r), errorFree));
        }
    }

    /** True / false when the resource's current text was validated (no static error / some), else null. */
    public static Boolean of(XtextResource resource) {
        String key = textKey(resource);
        synchronized (resource.eAdapters()) {
            for (Object a : resource.eAdapters()) {
                if (a instanceof StaticVerdict v && v.textKey.equals(key)) {
                    return v.errorFree;
                }
            }
        }
        return null;
    }

    /** The text's length and hash: names a version of the document without keeping its text (maybe 10 MB). */
    public static String textKey(XtextResource resource) {
        ICompositeNode root = resource.getParseResult() == null ? null : resource.getParseResult().getRootNode();
        String text = root == null ? "" : root.getText();
        return text.length() + ":" + text.hashCode();
    }
}
