package org.mmdsl.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.ZoneView;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Issue 7: the textbook 2.6 model (2.6.24 i386, {@link KernelModel}) next to 6.1. The 2.6 values
 * are derived from the 2.6.24 sources by hand, as the class comment of KernelLayout draws them:
 * <pre>
 *   FIXADDR_START 0xfff4d000   BOOT_START 0xfff3c000   PKMAP_BASE 0xff800000 (PAE 0xffc00000)
 *   VMALLOC 0xf8800000-0xff7fe000   lowmem 0xc0000000-0xf8000000 (896 MB)
 * </pre>
 */
class Issue7Test {

    static BootParams params(KernelModel m, Arch a) {
        BootParams p = new BootParams();
        p.model = m;
        p.arch = a;
        return p;
    }

    @Test
    void highmemStartsAt896MbUnder26() {
        Kernel k = Kernel.boot(params(KernelModel.V2_6, Arch.I386), EventSink.NONE);
        ZoneView high = k.zone("HighMem");
        assertEquals(0x38000, high.startPfn());
        ZoneView dma = k.zone("DMA");
        assertEquals(0, dma.startPfn(), "2.6.24 add_active_range(0, 0, highend_pfn): ZONE_DMA starts at pfn 0");
        assertEquals(4096, dma.spanned());
        // 2.6.24 free_area_init_core(): present_pages = realsize = 4096 - 4096 * 32 / 4096 (memmap)
        assertEquals(4064, dma.present());
        KernelLayout l = k.layout();
        assertEquals(0xfff4d000L, l.fixaddrStart());
        assertEquals(0xfff3c000L, l.fixaddrTotStart());
        assertEquals(0xff800000L, l.pkmapBase());
        assertEquals(0xff7fe000L, l.vmallocEnd());
        assertEquals(0xf8000000L, l.highMemory());
        assertEquals(0xf8800000L, l.vmallocStart());
        assertEquals(0xfffff000L - 69 * 4096L, l.kmapAtomicSlot26(0, 0), "FIX_KMAP_BEGIN is index 69");
        assertEquals(l.kmapAtomicSlot26(0, 0) - 13 * 4096L, l.kmapAtomicSlot26(1, 0), "KM_TYPE_NR slots per CPU");
        String dmesg = k.dmesg();
        for (String line : List.of("639MB HIGHMEM available.", "896MB LOWMEM available.", "Zone PFN ranges:",
                "  DMA             0 ->     4096", "  Normal       4096 ->   229376", "  HighMem    229376 ->   393184",
                "early_node_map[1] active PFN ranges", "    0:        0 ->   393184",
                "virtual kernel memory layout:", "    fixmap  : 0xfff4d000 - 0xfffff000   ( 712 kB)",
                "    pkmap   : 0xff800000 - 0xffc00000   (4096 kB)", "    vmalloc : 0xf8800000 - 0xff7fe000   ( 111 MB)",
                "    lowmem  : 0xc0000000 - 0xf8000000   ( 896 MB)",
                " BIOS-e820: 0000000000000000 - 000000000009fc00 (usable)")) {
            assertTrue(dmesg.contains(line + "\n"), () -> "missing <" + line + "> in\n" + dmesg);
        }
    }

    @Test
    void paeUnder26HasHalfThePkmapSlots() {
        Kernel k = Kernel.boot(params(KernelModel.V2_6, Arch.I386_PAE), EventSink.NONE);
        assertEquals(0x38000, k.zone("HighMem").startPfn());
        assertEquals(512, k.layout().lastPkmap());
        assertEquals(0xffc00000L, k.layout().pkmapBase());
        assertEquals(0xffbfe000L, k.layout().vmallocEnd());
    }

    @Test
    void the61DefaultIsUnchanged() {
        Kernel k = Kernel.boot(params(KernelModel.V6_1, Arch.I386), EventSink.NONE);
        assertEquals(0x36bfe, k.zone("HighMem").startPfn());
        assertEquals(KernelModel.V6_1, new BootParams().model);
    }

    @Test
    void checkRejectsWhatThe26ModelDoesNotCover() {
        assertTrue(BootParams.check(params(KernelModel.V2_6, Arch.X86_64)).contains("i386 only"));
        BootParams p = params(KernelModel.V2_6, Arch.I386);
        p.cpus = 9;
        assertTrue(BootParams.check(p).contains("between 1 and 8"));
        p.cpus = 1;
        p.thp = ThpMode.ALWAYS;
        assertTrue(BootParams.check(p).contains("2.6.38"));
        p.thp = ThpMode.NEVER;
        p.vmallocBytes = 64L << 20;
        assertNull(BootParams.check(p));
        assertEquals(0x3c000000L, KernelLayout.of(p).maxmem(), "2.6.24: MAXMEM = -PAGE_OFFSET - vmalloc=");
    }

    /**
     * <pre>
     *   mmap A, mmap B (below A, top-down)    cache: B after the placement walks
     *   write A+16   fault: miss (cache B) -> A;  write A+4KB+16: fault, hit (find_vma runs on faults)
     *   write B      miss -> B                munmap B: cache emptied
     * </pre>
     */
    @Test
    void findVmaUsesTheMmapCacheUnder26Only() {
        Kernel k = Kernel.boot(params(KernelModel.V2_6, Arch.I386), EventSink.NONE);
        Task t = k.spawn("init");
        int rw = Mman.PROT_READ | Mman.PROT_WRITE;
        int anon = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
        long a = t.mmap(0, 8192, rw, anon, null, 0);
        long b = t.mmap(0, 4096, Mman.PROT_READ, anon, null, 0);
        AccessResult r = new AccessResult();
        t.write(a + 16, 1, r);
        String before = t.mmapCache();
        long hits = t.mm().mmapCacheHits();
        t.write(a + 4096 + 16, 2, r);
        assertEquals(hits + 1, t.mm().mmapCacheHits(), before);
        assertTrue(t.mmapCache().startsWith(String.format("mmap_cache: %08x-%08x rw-p", a, a + 8192)), t.mmapCache());
        long misses = t.mm().mmapCacheMisses();
        t.read(b, r);
        assertEquals(misses + 1, t.mm().mmapCacheMisses());
        assertEquals(b, t.mm().mmapCache().vmStart());
        t.munmap(b, 4096);
        assertTrue(t.mmapCache().startsWith("mmap_cache: empty") || t.mm().mmapCache() != null);

        Kernel k61 = Kernel.boot(params(KernelModel.V6_1, Arch.I386), EventSink.NONE);
        Task t61 = k61.spawn("init");
        assertNull(t61.mmapCache());
        assertNotNull(t61.mm());
    }
}
