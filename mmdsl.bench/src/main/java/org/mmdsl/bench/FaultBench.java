package org.mmdsl.bench;

import java.util.concurrent.TimeUnit;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Mman;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4 point 11, first figure: page faults per second on a range write of 1 GB — one word
 * written per page of a fresh private anonymous mapping, every write a do_anonymous_page() fault
 * (zeroed frame, PTE, page tables on the way), as c/mmbench.c faults() does on the real kernel.
 * The mmap before and the munmap after each 1 GB pass are not timed (neither are they in C).
 *
 * <p>Machines: x86_64 with 4 GB; i386 (2-level) with 2 GB, of which 1.1 GB HighMem, where the
 * frames come from ZONE_HIGHMEM (GFP_HIGHUSER_MOVABLE). Sinks: {@code events} receives every
 * fault as a PageFaultEvent (the interpreter's sink on a single access), {@code range} sums them
 * by kind as the interpreter does inside a range access, {@code none} is EventSink.NONE.
 *
 * <p>Score: faults per second (one operation = one fault); gc.alloc.rate.norm = bytes per fault.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(FaultBench.PAGES)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class FaultBench {
    static final int PAGES = (1 << 30) / 4096;

    @Param({"x86_64", "i386"})
    public String arch;

    @Param({"events", "range", "none"})
    public String sink;

    private Task task;
    private final AccessResult out = new AccessResult();
    private long base;

    @Setup(Level.Trial)
    public void boot() {
        Kernel k = arch.equals("x86_64") ? Machines.x86_64(4L << 30, Machines.sink(sink))
                : Machines.i386(2L << 30, Machines.sink(sink));
        task = Machines.process(k, "faults");
    }

    @Setup(Level.Invocation)
    public void mmap() {
        base = task.mmap(0, 1L << 30, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        if (base < 0) {
            throw new IllegalStateException("mmap 1GB: " + base);
        }
    }

    @Benchmark
    public int rangeWrite1G() {
        int faults = 0;
        for (int i = 0; i < PAGES; i++) {
            if (!task.write(base + ((long) i << 12), 1, out)) {
                throw new IllegalStateException("write: " + out);
            }
            faults += out.faultsResolved;
        }
        if (faults != PAGES) {
            throw new IllegalStateException(faults + " faults for " + PAGES + " pages");
        }
        return faults;
    }

    @TearDown(Level.Invocation)
    public void munmap() {
        task.munmap(base, 1L << 30);
    }
}
