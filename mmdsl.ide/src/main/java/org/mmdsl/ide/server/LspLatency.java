package org.mmdsl.ide.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 15's latency budget, kept as a benchmark: starts the server command as an editor does (the
 * launcher script {@code mmdsl.ide/mmdsl-ls} with its JVM flags, LSP over stdio) and measures, in that one
 * process,
 * <ol>
 * <li>the time from just before the process starts to the first {@code publishDiagnostics}, with a
 * workspace folder of 30 example scenarios and one of them opened after {@code initialized} (budget 1 s);
 * <li>edit → diagnostics on a generated 1,031-line scenario: a space typed and deleted in turn on line
 * 500, each edit waiting for the next publication of that document (budget p95 100 ms);
 * <li>hover (budget p95 20 ms) and completion (budget p95 50 ms) on that scenario, and completion as it is
 * typed: sent right after an edit, while that edit's build is pending (the same budget). The hovers, like
 * the edits, come after as many warm-up requests, made on another text: the measured ones start on a text
 * that no hover has seen (its first hover of each statement further on replays the scenario up to it);
 * <li>the server's VmRSS and VmHWM ({@code /proc/PID/status}) after 1,000 and after 10,000 edits (bounded):
 * the edits after the measured ones go in bursts of 50, each burst followed by a hover, which Xtext's
 * request manager answers only after the build of the burst's last text.
 * </ol>
 * Prints a Markdown table with the budget beside each figure and the load average at start and end.
 * Never judged on speed: LspLatencyTest (mmdsl.tests) runs it with tiny counts and checks only that each
 * figure was measured and that every message the server sent was JSON-RPC 2.0 without an error.
 *
 * <pre>
 * java -cp mmdsl.ide/target/mmdsl-ls.jar org.mmdsl.ide.server.LspLatency [--edits 200] [--warmup 20] \
 *     [--requests 200] [--rss-edits 10000] [--examples examples] -- mmdsl.ide/mmdsl-ls
 * </pre>
 * (mmdsl.bench/lsp-latency.sh runs exactly that.)
 */
public final class LspLatency {
    private static final long TIMEOUT_MS = 120_000;
    private static final int EDIT_LINE = 500;
    private static final int BURST = 50;

    /** What to run: counts, the examples folder, the server command and extra environment for it. */
    public record Options(int edits, int warmup, int requests, int rssEdits, int workspaceFiles, Path examples,
            List<String> command, Map<String, String> environment) {
    }

