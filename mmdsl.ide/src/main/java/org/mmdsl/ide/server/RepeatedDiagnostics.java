package org.mmdsl.ide.server;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.lsp4j.PublishDiagnosticsParams;

import com.google.gson.Gson;

/**
 * Drops a publication that repeats the last one for the same document when the text did not change in
 * between. Xtext publishes a document's diagnostics when the start-up build reads it from the folder, and
 * again when the editor opens it with the same text: the second list is the first one, and an editor
 * redraws (a client counting publications sees two). After an edit a publication always goes out, even
 * an equal one: the client has moved its markers with the text, and the server's list puts them back.
 * After a close the next publication goes out too (neovim drops a closed buffer's diagnostics).
 */
final class RepeatedDiagnostics {
    /** The last list per document as JSON: Xtext's diagnostics carry their data as a String[], equal only to itself. */
    private final Map<String, String> last = new ConcurrentHashMap<>();
    private final Set<String> edited = ConcurrentHashMap.newKeySet();
    private static final Gson GSON = new Gson();

    /** The client changed the text of {@code uri} (as Xtext spells it). */
    void changed(String uri) {
        edited.add(uri);
    }

    /** The client closed {@code uri}: the next publication for it goes out. */
    void closed(String uri) {
        last.remove(uri);
        edited.remove(uri);
    }

    /**
     * True when {@code params}, published for {@code uri}, is the list last published for it and the text
     * did not change since; remembers the list.
     */
    boolean repeated(String uri, PublishDiagnosticsParams params) {
        String now = GSON.toJson(params.getDiagnostics());
        String before = last.put(uri, now);
        boolean changed = edited.remove(uri);
        return !changed && now.equals(before);
    }
}
