package org.mmdsl.ide.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonPrimitive;

/**
 * Build-time training session for the language server's class-data-sharing archive (AppCDS).
 * Run by mmdsl.ide/pom.xml in the package phase, after the shade, with the server jar as its class
 * path (it needs only the JDK, Gson and {@link LspFraming}): it starts
 * {@code java -XX:DumpLoadedClassList=<jsa>.classlist -jar <server jar>}, plays a short editor session over
 * stdio (initialize, didOpen of the scenarios given, hover, completion, inlay hints, code lens, a picture,
 * semantic tokens, symbols, folding, formatting, code actions, an edit) and ends it with
 * shutdown/exit; the JVM lists every class the session loaded when it exits. Then
 * {@code java -Xshare:dump} writes those classes into the static archive {@code <jsa>}. Static, not the
 * dynamic {@code -XX:ArchiveClassesAtExit}: JDK 17's dynamic archive leaves out every class file older
 * than Java 6 and every class extending or implementing one, which is all of EMF (class files of Java 5),
 * the language's EMF classes and log4j, about 1,150 classes parsed and verified at each start; the static
 * dump keeps them (JDK-8261090). The launcher script mmdsl.ide/mmdsl-ls passes that archive with -XX:SharedArchiveFile (README, Editors,
 * has the before/after figures of {@code initialize}). Does not check the server's answers: a session
 * that gets one answer per request is all the archive needs.
 *
 * <pre>
 * java -cp mmdsl-ls.jar org.mmdsl.ide.server.CdsTraining JAVA SERVER_JAR ARCHIVE_TO_WRITE SCENARIO...
 * </pre>
 */
public final class CdsTraining {
    private static final Pattern RESPONSE_ID = Pattern.compile("^\\{\"jsonrpc\":\"2.0\",\"id\":\"?(\\d+)\"?,\"(result|error)\"");
    private static final Pattern REQUEST_ID = Pattern.compile("\"id\":(\"?[\\w-]+\"?)");
    private static final long TIMEOUT_MS = 120_000;

    private final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
    private final OutputStream toServer;
    private int nextId;

