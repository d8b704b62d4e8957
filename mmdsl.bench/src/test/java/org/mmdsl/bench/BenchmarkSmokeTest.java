package org.mmdsl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The CI's smoke run of the benchmarks (issue 17, "How it is measured"): every benchmark the jar lists,
 * with every parameter set, runs once in this JVM (no fork, no warm-up, one iteration of 100 ms, the GC
 * profiler on as run.sh has it), so a benchmark that no longer boots, throws or fails its own check
 * fails the build. Nothing is judged on speed. c/mmbench.c is compiled and run with tiny sizes when gcc
 * is on the PATH (without gcc it says so and skips that part), and BenchReport makes its table from both,
 * as run.sh does.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnceAndGetsARow() throws RunnerException, IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "smoke"));
        Path json = dir.resolve("jmh.json");
        Options opts = new OptionsBuilder()
                .include("org\\.mmdsl\\.bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        // JMH's lock (java.io.tmpdir/jmh.lock) keeps two measurements apart; this run measures nothing, and
        // on a shared machine another engineer's JMH may hold it
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results = new Runner(opts).run();

        Set<String> listed = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())) {
            listed.add(e.getUsername());
        }
        Set<String> ran = new TreeSet<>();
        int rows = 0;
        for (RunResult r : results) {
            ran.add(r.getParams().getBenchmark());
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().id() + ": no score");
            rows++;
        }
        assertTrue(listed.size() >= 10, "the jar lists " + listed);
        assertEquals(listed, ran, "every benchmark of the jar ran");

        BenchReport report = new BenchReport();
        String mmbench = mmbench(dir);
        if (mmbench != null) {
            report.kernel(mmbench);
        }
        String table = report.table(Files.readString(json), null);
        List<String> lines = table.lines().toList();
        assertEquals(2 + rows, lines.size(), table);
        for (String line : lines.subList(2, lines.size())) {
            assertTrue(line.matches("\\| .+ \\| [0-9.]+ .+ \\|.*\\|.*\\| [0-9]+ [KM]?B/\\w+ \\|"), line);
        }
        if (mmbench != null) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("| mmap+munmap pairs/s")
                    && l.matches(".*\\| [0-9.]+(–[0-9.]+)? [kM]?/s \\| [0-9.]+× \\|.*")), table);
        }
    }

    /** mmbench.c built with gcc and run with 4 MB, 1,000 pairs, 100 VMAs; null (skipped) without gcc. */
    private static String mmbench(Path dir) throws IOException, InterruptedException {
        Path exe = dir.resolve("mmbench");
        Process cc;
        try {
            cc = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), "c/mmbench.c").inheritIO().start();
        } catch (IOException noGcc) {
            System.out.println("BenchmarkSmokeTest: gcc is not on the PATH, mmbench.c's smoke run skipped");
            return null;
        }
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "gcc c/mmbench.c failed");
        Process run = new ProcessBuilder(exe.toString(), "4", "1000", "100").redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS) && run.exitValue() == 0, out);
        List<String> kinds = new ArrayList<>();
        for (String line : out.lines().toList()) {
            kinds.add(line.replaceAll("[0-9.]+", "N"));
        }
        assertEquals(List.of(
                "faults: N MB range write, N faults in N s = N faults/s (CPU N s = N faults/s)",
                "faults: N MB range write, N faults in N s = N faults/s (CPU N s = N faults/s)",
                "faults: N MB range write, N faults in N s = N faults/s (CPU N s = N faults/s)",
                "mmap/munmap: N pairs in N s = N pairs/s",
                "fork: N VMAs, fork() took N ms in the parent",
                "fork: N VMAs, fork() took N ms in the parent",
                "fork: N VMAs, fork() took N ms in the parent",
                "fork: N VMAs, fork() took N ms in the parent",
                "fork: N VMAs, fork() took N ms in the parent"), kinds, out);
        return out;
    }
}
