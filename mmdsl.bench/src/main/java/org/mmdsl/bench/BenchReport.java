package org.mmdsl.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The README's measurement table from one run of mmdsl.bench/run.sh: JMH's results ({@code -rf json}),
 * the output of c/mmbench.c on this machine's kernel (run before and after the JMH benchmarks), and
 * {@link BytesPerFrame}'s line. One row per benchmark and parameter set, in the jar's order; where
 * mmbench.c measures the same thing (faults on x86_64, mmap+munmap pairs, fork with VMAs) the row
 * has the kernel's range and the ratio of the simulator's speed to the kernel's median. A benchmark
 * this class does not know gets a row under its own name. Allocation is JMH's gc.alloc.rate.norm.
 *
 * <pre>java -cp benchmarks.jar org.mmdsl.bench.BenchReport --jmh jmh.json --mmbench k1.txt --mmbench k2.txt
 *     [--bytes-per-frame bpf.txt] [--date D] [--nproc N] [--cpu MODEL] [--kernel-version V]
 *     [--load-start "1 5 15"] [--load-end "1 5 15"] [--how "mmdsl.bench/run.sh --quick"]</pre>
 */
public final class BenchReport {

    /** What a known benchmark measures: its row's words, what one operation is, mmbench.c's counterpart. */
    private record Known(String label, String op, KernelFigure kernel) {
    }

    /** The figures of mmbench.c this table compares with. */
    enum KernelFigure {
        FAULTS, PAIRS, FORK
    }

    private static final Map<String, Known> KNOWN = Map.ofEntries(
            Map.entry("FaultBench.rangeWrite1G", new Known(
                    "page faults/s, write one word per page of a fresh 1 GB anonymous map (`FaultBench`)", "fault",
                    KernelFigure.FAULTS)),
            Map.entry("MmapBench.task", new Known(
                    "mmap+munmap pairs/s, 4 KB anonymous, no hint, through `Task` (what a scenario runs; `MmapBench`)",
                    "pair", KernelFigure.PAIRS)),
            Map.entry("MmapBench.mmStruct", new Known(
                    "mmap+munmap pairs/s, 4 KB anonymous, no hint, on `MmStruct` (the vma code alone; `MmapBench`)", "pair",
                    KernelFigure.PAIRS)),
            Map.entry("ForkBench.fork", new Known("fork of a process with 10,000 VMAs (`ForkBench`)", "fork",
                    KernelFigure.FORK)),
            Map.entry("TranslateBench.tlbHit", new Known("translate, TLB hit (`TranslateBench`)", "translate", null)),
            Map.entry("TranslateBench.walk", new Known("translate, 4-level walk without TLB (`TranslateBench`)",
                    "translate", null)),
            Map.entry("TranslateBench.tlbMissRefill", new Known(
                    "translate, TLB miss: walk + refill (`TranslateBench`)", "translate", null)),
            Map.entry("TranslateBench.userReadHit", new Known(
                    "a user load on a TLB hit (`Task.read`; `TranslateBench`)", "load", null)),
            Map.entry("BuddyBench.allocFree", new Known(
                    "alloc_pages+__free_pages, GFP_KERNEL (`BuddyBench`)", "pair", null)),
            Map.entry("BootBench.boot64G", new Known(
                    "boot of a 64 GB x86_64 machine, 17,039,360 frames (`BootBench`)", "boot", null)),
            Map.entry("BootBench.boot1T", new Known(
                    "boot of a 1 TB x86_64 machine, 268,697,600 frames (`BootBench`)", "boot", null)),
            Map.entry("BootBench.boot4TLa57", new Known(
                    "boot of a 4 TB x86_64 la57 machine, 1,074,003,968 frames (`BootBench`)", "boot", null)),
            Map.entry("MapCountBench.task", new Known(
                    "65,530 VMAs mapped 4 KB at a time up to vm.max_map_count, through `Task` (`MapCountBench`)", "run",
                    null)),
            Map.entry("MapCountBench.mmStruct", new Known(
                    "65,530 VMAs mapped 4 KB at a time up to vm.max_map_count, on `MmStruct` (`MapCountBench`)", "run",
                    null)));

    private static final Pattern FAULTS = Pattern.compile("^faults: .*? = (\\d+) faults/s(?: \\(CPU .*\\))?$"); // the wall-clock figure
    private static final Pattern PAIRS = Pattern.compile("^mmap/munmap: .* = (\\d+) pairs/s$");
    private static final Pattern FORK = Pattern.compile("^fork: (\\d+) VMAs, fork\\(\\) took ([0-9.]+) ms in the parent$");
    private static final Pattern BYTES_PER_FRAME = Pattern.compile("^x86_64 (\\d+) GB: .* = ([0-9.]+) B/frame$");
    private static final Pattern BYTES_PER_TOUCHED = Pattern.compile("^touched: (\\d+) frames .* = ([0-9.]+) B/touched frame.*$");