    /**
     * The figures. Milliseconds; {@code editMs}, {@code hoverMs}, {@code completionMs} sorted ascending;
     * RSS and HWM in kB after opening the scenario, after {@code rssMarks[0]} and {@code rssMarks[1]} edits;
     * {@code afterEditMs}: completions sent right after an edit, before its build (sorted);
     * {@code cpuMs}: the server's CPU time per measured edit, hover and completion (mean, all threads);
     * {@code firstCpuMs}: its CPU time from start to the opened file's first diagnostics.
     */
    public record Report(Options options, String started, String loadStart, String loadEnd, long firstAnyMs,
            long firstOpenedMs, long[] editMs, long[] hoverMs, int hoverAnswered, long[] completionMs,
            int completionAnswered, long[] afterEditMs, int afterEditAnswered, int[] rssMarks, long[] rssKb, long[] hwmKb, int scenarioLines,
            List<String> protocolErrors, double[] cpuMs, long firstCpuMs) {

        /** The Markdown table the README quotes. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append("mmdsl language server latency, ").append(String.join(" ", options.command)).append(", ")
                    .append(started).append('\n');
            sb.append("load average (1, 5, 15 min) at start ").append(loadStart).append(", at end ").append(loadEnd)
                    .append('\n');
            sb.append('\n');
            sb.append("| figure | measured | budget | |\n");
            sb.append("|---|---|---|---|\n");
            row(sb, "first diagnostics after process start (" + options.workspaceFiles
                    + "-file folder, one file opened): any file / the opened file (server CPU time until then)",
                    firstAnyMs + " / " + firstOpenedMs + " ms (" + firstCpuMs + " ms)", "≤ 1000 ms", firstAnyMs <= 1000);
            row(sb, "edit → diagnostics, " + scenarioLines + " lines, " + editMs.length + " edits after "
                    + options.warmup + " warm-up: p50 / p95 / max", spread(editMs), "p95 ≤ 100 ms",
                    p95(editMs) <= 100);
            row(sb, "hover, " + hoverMs.length + " requests after " + options.warmup + " warm-up (" + hoverAnswered
                    + " with content): p50 / p95 / max",
                    spread(hoverMs), "p95 ≤ 20 ms", p95(hoverMs) <= 20);
            row(sb, "completion, " + completionMs.length + " requests (" + completionAnswered
                    + " with items): p50 / p95 / max", spread(completionMs), "p95 ≤ 50 ms", p95(completionMs) <= 50);
            row(sb, "completion right after an edit (the edit's build pending), " + afterEditMs.length + " requests ("
                    + afterEditAnswered + " with items): p50 / p95 / max", spread(afterEditMs), "p95 ≤ 50 ms",
                    p95(afterEditMs) <= 50);
            sb.append(String.format(java.util.Locale.ROOT,
                    "| server CPU time (user + system, all threads) per edit / hover / completion, mean | %.1f / %.1f / %.1f ms | | |\n",
                    cpuMs[0], cpuMs[1], cpuMs[2]));
            sb.append("| VmRSS / VmHWM after opening the scenario | ").append(mb(rssKb[0])).append(" / ")
                    .append(mb(hwmKb[0])).append(" | | |\n");
            for (int i = 0; i < rssMarks.length; i++) {
                sb.append("| VmRSS / VmHWM after ").append(rssMarks[i]).append(" edits | ").append(mb(rssKb[i + 1]))
                        .append(" / ").append(mb(hwmKb[i + 1])).append(" | bounded | ")
                        .append(i == 0 ? "" : rssKb[i + 1] <= 2 * rssKb[1] ? "met" : "missed").append(" |\n");
            }
            sb.append("protocol: ").append(protocolErrors.isEmpty() ? "every message JSON-RPC 2.0, no error"
                    : String.join("; ", protocolErrors)).append('\n');
            return sb.toString();
        }

        private static void row(StringBuilder sb, String figure, String measured, String budget, boolean met) {
            sb.append("| ").append(figure).append(" | ").append(measured).append(" | ").append(budget).append(" | ")
                    .append(met ? "met" : "missed").append(" |\n");
        }

        private static String spread(long[] sorted) {
            return percentile(sorted, 50) + " / " + p95(sorted) + " / " + sorted[sorted.length - 1] + " ms";
        }

        private static String mb(long kb) {
            return (kb + 512) / 1024 + " MB";
        }
    }

    private LspLatency() {
    }

    public static void main(String[] args) throws Exception {
        int edits = 200;
        int warmup = 20;
        int requests = 200;
        int rssEdits = 10_000;
        Path examples = Path.of("examples");
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--edits" -> edits = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--rss-edits" -> rssEdits = Integer.parseInt(args[++i]);
                case "--examples" -> examples = Path.of(args[++i]);
                case "--" -> {
                    command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> command.add(args[i]);
            }
        }
        if (command.isEmpty()) {
            System.err.println("usage: LspLatency [--edits N] [--warmup N] [--requests N] [--rss-edits N]"
                    + " [--examples DIR] -- SERVER COMMAND...");
            System.exit(2);
        }
        System.out.print(measure(new Options(edits, warmup, requests, rssEdits, 30, examples, command, Map.of()))
                .table());
    }

    /** Runs the whole measurement in one server process. */
    public static Report measure(Options o) throws Exception {
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadStart = load();
        Path root = Files.createTempDirectory("mmdsl-latency-root");
        Path elsewhere = Files.createTempDirectory("mmdsl-latency-open");
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> s = Files.list(o.examples)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".mmdsl")).sorted().limit(o.workspaceFiles).toList()) {
                copies.add(Files.copy(p, root.resolve(p.getFileName())));
            }
        }
        if (copies.size() < o.workspaceFiles) {
            throw new IllegalArgumentException(o.examples + " has " + copies.size() + " scenarios, not "
                    + o.workspaceFiles);
        }
        Path opened = copies.get(0);
        Path big = elsewhere.resolve("thousand-lines.mmdsl");
        String scenario = scenario();
        Files.writeString(big, scenario);
        String openedText = Files.readString(opened);

        ProcessBuilder pb = new ProcessBuilder(o.command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(o.environment);
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            Connection c = new Connection(p);
            // (1) start-up: initialize, initialized, didOpen; the first publication and the opened file's
            JsonObject init = new JsonObject();
            init.addProperty("processId", ProcessHandle.current().pid());
            init.addProperty("rootUri", root.toUri().toString());
            init.add("capabilities", new JsonObject());
            c.response(c.request("initialize", init));
            c.notify("initialized", new JsonObject());
            c.notify("textDocument/didOpen", didOpen(opened, openedText));
            c.diagnostics("");
            long firstAny = (System.nanoTime() - start) / 1_000_000;
            if (!c.lastDiagnosticsFor(opened)) {
                c.diagnostics(opened.toString());
            }
            long firstOpened = (System.nanoTime() - start) / 1_000_000;
            long firstCpuMs = cpuTicks(p.pid()) * 10;

            // (2) edit -> diagnostics on the 1,031-line scenario
            c.notify("textDocument/didOpen", didOpen(big, scenario));
            c.diagnostics(big.toString());
            long[] memory0 = memory(p.pid());
            Editor editor = new Editor(c, big);
            for (int i = 0; i < o.warmup; i++) {
                editor.editAndWait();
            }
            double[] cpuMs = new double[3];
            long cpu = cpuTicks(p.pid());
            long[] editMs = new long[o.edits];
            for (int i = 0; i < o.edits; i++) {
                editMs[i] = editor.editAndWait();
            }
            cpuMs[0] = perRequest(cpuTicks(p.pid()) - cpu, o.edits);
            if (editor.count % 2 != 0) {
                editor.editAndWait(); // back to the generated text, so hover and completion see its words
            }

            // (3) hover and (4) completion, on handle names, keywords and the start of steps. The hover code is
            // warmed up as the edits' is, on another text (a space at the start of line 500): the measured
            // hovers start with nothing recorded for their text.
            editor.editAndWait();
            for (int i = 0; i < o.warmup; i++) {
                c.response(c.request("textDocument/hover", hoverAt(big, i)));
            }
            editor.editAndWait();
            long[] hoverMs = new long[o.requests];
            int hoverAnswered = 0;
            cpu = cpuTicks(p.pid());
            long[] completionMs = new long[o.requests];
            int completionAnswered = 0;
            for (int i = 0; i < o.requests; i++) {
                long t = System.nanoTime();
                JsonObject r = c.response(c.request("textDocument/hover", hoverAt(big, i)));
                hoverMs[i] = (System.nanoTime() - t) / 1_000_000;
                hoverAnswered += has(r.get("result")) ? 1 : 0;
            }
            cpuMs[1] = perRequest(cpuTicks(p.pid()) - cpu, o.requests);
            cpu = cpuTicks(p.pid());
            for (int i = 0; i < o.requests; i++) {
                int line = stepLine(i % 10, (i * 7) % 25);
                // the start of a read (statement keywords) or the protection of an mmap (r--, rw-, ...)
                JsonObject at = i % 2 == 0 ? position(big, line + 2, 2) : position(big, line, 15);
                long t = System.nanoTime();
                JsonObject r = c.response(c.request("textDocument/completion", at));
                completionMs[i] = (System.nanoTime() - t) / 1_000_000;
                completionAnswered += items(r.get("result")) > 0 ? 1 : 0;
            }
            cpuMs[2] = perRequest(cpuTicks(p.pid()) - cpu, o.requests);
            // (4b) completion as typed: sent right after an edit, while the edit's build runs; then the build ends
            long[] afterEditMs = new long[Math.max(2, o.requests / 4) & ~1];
            int afterEditAnswered = 0;
            for (int i = 0; i < afterEditMs.length; i++) {
                int line = stepLine(i % 10, (i * 7) % 25);
                JsonObject at = i % 2 == 0 ? position(big, line + 2, 2) : position(big, line, 15);
                editor.edit();
                long t = System.nanoTime();
                boolean[] built = new boolean[1]; // the edit's publication may come before the answer
                JsonObject r = c.responseNoting(c.request("textDocument/completion", at), big.toString(), built);
                afterEditMs[i] = (System.nanoTime() - t) / 1_000_000;
                afterEditAnswered += items(r.get("result")) > 0 ? 1 : 0;
                if (!built[0]) {
                    c.diagnostics(big.toString());
                }
            }

            // (5) memory after 1,000 and 10,000 edits (counting the ones above)
            int[] marks = {Math.min(1_000, o.rssEdits / 10), o.rssEdits};
            long[] rss = new long[3];
            long[] hwm = new long[3];
            rss[0] = memory0[0];
            hwm[0] = memory0[1];
            for (int m = 0; m < marks.length; m++) {
                while (editor.count < marks[m]) {
                    int n = Math.min(BURST, marks[m] - editor.count);
                    for (int i = 0; i < n; i++) {
                        editor.edit();
                    }
                    // a read request waits for the build of the last text (Xtext RequestManager.runRead)
                    c.response(c.request("textDocument/hover", position(big, 3, 9)));
                }
                long[] mem = memory(p.pid());
                rss[m + 1] = mem[0];
                hwm[m + 1] = mem[1];
            }
            c.response(c.request("shutdown", null));
            c.exitSent = true;
            c.notify("exit", null);
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
            Arrays.sort(editMs);
            Arrays.sort(hoverMs);
            Arrays.sort(completionMs);
            Arrays.sort(afterEditMs);
            return new Report(o, started, loadStart, load(), firstAny, firstOpened, editMs, hoverMs, hoverAnswered,
                    completionMs, completionAnswered, afterEditMs, afterEditAnswered, marks, rss, hwm, scenario.split("\n").length,
                    List.copyOf(c.errors), cpuMs, firstCpuMs);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            delete(root);
            delete(elsewhere);
        }
    }

    /** Removes a temporary folder of this run and the files in it. */
    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** 1,031 lines: 10 processes of 101 steps (mmaps, writes that fault frames in, reads, mprotects). */
    public static String scenario() {
        StringBuilder sb = new StringBuilder("boot ram 1536MB highmem\n");
        for (int p = 0; p < 10; p++) {
            sb.append("process p").append(p).append(" <\n");
            for (int i = 0; i < 25; i++) {
                sb.append("  mmap b").append(i).append(" 16KB rw- private anon\n");
                sb.append("  write b").append(i).append("+4KB value ").append(i).append('\n');
                sb.append("  read b").append(i).append("+4KB\n");
                sb.append("  mprotect b").append(i).append(" 4KB r--\n");
            }
            sb.append("  show maps\n");
            sb.append(">\n");
        }
        return sb.toString();
    }

    /**
     * The {@code i}th hover: the keyword of an mmap (even {@code i}) or the handle of the write after it,
     * in one of the ten processes.
     */
    private static JsonObject hoverAt(Path file, int i) {
        return position(file, stepLine(i % 10, (i * 7) % 25) + (i % 2), i % 2 == 0 ? 4 : 9);
    }

    /** The line of {@code mmap b<i>} in process {@code p} of {@link #scenario()}; write, read, mprotect follow. */
    private static int stepLine(int p, int i) {
        return 1 + p * 103 + 1 + 4 * i;
    }

    /** Types a space at the start of line 500, then deletes it, and so on: the text never grows. */
    private static final class Editor {
        private final Connection c;
        private final Path file;
        private int version = 1;
        int count;

        Editor(Connection c, Path file) {
            this.c = c;
            this.file = file;
        }

        void edit() throws IOException {
            JsonObject range = range(EDIT_LINE, 0, EDIT_LINE, count % 2 == 0 ? 0 : 1);
            JsonObject change = new JsonObject();
            change.add("range", range);
            change.addProperty("text", count % 2 == 0 ? " " : "");
            JsonObject doc = new JsonObject();
            doc.addProperty("uri", file.toUri().toString());
            doc.addProperty("version", ++version);
            JsonObject params = new JsonObject();
            params.add("textDocument", doc);
            com.google.gson.JsonArray changes = new com.google.gson.JsonArray();
            changes.add(change);
            params.add("contentChanges", changes);
            count++;
            c.notify("textDocument/didChange", params);
        }

        /** One edit; milliseconds from sending it to the document's next publication. */
        long editAndWait() throws Exception {
            long t = System.nanoTime();
            edit();
            c.diagnostics(file.toString());
            return (System.nanoTime() - t) / 1_000_000;
        }
    }

    /** The client side of the server's stdio ({@link LspFraming}); collects what breaks JSON-RPC. */
    private static final class Connection {
        private final OutputStream out;
        private final BlockingQueue<JsonObject> in = new LinkedBlockingQueue<>();
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Set when `exit` has been sent: the server may end in the middle of writing a message. */
        volatile boolean exitSent;
        private int ids;
        private JsonObject lastDiagnostics;

        Connection(Process p) {
            out = p.getOutputStream();
            Thread reader = new Thread(() -> read(p.getInputStream()), "lsp-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int request(String method, JsonObject params) throws IOException {
            JsonObject m = message(method, params);
            m.addProperty("id", ++ids);
            LspFraming.write(out, m.toString());
            return ids;
        }

        void notify(String method, JsonObject params) throws IOException {
            LspFraming.write(out, message(method, params).toString());
        }

        JsonObject response(int id) throws Exception {
            return await(m -> !m.has("method") && m.has("id") && m.get("id").getAsInt() == id,
                    "the response to request " + id);
        }

        /** As {@link #response}, setting {@code published[0]} if diagnostics of {@code path} came meanwhile. */
        JsonObject responseNoting(int id, String path, boolean[] published) throws Exception {
            return await(m -> {
                if (isDiagnostics(m) && path(m).contains(path)) {
                    published[0] = true;
                }
                return !m.has("method") && m.has("id") && m.get("id").getAsInt() == id;
            }, "the response to request " + id);
        }

        /** Waits for a publishDiagnostics whose URI contains {@code path} ("" for any document). */
        void diagnostics(String path) throws Exception {
            lastDiagnostics = await(m -> isDiagnostics(m) && path(m).contains(path), "diagnostics of " + path);
        }

        boolean lastDiagnosticsFor(Path file) {
            return path(lastDiagnostics).contains(file.toString());
        }

        private static boolean isDiagnostics(JsonObject m) {
            return m.has("method") && "textDocument/publishDiagnostics".equals(m.get("method").getAsString());
        }

        /** The file path of a publication's URI, however the server spells the scheme (file:/ or file:///). */
        private static String path(JsonObject m) {
            return Path.of(java.net.URI.create(m.getAsJsonObject("params").get("uri").getAsString())).toString();
        }

        private JsonObject await(java.util.function.Predicate<JsonObject> wanted, String what) throws Exception {
            long end = System.currentTimeMillis() + TIMEOUT_MS;
            while (System.currentTimeMillis() < end) {
                JsonObject m = in.poll(50, TimeUnit.MILLISECONDS);
                if (m == null) {
                    continue;
                }
                if (m.has("error")) {
                    errors.add("error answer: " + m.get("error"));
                }
                if (m.has("method") && m.has("id")) { // a request from the server: answer null
                    JsonObject r = new JsonObject();
                    r.addProperty("jsonrpc", "2.0");
                    r.add("id", m.get("id"));
                    r.add("result", null);
                    LspFraming.write(out, r.toString());
                    continue;
                }
                if (wanted.test(m)) {
                    return m;
                }
            }
            throw new IllegalStateException("no " + what + " within " + TIMEOUT_MS + " ms; " + errors);
        }

        private void read(InputStream s) {
            try {
                String body;
                while ((body = LspFraming.read(s)) != null) {
                    JsonElement e = JsonParser.parseString(body);
                    if (!e.isJsonObject() || !e.getAsJsonObject().has("jsonrpc")
                            || !"2.0".equals(e.getAsJsonObject().get("jsonrpc").getAsString())) {
                        errors.add("not a JSON-RPC 2.0 message: " + body);
                        continue;
                    }
                    in.add(e.getAsJsonObject());
                }
            } catch (java.io.EOFException e) {
                // a message cut short: an error during the session; after `exit` the process may end while a
                // late notification (a file of the folder built behind) is half written, which no client reads
                if (!exitSent) {
                    errors.add("unreadable output: " + e);
                }
            } catch (IOException | RuntimeException e) {
                errors.add("unreadable output: " + e); // a byte on stdout that is not LSP's
            }
        }

        private static JsonObject message(String method, JsonObject params) {
            JsonObject m = new JsonObject();
            m.addProperty("jsonrpc", "2.0");
            m.addProperty("method", method);
            m.add("params", params);
            return m;
        }
    }

    private static JsonObject didOpen(Path file, String text) {
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", file.toUri().toString());
        doc.addProperty("languageId", "mmdsl");
        doc.addProperty("version", 1);
        doc.addProperty("text", text);
        JsonObject params = new JsonObject();
        params.add("textDocument", doc);
        return params;
    }

    private static JsonObject position(Path file, int line, int character) {
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", file.toUri().toString());
        JsonObject params = new JsonObject();
        params.add("textDocument", doc);
        params.add("position", pos(line, character));
        return params;
    }

    private static JsonObject range(int l1, int c1, int l2, int c2) {
        JsonObject r = new JsonObject();
        r.add("start", pos(l1, c1));
        r.add("end", pos(l2, c2));
        return r;
    }

    private static JsonObject pos(int line, int character) {
        JsonObject p = new JsonObject();
        p.addProperty("line", line);
        p.addProperty("character", character);
        return p;
    }

    private static boolean has(JsonElement result) {
        return result != null && !result.isJsonNull();
    }

    /** Items of a completion answer (a list or a CompletionList). */
    private static int items(JsonElement result) {
        if (!has(result)) {
            return 0;
        }
        if (result.isJsonArray()) {
            return result.getAsJsonArray().size();
        }
        JsonElement items = result.getAsJsonObject().get("items");
        return items == null || !items.isJsonArray() ? 0 : items.getAsJsonArray().size();
    }

    /** {VmRSS, VmHWM} in kB from /proc/PID/status (the launcher script execs the JVM: same pid). */
    private static long[] memory(long pid) throws IOException {
        long[] kb = new long[2];
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                kb[0] = Long.parseLong(l.replaceAll("\\D", ""));
            } else if (l.startsWith("VmHWM:")) {
                kb[1] = Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return kb;
    }

    /**
     * The process's CPU time so far, user plus system, all threads, in clock ticks of 10 ms
     * ({@code /proc/PID/stat} fields 14 and 15; USER_HZ is 100 on x86): what a request cost the server
     * whatever the load, where the wall-clock figures also count the time other processes had the cores.
     */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15, counted from field 3
    }

    private static double perRequest(long ticks, int requests) {
        return requests == 0 ? 0 : ticks * 10.0 / requests;
    }

    static long p95(long[] sorted) {
        return percentile(sorted, 95);
    }

    /** The nearest-rank percentile of an ascending array. */
    static long percentile(long[] sorted, int pct) {
        int rank = (int) Math.ceil(pct / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
