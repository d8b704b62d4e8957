package org.mmdsl.ide.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import org.apache.log4j.Logger;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethodProvider;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The JSON-RPC endpoint the launcher listens with while the language server is still being built
 * (Guice, the grammar, EMF, validators: most of the start-up time). It answers {@code initialize} at
 * once with {@link MmdslCapabilities} and hands every later message, in the order received, to the
 * real server when it is there.
 *
 * <p>LSP lets this work: after {@code initialize} the client sends {@code initialized} and only then
 * requests and notifications. The first of those is what forwards {@code initialize} to the real server
 * (so its answer is already on the wire before the server can publish anything, and Xtext's workspace
 * build starts then); until the server is ready, that message waits on the reader thread, and with it
 * everything after it, so nothing fails and nothing is reordered. Xtext 2.42's own {@code initialize}
 * answers only after the whole root folder was built (minutes for a root with many scenarios); here the
 * build runs behind the answer, and requests queue behind it in Xtext's request manager as before.
 */
public final class EarlyInitializeEndpoint implements Endpoint, JsonRpcMethodProvider {
    private static final Logger LOG = Logger.getLogger(EarlyInitializeEndpoint.class);

    private final CompletableFuture<? extends Endpoint> server;
    /** Parameters of an initialize answered already and not yet given to the server (reader thread only). */
    private CompletableFuture<InitializeParams> pendingInitialize;

    /**
     * {@code server}: the language server as an endpoint (ServiceEndpoints.toEndpoint), once it is built;
     * {@code answered}: the parameters of an initialize the launcher answered before this endpoint
     * existed (FirstMessage), or null.
     */
    public EarlyInitializeEndpoint(CompletableFuture<? extends Endpoint> server,
            CompletableFuture<InitializeParams> answered) {
        this.server = server;
        this.pendingInitialize = answered;
    }

    /** The methods of LSP and mmdsl's own ({@link MmdslProtocol}): parameter types for the JSON parser. */
    @Override
    public Map<String, JsonRpcMethod> supportedMethods() {
        Map<String, JsonRpcMethod> methods = new LinkedHashMap<>(ServiceEndpoints.getSupportedMethods(LanguageServer.class));
        methods.putAll(ServiceEndpoints.getSupportedMethods(MmdslProtocol.class));
        return methods;
    }

    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        if ("initialize".equals(method) && parameter instanceof InitializeParams params && pendingInitialize == null) {
            StartupLog.mark("initialize received");
            pendingInitialize = CompletableFuture.completedFuture(params);
            CompletableFuture<Object> answer = CompletableFuture.completedFuture(MmdslCapabilities.initializeResult(params));
            StartupLog.mark("initialize answered");
            return answer;
        }
        return target().request(method, parameter);
    }

    @Override
    public void notify(String method, Object parameter) {
        target().notify(method, parameter);
    }

    /** The built server, after initialize was given to it; waits for it (reader thread). */
    private Endpoint target() {
        Endpoint s = server.join();
        if (pendingInitialize != null) {
            InitializeParams params = pendingInitialize.join();
            pendingInitialize = null;
            StartupLog.mark("server ready, initialize forwarded");
            s.request("initialize", params).whenComplete((r, e) -> {
                // Xtext's request manager cancels the result (never the workspace set-up, which always runs)
                // when the client's next change arrives first: nobody waits for that answer here
                if (e != null && !(e instanceof CancellationException || e.getCause() instanceof CancellationException)) {
                    LOG.error("initialize failed in the language server", e);
                }
            });
        }
        return s;
    }
}
