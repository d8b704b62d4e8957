package org.mmdsl.runtime.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.Gfp;

class SlubTest {
    private final List<Event> events = new ArrayList<>();

    private Kernel boot(Arch arch, int cpus) {
        BootParams p = new BootParams();
        p.arch = arch;
        p.cpus = cpus;
        return Kernel.boot(p, events::add);
    }

    /** Geometry of 6.1's calculate_order() with one CPU (min_objects 8), same on i386 and x86_64. */
    @Test
    void kmallocCacheGeometryOneCpu() {
        int[][] want = { // size, objperslab, pagesperslab
            {8, 512, 1}, {16, 256, 1}, {32, 128, 1}, {64, 64, 1}, {96, 42, 1}, {128, 32, 1}, {192, 21, 1},
            {256, 16, 1}, {512, 8, 1}, {1024, 8, 2}, {2048, 8, 4}, {4096, 8, 8}, {8192, 4, 8}};
        for (Arch arch : new Arch[] {Arch.I386, Arch.X86_64}) {
            Slub s = boot(arch, 1).kmem().slub();
            for (int[] w : want) {
                KmemCache c = s.kmallocSlab(w[0], Gfp.GFP_KERNEL);
                assertEquals(w[0], c.size(), c.name());
                assertEquals(w[1], c.objsPerSlab(), arch + " " + c.name());
                assertEquals(w[2], 1 << c.order(), arch + " " + c.name());
            }
        }
    }

    /** With 8 CPUs min_objects is 4 * (fls(8) + 1) = 20: kmalloc-256 moves to order 1 (32 objects). */
    @Test
    void moreCpusMeanLargerSlabs() {
        Slub s = boot(Arch.X86_64, 8).kmem().slub();
        assertEquals(32, s.kmallocSlab(256, Gfp.GFP_KERNEL).objsPerSlab());
        assertEquals(1, s.kmallocSlab(256, Gfp.GFP_KERNEL).order());
        assertEquals(3, s.kmallocSlab(2048, Gfp.GFP_KERNEL).order());
    }

    @Test
    void sizeClasses() {
        Slub s = boot(Arch.I386, 1).kmem().slub();
        assertEquals("kmalloc-8", s.kmallocSlab(1, 0).name());
        assertEquals("kmalloc-96", s.kmallocSlab(65, 0).name());
        assertEquals("kmalloc-128", s.kmallocSlab(97, 0).name());
        assertEquals("kmalloc-192", s.kmallocSlab(129, 0).name());
        assertEquals("kmalloc-256", s.kmallocSlab(193, 0).name());
        assertEquals("kmalloc-8k", s.kmallocSlab(4097, 0).name());
        assertEquals("dma-kmalloc-64", s.kmallocSlab(40, Gfp.GFP_DMA).name());
        assertNull(s.kmallocSlab(8193, 0));
    }

    /**
     * Objects come from the CPU slab in address order; a freed object is the next one handed out (LIFO):
     * <pre>
     *   slab kmalloc-192 @ X:  [a][b][c][ ]...   kfree(b) -> [a][ ][c]   kmalloc -> b again
     * </pre>
     */
    @Test
    void objectsInAddressOrderAndLifoReuse() {
        Kernel k = boot(Arch.I386, 1);
        long a = k.kmem().kmalloc(200, Gfp.GFP_KERNEL, false);
        long b = k.kmem().kmalloc(200, Gfp.GFP_KERNEL, false);
        long c = k.kmem().kmalloc(150, Gfp.GFP_KERNEL, false);
        assertEquals(a + 256, b);
        assertTrue(a >= 0xc0000000L && a < 0xc0000000L + (k.memory().maxLowPfn() << 12));
        assertNotEquals(0, c);
        long pfn = (a - 0xc0000000L) >>> 12;
        assertTrue(k.memory().memMap().test(pfn, MemMap.PG_slab));
        k.kmem().kfree(b);
        assertEquals(b, k.kmem().kmalloc(256, Gfp.GFP_KERNEL, true));
        assertEquals(0, k.physMem().read(b - 0xc0000000L, 4));
    }