    private final List<Double> kernelFaults = new ArrayList<>();
    private final List<Double> kernelPairs = new ArrayList<>();
    private final List<Double> kernelForkMs = new ArrayList<>();
    private int kernelForkVmas;

    /** An empty report: no kernel figures yet ({@link #kernel}). */
    BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        BenchReport r = new BenchReport();
        String jmh = null;
        String bytesPerFrame = null;
        String date = null;
        String nproc = null;
        String cpu = null;
        String kernelVersion = null;
        String loadStart = null;
        String loadEnd = null;
        String how = "mmdsl.bench/run.sh";
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i++]) {
                case "--jmh" -> jmh = read(v);
                case "--mmbench" -> r.kernel(read(v));
                case "--bytes-per-frame" -> bytesPerFrame = read(v);
                case "--date" -> date = v;
                case "--nproc" -> nproc = v;
                case "--cpu" -> cpu = v;
                case "--kernel-version" -> kernelVersion = v;
                case "--load-start" -> loadStart = v;
                case "--load-end" -> loadEnd = v;
                case "--how" -> how = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
            }
        }
        if (jmh == null) {
            throw new IllegalArgumentException("--jmh FILE (JMH's -rf json output) is required");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(r.header(jmh, how, date, nproc, cpu, kernelVersion, loadStart, loadEnd));
        out.print(r.table(jmh, bytesPerFrame));
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file));
    }

    /** Adds the figures of one mmbench.c run (its standard output). */
    void kernel(String mmbenchOutput) {
        for (String line : mmbenchOutput.split("\n")) {
            Matcher m = FAULTS.matcher(line);
            if (m.matches()) {
                kernelFaults.add(Double.parseDouble(m.group(1)));
            } else if ((m = PAIRS.matcher(line)).matches()) {
                kernelPairs.add(Double.parseDouble(m.group(1)));
            } else if ((m = FORK.matcher(line)).matches()) {
                kernelForkVmas = Integer.parseInt(m.group(1));
                kernelForkMs.add(Double.parseDouble(m.group(2)));
            }
        }
    }

    /** The sentence above the table: when, on what, at which load; the JDK from JMH's own record. */
    String header(String jmhJson, String how, String date, String nproc, String cpu, String kernelVersion,
            String loadStart, String loadEnd) {
        JsonArray results = JsonParser.parseString(jmhJson).getAsJsonArray();
        String jdk = "";
        if (!results.isEmpty()) {
            JsonObject first = results.get(0).getAsJsonObject();
            jdk = string(first, "vmName") + " " + string(first, "jdkVersion");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(date == null ? "Measured" : date).append(", `").append(how).append('`');
        if (nproc != null) {
            sb.append(", ").append(nproc).append(nproc.equals("1") ? " core" : " cores");
        }
        if (cpu != null && !cpu.isBlank()) {
            sb.append(" (").append(cpu.strip()).append(')');
        }
        if (kernelVersion != null) {
            sb.append(", Linux ").append(kernelVersion);
        }
        if (!jdk.isBlank()) {
            sb.append(", ").append(jdk.strip());
        }
        if (loadStart != null || loadEnd != null) {
            sb.append(", load average (1, 5, 15 min) ").append(loadStart == null ? "?" : loadStart).append(" at start, ")
                    .append(loadEnd == null ? "?" : loadEnd).append(" at end");
        }
        return sb.append(".\n\n").toString();
    }

    /** The table: a header and one row per JMH result, then BytesPerFrame's row when given. */
    String table(String jmhJson, String bytesPerFrameOutput) {
        StringBuilder sb = new StringBuilder();
        sb.append("| measurement | simulator (mean; min–max of iterations) | real kernel (mmbench.c, min–max) "
                + "| simulator speed / kernel median | simulator allocation |\n");
        sb.append("|---|---|---|---|---|\n");
        for (JsonElement e : JsonParser.parseString(jmhJson).getAsJsonArray()) {
            sb.append(row(e.getAsJsonObject())).append('\n');
        }
        if (bytesPerFrameOutput != null) {
            for (String line : bytesPerFrameOutput.split("\n")) {
                Matcher m = BYTES_PER_FRAME.matcher(line.strip());
                if (m.matches()) {
                    sb.append("| heap held per simulated frame, ").append(m.group(1)).append(" GB x86_64 (`BytesPerFrame`) | ")
                            .append(m.group(2)).append(" B/frame | struct page: 64 B/frame | | |\n");
                }
                Matcher t = BYTES_PER_TOUCHED.matcher(line.strip());
                if (t.matches()) {
                    sb.append("| heap per touched frame, ").append(t.group(1))
                            .append(" order-0 pages allocated after that boot (`BytesPerFrame`) | ")
                            .append(t.group(2)).append(" B/frame | struct page: 64 B/frame | | |\n");
                }
            }
        }
        return sb.toString();
    }

    private String row(JsonObject r) {
        String benchmark = string(r, "benchmark");
        String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        Known known = KNOWN.get(shortName);
        Map<String, String> params = new java.util.LinkedHashMap<>();
        if (r.has("params")) {
            for (Map.Entry<String, JsonElement> p : r.getAsJsonObject("params").entrySet()) {
                params.put(p.getKey(), p.getValue().getAsString());
            }
        }
        StringBuilder label = new StringBuilder(known == null ? "`" + shortName + "`" : known.label());
        if (!params.isEmpty()) {
            label.append(" [");
            params.forEach((k, v) -> label.append(label.charAt(label.length() - 1) == '[' ? "" : ", ")
                    .append(k).append(' ').append(v));
            label.append(']');
        }
        JsonObject primary = r.getAsJsonObject("primaryMetric");
        double score = primary.get("score").getAsDouble();
        String unit = string(primary, "scoreUnit");
        List<Double> raw = new ArrayList<>();
        for (JsonElement fork : primary.getAsJsonArray("rawData")) {
            for (JsonElement it : fork.getAsJsonArray()) {
                raw.add(it.getAsDouble());
            }
        }
        String sim = figure(score, unit);
        if (raw.size() > 1) {
            sim += " (" + bare(Collections.min(raw), unit) + "–" + bare(Collections.max(raw), unit) + ")";
        }
        String kernel = "";
        String ratio = "";
        KernelFigure k = known == null ? null : known.kernel();
        if (k == KernelFigure.FAULTS && !"x86_64".equals(params.getOrDefault("arch", "x86_64"))) {
            k = null; // the host is x86_64: mmbench.c measures no i386 faults
        }
        if (k == KernelFigure.FAULTS || k == KernelFigure.PAIRS) {
            List<Double> v = k == KernelFigure.FAULTS ? kernelFaults : kernelPairs;
            if (!v.isEmpty() && unit.equals("ops/s")) {
                kernel = range(v, "ops/s");
                ratio = times(score / median(v));
            }
        } else if (k == KernelFigure.FORK && !kernelForkMs.isEmpty() && unit.equals("ms/op")) {
            kernel = range(kernelForkMs, "ms/op");
            if (kernelForkVmas == ForkBench.NR_VMAS) {
                ratio = times(median(kernelForkMs) / score);
            } else {
                kernel += " (" + kernelForkVmas + " VMAs)"; // a smoke run's size: no ratio
            }
        }
        String alloc = "";
        JsonObject secondary = r.getAsJsonObject("secondaryMetrics");
        if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
            alloc = bytes(secondary.getAsJsonObject("gc.alloc.rate.norm").get("score").getAsDouble()) + "/"
                    + (known == null ? "op" : known.op());
        }
        return "| " + label + " | " + sim + " | " + kernel + " | " + ratio + " | " + alloc + " |";
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "";
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String range(List<Double> v, String unit) {
        double lo = Collections.min(v);
        double hi = Collections.max(v);
        return lo == hi || bare(lo, unit).equals(bare(hi, unit)) ? figure(lo, unit)
                : bare(lo, unit) + "–" + figure(hi, unit);
    }

    /** A value with its unit: "2.21 M/s", "715 k/s", "0.312 ms", "4.38 ns". */
    static String figure(double v, String unit) {
        return bare(v, unit) + " " + unitWord(v, unit);
    }

    private static String unitWord(double v, String unit) {
        if (unit.equals("ops/s")) {
            return v >= 1e6 ? "M/s" : v >= 1e3 ? "k/s" : "/s";
        }
        return unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
    }

    /** The number of {@link #figure} without its unit, three significant digits. */
    private static String bare(double v, String unit) {
        if (unit.equals("ops/s")) {
            v = v >= 1e6 ? v / 1e6 : v >= 1e3 ? v / 1e3 : v;
        }
        return significant(v);
    }

    static String significant(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String times(double ratio) {
        return significant(ratio) + "×";
    }

    /** gc.alloc.rate.norm: "0 B" below half a byte, then B, KB, MB. */
    static String bytes(double b) {
        if (b < 0.5) {
            return "0 B";
        }
        if (b < 10_000) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        if (b < 10_000_000) {
            return String.format(Locale.ROOT, "%.0f KB", b / 1024);
        }
        return String.format(Locale.ROOT, "%.0f MB", b / (1024 * 1024));
    }
}
