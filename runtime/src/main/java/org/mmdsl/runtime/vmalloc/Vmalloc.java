package org.mmdsl.runtime.vmalloc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageWalk;

/**
 * Mirrors the vmalloc allocator of mm/vmalloc.c (6.1) for vmalloc()/vfree():
 * alloc_vmap_area() places each area at the lowest free address of [VMALLOC_START, VMALLOC_END)
 * that fits its size plus one guard page (the area's size includes the guard, as vmallocinfo
 * shows; VM_NO_GUARD is not used), __vmalloc_area_node() takes order-0 pages with __GFP_HIGHMEM
 * added (so on i386 they come from HighMem) and maps them in swapper_pg_dir.
 *
 * <pre>
 *   VMALLOC_START                                                        VMALLOC_END
 *   | area 1: 3 pages | guard | area 2: 1 page | guard |      free ...       |
 * </pre>
 *
 * <p>vfree() unmaps the pages and frees them at once but frees the address range lazily
 * (free_vmap_area_noflush()): the range stays busy, shown as "unpurged vm_area" in vmallocinfo,
 * until more than lazy_max_pages() (32 MB × fls(num_online_cpus()) of pages) wait, then
 * __purge_vmap_area_lazy() frees them all with one TLB flush.
 *
 * <p>Simplified: no caller symbol in vmallocinfo (the kernel prints %pS of the caller); the
 * pages array of an area is not allocated from slab (the kernel kmallocs it, or vmallocs it above
 * a page); kernel page-directory entries created here are propagated to every pgd at once (as
 * sync_global_pgds() does on x86_64); the i386 lazy sync on a vmalloc fault is not modelled.
 */
public final class Vmalloc {
    private static final long PAGE_SIZE = 4096;

    /** One vm_struct / vmap_area. */
    public static final class Area {
        final long addr;
        final long size;
        final long[] pages;
        boolean unpurged;

        Area(long addr, long size, long[] pages) {
            this.addr = addr;
            this.size = size;
            this.pages = pages;
        }

        public long addr() {
            return addr;
        }

        /** The size vmallocinfo prints: the mapped pages plus the guard page. */
        public long size() {
            return size;
        }

        public int nrPages() {
            return pages.length;
        }
    }

    private final KernelLayout layout;
    private final KernelPageTables kpt;
    private final BuddyAllocator buddy;
    private final EventSink sink;
    private final long lazyMaxPages;
    private final TreeMap<Long, Area> busy = new TreeMap<>();
    private long lazyPages;
    private int purges;

    public Vmalloc(KernelLayout layout, KernelPageTables kpt, BuddyAllocator buddy, int nrCpus, EventSink sink) {
        this.layout = layout;
        this.kpt = kpt;
        this.buddy = buddy;
        this.sink = sink == null ? EventSink.NONE : sink;
        // lazy_max_pages(): fls(num_online_cpus()) * (32 MB / PAGE_SIZE)
        this.lazyMaxPages = (32 - Integer.numberOfLeadingZeros(Math.max(1, nrCpus))) * ((32L << 20) / PAGE_SIZE);
    }

    /** Mirrors alloc_vmap_area(): the lowest free range of {@code size} bytes (guard included), or -1. */
    private long allocVmapArea(long size) {
        long start = layout.vmallocStart();
        long end = layout.vmallocEnd();
        long addr = start;
        for (Map.Entry<Long, Area> e : busy.entrySet()) {
            if (e.getKey() - addr >= size) {
                break;
            }
            addr = Math.max(addr, e.getKey() + e.getValue().size);
        }
        if (Long.compareUnsigned(addr + size, end) > 0) {
            return -1;
        }
        return addr;
    }

