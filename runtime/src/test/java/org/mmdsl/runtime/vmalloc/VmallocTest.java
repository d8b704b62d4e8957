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
}
