package org.mmdsl.runtime.reclaim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.fork.Fork;
import org.mmdsl.runtime.proc.ProcSmaps;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.MmStruct;

/** Swap-out by MADV_PAGEOUT, swap entries in ptes, swap-in faults, fork and munmap of swapped pages. */
class SwapTest {
    private final Machine m = Machine.x8664();
    private final MmStruct mm = m.oracleTask64();
    private final UserAccess ua = m.access(mm);
    private final AccessResult r = new AccessResult();

    @Test
    void pageoutThenSwapIn() {
        SwapArea swap = new SwapArea(1L << 20);
        mm.swap = swap;
        long a = mm.mmap(0, 0x4000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(ua.write(a + i * 0x1000L, 100 + i, r));
        }
        long rssBefore = mm.rssCounters()[1];
        long free = m.frames.nrFree();
        //   [A: 3 pages present, 1 none] -> pageout -> [A: 3 swap entries]
        assertEquals(0, mm.madvise(a, 0x4000, Mman.MADV_PAGEOUT));
        MmValidator.validate(mm);
        assertEquals(3, swap.usedPages());
        assertEquals(rssBefore - 3, mm.rssCounters()[1]);
        assertEquals(free + 3, m.frames.nrFree());
        assertTrue(ProcSmaps.status(mm).contains("VmSwap:\t      12 kB"), ProcSmaps.status(mm));
        assertTrue(ProcSmaps.smaps(mm, true).contains("Swap:                 12 kB"));
        // fork: the child's ptes hold the same entries
        MmStruct child = Fork.copyMm(0, mm);
        UserAccess cua = m.access(child);
        assertEquals(2, swap.count(SwapOps.swpSlot(mm.pageTables().getPte(mm.pgd, a))));
        assertTrue(cua.read(a + 0x1000, r));
        assertEquals(101, r.value);
        MmValidator.validate(child);
        Fork.mmput(child);
        // swap-in in the parent: the values come back, the slot goes with its last user
        assertTrue(ua.read(a, r));
        assertEquals(100, r.value);
        assertTrue(ua.write(a + 0x2000, 7, r));
        assertTrue(ua.read(a + 0x2000, r));
        assertEquals(7, r.value);
        MmValidator.validate(mm);
        assertEquals(1, swap.usedPages());
        assertEquals(0, mm.munmap(a, 0x4000)); // zap frees the remaining entry
        assertEquals(0, swap.usedPages());
        MmValidator.validate(mm);
    }

    @Test
    void directReclaimSwapsWhenFramesRunOut() {
        Machine small = new Machine(org.mmdsl.runtime.arch.PagingMode.FOUR_LEVEL, 0x100 + 64, 0x100 + 64);
        MmStruct task = small.oracleTask64();
        task.swap = new SwapArea(4L << 20);
        UserAccess a = small.access(task);
        long len = 100 * 4096L;
        long buf = task.mmap(0, len, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        for (long off = 0; off < len; off += 4096) {
            assertTrue(a.write(buf + off, off / 4096 + 1, r), r.toString()); // 100 pages in 64 frames
        }
        MmValidator.validate(task);
        assertTrue(task.swap.usedPages() > 36, "swapped: " + task.swap.usedPages());
        for (long off = 0; off < len; off += 4096) {
            assertTrue(a.read(buf + off, r), r.toString());
            assertEquals(off / 4096 + 1, r.value);
        }
        MmValidator.validate(task);
    }

    @Test
    void withoutSwapPageoutKeepsPages() {
        long a = mm.mmap(0, 0x1000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        assertTrue(ua.write(a, 5, r));
        assertEquals(0, mm.madvise(a, 0x1000, Mman.MADV_PAGEOUT));
        assertTrue(ua.read(a, r));
        assertEquals(5, r.value);
        assertEquals(0, r.faultsResolved);
    }
}
