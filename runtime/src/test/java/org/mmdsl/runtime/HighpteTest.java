package org.mmdsl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.pgtable.PageWalk;
import org.mmdsl.runtime.uapi.Mman;

/**
 * CONFIG_HIGHPTE: user pte tables from ZONE_HIGHMEM (pte_alloc_one() with __GFP_HIGHMEM), mapped through a
 * kmap_atomic slot (2.6: KM_PTE0) by the fault path's pte_offset_map(), and the lowmem that saves.
 */
class HighpteTest {
    private final List<Event> events = new ArrayList<>();

    private Kernel boot(KernelModel model, boolean highpte) {
        BootParams p = new BootParams();
        p.model = model;
        p.highpte = highpte;
        return Kernel.boot(p, events::add);
    }

    /** One process touching one page in each of {@code n} 4 MB regions: n pte tables (2-level). */
    private long buf;

    private Task touchRegions(Kernel k, int n) {
        Task t = k.spawn("p");
        t.execve("/bin/sh", 4096, 4096, 0, 8L << 20);
        buf = t.mmap(0, (long) n << 22, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                (String) null, 0);
        for (int i = 0; i < n; i++) {
            assertTrue(t.write(buf + ((long) i << 22), i, new AccessResult()));
        }
        return t;
    }

    private static PageWalk.Level pmdOf(Task t, long vaddr) {
        List<PageWalk.Level> l = t.walk(vaddr).levels();
        return l.get(l.size() - 2);
    }

    @Test
    void userPteTablesComeFromHighMemAndSaveLowmem() {
        Kernel with = boot(KernelModel.V6_1, true);
        Kernel without = boot(KernelModel.V6_1, false);
        long normalWith = with.zone("Normal").free();
        long normalWithout = without.zone("Normal").free();
        assertEquals(normalWithout, normalWith, "the same boot");
        Task t = touchRegions(with, 32);
        touchRegions(without, 32);
        long ptePfn = pmdOf(t, buf).entry() >>> 12;
        assertTrue(ptePfn >= with.memory().maxLowPfn(), "pte table in HighMem: pfn 0x" + Long.toHexString(ptePfn));
        // the 32 pte tables of the mapping stay out of ZONE_NORMAL (the data pages are HighMem either way),
        // less the fixmap's page table the first kmap_atomic() makes (the model builds it on first use,
        // the kernel at boot)
        long saved = (normalWithout - without.zone("Normal").free()) - (normalWith - with.zone("Normal").free());
        assertEquals(31, saved);
    }

    @Test
    void theFaultPathMapsAHighPteTableThroughKmapAtomicAndUnmapsIt() {
        Kernel k = boot(KernelModel.V6_1, true);
        Task t = touchRegions(k, 1);
        assertEquals(1, k.highmem().walkedHighPtes());
        assertTrue(events.stream().anyMatch(e -> e instanceof KernelMessage m && m.text().startsWith(
                "pte_offset_map(): the pte page (pfn 0x") && m.text().endsWith(
                "is in HighMem: kmap_atomic() maps it at 0xfffbb000 to walk it, pte_unmap() unmaps it")), events.toString());
        assertEquals(false, k.highmem().slotMaps(pmdOf(t, buf).entry() >>> 12), "unmapped after the walk");
    }

    @Test
    void kernel2_6UsesTheKmPte0Slot() {
        Kernel k = boot(KernelModel.V2_6, true);
        touchRegions(k, 1);
        assertTrue(events.stream().anyMatch(e -> e instanceof KernelMessage m
                && m.text().contains("kmap_atomic(KM_PTE0) maps it at 0xfffb3000")), events.toString());
    }
}
