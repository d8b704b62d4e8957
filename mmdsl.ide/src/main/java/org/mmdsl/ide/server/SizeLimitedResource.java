package org.mmdsl.ide.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Map;

import org.eclipse.xtext.linking.lazy.LazyLinkingResource;

import com.google.inject.Inject;

/**
 * The language server's resource: a text above {@link MmdslLanguageServer#MAX_CHARS} characters read from
 * disk is not parsed; the resource holds an empty scenario, as it does for an open document above the
 * limit. Without it the start-up build of a folder with one 10 MB scenario parsed it before any
 * diagnostics (7.5 s, about 0.5 GB). The text is read only up to the limit; the rest is counted, not kept.
 * The file is recorded in {@link OversizedFiles} for its warning. Open documents reach Xtext already
 * emptied by MmdslLanguageServer, and edits go through reparse, not here.
 */
public class SizeLimitedResource extends LazyLinkingResource {

    @Inject
    private OversizedFiles oversized;

    @Override
    protected void doLoad(InputStream inputStream, Map<?, ?> options) throws IOException {
        setEncodingFromOptions(options);
        Reader reader = createReader(inputStream);
        StringBuilder text = new StringBuilder();
        char[] buf = new char[8192];
        long size = 0;
        int n;
        while ((n = reader.read(buf)) > 0) {
            size += n;
            if (size <= MmdslLanguageServer.MAX_CHARS) {
                text.append(buf, 0, n);
            } else if (text.length() > 0) {
                text.setLength(0);
                text.trimToSize();
            }
        }
        String uri = getURI() == null ? null : getURI().toString();
        if (uri != null && size > MmdslLanguageServer.MAX_CHARS) {
            oversized.put(uri, size);
        } else if (uri != null) {
            oversized.remove(uri);
        }
        // the text read (or none), in the resource's encoding, to Xtext's own load
        super.doLoad(new ByteArrayInputStream(text.toString().getBytes(getEncoding())), options);
    }
}
