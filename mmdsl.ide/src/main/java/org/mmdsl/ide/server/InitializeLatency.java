package org.mmdsl.ide.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.gson.JsonPrimitive;

/**
 * Issue 5 point 6: how long an editor waits for the language server. Starts the server command the
 * way an editor does, N times in a row, and measures from just before the process is started to the
 * {@code initialize} answer, and to the first diagnostics of a scenario opened right after
 * {@code initialized}. {@code --busy T} runs T threads of busy loops for the whole measurement (an
 * artificial load, like {@code stress -c T}); the load average is printed with each run.
 *
 * <pre>
 * java -cp mmdsl.ide/target/mmdsl-ls.jar org.mmdsl.ide.server.InitializeLatency \
 *     [--runs 10] [--busy 0] [--file examples/segv-write-text.mmdsl] [--root DIR] -- mmdsl.ide/mmdsl-ls
 * </pre>
 *
 * Process starts are not a JMH workload (one cold JVM per sample): this is a plain measuring tool, kept
 * beside the launcher it measures (it speaks to the server through {@link LspFraming}, as the launcher
 * answers), and the README records its figures. The root defaults to an empty temporary folder. Does
 * not check the answers; the JSON of the requests is built before the clock starts.
 */
public final class InitializeLatency {
    private static final long TIMEOUT_MS = 120_000;

    private InitializeLatency() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 10;
        int busy = 0;
        Path file = Path.of("examples/segv-write-text.mmdsl");
        Path root = null;
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--busy" -> busy = Integer.parseInt(args[++i]);
                case "--file" -> file = Path.of(args[++i]);
                case "--root" -> root = Path.of(args[++i]);
                case "--" -> {
                    command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> command.add(args[i]);
            }
        }
        if (command.isEmpty()) {
            System.err.println("usage: InitializeLatency [--runs N] [--busy T] [--file F] [--root DIR] -- SERVER COMMAND...");
            System.exit(2);
        }
        if (root == null) {
            root = Files.createTempDirectory("mmdsl-init");
        }
        String text = Files.readString(file);
        String fileUri = file.toAbsolutePath().toUri().toString();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int t = 0; t < busy; t++) {
            Thread s = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "busy-" + t);
            s.setDaemon(true);
            s.start();
            spinners.add(s);
        }
        if (busy > 0) {
            Thread.sleep(3_000); // let the load take hold
        }
        long[] init = new long[runs];
        long[] diag = new long[runs];
        System.out.printf("%s, %d runs, %d busy threads, root %s%n", String.join(" ", command), runs, busy, root);
        for (int r = 0; r < runs; r++) {
            long[] t = once(command, root.toUri().toString(), fileUri, text);
            init[r] = t[0];
            diag[r] = t[1];
            System.out.printf("run %2d: initialize %5d ms, first diagnostics %5d ms (load %s)%n", r + 1, t[0], t[1], load());
        }
        stop.set(true);
        System.out.printf("initialize:        min %d, median %d, max %d ms%n", min(init), median(init), max(init));
        System.out.printf("first diagnostics: min %d, median %d, max %d ms%n", min(diag), median(diag), max(diag));
    }

    /** One server start: {initialize ms, first diagnostics ms}, both from just before the process starts. */
    private static long[] once(List<String> command, String rootUri, String fileUri, String text) throws Exception {
        String initializeRequest = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":"
                + ProcessHandle.current().pid() + ",\"rootUri\":" + quote(rootUri) + ",\"capabilities\":{}}}";
        String didOpen = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":"
                + quote(fileUri) + ",\"languageId\":\"mmdsl\",\"version\":1,\"text\":" + quote(text) + "}}}";
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Connection c = new Connection(p);
            c.send(initializeRequest);
            c.await("\"id\":1,", "", start);
            long initialize = (System.nanoTime() - start) / 1_000_000;
            c.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
            c.send(didOpen);
            // the file's absolute path is in its URI however the server spells the scheme (file:/ or file:///)
            String path = Path.of(java.net.URI.create(fileUri)).toString();
            c.await("\"method\":\"textDocument/publishDiagnostics\"", path, start);
            long diagnostics = (System.nanoTime() - start) / 1_000_000;
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\",\"params\":null}");
            c.await("\"id\":2,", "", start);
            c.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\",\"params\":null}");
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
            return new long[] {initialize, diagnostics};
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The client side of one server's stdio ({@link LspFraming}), messages as strings. */
    private static final class Connection {
        private final OutputStream out;
        private final BlockingQueue<String> in = new LinkedBlockingQueue<>();

        Connection(Process p) {
            out = p.getOutputStream();
            Thread reader = new Thread(() -> read(p.getInputStream()), "lsp-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String json) throws IOException {
            LspFraming.write(out, json);
        }

        /** Waits for a message containing {@code marker} and {@code also} (server requests get a null answer meanwhile). */
        void await(String marker, String also, long start) throws Exception {
            while ((System.nanoTime() - start) / 1_000_000 < TIMEOUT_MS) {
                String m = in.poll(50, TimeUnit.MILLISECONDS);
                if (m == null) {
                    continue;
                }
                if (m.contains(marker) && m.contains(also)) {
                    return;
                }
                int id = m.indexOf("\"id\":");
                if (m.contains("\"method\":") && id >= 0) {
                    String rest = m.substring(id + 5);
                    String value = rest.split("[,}]", 2)[0];
                    send("{\"jsonrpc\":\"2.0\",\"id\":" + value + ",\"result\":null}");
                }
            }
            throw new IllegalStateException("nothing like " + marker + " within " + TIMEOUT_MS + " ms");
        }

        private void read(InputStream s) {
            try {
                String m;
                while ((m = LspFraming.read(s)) != null) {
                    in.add(m);
                }
            } catch (IOException e) {
                // the server ended
            }
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String quote(String s) {
        return new JsonPrimitive(s).toString();
    }

    private static long min(long[] a) {
        return Arrays.stream(a).min().orElse(0);
    }

    private static long max(long[] a) {
        return Arrays.stream(a).max().orElse(0);
    }

    private static long median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }
}
