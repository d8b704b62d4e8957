package org.mmdsl.ide.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.inject.Singleton;

/**
 * The files {@link SizeLimitedResource} read from the workspace folder and did not parse because they are
 * above {@link MmdslLanguageServer#MAX_CHARS}, with their size in characters: the language server
 * publishes the {@code file-too-large} warning for them in place of the (empty) diagnostics of their
 * empty stand-in. One per language injector, shared by its resources and the server.
 */
@Singleton
public class OversizedFiles {
    private final Map<String, Long> chars = new ConcurrentHashMap<>();

    void put(String uri, long size) {
        chars.put(uri, size);
    }

    void remove(String uri) {
        chars.remove(uri);
    }

    /** The size in characters of the file at {@code uri} if it was left unparsed for its size, else null. */
    public Long size(String uri) {
        return chars.get(uri);
    }
}
