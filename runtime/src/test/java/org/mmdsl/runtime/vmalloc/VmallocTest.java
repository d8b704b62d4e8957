package org.mmdsl.runtime.vmalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.pagealloc.Gfp;

class VmallocTest {

    /**
     * <pre>
     *   VMALLOC_START: | a: 3 pages | guard | b: 1 page | guard | ...
     *   vfree(a): a's range stays busy (unpurged), so c goes after b
     * </pre>
     */
    @Test
    void areasWithGuardPagesLowestFirstAndLazyPurge() {
        Kernel k = Kernel.boot(new BootParams(), null);
        long start = k.layout().vmallocStart();
        long a = k.kmem().vmalloc(3 * 4096);
        long b = k.kmem().vmalloc(100);
        assertEquals(start, a);
        assertEquals(start + 4 * 4096, b);
        long pfn = k.kmem().vmallocToPage(a + 4096);
        assertTrue(pfn >= k.memory().maxLowPfn(), "vmalloc pages come from HighMem on i386");
        assertEquals(-1, k.kmem().vmallocToPage(a + 3 * 4096), "the guard page is not mapped");
        assertEquals(String.format("0x%08x-0x%08x   16384 pages=3 vmalloc\n0x%08x-0x%08x    8192 pages=1 vmalloc\n",
                a, a + 16384, b, b + 8192), k.kmem().vmallocinfo());
        k.kmem().vfree(a, false);
        long c = k.kmem().vmalloc(4096);
        assertEquals(b + 8192, c);
        assertTrue(k.kmem().vmallocinfo().endsWith(String.format("0x%08x-0x%08x   16384 unpurged vm_area\n", a, a + 16384)));
        assertNull(k.memory().allocator().validate());
    }

    @Test
    void kvmallocFallsBackToVmalloc() {
        Kernel k = Kernel.boot(new BootParams(), null);
        long small = k.kmem().kvmalloc(3000, Gfp.GFP_KERNEL);
        assertTrue(small >= k.layout().pageOffset() && !k.kmem().vmalloc().isVmallocAddr(small));
        long big = k.kmem().kvmalloc(8L << 20, Gfp.GFP_KERNEL);
        assertTrue(k.kmem().vmalloc().isVmallocAddr(big));
        assertEquals(0, k.kmem().kvmalloc(8L << 20, Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN), "no vmalloc without GFP_KERNEL");
        k.kmem().vfree(big, true);
        k.kmem().vfree(small, true);
        assertEquals(0, k.kmem().vmalloc().areas().size());
    }

    /**
     * <pre>
     *   VMALLOC_START: | v: vmap of 2 pages | guard | ...
     *   vunmap(v): unmapped, range unpurged, the two pages still allocated (the caller's)
     * </pre>
     */
    @Test
    void vmapMapsTheCallersPagesAndVunmapFreesNone() {
        Kernel k = Kernel.boot(new BootParams(), null);
        long p0 = k.kmem().allocPages(Gfp.GFP_HIGHUSER, 0);
        long p1 = k.kmem().allocPages(Gfp.GFP_KERNEL, 0);
        long v = k.kmem().vmap(new long[] {p0, p1});
        assertEquals(k.layout().vmallocStart(), v);
        assertEquals(p0, k.kmem().vmallocToPage(v));
        assertEquals(p1, k.kmem().vmallocToPage(v + 4096));
        assertEquals(-1, k.kmem().vmallocToPage(v + 8192), "guard page");
        assertEquals(String.format("0x%08x-0x%08x   12288 vmap\n", v, v + 12288), k.kmem().vmallocinfo());
        k.kmem().vunmap(v);
        assertEquals(-1, k.kmem().vmallocToPage(v));
        assertEquals(1, k.memory().memMap().refcount(p0), "vunmap frees no page");
        k.kmem().freePages(p0, 0);
        k.kmem().freePages(p1, 0);
        assertNull(k.memory().allocator().validate());
    }

    @Test
    void vunmapOfNothingWarns() {
        java.util.List<org.mmdsl.runtime.event.Event> events = new java.util.ArrayList<>();
        Kernel k = Kernel.boot(new BootParams(), events::add);
        events.clear();
        k.kmem().vunmap(k.layout().vmallocStart());
        assertEquals("WARNING: mm/vmalloc.c: Trying to vunmap() nonexistent vm area (0x"
                + Long.toHexString(k.layout().vmallocStart()) + ")", events.get(0).message());
    }

    /**
     * ioremap of the i386 local APIC page 0xfee00000 (reserved in no e820 range: not RAM): an
     * uncached (PCD) mapping at VMALLOC_START; the offset within the page is kept. RAM in use is
     * refused; the ISA hole comes back from the direct map.
     */
    @Test
    void ioremapMapsDeviceRangesUncachedAndRefusesRam() {
        java.util.List<org.mmdsl.runtime.event.Event> events = new java.util.ArrayList<>();
        Kernel k = Kernel.boot(new BootParams(), events::add);
        long start = k.layout().vmallocStart();
        long a = k.kmem().ioremap(0xfee00020L, 0x100);
        assertEquals(start + 0x20, a);
        assertEquals(0xfee00, k.kmem().vmallocToPage(a));
        java.util.List<org.mmdsl.runtime.pgtable.PageWalk.Level> levels = k.kernelPageTables().pageTables()
                .walk(k.kernelPageTables().swapperPgDir(), a).levels();
        long pte = levels.get(levels.size() - 1).entry();
        assertTrue((pte & org.mmdsl.runtime.arch.Pte._PAGE_PCD) != 0, "ioremap maps uncached");
        assertEquals(String.format("0x%08x-0x%08x    8192 phys=0xfee00000 ioremap\n", start, start + 8192),
                k.kmem().vmallocinfo());
        // 5 pages: aligned to 8 pages (get_count_order), the first such address after a and its guard
        long b = k.kmem().ioremap(0xfebf0000L, 5 * 4096);
        assertEquals((start + 8192 + 0x7fff) & ~0x7fffL, b);
        events.clear();
        assertEquals(0, k.kmem().ioremap(0x20000000L, 4096), "RAM the page allocator manages");
        assertEquals("WARNING: arch/x86/mm/ioremap.c: ioremap on RAM at 0x20000000 - 0x20000fff", events.get(0).message());
        assertTrue(k.kmem().ioremap(0x1000000L, 4096) != 0, "the kernel image is PG_reserved RAM: allowed");
        assertEquals(k.layout().pageOffset() + 0xb8000, k.kmem().ioremap(0xb8000, 4000), "ISA hole: always mapped");
        k.kmem().iounmap(a);
        assertEquals(-1, k.kmem().vmallocToPage(a));
        events.clear();
        k.kmem().iounmap(a);
        assertEquals(String.format("iounmap: bad address %#x", a), events.get(0).message());
        assertNull(k.memory().allocator().validate());
    }
}
