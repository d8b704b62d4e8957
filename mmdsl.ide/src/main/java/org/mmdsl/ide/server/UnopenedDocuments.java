package org.mmdsl.ide.server;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Endpoint;

/**
 * The server's endpoint with one rule in front: a {@code textDocument/...} request about a document the
 * client has not opened is answered with null (LSP's "no result" for hover, completion, code lens and
 * the rest) instead of reaching Xtext, which has no document for it and fails with an internal error and
 * its Java stack trace (a hover sent before didOpen, or after didClose). Notifications pass unchanged.
 */
final class UnopenedDocuments implements Endpoint {
    private final Endpoint server;
    private final Predicate<String> isOpen;

    private UnopenedDocuments(Endpoint server, Predicate<String> isOpen) {
        this.server = server;
        this.isOpen = isOpen;
    }

    /** {@code server} behind the rule; {@code isOpen} tells whether the client has a document URI open. */
    static Endpoint guard(Endpoint server, Predicate<String> isOpen) {
        return new UnopenedDocuments(server, isOpen);
    }

    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        String uri = method.startsWith("textDocument/") ? documentOf(parameter) : null;
        if (uri != null && !isOpen.test(uri)) {
            return CompletableFuture.completedFuture(null);
        }
        return server.request(method, parameter);
    }

    @Override
    public void notify(String method, Object parameter) {
        server.notify(method, parameter);
    }

    /** The URI of the parameters' {@code textDocument} (every textDocument request has one), or null. */
    private static String documentOf(Object parameter) {
        if (parameter == null) {
            return null;
        }
        try {
            Method m = parameter.getClass().getMethod("getTextDocument");
            return m.invoke(parameter) instanceof TextDocumentIdentifier id ? id.getUri() : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
