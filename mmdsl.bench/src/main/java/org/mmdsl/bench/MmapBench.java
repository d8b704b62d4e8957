package org.mmdsl.bench;

import java.util.concurrent.TimeUnit;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.MmStruct;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4 point 11, second figure: mmap/munmap pairs per second, 4 KB private anonymous without a
 * hint (get_unmapped_area() top-down), in a process with an exec layout, as c/mmbench.c
 * mmap_munmap() does. {@code mmStruct} calls the vma code directly (mm/mmap.c); {@code task}
 * goes through the Task facade, which also hands the sink a CallResult per call, as a scenario's run
 * does (its strace-style line is built only when read: issue 17 point 2). {@code -p sink=none}: a sink
 * that wants no calls, so Task builds no event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class MmapBench {
    private static final int PROT = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int FLAGS = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    @Param({"events"})
    public String sink;

    private Task task;
    private MmStruct mm;

    @Setup
    public void boot() {
        task = Machines.process(Machines.x86_64(1L << 30, Machines.sink(sink)), "mmap");
        mm = task.mm();
    }

    @Benchmark
    public long mmStruct() {
        long a = mm.mmap(0, 4096, PROT, FLAGS, null, 0);
        mm.munmap(a, 4096);
        return a;
    }

    @Benchmark
    public long task() {
        long a = task.mmap(0, 4096, PROT, FLAGS, null, 0);
        task.munmap(a, 4096);
        return a;
    }
}
