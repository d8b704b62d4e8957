package org.mmdsl.runtime.pagealloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.init.Setup;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.zone.Zone;

/** Split, coalesce, zone fallback, watermarks and exhaustion; the invariant checker runs after every step. */
class BuddyAllocatorTest {
    private final List<Event> events = new ArrayList<>();
    private MemMap memMap;
    private Zone zone;
    private BuddyAllocator buddy;

    /** One zone "Normal" of 16 frames [0, 16), all reserved until freeBootRange. */
    private void tiny() {
        memMap = new MemMap(16);
        for (int p = 0; p < 16; p++) {
            memMap.set(p, MemMap.PG_reserved);
            memMap.setRefcount(p, 1);
        }
        zone = new Zone(0, "Normal", false, 0, 16, 16, 1);
        zone.setManaged(16);
        buddy = new BuddyAllocator(memMap, new Zone[] {zone}, 0, -1, 0, -1, 0, events::add);
    }

    private void valid() {
        assertNull(buddy.validate());
    }

    /** The free areas as "o0:[1] o1:[2] ...", first block on each list first. */
    private String freeAreas() {
        StringBuilder sb = new StringBuilder();
        for (int o = 0; o < BuddyAllocator.MAX_ORDER; o++) {
            long p = buddy.firstFree(0, o);
            if (p < 0) {
                continue;
            }
            sb.append(sb.length() == 0 ? "" : " ").append("o").append(o).append(":");
            String sep = "[";
            for (; p >= 0; p = buddy.nextFree(0, o, p)) {
                sb.append(sep).append(p);
                sep = ",";
            }
            sb.append("]");
        }
        return sb.toString();
    }

    @Test
    void splitThenCoalesce() {
        tiny();
        buddy.freeBootRange(0, 16);
        valid();
        //   pfn  0               15
        //        [      order 4      ]
        assertEquals("o4:[0]", freeAreas());

        long a = buddy.allocPages(Gfp.GFP_KERNEL, 0);
        valid();
        //        [A][1][2 3][4 . . 7][8 . . . . . . 15]     expand(): halves go to orders 3, 2, 1, 0
        assertEquals(0, a);
        assertEquals("o0:[1] o1:[2] o2:[4] o3:[8]", freeAreas());
        assertEquals(1, memMap.refcount(0));
        assertEquals(15, zone.freePages());

        long b = buddy.allocPages(Gfp.GFP_KERNEL, 1);
        valid();
        //        [A][1][ B ][4 . . 7][8 . . . . . . 15]
        assertEquals(2, b);
        assertEquals("o0:[1] o2:[4] o3:[8]", freeAreas());

        buddy.freePages(a, 0);
        valid();
        //        [0  1][ B ][4 . . 7][8 . . . . . . 15]     0 ^ 1 = 1 is free: merge to order 1 at 0
        assertEquals("o1:[0] o2:[4] o3:[8]", freeAreas());

        buddy.freePages(b, 1);
        valid();
        //        [      order 4      ]                      2^2=0, 0^4=4, 0^8=8: merged up to order 4
        assertEquals("o4:[0]", freeAreas());
        assertEquals(16, zone.freePages());
    }

