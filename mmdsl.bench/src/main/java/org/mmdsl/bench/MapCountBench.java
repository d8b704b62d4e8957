package org.mmdsl.bench;

import java.util.concurrent.TimeUnit;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.MmStruct;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 17 point 3: a process maps 4 KB areas one by one, no hint, until it holds vm.max_map_count
 * (65,530) VMAs; the protections alternate so no two neighbours merge, and every map lands right
 * below the previous one (get_unmapped_area() top-down). With a linear gap search each map scans
 * every VMA above it (about 7.5 s for the whole run before the VmaTree); now each is O(log n).
 * {@code task} goes through the Task facade as a scenario does (strace line and events included),
 * {@code mmStruct} calls mm/mmap.c directly. One shot is the whole run; the boot is not timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class MapCountBench {
    private static final int FLAGS = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    @Param({"events"})
    public String sink;

    private Task task;

    @Setup(Level.Invocation)
    public void boot() {
        task = Machines.process(Machines.x86_64(256L << 20, Machines.sink(sink)), "maps");
    }

    @Benchmark
    public long task() {
        long last = 0;
        for (int i = task.mm().mapCount(); i < MmStruct.DEFAULT_MAX_MAP_COUNT; i++) {
            last = task.mmap(0, 4096, i % 2 == 0 ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE, FLAGS, null, 0);
        }
        return check(last);
    }

    @Benchmark
    public long mmStruct() {
        MmStruct mm = task.mm();
        long last = 0;
        for (int i = mm.mapCount(); i < MmStruct.DEFAULT_MAX_MAP_COUNT; i++) {
            last = mm.mmap(0, 4096, i % 2 == 0 ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE, FLAGS, null, 0);
        }
        return check(last);
    }

    private long check(long last) {
        if (task.mm().mapCount() != MmStruct.DEFAULT_MAX_MAP_COUNT || last < 0) {
            throw new IllegalStateException("expected 65530 VMAs, got " + task.mm().mapCount() + ", last " + last);
        }
        return last;
    }
}
