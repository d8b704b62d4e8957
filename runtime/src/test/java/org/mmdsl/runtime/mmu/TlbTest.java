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

    /**
     * The host-side copy of recent hits (Tlb.hostKey) finds what a search of every way finds, after
     * the copied entry was dropped, replaced, or its PCID switched away:
     * <pre>
     *   set 0 of a 4-set, 4-way TLB: pages 0x0, 0x4000, 0x8000, 0xc000 in ways 0..3
     *   hit 0xc000 (copied) -> invlpg 0xc000 -> miss; fill 0x10000 replaces way 0 (0x0) -> 0x0 misses
     * </pre>
     */
    @Test
    void hostCopyFindsWhatTheSearchOfTheWaysFinds() {
        Tlb t = new Tlb(16, 4, true);
        t.switchMm(1);
        for (int w = 0; w < 4; w++) {
            t.fill(w * 0x4000L, DATA + (w << 12), false, 0x100 + w);
        }
        assertEquals(DATA + (3 << 12), t.lookup(0xc000L));
        assertEquals(DATA + (1 << 12), t.lookup(0x4000L));
        assertEquals(DATA + (3 << 12), t.lookup(0xc000L));
        t.invlpg(0xc000L);
        assertEquals(0, t.lookup(0xc000L), "the copied entry was dropped");
        assertEquals(DATA + (2 << 12), t.lookup(0x8000L));
        assertEquals(DATA, t.lookup(0x0L)); // copied now; the fill below replaces it
        t.fill(0x10000L, DATA + 0x7000, false, 0x200); // round-robin: way 0, page 0x0 goes
        assertEquals(0, t.lookup(0x0L));
        assertEquals(DATA + 0x7000, t.lookup(0x10000L));
        t.switchMm(2);
        assertEquals(0, t.lookup(0x10000L), "another PCID");
        t.switchMm(1);
        assertEquals(DATA + 0x7000, t.lookup(0x10000L), "back in PCID 1");
        t.invalidateSlot(0x200);
        assertEquals(0, t.lookup(0x10000L), "its pte changed");
        assertEquals(DATA + (1 << 12), t.lookup(0x4000L));
        t.flushAll();
        assertEquals(0, t.lookup(0x4000L), "flushed");
    }
}
