package org.mmdsl.ide.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The client's first message, read by hand before LSP4J is set up: when it is {@code initialize}, the
 * launcher answers it at once with {@link MmdslCapabilities#initializeResultJson} (a JSON tree parse and
 * a string: no reflective Gson adapters for LSP's capability classes, which took about a third of the
 * start-up before the answer). Anything else is given back to LSP4J unread ({@link #rest}).
 * Reads exactly one message from the stream ({@link LspFraming}: header bytes one at a time), so LSP4J
 * continues at the next one.
 */
final class FirstMessage {
    private final byte[] raw;
    private final JsonObject json;
    private boolean answered;

    private FirstMessage(byte[] raw, JsonObject json) {
        this.raw = raw;
        this.json = json;
    }

    /** The next message of {@code in}, or null at the end of input or on a header that is not LSP's. */
    static FirstMessage read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] body;
        try {
            body = LspFraming.read(in, raw);
        } catch (ProtocolException | EOFException e) {
            // not LSP's framing, or cut short: LSP4J reads the same bytes and reports them
            return new FirstMessage(raw.toByteArray(), null);
        }
        if (body == null) {
            return null;
        }
        JsonObject json = null;
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            json = e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            // not JSON: LSP4J answers it with its parse error
        }
        return new FirstMessage(raw.toByteArray(), json);
    }

    boolean isInitialize() {
        return json != null && json.has("id") && json.has("method") && json.get("method").isJsonPrimitive()
                && "initialize".equals(json.get("method").getAsString()) && json.has("params")
                && json.get("params").isJsonObject();
    }

    /** Writes the answer to this initialize request (same id) on {@code out}. */
    void answerInitialize(OutputStream out) throws IOException {
        boolean folders = false;
        JsonObject caps = json.getAsJsonObject("params").getAsJsonObject("capabilities");
        if (caps != null && caps.get("workspace") instanceof JsonObject w && w.get("workspaceFolders") != null
                && w.get("workspaceFolders").isJsonPrimitive()) {
            folders = w.get("workspaceFolders").getAsBoolean();
        }
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + json.get("id") + ",\"result\":"
                + MmdslCapabilities.initializeResultJson(folders) + "}";
        LspFraming.write(out, answer);
        answered = true;
    }

    /** The initialize request's params as JSON text (for the language server, parsed by LSP4J later). */
    String params() {
        return json.get("params").toString();
    }

    /** What LSP4J reads: the rest of {@code in}, after this message unless it was answered here. */
    InputStream rest(InputStream in) {
        return answered ? in : new SequenceInputStream(new ByteArrayInputStream(raw), in);
    }
}
