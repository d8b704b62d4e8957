package org.mmdsl.runtime.pagealloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelCall;

/** alloc_pages/free_pages through the kernel facade: events, zones, and the free areas restored. */
class KernelAllocPagesTest {

    @Test
    void allocAndFreeRestoreBuddyinfo() {
        List<Event> events = new ArrayList<>();
        BootParams p = new BootParams();
        p.ramBytes = 1536L << 20;
        Kernel k = Kernel.boot(p, events::add);
        String before = k.buddyinfo();
        long high = k.kmem().allocPages(Gfp.GFP_HIGHUSER, 3);
        long dma = k.kmem().allocPages(Gfp.GFP_DMA, 0);
        assertEquals("HighMem", k.memory().allocator().zone(k.memory().memMap().zone(high)).name());
        assertEquals(0, k.memory().memMap().zone(dma));
        assertTrue(events.stream().anyMatch(e -> e instanceof KernelCall
                && e.message().equals(String.format("alloc_pages(GFP_HIGHUSER, 3) = pfn 0x%x (HighMem)", high))), events.toString());
        k.kmem().freePages(high, 3);
        k.kmem().freePages(dma, 0);
        assertEquals(before, k.buddyinfo());
        assertNull(k.memory().allocator().validate());
        assertEquals(-1, k.kmem().allocPages(Gfp.GFP_KERNEL, 11));
    }
}
