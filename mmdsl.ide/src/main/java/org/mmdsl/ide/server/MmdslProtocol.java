package org.mmdsl.ide.server;

import java.util.concurrent.CompletableFuture;

import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;
import org.mmdsl.ide.picture.PictureAnswer;
import org.mmdsl.ide.picture.PictureParams;

/**
 * The requests mmdsl adds to LSP, advertised in the initialize result's {@code experimental} capabilities
 * ({@link MmdslCapabilities}). {@link EarlyInitializeEndpoint} parses them as it parses LSP's own.
 */
@JsonSegment("mmdsl")
public interface MmdslProtocol {

    /**
     * {@code mmdsl/picture}: the picture of the machine at the {@code show picture} statement or process
     * block at or before the position (docs/pictures.md, Editors). Problems are answers, never errors.
     */
    @JsonRequest
    CompletableFuture<PictureAnswer> picture(PictureParams params);
}