    /**
     * Mirrors __vmalloc_node_range() for vmalloc(size) with {@code gfp}: page-rounded size, an area
     * with a guard page, order-0 pages (with __GFP_HIGHMEM unless GFP_DMA/GFP_DMA32), mapped
     * PAGE_KERNEL. Returns the address, or 0 (NULL) with the kernel's warning.
     */
    public long vmalloc(long size, int gfp) {
        if (size == 0 || size < 0) {
            return 0;
        }
        long rounded = (size + PAGE_SIZE - 1) & -PAGE_SIZE;
        long addr = allocVmapArea(rounded + PAGE_SIZE);
        if (addr < 0 && lazyPages > 0) {
            purgeVmapAreaLazy();
            addr = allocVmapArea(rounded + PAGE_SIZE);
        }
        if (addr < 0) {
            if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                sink.emit(new KernelMessage(String.format("vmap allocation for size %d failed: use vmalloc=<size> "
                        + "to increase size", rounded + PAGE_SIZE), true));
            }
            return 0;
        }
        int pageGfp = gfp;
        if ((gfp & (Gfp.__GFP_DMA | Gfp.__GFP_DMA32)) == 0) {
            pageGfp |= Gfp.__GFP_HIGHMEM;
        }
        int nr = (int) (rounded / PAGE_SIZE);
        long[] pages = new long[nr];
        for (int i = 0; i < nr; i++) {
            long pfn = buddy.allocPages(pageGfp | Gfp.__GFP_NOWARN, 0);
            if (pfn < 0 || !kpt.setKernelPte(addr + i * PAGE_SIZE, pfn)) {
                if (pfn >= 0) {
                    buddy.freePages(pfn, 0);
                }
                // warn_alloc() in __vmalloc_area_node(), then __vfree() of what was mapped
                if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                    sink.emit(new KernelMessage(String.format("vmalloc error: size %d, failed to allocate pages, "
                            + "mode:%#x(%s), nodemask=(null)", rounded, gfp, BuddyAllocator.gfpNames(gfp)), true));
                }
                for (int j = 0; j < i; j++) {
                    kpt.clearKernelPte(addr + j * PAGE_SIZE);
                    buddy.freePages(pages[j], 0);
                }
                return 0;
            }
            pages[i] = pfn;
        }
        busy.put(addr, new Area(addr, rounded + PAGE_SIZE, pages));
        return addr;
    }

    /**
     * Mirrors vfree(): unmaps and frees the pages; the range is purged lazily. Returns false for an
     * address that does not start a live area (the kernel's WARN "Trying to vfree() nonexistent vm
     * area"), reported here.
     */
    public boolean vfree(long addr) {
        if (addr == 0) {
            return true;
        }
        Area a = busy.get(addr);
        if (a == null || a.unpurged) {
            sink.emit(new KernelMessage(String.format("WARNING: mm/vmalloc.c: Trying to vfree() nonexistent vm area "
                    + "(%#x)", addr), true));
            return false;
        }
        for (int i = 0; i < a.pages.length; i++) {
            kpt.clearKernelPte(a.addr + i * PAGE_SIZE);
            buddy.freePages(a.pages[i], 0);
        }
        a.unpurged = true;
        lazyPages += a.size / PAGE_SIZE;
        if (lazyPages > lazyMaxPages) {
            purgeVmapAreaLazy();
        }
        return true;
    }

    /** Mirrors __purge_vmap_area_lazy(): lazily freed ranges become free, with one TLB flush. */
    private void purgeVmapAreaLazy() {
        for (Iterator<Area> it = busy.values().iterator(); it.hasNext();) {
            if (it.next().unpurged) {
                it.remove();
            }
        }
        lazyPages = 0;
        purges++;
    }

    /** How many times lazily freed ranges were purged. */
    public int purges() {
        return purges;
    }

    /** True for an address in [VMALLOC_START, VMALLOC_END) (is_vmalloc_addr()). */
    public boolean isVmallocAddr(long addr) {
        return Long.compareUnsigned(addr, layout.vmallocStart()) >= 0 && Long.compareUnsigned(addr, layout.vmallocEnd()) < 0;
    }

    /** Mirrors vmalloc_to_pfn(): walks swapper_pg_dir; -1 where nothing is mapped (a guard page). */
    public long vmallocToPfn(long addr) {
        PageWalk w = kpt.pageTables().walk(kpt.swapperPgDir(), addr);
        return w.mapped() ? w.paddr() >>> 12 : -1;
    }

    /** The live area starting at addr, or null. */
    public Area area(long addr) {
        Area a = busy.get(addr);
        return a == null || a.unpurged ? null : a;
    }

    /** Live areas, lowest address first. */
    public List<Area> areas() {
        List<Area> out = new ArrayList<>();
        for (Area a : busy.values()) {
            if (!a.unpurged) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * /proc/vmallocinfo as mm/vmalloc.c s_show() prints it: "0x%pK-0x%pK %7ld", pages=, the type;
     * lazily freed ranges as "unpurged vm_area" (show_purge_info()). Pointers are printed in full
     * (kptr_restrict lets root see them), 8 hex digits on i386, 16 on x86_64.
     */
    public String vmallocinfo() {
        String ptr = layout.arch().is32() ? "0x%08x-0x%08x %7d" : "0x%016x-0x%016x %7d";
        StringBuilder sb = new StringBuilder();
        for (Area a : busy.values()) {
            if (a.unpurged) {
                continue;
            }
            sb.append(String.format(ptr, a.addr, a.addr + a.size, a.size));
            sb.append(" pages=").append(a.pages.length).append(" vmalloc\n");
        }
        for (Area a : busy.values()) {
            if (a.unpurged) {
                sb.append(String.format(ptr, a.addr, a.addr + a.size, a.size)).append(" unpurged vm_area\n");
            }
        }
        return sb.toString();
    }
}
