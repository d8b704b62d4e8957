package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.junit.jupiter.api.Test;
import org.mmdsl.ide.server.EarlyInitializeEndpoint;

/**
 * The endpoint the launcher listens with while the language server is built: initialize is answered
 * at once, and what the client sends next waits for the server, reaches it after initialize, in order,
 * and gets the server's answers (LSP: initialize, then initialized, then requests).
 */
class EarlyInitializeTest {

    /** A server that records what reaches it. */
    private static final class Recorder implements Endpoint {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            calls.add(method);
            return CompletableFuture.completedFuture("answer to " + method);
        }

        @Override
        public void notify(String method, Object parameter) {
            calls.add(method);
        }
    }

    @Test
    void initializeIsAnsweredAtOnceAndWhatFollowsWaitsForTheServerInOrder() throws Exception {
        CompletableFuture<Endpoint> server = new CompletableFuture<>();
        EarlyInitializeEndpoint early = new EarlyInitializeEndpoint(server, null);

        CompletableFuture<?> init = early.request("initialize", new InitializeParams());
        assertTrue(init.isDone(), "initialize waited for the server");
        assertTrue(((InitializeResult) init.get()).getCapabilities().getHoverProvider().getLeft());

        // the client's next messages, on the reader thread as LSP4J delivers them
        CompletableFuture<Object> hover = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            early.notify("initialized", new InitializedParams());
            early.request("textDocument/hover", new HoverParams()).thenAccept(hover::complete);
        });
        reader.start();
        reader.join(300);
        assertTrue(reader.isAlive(), "initialized was not held back until the server was there");
        assertFalse(hover.isDone());

        Recorder recorder = new Recorder();
        server.complete(recorder);
        reader.join(10_000);
        assertEquals("answer to textDocument/hover", hover.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("initialize", "initialized", "textDocument/hover"), recorder.calls);
    }

    @Test
    void anInitializeAnsweredByTheLauncherReachesTheServerFirst() {
        Recorder recorder = new Recorder();
        EarlyInitializeEndpoint early = new EarlyInitializeEndpoint(CompletableFuture.completedFuture(recorder),
                CompletableFuture.completedFuture(new InitializeParams()));
        early.notify("initialized", new InitializedParams());
        early.notify("exit", null);
        assertEquals(List.of("initialize", "initialized", "exit"), recorder.calls);
    }
}
