package org.mmdsl.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.mmu.Mmu;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Issue 17 points 1 and 5, measured in the thread's CPU time instead of the wall clock: the same
 * operations as TranslateBench (tlbHit, walk, userReadHit) and FaultBench (x86_64, sink none), so
 * that a machine shared with other builds (load 10-20 on 2 cores) slows the figures by the cache
 * and memory contention only, not by the time the thread waits for a core. The JMH benchmarks stay
 * the reference; mmbench.c prints the kernel's fault loop in CPU time too.
 *
 * <pre>java -Xmx3g -cp mmdsl.bench/target/benchmarks.jar org.mmdsl.bench.CpuPerOp [rounds]</pre>
 * Prints one line per round (the first rounds include the JIT's warm-up).
 */
public final class CpuPerOp {
    private static final int PAGES = 4096;
    private static final int FAULT_PAGES = (1 << 30) / 4096;
    /** Keeps results live so the JIT cannot drop the loops. */
    private static long sink;

    private CpuPerOp() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AccessResult out = new AccessResult();
        Task task = Machines.process(Machines.x86_64(1L << 30, EventSink.NONE), "translate");
        long base = task.mmap(0, PAGES * 4096L, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        for (int p = 0; p < PAGES; p++) {
            task.write(base + p * 4096L, p, out);
        }
        PageTables pt = task.mm().pageTables();
        long pgd = task.mm().pgd;
        Mmu tlbMmu = new Mmu(pt.mode(), pt.mem(), pt.tlb());
        Mmu walkMmu = new Mmu(pt.mode(), pt.mem());
        Task faulting = Machines.process(Machines.x86_64(4L << 30, EventSink.NONE), "faults");
        for (int round = 0; round < rounds; round++) {
            int n = 20_000_000;
            long t0 = mx.getCurrentThreadCpuTime();
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += tlbMmu.translate(pgd, base + ((long) (i & 15) << 12), Access.READ, true);
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n / 10; i++) {
                s += walkMmu.translate(pgd, base + ((long) (i & (PAGES - 1)) << 12), Access.READ, true);
            }
            long t2 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n / 4; i++) {
                task.read(base + ((long) (i & 15) << 12), out);
                s += out.value;
            }
            long t3 = mx.getCurrentThreadCpuTime();
            long b = faulting.mmap(0, 1L << 30, Mman.PROT_READ | Mman.PROT_WRITE,
                    Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
            long t4 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < FAULT_PAGES; i++) {
                if (!faulting.write(b + ((long) i << 12), 1, out) || out.faultsResolved != 1) {
                    throw new IllegalStateException("write: " + out);
                }
            }
            long t5 = mx.getCurrentThreadCpuTime();
            faulting.munmap(b, 1L << 30);
            sink += s;
            System.out.printf("round %d: tlbHit %.2f ns, walk %.2f ns, userReadHit %.2f ns, fault %.0f ns = %.2f M faults/s%n",
                    round, (t1 - t0) / (double) n, (t2 - t1) / (n / 10.0), (t3 - t2) / (n / 4.0),
                    (t5 - t4) / (double) FAULT_PAGES, FAULT_PAGES * 1e3 / (t5 - t4));
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
