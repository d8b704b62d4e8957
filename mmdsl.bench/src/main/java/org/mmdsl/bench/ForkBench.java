package org.mmdsl.bench;

import java.util.concurrent.TimeUnit;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.uapi.Mman;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4 point 11, third figure: fork() of a process with 10,000 VMAs — 10,000 pages mapped
 * read-write, every other page made read-only so no two neighbours can merge — as c/mmbench.c
 * fork_10k() does. The pages are never touched, so dup_mm() copies VMAs and no page tables.
 * The child's exit (mmput) after each fork is not timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class ForkBench {
    static final int NR_VMAS = 10_000;

    private Kernel kernel;
    private Task parent;
    private Task child;

    @Setup(Level.Trial)
    public void boot() {
        kernel = Machines.x86_64(1L << 30, new Machines.CountingSink());
        parent = Machines.process(kernel, "parent");
        long base = parent.mmap(0, NR_VMAS * 4096L, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        int before = parent.mm().mapCount();
        for (int i = 0; i < NR_VMAS; i += 2) {
            parent.mprotect(base + i * 4096L, 4096, Mman.PROT_READ);
        }
        if (parent.mm().mapCount() - before != NR_VMAS - 1) {
            throw new IllegalStateException("expected " + NR_VMAS + " VMAs, got " + (parent.mm().mapCount() - before + 1));
        }
    }

    @Benchmark
    public Task fork() {
        child = kernel.fork(parent, "child");
        return child;
    }

    @TearDown(Level.Invocation)
    public void exitChild() {
        child.exit();
    }
}