    private CdsTraining(Process p) {
        toServer = p.getOutputStream();
        Thread reader = new Thread(() -> readLoop(p.getInputStream()), "cds-training-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: CdsTraining <java> <server jar> <archive> <scenario>...");
        }
        Path archive = Path.of(args[2]).toAbsolutePath();
        Files.deleteIfExists(archive);
        Path classList = archive.resolveSibling(archive.getFileName() + ".classlist");
        Files.deleteIfExists(classList);
        List<String> cmd = List.of(args[0], "-XX:DumpLoadedClassList=" + classList, "-Xlog:disable",
                "-Xlog:all=warning:stderr", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", args[1]);
        // the server's log, then the dump's notes on classes CDS cannot hold
        Path log = archive.resolveSibling(archive.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        CdsTraining s = new CdsTraining(p);
        String root = Path.of(args[3]).toAbsolutePath().getParent().toUri().toString();
        s.call("initialize", "{\"processId\":" + ProcessHandle.current().pid() + ",\"rootUri\":" + quote(root)
                + ",\"capabilities\":{}}");
        s.notify("initialized", "{}");
        List<String> uris = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            Path f = Path.of(args[i]).toAbsolutePath();
            String uri = f.toUri().toString();
            uris.add(uri);
            s.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + quote(uri)
                    + ",\"languageId\":\"mmdsl\",\"version\":1,\"text\":" + quote(Files.readString(f)) + "}}");
            s.awaitNotification("textDocument/publishDiagnostics");
        }
        for (String uri : uris) {
            String doc = "{\"textDocument\":{\"uri\":" + quote(uri) + "}";
            int lines = (int) Files.readString(Path.of(java.net.URI.create(uri))).lines().count();
            for (int line = 0; line < lines; line += 3) {
                s.call("textDocument/hover", doc + ",\"position\":{\"line\":" + line + ",\"character\":10}}");
                s.call("textDocument/completion", doc + ",\"position\":{\"line\":" + line + ",\"character\":2}}");
            }
            String range = ",\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":200,\"character\":0}}}";
            s.call("textDocument/inlayHint", doc + range);
            s.call("textDocument/codeLens", doc + "}");
            // mmdsl/picture at the last line: a process block's maps, drawn and rendered to SVG (JFreeSVG)
            s.call("mmdsl/picture", doc + ",\"position\":{\"line\":" + (lines - 1) + ",\"character\":0}}");
            s.call("textDocument/semanticTokens/full", doc + "}");
            s.call("textDocument/documentSymbol", doc + "}");
            s.call("textDocument/foldingRange", doc + "}");
            s.call("textDocument/formatting", doc + ",\"options\":{\"tabSize\":2,\"insertSpaces\":true}}");
            s.call("textDocument/codeAction", doc + range.substring(0, range.length() - 1)
                    + ",\"context\":{\"diagnostics\":[]}}");
        }
        s.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":" + quote(uris.get(0))
                + ",\"version\":2},\"contentChanges\":[{\"range\":{\"start\":{\"line\":0,\"character\":0},"
                + "\"end\":{\"line\":0,\"character\":0}},\"text\":\"// edited\\n\"}]}");
        s.awaitNotification("textDocument/publishDiagnostics");
        s.call("shutdown", "null");
        s.notify("exit", "null");
        s.toServer.close();
        if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the server did not exit after the training session");
        }
        if (!Files.isRegularFile(classList)) {
            throw new IllegalStateException("no class list written: " + classList + " (exit " + p.exitValue() + ")");
        }
        // the class path must be the launcher's: the archive names the jar by its path, size and time
        Process dump = new ProcessBuilder(args[0], "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC", "-cp", args[1])
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!dump.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            dump.destroyForcibly();
            throw new IllegalStateException("the archive dump did not end within " + TIMEOUT_MS + " ms");
        }
        if (dump.exitValue() != 0 || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("no archive written: " + archive + " (exit " + dump.exitValue() + "; " + log + ")");
        }
        System.out.println("CDS archive " + archive + ": " + Files.size(archive) / 1024 + " KB (server log: " + log + ")");
    }

    private void call(String method, String params) throws Exception {
        int id = ++nextId;
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + quote(method) + ",\"params\":" + params + "}");
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            String m = fromServer.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                Matcher r = RESPONSE_ID.matcher(m);
                if (r.find() && Integer.parseInt(r.group(1)) == id) {
                    return;
                }
                answerServerRequest(m);
            }
        }
        throw new IllegalStateException("no answer to " + method + " within " + TIMEOUT_MS + " ms");
    }

    private void awaitNotification(String method) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            String m = fromServer.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                if (m.contains("\"method\":" + quote(method))) {
                    return;
                }
                answerServerRequest(m);
            }
        }
        throw new IllegalStateException("no " + method + " within " + TIMEOUT_MS + " ms");
    }

    /** A request from the server (it has a method and an id): answered with a null result. */
    private void answerServerRequest(String m) throws IOException {
        if (!RESPONSE_ID.matcher(m).find() && m.contains("\"method\":")) {
            Matcher id = REQUEST_ID.matcher(m);
            if (id.find()) {
                send("{\"jsonrpc\":\"2.0\",\"id\":" + id.group(1) + ",\"result\":null}");
            }
        }
    }

    private void notify(String method, String params) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"method\":" + quote(method) + ",\"params\":" + params + "}");
    }

    private void send(String json) throws IOException {
        LspFraming.write(toServer, json);
    }

    private void readLoop(InputStream in) {
        try {
            String m;
            while ((m = LspFraming.read(in)) != null) {
                fromServer.add(m);
            }
        } catch (IOException e) {
            // the server closed its output: it ended
        }
    }

    private static String quote(String s) {
        return new JsonPrimitive(s).toString();
    }
}
