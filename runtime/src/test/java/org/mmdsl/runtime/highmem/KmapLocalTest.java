package org.mmdsl.runtime.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * kmap_local_page / kmap_atomic on the i386 fixmap slots (mm/highmem.c 6.1). Slots of CPU c:
 * <pre>
 *   FIXADDR_TOP 0xfffff000 - (FIX_KMAP_BEGIN 68 + 16 c + idx) pages
 *   cpu 0: 0xfffbb000 (idx 0), 0xfffba000 (idx 1), ...   cpu 1: 0xfffab000 (idx 0), ...
 * </pre>
 */
class KmapLocalTest {
    private final List<Event> events = new ArrayList<>();

    private Kernel boot() {
        BootParams p = new BootParams();
        p.cpus = 2;
        return Kernel.boot(p, events::add);
    }

    private long warnings() {
        return events.stream().filter(e -> e instanceof KernelMessage && ((KernelMessage) e).warning()).count();
    }

    @Test
    void slotsAreAPerCpuStackAndLowmemNeedsNone() {
        Kernel k = boot();
        long high = k.memory().maxLowPfn() + 0x100;
        var h = k.highmem();
        assertEquals(0xc0123000L, h.kmapLocal(0, 0x123, false));
        assertEquals(0, h.kmapLocal().depth(0));
        assertEquals(0xfffbb000L, h.kmapLocal(0, high, false));
        assertEquals(0xfffba000L, h.kmapLocal(0, high + 1, true));
        assertEquals(0xfffab000L, h.kmapLocal(1, high + 2, false));
        assertEquals(1, h.kmapLocal().preemptCount(0));
        assertEquals(1, h.kmapLocal().migrateDisabled(1));
        h.kunmapLocal(0, high + 1, true);
        h.kunmapLocal(0, high, false);
        h.kunmapLocal(1, high + 2, false);
        assertEquals(0, warnings(), events.toString());
        assertEquals(0, h.kmapLocal().depth(0));
        assertEquals(0, h.kmapLocal().preemptCount(0));
    }

    @Test
    void outOfOrderUnmapWarnsAndClearsTheTopSlot() {
        Kernel k = boot();
        long high = k.memory().maxLowPfn() + 0x100;
        var h = k.highmem();
        h.kmapLocal(0, high, false);
        h.kmapLocal(0, high + 1, false);
        h.kunmapLocal(0, high, false);
        assertEquals(1, warnings());
        // the kernel popped the top slot: high+1 lost its mapping, high is still in slot 0
        assertEquals(high, h.kmapLocal().pfnAt(0xfffbb000L));
        assertEquals(-1, h.kmapLocal().pfnAt(0xfffba000L));
    }

    @Test
    void depthIsBoundedByKmMaxIdx() {
        Kernel k = boot();
        long high = k.memory().maxLowPfn();
        var h = k.highmem();
        for (int i = 0; i < 16; i++) {
            assertTrue(h.kmapLocal(0, high + i, false) > 0);
        }
        assertEquals(-1, h.kmapLocal(0, high + 16, false));
        assertTrue(events.get(events.size() - 1).message().contains("BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX)"));
    }

    @Test
    void sleepingInsideKmapAtomicIsABugButNotInsideKmapLocal() {
        Kernel k = boot();
        long high = k.memory().maxLowPfn();
        var h = k.highmem();
        h.kmapLocal(0, high, false);
        k.kmem().kmalloc(64, Gfp.GFP_KERNEL, false);
        k.kmap(high + 5);
        assertEquals(0, warnings());
        h.kmapLocal(0, high + 1, true);
        k.kmem().kmalloc(64, Gfp.GFP_ATOMIC, false);
        assertEquals(0, warnings());
        k.kmem().kmalloc(64, Gfp.GFP_KERNEL, false);
        k.kmap(high + 6);
        assertEquals(2, warnings());
        assertTrue(events.stream().anyMatch(e -> e.message().contains(
                "BUG: sleeping function called from invalid context at include/linux/sched/mm.h")));
    }
}
