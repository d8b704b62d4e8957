package org.mmdsl.ide.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.UnaryOperator;

import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The client as Xtext sees it, with every {@code publishDiagnostics} passed through a filter first:
 * Xtext publishes from a private method, and for a document above the size limit it would publish the
 * (empty) diagnostics of the empty stand-in it holds. The filter may also drop a publication (null: a
 * repetition, RepeatedDiagnostics). Every other call goes to the client unchanged.
 */
final class OversizedDocuments {
    private OversizedDocuments() {
    }

    static LanguageClient filter(LanguageClient client, UnaryOperator<PublishDiagnosticsParams> diagnostics) {
        if (client == null) {
            return null;
        }
        return (LanguageClient) Proxy.newProxyInstance(LanguageClient.class.getClassLoader(),
                new Class<?>[] {LanguageClient.class}, (proxy, method, args) -> {
                    if ("publishDiagnostics".equals(method.getName()) && args != null && args.length == 1
                            && args[0] instanceof PublishDiagnosticsParams p) {
                        PublishDiagnosticsParams out = diagnostics.apply(p);
                        if (out != null) {
                            client.publishDiagnostics(out);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
