package org.mmdsl.ide.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * LSP's base protocol over a byte stream, written by hand once: a header of {@code Name: value} lines
 * ended by an empty line, of which only {@code Content-Length} is read, then that many bytes of UTF-8
 * JSON. Everything that frames LSP messages without LSP4J uses it: the launcher's answer to
 * {@code initialize} ({@link FirstMessage}), the build's training session for the class-data archive
 * ({@link CdsTraining}), the start-up measurement ({@link InitializeLatency}) and the test suite's stdio
 * client (mmdsl.tests LspStdioClient, which checks the server's output byte for byte). After
 * {@code initialize} the server itself frames through LSP4J (StreamMessageProducer / MessageConsumer).
 *
 * <p>JDK only (no JSON parsing here, no LSP4J), so the launcher can use it before anything else is
 * loaded. Does not validate the JSON, and does not read past the message's last byte: the header is read
 * one byte at a time, so a caller can hand the rest of the stream to LSP4J.
 */
public final class LspFraming {
    private static final String CONTENT_LENGTH = "Content-Length:";

    private LspFraming() {
    }

    /** Writes {@code json} as one message (header and UTF-8 body) and flushes {@code out}. */
    public static void write(OutputStream out, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write((CONTENT_LENGTH + " " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The next message's body as text; null at the end of input before a message starts. */
    public static String read(InputStream in) throws IOException {
        byte[] body = read(in, null);
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The next message's body; null at the end of input before its first byte. Every byte taken from
     * {@code in} (header and body) is also written to {@code copy} when it is not null, so a caller can
     * give an unanswered message back unchanged.
     *
     * @throws ProtocolException when the header has no Content-Length or a malformed one
     * @throws EOFException when the input ends inside the header or the body
     * @throws IOException when {@code in} fails; in all three cases the bytes read so far are in
     *         {@code copy}
     */
    public static byte[] read(InputStream in, OutputStream copy) throws IOException {
        int length = -1;
        boolean any = false;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (!any) {
                    return null;
                }
                throw new EOFException("end of input inside a message header");
            }
            any = true;
            if (copy != null) {
                copy.write(c);
            }
            if (c == '\n') {
                String l = line.toString().trim();
                line.setLength(0);
                if (l.isEmpty()) {
                    break;
                }
                if (l.regionMatches(true, 0, CONTENT_LENGTH, 0, CONTENT_LENGTH.length())) {
                    try {
                        length = Integer.parseInt(l.substring(CONTENT_LENGTH.length()).trim());
                    } catch (NumberFormatException e) {
                        throw new ProtocolException("malformed header line: " + l);
                    }
                }
            } else if (c != '\r') {
                line.append((char) c);
            }
        }
        if (length < 0) {
            throw new ProtocolException("header without Content-Length");
        }
        byte[] body = in.readNBytes(length);
        if (copy != null) {
            copy.write(body);
        }
        if (body.length < length) {
            throw new EOFException("end of input after " + body.length + " of " + length + " bytes of a message");
        }
        return body;
    }
}
