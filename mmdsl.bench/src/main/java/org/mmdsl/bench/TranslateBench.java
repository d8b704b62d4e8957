package org.mmdsl.bench;

import java.util.concurrent.TimeUnit;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.mmu.Mmu;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.uapi.Mman;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3 point 10: Mmu.translate on an x86_64 (4-level) process whose 4,096 pages are all mapped.
 * {@code tlbHit} cycles over 16 pages that stay in the 64-entry dTLB; {@code walk} cycles over the
 * 4,096 pages with a TLB-less MMU (a full 4-level walk in simulated frames each time);
 * {@code tlbMissRefill} does the same through the TLB (walk + refill, every lookup misses);
 * {@code userReadHit} is a whole user load (UserAccess: translate, value read, result) on a hit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TranslateBench {
    private static final int PAGES = 4096;

    private Task task;
    private long pgd;
    private long base;
    private Mmu tlbMmu;
    private Mmu walkMmu;
    private int i;
    private final AccessResult out = new AccessResult();

    @Setup
    public void boot() {
        task = Machines.process(Machines.x86_64(1L << 30, EventSink.NONE), "translate");
        base = task.mmap(0, PAGES * 4096L, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                null, 0);
        for (int p = 0; p < PAGES; p++) {
            task.write(base + p * 4096L, p, out);
        }
        PageTables pt = task.mm().pageTables();
        pgd = task.mm().pgd;
        tlbMmu = new Mmu(pt.mode(), pt.mem(), pt.tlb());
        walkMmu = new Mmu(pt.mode(), pt.mem());
    }

    @Benchmark
    public long tlbHit() {
        return tlbMmu.translate(pgd, base + ((long) (i++ & 15) << 12), Access.READ, true);
    }

    @Benchmark
    public long walk() {
        return walkMmu.translate(pgd, base + ((long) (i++ & (PAGES - 1)) << 12), Access.READ, true);
    }

    @Benchmark
    public long tlbMissRefill() {
        return tlbMmu.translate(pgd, base + ((long) (i++ & (PAGES - 1)) << 12), Access.READ, true);
    }

    @Benchmark
    public long userReadHit() {
        task.read(base + ((long) (i++ & 15) << 12), out);
        return out.value;
    }
}
