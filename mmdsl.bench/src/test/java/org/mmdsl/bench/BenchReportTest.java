package org.mmdsl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The table mmdsl.bench/run.sh prints, from a JMH result file (the fields JMH 1.37 writes with
 * -rf json -prof gc) and two mmbench.c outputs: ratios against the kernel's median, ranges,
 * allocation per operation, parameters, a benchmark the report does not know.
 */
class BenchReportTest {

    private static final String JMH = """
            [
              {
                "jmhVersion" : "1.37", "benchmark" : "org.mmdsl.bench.FaultBench.rangeWrite1G", "mode" : "thrpt",
                "jdkVersion" : "17.0.15", "vmName" : "OpenJDK 64-Bit Server VM",
                "params" : { "arch" : "x86_64", "sink" : "none" },
                "primaryMetric" : { "score" : 2150000.0, "scoreUnit" : "ops/s",
                                    "rawData" : [ [ 2100000.0, 2150000.0, 2200000.0 ] ] },
                "secondaryMetrics" : { "gc.alloc.rate.norm" : { "score" : 0.0012, "scoreUnit" : "B/op" } }
              },
              {
                "jmhVersion" : "1.37", "benchmark" : "org.mmdsl.bench.FaultBench.rangeWrite1G", "mode" : "thrpt",
                "params" : { "arch" : "i386", "sink" : "none" },
                "primaryMetric" : { "score" : 1900000.0, "scoreUnit" : "ops/s", "rawData" : [ [ 1900000.0 ] ] },
                "secondaryMetrics" : { "gc.alloc.rate.norm" : { "score" : 0.0, "scoreUnit" : "B/op" } }
              },
              {
                "jmhVersion" : "1.37", "benchmark" : "org.mmdsl.bench.MmapBench.task", "mode" : "thrpt",
                "params" : { "sink" : "events" },
                "primaryMetric" : { "score" : 3600000.0, "scoreUnit" : "ops/s",
                                    "rawData" : [ [ 3500000.0, 3700000.0 ] ] },
                "secondaryMetrics" : { "gc.alloc.rate.norm" : { "score" : 384.02, "scoreUnit" : "B/op" } }
              },
              {
                "jmhVersion" : "1.37", "benchmark" : "org.mmdsl.bench.ForkBench.fork", "mode" : "avgt",
                "primaryMetric" : { "score" : 0.3125, "scoreUnit" : "ms/op", "rawData" : [ [ 0.3, 0.325 ] ] },
                "secondaryMetrics" : { "gc.alloc.rate.norm" : { "score" : 877000.0, "scoreUnit" : "B/op" } }
              },
              {
                "jmhVersion" : "1.37", "benchmark" : "org.mmdsl.bench.BootBench.boot64G", "mode" : "ss",
                "primaryMetric" : { "score" : 486.4, "scoreUnit" : "ms/op", "rawData" : [ [ 486.4 ] ] },
                "secondaryMetrics" : { "gc.alloc.rate.norm" : { "score" : 145752064.0, "scoreUnit" : "B/op" } }
              },
              {
                "jmhVersion" : "1.37", "benchmark" : "org.mmdsl.bench.NumaBench.allocOnNode", "mode" : "avgt",
                "params" : { "nodes" : "2" },
                "primaryMetric" : { "score" : 71.25, "scoreUnit" : "ns/op", "rawData" : [ [ 70.0, 72.5 ] ] },
                "secondaryMetrics" : { }
              }
            ]
            """;

    private static final String MMBENCH_BEFORE = """
            faults: 1024 MB range write, 262144 faults in 0.388 s = 675000 faults/s
            faults: 1024 MB range write, 262144 faults in 0.375 s = 699000 faults/s
            faults: 1024 MB range write, 262144 faults in 0.390 s = 672000 faults/s
            mmap/munmap: 1000000 pairs in 1.600 s = 625000 pairs/s
            fork: 10000 VMAs, fork() took 5.500 ms in the parent
            fork: 10000 VMAs, fork() took 6.000 ms in the parent
            """;

    private static final String MMBENCH_AFTER = """
            faults: 1024 MB range write, 262144 faults in 0.400 s = 655000 faults/s
            mmap/munmap: 1000000 pairs in 1.450 s = 690000 pairs/s
            fork: 10000 VMAs, fork() took 8.400 ms in the parent
            """;

    @Test
    void tableWithKernelRatiosAndUnknownBenchmarks() {
        BenchReport r = new BenchReport();
        r.kernel(MMBENCH_BEFORE);
        r.kernel(MMBENCH_AFTER);
        assertEquals("""
                | measurement | simulator (mean; min–max of iterations) | real kernel (mmbench.c, min–max) \
                | simulator speed / kernel median | simulator allocation |
                |---|---|---|---|---|
                | page faults/s, write one word per page of a fresh 1 GB anonymous map (`FaultBench`) [arch x86_64, \
                sink none] | 2.15 M/s (2.10–2.20) | 655–699 k/s | 3.19× | 0 B/fault |
                | page faults/s, write one word per page of a fresh 1 GB anonymous map (`FaultBench`) [arch i386, \
                sink none] | 1.90 M/s |  |  | 0 B/fault |
                | mmap+munmap pairs/s, 4 KB anonymous, no hint, through `Task` (what a scenario runs; `MmapBench`) \
                [sink events] | 3.60 M/s (3.50–3.70) | 625–690 k/s | 5.48× | 384 B/pair |
                | fork of a process with 10,000 VMAs (`ForkBench`) | 0.313 ms (0.300–0.325) | 5.50–8.40 ms | 19.2× \
                | 856 KB/fork |
                | boot of a 64 GB x86_64 machine, 17,039,360 frames (`BootBench`) | 486 ms |  |  | 139 MB/boot |
                | `NumaBench.allocOnNode` [nodes 2] | 71.3 ns (70.0–72.5) |  |  |  |
                | heap held per simulated frame, 64 GB x86_64 (`BytesPerFrame`) | 8.14 B/frame | struct page: 64 B/frame | | |
                | heap per touched frame, 262144 order-0 pages allocated after that boot (`BytesPerFrame`) | 8.53 B/frame \
                | struct page: 64 B/frame | | |
                """, r.table(JMH, """
                x86_64 64 GB: 16777216 frames with a struct page; heap held by the machine 136575440 bytes = 8.14 B/frame
                touched: 262144 frames allocated (order 0, GFP_KERNEL); heap grew 2236416 bytes = 8.53 B/touched frame (258 memmap chunks of 1024 frames hold words)
                declared per-frame arrays: MemMap 8 B + BuddyAllocator 0 B
                """));
    }

    @Test
    void headerNamesMachineJdkAndLoad() {
        assertEquals("2026-12-07 04:10 UTC, `mmdsl.bench/run.sh --quick`, 2 cores (AMD EPYC), Linux 6.18.0, "
                + "OpenJDK 64-Bit Server VM 17.0.15, load average (1, 5, 15 min) 1.02 1.10 1.30 at start, "
                + "1.50 1.20 1.31 at end.\n\n",
                new BenchReport().header(JMH, "mmdsl.bench/run.sh --quick", "2026-12-07 04:10 UTC", "2", "AMD EPYC",
                        "6.18.0", "1.02 1.10 1.30", "1.50 1.20 1.31"));
    }
}
