package org.mmdsl.tests;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.mmdsl.ide.server.LspFraming;

/**
 * A minimal LSP client over a child process's stdio (JSON-RPC 2.0 framed by the server's own
 * {@link LspFraming}), enough to drive the real server jar the way an editor does: requests,
 * notifications, and a queue of everything the server sends. Standard error of the server is collected
 * separately (it must never reach stdout): a byte on stdout that is not a framed JSON object ends the
 * reader, so later responses never arrive and the test fails.
 */
final class LspStdioClient implements AutoCloseable {
    private final Process process;
    private final OutputStream toServer;
    private final BlockingQueue<JsonObject> fromServer = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final AtomicInteger ids = new AtomicInteger();

    LspStdioClient(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // for the launcher script mmdsl.ide/mmdsl-ls: this JVM and the jar under test
        pb.environment().put("MMDSL_JAVA", java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("MMDSL_LS_JAR", LanguageServerTest.serverJar().toAbsolutePath().toString());
        process = pb.start();
        toServer = process.getOutputStream();
        Thread reader = new Thread(() -> readLoop(new BufferedInputStream(process.getInputStream())), "lsp-reader");
        reader.setDaemon(true);
        reader.start();
        Thread err = new Thread(() -> {
            try (InputStream in = process.getErrorStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // process ended
            }
        }, "lsp-stderr");
        err.setDaemon(true);
        err.start();
    }

    int request(String method, JsonObject params) throws IOException {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("jsonrpc", "2.0");
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params);
        send(msg);
        return id;
    }

    void notify(String method, JsonObject params) throws IOException {
        JsonObject msg = new JsonObject();
        msg.addProperty("jsonrpc", "2.0");
        msg.addProperty("method", method);
        msg.add("params", params);
        send(msg);
    }

    /** initialize with {@code root} as the workspace folder and no client capabilities, then initialized. */
    void initialize(java.nio.file.Path root) throws Exception {
        JsonObject init = JsonParser.parseString("{\"processId\":null,\"rootUri\":\"" + root.toUri()
                + "\",\"capabilities\":{}}").getAsJsonObject();
        response(request("initialize", init), 30_000);
        notify("initialized", new JsonObject());
    }

    /** didOpen of {@code file} (version 1) with the editor's {@code text}, which need not be the file's. */
    void open(java.nio.file.Path file, String text) throws IOException {
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", file.toUri().toString());
        doc.addProperty("languageId", "mmdsl");
        doc.addProperty("version", 1);
        doc.addProperty("text", text);
        JsonObject open = new JsonObject();
        open.add("textDocument", doc);
        notify("textDocument/didOpen", open);
    }

    /** The response to request {@code id}; answers server-to-client requests with null on the way. */
    JsonObject response(int id, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            JsonObject m = fromServer.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.has("id") && !m.has("method") && m.get("id").getAsInt() == id) {
                return m;
            }
            answerServerRequest(m);
        }
        throw new AssertionError("no response to request " + id + " within " + timeoutMs + " ms; stderr:\n" + stderr);
    }

    /** The next notification with this method, waiting up to {@code timeoutMs}; null if none came. */
    JsonObject nextNotification(String method, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            JsonObject m = fromServer.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && method.equals(m.has("method") ? m.get("method").getAsString() : null) && !m.has("id")) {
                return m;
            }
            answerServerRequest(m);
        }
        return null;
    }

    String stderr() {
        return stderr.toString();
    }

    private void answerServerRequest(JsonObject m) throws IOException {
        if (m != null && m.has("method") && m.has("id")) {
            JsonObject r = new JsonObject();
            r.addProperty("jsonrpc", "2.0");
            r.add("id", m.get("id"));
            r.add("result", null);
            send(r);
        }
    }

    private synchronized void send(JsonObject msg) throws IOException {
        LspFraming.write(toServer, msg.toString());
    }

    private void readLoop(InputStream in) {
        try {
            String body;
            while ((body = LspFraming.read(in)) != null) {
                fromServer.add(JsonParser.parseString(body).getAsJsonObject());
            }
        } catch (IOException | RuntimeException e) {
            // stream closed (the server ended), or a byte that is not LSP's on the server's stdout
        }
    }

    /**
     * shutdown, exit, and the process's end. The shutdown answer may wait for the server's start-up (a
     * request right after initialize is handed to the server once its injectors exist: seconds on a loaded
     * machine), so the bound is a minute: a bound against a server that never answers, not a speed check.
     */
    @Override
    public void close() throws Exception {
        try {
            int id = request("shutdown", new JsonObject());
            response(id, 60_000);
            notify("exit", new JsonObject());
            process.waitFor(30, TimeUnit.SECONDS);
        } finally {
            process.destroyForcibly();
        }
    }
}
