package org.mmdsl.ui;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.validation.Issue;

/**
 * What the last finished reconcile of a document found: its issues (for the hover) and its outline.
 * Written by the reconciler thread, read by hover and outline; plain values only, no EMF objects, so
 * nothing here keeps a resource alive.
 */
public final class MmdslDocumentState {

    /** One line of the outline: a block of the scenario with its text range and its children. */
    public record OutlineNode(String label, String kind, int offset, int length, List<OutlineNode> children) {
    }

    /** The result of one reconcile, for the text it was computed from. */
    public record Snapshot(String text, List<Issue> issues, List<OutlineNode> outline) {
    }

    private static final Map<IDocument, Snapshot> STATES = Collections.synchronizedMap(new WeakHashMap<>());
    private static final ListenerList<BiConsumer<IDocument, Snapshot>> LISTENERS = new ListenerList<>();

    private MmdslDocumentState() {
    }

    public static Snapshot get(IDocument document) {
        return STATES.get(document);
    }

    public static void put(IDocument document, Snapshot snapshot) {
        STATES.put(document, snapshot);
        for (BiConsumer<IDocument, Snapshot> l : LISTENERS) {
            l.accept(document, snapshot);
        }
    }

    public static void addListener(BiConsumer<IDocument, Snapshot> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(BiConsumer<IDocument, Snapshot> listener) {
        LISTENERS.remove(listener);
    }
}
