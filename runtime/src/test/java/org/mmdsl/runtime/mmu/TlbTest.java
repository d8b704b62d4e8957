package org.mmdsl.runtime.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The dTLB model: PCID tags, global entries surviving a CR3 load, invlpg and PTE-slot invalidation. */
class TlbTest {
    private static final long DATA = 0x5000L | 0x1 | 0x2 | 0x4 | 0x40;

    @Test
    void cr3LoadWithoutPcidKeepsOnlyGlobalEntries() {
        Tlb t = new Tlb(16, 4, false);
        t.switchMm(1);
        t.fill(0x40000000L, DATA, false, 0x100);
        t.fill(0xc0000000L, DATA, true, 0x200);
        assertEquals(DATA, t.lookup(0x40000123L));
        t.switchMm(2);
        assertEquals(0, t.lookup(0x40000000L));
        assertEquals(DATA, t.lookup(0xc0000000L));
        t.invlpg(0xc0000000L);
        assertEquals(0, t.lookup(0xc0000000L));
    }

    @Test
    void pcidKeepsEachMmsEntriesAndPteChangesDropThem() {
        Tlb t = new Tlb(64, 4, true);
        t.switchMm(1);
        t.fill(0x40000000L, DATA, false, 0x100);
        t.switchMm(2);
        assertEquals(0, t.lookup(0x40000000L));
        t.switchMm(1);
        assertEquals(DATA, t.lookup(0x40000000L));
        t.invalidateSlot(0x100);
        assertEquals(0, t.lookup(0x40000000L));
    }
}