    @Test
    void slabinfoFormatAndCpuSlabQuirk() {
        Kernel k = boot(Arch.I386, 1);
        long[] objs = new long[9];
        for (int i = 0; i < 9; i++) {
            objs[i] = k.kmem().kmalloc(1000, Gfp.GFP_KERNEL, false);
        }
        // 9 objects of kmalloc-1k: a full slab of 8 and a CPU slab holding 1 of 8
        String info = k.kmem().slabinfo();
        assertTrue(info.startsWith("slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> "
                + "<objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
                + "<active_slabs> <num_slabs> <sharedavail>\n"), info);
        // the CPU slab's 7 free objects are counted as active (count_partial() skips the CPU slab)
        assertTrue(info.contains("\nkmalloc-1k            16     16   1024    8    2 : tunables    0    0    0 "
                + ": slabdata      2      2      0\n"), info);
        // freeing one object of the full slab puts it on the partial list: now 15 active
        k.kmem().kfree(objs[0]);
        assertTrue(info(k).contains("\nkmalloc-1k            15     16   1024    8    2"), info(k));
        // newest first: dma-kmalloc-8k is the first line, kmalloc-8 the last
        String[] lines = info.split("\n");
        assertTrue(lines[2].startsWith("dma-kmalloc-8k "), lines[2]);
        assertTrue(lines[lines.length - 1].startsWith("kmalloc-8 "), lines[lines.length - 1]);
        assertTrue(info.indexOf("kmalloc-192 ") < info.indexOf("kmalloc-128 "));
        assertTrue(info.indexOf("kmalloc-128 ") < info.indexOf("kmalloc-96 "));
    }

    private static String info(Kernel k) {
        return k.kmem().slabinfo();
    }

    @Test
    void emptySlabsAreDiscardedBeyondMinPartial() {
        Kernel k = boot(Arch.I386, 1);
        long free0 = k.memory().zone("Normal").freePages();
        // 7 full slabs of kmalloc-4k (8 objects, order 3), then the CPU slab moves on to an 8th
        long[] o = new long[57];
        for (int i = 0; i < o.length; i++) {
            o[i] = k.kmem().kmalloc(4096, Gfp.GFP_KERNEL, false);
        }
        KmemCache c = k.kmem().slub().cache("kmalloc-4k");
        assertEquals(8, c.nrSlabs());
        for (int i = 0; i < 56; i++) {
            k.kmem().kfree(o[i]);
        }
        // min_partial of kmalloc-4k is max(5, ilog2(4096) / 2 = 6) = 6: six empty slabs stay
        assertEquals(6, c.nrPartial());
        assertEquals(7, c.nrSlabs());
        assertEquals(1, c.inUse());
        assertEquals(free0 - 7 * 8, k.memory().zone("Normal").freePages());
        assertNull(k.memory().allocator().validate());
    }

    @Test
    void largeKmallocComesFromThePageAllocator() {
        Kernel k = boot(Arch.X86_64, 1);
        long free0 = k.memory().zone("DMA32").freePages();
        long a = k.kmem().kmalloc(20000, Gfp.GFP_KERNEL, false);
        long pfn = (a - k.layout().pageOffset()) >>> 12;
        assertTrue(k.memory().memMap().test(pfn, MemMap.PG_head));
        assertEquals(3, k.memory().memMap().order(pfn));
        assertEquals(free0 - 8, k.memory().zone("DMA32").freePages());
        k.kmem().kfree(a);
        assertEquals(free0, k.memory().zone("DMA32").freePages());
        assertEquals(0, k.kmem().kmalloc(8L << 20, Gfp.GFP_KERNEL, false));
        assertEquals(Slub.ZERO_SIZE_PTR, k.kmem().kmalloc(0, Gfp.GFP_KERNEL, false));
    }

    @Test
    void misuseIsReported() {
        Kernel k = boot(Arch.I386, 1);
        long a = k.kmem().kmalloc(64, Gfp.GFP_KERNEL, false);
        k.kmem().kfree(a);
        events.clear();
        k.kmem().kfree(a);
        assertTrue(events.get(0).message().contains("BUG kmalloc-64 (Not tainted): Object already free"),
                events.toString());
        events.clear();
        long b = k.kmem().kmalloc(64, Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM, false);
        assertNotEquals(0, b);
        assertTrue(events.get(0).message().startsWith("Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 "
                + "(GFP_KERNEL). Fix your code!"), events.toString());
    }
}
