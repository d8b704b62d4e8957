package org.mmdsl.ide.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Map;

import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;

import com.google.inject.Inject;

/**
 * The language server's resource: a text above {@link MmdslLanguageServer#MAX_CHARS} characters read from
 * disk is not parsed; the resource holds an empty scenario, as it does for an open document above the
 * limit. Without it the start-up build of a folder with one 10 MB scenario parsed it before any
 * diagnostics (7.5 s, about 0.5 GB). The text is read only up to the limit; the rest is counted, not kept.
 * The file is recorded in {@link OversizedFiles} for its warning. Open documents reach Xtext already
 * emptied by MmdslLanguageServer, and edits go through reparse, not here. Only in the language server
 * ({@link #limit(int)}); elsewhere it loads as Xtext's resource does.
 */
public class SizeLimitedResource extends LazyLinkingResource {

    /**
     * The limit in characters, or -1: off. The language server turns it on when it is built; the Eclipse
     * plug-in, which makes its injector with the same IDE module, keeps every text as it is read.
     */
    private static volatile int limit = -1;

    @Inject
    private OversizedFiles oversized;

    /** Texts above {@code maxChars} characters are left unparsed from now on (MmdslLanguageServer). */
    static void limit(int maxChars) {
        limit = maxChars;
    }

    @Override
    protected void doLoad(InputStream inputStream, Map<?, ?> options) throws IOException {
        int max = limit;
        if (max < 0) {
            super.doLoad(inputStream, options);
            return;
        }
        setEncodingFromOptions(options);
        Reader reader = createReader(inputStream);
        StringBuilder text = new StringBuilder();
        char[] buf = new char[8192];
        long size = 0;
        int n;
        while ((n = reader.read(buf)) > 0) {
            size += n;
            if (size <= max) {
                text.append(buf, 0, n);
            } else if (text.length() > 0) {
                text.setLength(0);
                text.trimToSize();
            }
        }
        String uri = getURI() == null ? null : getURI().toString();
        if (uri != null && size > max) {
            oversized.put(uri, size);
        } else if (uri != null) {
            oversized.remove(uri);
        }
        // the text read (or none), in the resource's encoding, to Xtext's own load
        super.doLoad(new ByteArrayInputStream(text.toString().getBytes(getEncoding())), options);
    }

    /**
     * EMF's unload turns every object of the old text into a proxy whose URI names its fragment (computed
     * per object: 8 % of an edit's build on a 1,000-line scenario, issue 15); a proxy lets another
     * resource's reference find the object again. No mmdsl file refers into another, so in the language
     * server an unloaded object only loses its adapters, as in EMF's ResourceImpl.unloaded().
     */
    @Override
    protected void unloaded(InternalEObject internalEObject) {
        if (limit < 0) {
            super.unloaded(internalEObject);
            return;
        }
        internalEObject.eAdapters().clear();
    }
}