    @Test
    void compoundPagesCarryHeadAndTail() {
        tiny();
        buddy.freeBootRange(0, 16);
        long p = buddy.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2);
        valid();
        assertTrue(memMap.test(p, MemMap.PG_head));
        assertEquals(2, memMap.order(p));
        assertTrue(memMap.test(p + 3, MemMap.PG_tail));
        buddy.freePages(p, 2);
        valid();
        assertFalse(memMap.test(p + 3, MemMap.PG_tail));
        assertEquals("o4:[0]", freeAreas());
    }

    @Test
    void zeroHookSeesEveryFrame() {
        tiny();
        buddy.freeBootRange(0, 16);
        List<Long> zeroed = new ArrayList<>();
        buddy.setZeroer(zeroed::add);
        long p = buddy.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 1);
        assertEquals(List.of(p, p + 1), zeroed);
        assertTrue(buddy.lastAllocationZeroed());
        valid();
    }

    @Test
    void exhaustionReturnsMinusOneAndEmitsFailure() {
        tiny();
        buddy.freeBootRange(0, 16);
        for (int i = 0; i < 16; i++) {
            assertTrue(buddy.allocPages(Gfp.GFP_KERNEL, 0) >= 0);
            valid();
        }
        assertEquals(-1, buddy.allocPages(Gfp.GFP_KERNEL, 0));
        valid();
        assertEquals("page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null)",
                events.get(events.size() - 1).message());
        assertEquals(-1, buddy.allocPages(Gfp.GFP_KERNEL, 11));
    }

    @Test
    void freeingTwiceOrFreeingReservedIsABadPage() {
        tiny();
        buddy.freeBootRange(0, 8);
        long p = buddy.allocPages(Gfp.GFP_KERNEL, 0);
        buddy.freePages(p, 0);
        buddy.freePages(p, 0);
        assertTrue(events.get(events.size() - 1).message().startsWith("BUG: Bad page state"));
        buddy.freePages(12, 0); // still PG_reserved, refcount 1
        assertTrue(events.get(events.size() - 1).message().contains("PAGE_FLAGS_CHECK_AT_FREE"));
        valid();
    }

    @Test
    void atomicAllocationsDigBelowTheMinWatermark() {
        tiny();
        buddy.freeBootRange(0, 16);
        zone.setWatermarks(8, 10, 12);
        buddy.setWatermarksEnabled(true);
        int kernel = 0;
        while (buddy.allocPages(Gfp.GFP_KERNEL, 0) >= 0) {
            kernel++;
            valid();
        }
        // low pass fails at free <= 10, min pass at free <= 8: GFP_KERNEL stops with 8 free.
        assertEquals(8, kernel);
        int atomic = 0;
        while (buddy.allocPages(Gfp.GFP_ATOMIC, 0) >= 0) {
            atomic++;
            valid();
        }
        // ALLOC_HIGH halves min (4), ALLOC_HARDER takes a quarter more (3): stops at free <= 3.
        assertEquals(5, atomic);
        assertEquals(3, zone.freePages());
    }

    @Test
    void gfpPicksTheZonelistAndFallsBack() {
        BootParams p = new BootParams();
        p.arch = Arch.I386_PAE;
        p.ramBytes = 128L << 20;
        p.highmemBytes = 32L << 20;
        PhysicalMemory m = Setup.boot(p, events::add);
        BuddyAllocator a = m.allocator();
        assertNull(a.validate());
        Zone dma = m.zone("DMA");
        Zone normal = m.zone("Normal");
        Zone high = m.zone("HighMem");
        assertTrue(high.present() > 0);

        assertTrue(high.spans(a.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0)));
        assertTrue(normal.spans(a.allocPages(Gfp.GFP_KERNEL, 0)));
        assertTrue(dma.spans(a.allocPages(Gfp.GFP_DMA | Gfp.GFP_KERNEL, 0)));
        assertNull(a.validate());

        // drain HighMem: GFP_HIGHUSER then falls back to Normal, never the other way round
        long pfn;
        while (high.spans(pfn = a.allocPages(Gfp.GFP_HIGHUSER, 0))) {
            assertTrue(pfn >= m.maxLowPfn());
        }
        assertTrue(normal.spans(pfn), "fell back to Normal");
        assertTrue(high.freePages() <= high.low() + high.lowmemReserve(2));
        assertNull(a.validate());
        for (int i = 0; i < 1000; i++) {
            assertFalse(high.spans(a.allocPages(Gfp.GFP_KERNEL, 0)));
        }
        // Normal exhausted for GFP_KERNEL: it falls back to DMA, kept back by lowmem_reserve
        while (normal.spans(pfn = a.allocPages(Gfp.GFP_KERNEL, 3))) {
            // drain
        }
        assertTrue(pfn == -1 || dma.spans(pfn));
        assertNull(a.validate());
        assertEquals(-1, a.allocPages(Gfp.__GFP_DMA | Gfp.__GFP_HIGHMEM, 0));
    }

    @Test
    void bootedMachinesAreConsistent() {
        for (Arch arch : Arch.values()) {
            BootParams p = new BootParams();
            p.arch = arch;
            p.ramBytes = 256L << 20;
            PhysicalMemory m = Setup.boot(p, null);
            assertNull(m.allocator().validate(), arch.toString());
            long free = 0;
            for (Zone z : m.zones()) {
                free += z.freePages();
                assertEquals(z.managed(), z.freePages(), arch + " " + z.name());
            }
            assertEquals(m.totalramPages(), free);
        }
        // issue 3 point 2: at most 8 bytes of simulator memory per frame, free-list links included
        assertEquals(8, BuddyAllocator.bytesPerFrame() + MemMap.bytesPerFrame());
    }
}
