package org.mmdsl.runtime.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.pagealloc.Gfp;

/** A populated ZONE_MOVABLE from movablecore= / kernelcore= (find_zone_movable_pfns_for_nodes()). */
class ZoneMovableTest {

    static Kernel boot(long kernelcoreMb, long movablecoreMb) {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = 2048L << 20;
        p.kernelcoreBytes = kernelcoreMb < 0 ? -1 : kernelcoreMb << 20;
        p.movablecoreBytes = movablecoreMb < 0 ? -1 : movablecoreMb << 20;
        return Kernel.boot(p, null);
    }

    @Test
    void movablecoreTakesTheTopOfTheHighestZone() {
        Kernel k = boot(-1, 512);
        Zone movable = k.memory().zone("Movable");
        Zone dma32 = k.memory().zone("DMA32");
        // kernelcore = all RAM - 512 MB: 158 pages below DMA32, 3840 in DMA's part of the second
        // range, the rest from pfn 0x1000 up, rounded up to MAX_ORDER_NR_PAGES.
        assertEquals(0x60000, movable.startPfn());
        assertEquals(0x7ffe0, movable.endPfn());
        assertEquals(0x60000, dma32.endPfn());
        assertTrue(k.dmesg().contains("Movable zone start for each node\n  Node 0: 0x0000000060000000\n"), k.dmesg());
        // user pages come from ZONE_MOVABLE, kernel pages from DMA32
        long user = k.kmem().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        long kern = k.kmem().allocPages(Gfp.GFP_KERNEL, 0);
        assertEquals("Movable", k.memory().allocator().zone(k.memory().memMap().zone(user)).name());
        assertEquals("DMA32", k.memory().allocator().zone(k.memory().memMap().zone(kern)).name());
        assertNull(k.memory().allocator().validate());
    }

    @Test
    void kernelcoreKeepsThatMuchOutOfZoneMovable() {
        // 1 GB = 262144 pages of kernelcore: 158 + 3840 pages below DMA32, 258146 from pfn 0x1000 up
        // to 0x40062 (the hole at 640 KB does not count), rounded up to MAX_ORDER_NR_PAGES (1024)
        assertEquals(0x40400, boot(1024, -1).memory().zone("Movable").startPfn());
        // both given: the larger kernelcore wins (2048 MB of RAM - 1024 MB movable is less than 1536 MB)
        assertEquals(0x60400, boot(1536, 1024).memory().zone("Movable").startPfn());
        // kernelcore above the RAM: no ZONE_MOVABLE
        assertEquals(0, boot(4096, -1).memory().zone("Movable").present());
    }
}
