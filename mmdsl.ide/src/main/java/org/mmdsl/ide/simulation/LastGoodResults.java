package org.mmdsl.ide.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Singleton;

/**
 * The inlay hints and code lenses of the last text that could be played, kept per document, so that a
 * syntax error (or any static error) while typing does not take every hint and lens away and make the
 * layout jump. Each result is anchored to the statement or block that produced it ([start, end) in that
 * text). For a text that cannot be played, the results are carried through the edit: the two texts
 * share a prefix and a suffix, and the changed middle is where every edit since lies. A result whose
 * anchor lies wholly in the prefix keeps its place, one wholly in the suffix moves with it; one whose
 * statement touches the changed middle is dropped (its statement changed, so its result is not known).
 *
 * <pre>
 * last good:  mmap buf 16KB rw- private anon⏎  write buf value 42⏎   read buf⏎
 * now:        mmap buf 16KB rw- private anon⏎  write buf valu⏎       read buf⏎
 *             |------------ prefix -------------|-- changed --|------ suffix -----|
 *             hint "= 0xb7ffc000" kept            hint dropped   hint moved 3 left
 * </pre>
 */
@Singleton
public class LastGoodResults {

    /** A result and the text range of the statement or block it belongs to. */
    public record Anchored<T>(int start, int end, T value) {
    }

    private record Entry(String text, List<? extends Anchored<?>> results) {
    }

    private static final int DOCUMENTS = 16;

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > DOCUMENTS * 2;
        }
    };

    /** Keeps {@code results} of kind {@code kind} ("inlay-hints", "lenses") as the last good ones of the document. */
    public <T> void remember(String kind, XtextResource resource, List<Anchored<T>> results) {
        synchronized (entries) {
            entries.put(key(kind, resource), new Entry(text(resource), List.copyOf(results)));
        }
    }

    /**
     * The last good results of kind {@code kind}, their anchors moved into the document's current text; those
     * of changed statements left out. Empty when the document never had a text that could be played.
     */
    @SuppressWarnings("unchecked")
    public <T> List<Anchored<T>> carriedOver(String kind, XtextResource resource) {
        Entry e;
        synchronized (entries) {
            e = entries.get(key(kind, resource));
        }
        if (e == null) {
            return List.of();
        }
        String now = text(resource);
        String before = e.text();
        int limit = Math.min(now.length(), before.length());
        int prefix = 0;
        while (prefix < limit && now.charAt(prefix) == before.charAt(prefix)) {
            prefix++;
        }
        // from the start of that line: a line inserted above `  mmap other` ("  mprot⏎") shares its first
        // characters with it, and the edit is the whole new line, not the rest of mmap's
        while (prefix > 0 && now.charAt(prefix - 1) != '\n') {
            prefix--;
        }
        int suffix = 0;
        while (suffix < limit - prefix
                && now.charAt(now.length() - 1 - suffix) == before.charAt(before.length() - 1 - suffix)) {
            suffix++;
        }
        int changedEnd = before.length() - suffix; // the changed middle is [prefix, changedEnd) of the old text
        int delta = now.length() - before.length();
        List<Anchored<T>> out = new ArrayList<>();
        for (Anchored<?> a : e.results()) {
            // strictly inside: a character typed right after a statement's last token, or right before its
            // first, changes the statement
            if (a.end() < prefix) {
                out.add((Anchored<T>) a);
            } else if (a.start() > changedEnd) {
                out.add(new Anchored<>(a.start() + delta, a.end() + delta, (T) a.value()));
            }
        }
        return out;
    }

    private static String key(String kind, XtextResource resource) {
        return kind + '\u0000' + resource.getURI();
    }

    private static String text(XtextResource resource) {
        ICompositeNode root = resource.getParseResult() == null ? null : resource.getParseResult().getRootNode();
        return root == null ? "" : root.getText();
    }
}
