package org.mmdsl.runtime.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;

/**
 * The MMU's host-side walk cache (Mmu.walkCache) never hides a change above the pte: a walk after
 * an upper entry changed reads every level again, as a walk without the cache does.
 * <pre>
 *   x86_64, CR3 = pfn 1: pgd[0] -> pud at pfn 2, pud[0] -> pmd at pfn 3, pmd[2] -> pte table at pfn 4
 *   0x400000 -> frame 0x10, 0x401000 -> frame 0x11 (the same 2 MB region, the same pte table)
 * </pre>
 */
class WalkCacheTest {
    private static final long TABLE = Pte._PAGE_PRESENT | Pte._PAGE_RW | Pte._PAGE_USER;
    private static final long PMD_SLOT = (3L << 12) + 2 * 8;

    private final PhysMem mem = new PhysMem();
    private final Tlb tlb = new Tlb(64, 4, false);
    private final Mmu mmu = new Mmu(PagingMode.FOUR_LEVEL, mem, tlb);

    WalkCacheTest() {
        mem.write(1L << 12, 8, Pte.make(2, TABLE));
        mem.write(2L << 12, 8, Pte.make(3, TABLE));
        mem.write(PMD_SLOT, 8, Pte.make(4, TABLE));
        mem.write((4L << 12) + 0 * 8, 8, Pte.make(0x10, TABLE));
        mem.write((4L << 12) + 1 * 8, 8, Pte.make(0x11, TABLE));
    }

    @Test
    void aClearedAccessedBitAboveThePteIsSetAgainByTheNextWalk() {
        assertEquals(0x10123L, mmu.translate(1, 0x400123L, Access.READ, true));
        assertEquals(Pte.make(4, TABLE | Pte._PAGE_ACCESSED), mem.readLong(PMD_SLOT));
        // pmdp_test_and_clear_young(): the kernel clears the pmd's Accessed bit
        mem.write(PMD_SLOT, 8, Pte.make(4, TABLE));
        assertEquals(0x11008L, mmu.translate(1, 0x401008L, Access.READ, true));
        assertEquals(Pte.make(4, TABLE | Pte._PAGE_ACCESSED), mem.readLong(PMD_SLOT), "the walk read the pmd again");
        assertEquals(2, tlb.misses());
    }

    @Test
    void aWriteProtectedPmdFaultsTheNextWriteInItsRegion() {
        assertEquals(0x10000L, mmu.translate(1, 0x400000L, Access.WRITE, true));
        mem.write(PMD_SLOT, 8, Pte.make(4, (TABLE & ~Pte._PAGE_RW) | Pte._PAGE_ACCESSED));
        long r = mmu.translate(1, 0x401000L, Access.WRITE, true);
        assertEquals(Mmu.FAULT | Mmu.X86_PF_PROT | Mmu.X86_PF_WRITE | Mmu.X86_PF_USER, r);
        assertEquals(0x11000L, mmu.translate(1, 0x401000L, Access.READ, true));
    }

    @Test
    void aFaultOnAMissingPteIsReportedWhereTheWalkStopped() {
        long r = mmu.translate(1, 0x402000L, Access.WRITE, true);
        assertEquals(Mmu.FAULT | Mmu.X86_PF_WRITE | Mmu.X86_PF_USER, r);
        assertEquals(3, mmu.missLevel(1, 0x402000L));
        assertEquals((4L << 12) + 2 * 8, mmu.missSlot());
        mem.write((4L << 12) + 2 * 8, 8, Pte.make(0x12, TABLE | Pte._PAGE_DIRTY));
        assertEquals(0x12040L, mmu.retryAfterFault(1, 0x402040L, Access.WRITE, true, (4L << 12) + 2 * 8));
        assertEquals(Pte.make(0x12, TABLE | Pte._PAGE_DIRTY | Pte._PAGE_ACCESSED), mem.readLong((4L << 12) + 2 * 8));
        assertEquals(0, tlb.hits());
        assertEquals(2, tlb.misses());
        assertEquals(-1, mmu.missLevel(1, 0x402000L), "the retry's walk did not stop");
    }
}
