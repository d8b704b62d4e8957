package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageProducer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.junit.jupiter.api.Test;
import org.mmdsl.ide.server.LspFraming;

import com.google.gson.JsonParser;

/**
 * The one hand-written LSP framing ({@link LspFraming}: the launcher's first answer, the CDS training
 * session, the start-up measurement, the tests' stdio client) frames exactly as LSP4J does, in both
 * directions, and reports a stream that is not LSP's instead of guessing.
 */
class LspFramingTest {
    private static final String JSON = "{\"jsonrpc\":\"2.0\",\"method\":\"window/logMessage\","
            + "\"params\":{\"type\":3,\"message\":\"Größe ≤ 4 KiB\"}}";

    @Test
    void whatLspFramingWritesLsp4jReads() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LspFraming.write(out, JSON);
        LspFraming.write(out, JSON);
        List<Message> read = new ArrayList<>();
        MessageJsonHandler handler = new MessageJsonHandler(Map.of());
        new StreamMessageProducer(new ByteArrayInputStream(out.toByteArray()), handler).listen(read::add);
        assertEquals(2, read.size());
        NotificationMessage m = (NotificationMessage) read.get(0);
        assertEquals("window/logMessage", m.getMethod());
        // as Gson trees, so that member order and spacing do not matter
        assertEquals(JsonParser.parseString(JSON).getAsJsonObject().get("params"),
                JsonParser.parseString(handler.serialize(m)).getAsJsonObject().get("params"));
    }

    @Test
    void whatLsp4jWritesLspFramingReads() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageJsonHandler handler = new MessageJsonHandler(Map.of());
        NotificationMessage m = new NotificationMessage();
        m.setMethod("window/logMessage");
        m.setParams(Map.of("type", 3, "message", "Größe ≤ 4 KiB"));
        new StreamMessageConsumer(out, handler).consume(m);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(handler.serialize(m), LspFraming.read(in));
        assertNull(LspFraming.read(in), "end of input between messages");
    }

    @Test
    void theCopyHoldsEveryByteRead() throws Exception {
        byte[] framed = ("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}"
                + "Content-Length: 2\r\n\r\n[]").getBytes(StandardCharsets.US_ASCII);
        InputStream in = new ByteArrayInputStream(framed);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        assertArrayEquals("{}".getBytes(StandardCharsets.US_ASCII), LspFraming.read(in, copy));
        assertEquals(framed.length - "Content-Length: 2\r\n\r\n[]".length(), copy.size(), "stops after the body");
        assertEquals("[]", LspFraming.read(in));
    }

    @Test
    void aStreamThatIsNotLspsIsReported() {
        assertThrows(ProtocolException.class, () -> LspFraming.read(stream("hello\r\n\r\n{}")));
        assertThrows(ProtocolException.class, () -> LspFraming.read(stream("Content-Length: x\r\n\r\n{}")));
        assertThrows(EOFException.class, () -> LspFraming.read(stream("Content-Length: 10\r\n\r\n{}")));
        assertThrows(EOFException.class, () -> LspFraming.read(stream("Content-Len")));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
