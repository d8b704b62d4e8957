package org.mmdsl.runtime.vmalloc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.E820;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageWalk;

/**
 * Mirrors the vmalloc allocator of mm/vmalloc.c (6.1) for vmalloc()/vfree(), vmap()/vunmap() and
 * arch/x86/mm/ioremap.c's ioremap()/iounmap(), which share its address space:
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
 * <p>vmap() maps pages the caller owns (VM_MAP): vunmap() unmaps them and frees nothing.
 * ioremap() maps a physical range that is not RAM the kernel uses (VM_IOREMAP, uncached minus:
 * _PAGE_PCD), in an area aligned to its size's power of two (IOREMAP_MAX_ORDER caps it: 128 pages
 * on i386, 1 GB on x86_64) and returns the address plus the offset in the first page.
 *
 * <p>Simplified: no caller symbol in vmallocinfo (the kernel prints %pS of the caller); the
 * pages array of an area is not allocated from slab (the kernel kmallocs it, or vmallocs it above
 * a page); kernel page-directory entries created here are propagated to every pgd at once (as
 * sync_global_pgds() does on x86_64, and as 6.1's arch_sync_kernel_mappings() does on i386, whose
 * vmalloc_fault() is left for the race before that sync; 2.6's lazy sync on the first vmalloc
 * fault of a process is not modelled); ioremap maps 4 KB pages only
 * (the kernel uses 2 MB/1 GB pages where the range allows, CONFIG_HAVE_ARCH_HUGE_VMAP), reserves
 * no PAT memtype and does not check the physical address width.
 */
public final class Vmalloc {
    private static final long PAGE_SIZE = 4096;
    /** include/linux/vmalloc.h vm_struct flags. */
    public static final int VM_IOREMAP = 0x00000001;
    public static final int VM_ALLOC = 0x00000002;
    public static final int VM_MAP = 0x00000004;
    /** arch/x86/include/asm/ioremap.h: ISA_START_ADDRESS..ISA_END_ADDRESS, always mapped. */
    private static final long ISA_START_ADDRESS = 0xa0000;
    private static final long ISA_END_ADDRESS = 0x100000;

    /** One vm_struct / vmap_area. */
    public static final class Area {
        final long addr;
        final long size;
        final long[] pages;
        final int flags;
        final long physAddr;
        boolean unpurged;

        Area(long addr, long size, long[] pages, int flags, long physAddr) {
            this.addr = addr;
            this.size = size;
            this.pages = pages;
            this.flags = flags;
            this.physAddr = physAddr;
        }

        /** VM_ALLOC, VM_MAP or VM_IOREMAP. */
        public int flags() {
            return flags;
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
    private final E820 e820;
    private final MemMap memMap;
    private final EventSink sink;
    private final LongSupplier pageLimit;
    private final long lazyMaxPages;
    /** Live and unpurged areas by start address, in unsigned order (the kernel's vmap_area_root). */
    private final TreeMap<Long, Area> busy = new TreeMap<>(Long::compareUnsigned);
    private long lazyPages;

    /**
     * @param e820 the firmware map whose usable ranges are "System RAM" for ioremap()'s check
     * @param memMap the struct pages of those ranges (a reserved RAM page may be ioremapped)
     * @param pageLimit the most pages one vmalloc() may ask for, read at each call: totalram_pages()
     *        under 6.1, num_physpages under 2.6.24 (see {@link #vmalloc})
     */
    public Vmalloc(KernelLayout layout, KernelPageTables kpt, BuddyAllocator buddy, E820 e820, MemMap memMap,
            int nrCpus, LongSupplier pageLimit, EventSink sink) {
        this.layout = layout;
        this.pageLimit = pageLimit;
        this.kpt = kpt;
        this.buddy = buddy;
        this.e820 = e820;
        this.memMap = memMap;
        this.sink = sink == null ? EventSink.NONE : sink;
        // lazy_max_pages(): fls(num_online_cpus()) * (32 MB / PAGE_SIZE)
        this.lazyMaxPages = (32 - Integer.numberOfLeadingZeros(Math.max(1, nrCpus))) * ((32L << 20) / PAGE_SIZE);
    }

    /**
     * What {@link #allocVmapArea} returns when no range fits: all ones, never a page-aligned start.
     * A failure cannot be told by sign: x86_64's vmalloc space (0xffffc90000000000 up) is negative
     * as a Java long, so every address test here is unsigned.
     */
    private static final long NO_VMAP_AREA = -1;

    /** Mirrors alloc_vmap_area(): the lowest free range of {@code size} bytes (guard included), or NO_VMAP_AREA. */
    private long allocVmapArea(long size) {
        return allocVmapArea(size, PAGE_SIZE);
    }

    /**
     * alloc_vmap_area() with an alignment (a power of two): the lowest aligned free range, or
     * NO_VMAP_AREA. Addresses are compared unsigned (mm/vmalloc.c works on unsigned long); the
     * range must end at or below VMALLOC_END (on x86_64 its last byte, as the kernel defines it).
     */
    private long allocVmapArea(long size, long align) {
        long start = layout.vmallocStart();
        long end = layout.vmallocEnd();
        long addr = (start + align - 1) & -align;
        for (Map.Entry<Long, Area> e : busy.entrySet()) {
            long areaEnd = e.getKey() + e.getValue().size;
            if (Long.compareUnsigned(areaEnd, addr) <= 0) {
                continue;
            }
            if (Long.compareUnsigned(e.getKey() - addr, size) >= 0 && Long.compareUnsigned(e.getKey(), addr) >= 0) {
                break;
            }
            addr = (areaEnd + align - 1) & -align;
        }
        long last = addr + size;
        if (Long.compareUnsigned(last, addr) < 0 || Long.compareUnsigned(last, end) > 0) {
            return NO_VMAP_AREA;
        }
        return addr;
    }

    /**
     * Mirrors __vmalloc_node_range() for vmalloc(size) with {@code gfp}: page-rounded size, an area
     * with a guard page, order-0 pages (with __GFP_HIGHMEM unless GFP_DMA/GFP_DMA32), mapped
     * PAGE_KERNEL. Returns the address, or 0 (NULL) with the kernel's warning.
     * <p>
     * Before it looks for an area, 6.1's __vmalloc_node_range() refuses a request of more pages
     * ({@code size >> PAGE_SHIFT}, the size as the caller gave it) than totalram_pages(), with
     * warn_alloc()'s "vmalloc error: size N, exceeds total pages"; 2.6.24's __vmalloc_node() refuses
     * PAGE_ALIGN(size) above num_physpages and prints nothing. Neither looks at the free pages: a
     * request under the limit that the buddy allocator cannot fill fails later, page by page.
     * Does not model vmalloc(0) (6.1's WARN_ON_ONCE(!size)): it returns NULL silently.
     */
    public long vmalloc(long size, int gfp) {
        if (size == 0 || size < 0) {
            return 0;
        }
        long rounded = (size + PAGE_SIZE - 1) & -PAGE_SIZE;
        boolean v26 = layout.model() == org.mmdsl.runtime.arch.KernelModel.V2_6;
        if (Long.compareUnsigned((v26 ? rounded : size) >>> 12, pageLimit.getAsLong()) > 0) {
            if (!v26 && (gfp & Gfp.__GFP_NOWARN) == 0) {
                sink.emit(new KernelMessage(String.format("vmalloc error: size %d, exceeds total pages, mode:%#x(%s), "
                        + "nodemask=(null)", size, gfp, BuddyAllocator.gfpNames(gfp)), true));
            }
            return 0;
        }
        long addr = allocVmapArea(rounded + PAGE_SIZE);
        if (addr == NO_VMAP_AREA && lazyPages > 0) {
            purgeVmapAreaLazy();
            addr = allocVmapArea(rounded + PAGE_SIZE);
        }
        if (addr == NO_VMAP_AREA) {
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
        // 6.1's __vmalloc_area_node() asks the page allocator with __GFP_NOWARN and warns once itself;
        // 2.6.24's calls alloc_page(gfp_mask) as given, so the page allocator's own failure report is
        // the only message, and its "goto fail" prints nothing more
        int pageTry = v26 ? pageGfp : pageGfp | Gfp.__GFP_NOWARN;
        for (int i = 0; i < nr; i++) {
            long pfn = buddy.allocPages(pageTry, 0);
            if (pfn < 0 || !kpt.setKernelPte(addr + i * PAGE_SIZE, pfn)) {
                if (pfn >= 0) {
                    buddy.freePages(pfn, 0);
                }
                // warn_alloc() in 6.1's __vmalloc_area_node(), then __vfree() of what was mapped
                if (!v26 && (gfp & Gfp.__GFP_NOWARN) == 0) {
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
        busy.put(addr, new Area(addr, rounded + PAGE_SIZE, pages, VM_ALLOC, 0));
        return addr;
    }

    /**
     * Mirrors vmap(pages, count, VM_MAP, PAGE_KERNEL): an area of {@code pfns.length} pages plus a
     * guard page mapping the caller's frames in order. Returns the address, or 0 (NULL) when the
     * range or a page table could not be had, or a frame has no struct page (nothing stays mapped
     * then). Does not check that the caller owns the frames.
     */
    public long vmap(long[] pfns) {
        if (pfns.length == 0) {
            return 0;
        }
        long size = pfns.length * PAGE_SIZE;
        long addr = allocVmapArea(size + PAGE_SIZE);
        if (addr == NO_VMAP_AREA && lazyPages > 0) {
            purgeVmapAreaLazy();
            addr = allocVmapArea(size + PAGE_SIZE);
        }
        if (addr == NO_VMAP_AREA) {
            sink.emit(new KernelMessage(String.format("vmap allocation for size %d failed: use vmalloc=<size> "
                    + "to increase size", size + PAGE_SIZE), true));
            return 0;
        }
        for (int i = 0; i < pfns.length; i++) {
            if (!memMap.pfnValid(pfns[i])) {
                // 6.1 vmap_pages_pte_range(): WARN_ON(!pfn_valid(page_to_pfn(page))) returns -EINVAL,
                // vmap() then vunmap()s the area (its range waits for the lazy purge) and returns NULL.
                // 2.6.24 has no such check and would map the frame; the model refuses it there too.
                sink.emit(new KernelMessage(String.format(layout.model() == org.mmdsl.runtime.arch.KernelModel.V2_6
                        ? "vmap(): pfn 0x%x (page %d of %d) has no struct page (mem_map ends at pfn 0x%x): pfn_to_page() gives a bogus "
                                + "pointer and 2.6.24 would map it without a check; refused here"
                        : "WARNING: mm/vmalloc.c: vmap_pages_pte_range(): WARN_ON(!pfn_valid(page_to_pfn(page))): "
                                + "pfn 0x%x (page %d of %d) has no struct page (mem_map ends at pfn 0x%x); vmap() returns NULL",
                        pfns[i], i + 1, pfns.length, memMap.size()), true));
                for (int j = 0; j < i; j++) {
                    kpt.clearKernelPte(addr + j * PAGE_SIZE);
                }
                if (layout.model() != org.mmdsl.runtime.arch.KernelModel.V2_6) {
                    Area a = new Area(addr, size + PAGE_SIZE, new long[0], VM_MAP, 0);
                    busy.put(addr, a);
                    a.unpurged = true;
                    lazyPages += a.size / PAGE_SIZE;
                    if (lazyPages > lazyMaxPages) {
                        purgeVmapAreaLazy();
                    }
                }
                return 0;
            }
            if (!kpt.setKernelPte(addr + i * PAGE_SIZE, pfns[i])) {
                for (int j = 0; j < i; j++) {
                    kpt.clearKernelPte(addr + j * PAGE_SIZE);
                }
                return 0;
            }
        }
        busy.put(addr, new Area(addr, size + PAGE_SIZE, pfns.clone(), VM_MAP, 0));
        return addr;
    }

    /**
     * Mirrors vunmap(): unmaps the area starting at {@code addr} (any kind) and frees its range
     * lazily; the pages stay the caller's (even a vmalloc area's: __vunmap(addr, 0) leaks them).
     * Returns false, with the kernel's WARN, for an address that starts no live area.
     */
    public boolean vunmap(long addr) {
        Area a = busy.get(addr);
        if (a == null || a.unpurged) {
            sink.emit(new KernelMessage(String.format("WARNING: mm/vmalloc.c: Trying to vunmap() nonexistent vm area "
                    + "(%#x)", addr), true));
            return false;
        }
        removeVmArea(a);
        return true;
    }

    /**
     * Mirrors arch/x86/mm/ioremap.c __ioremap_caller() for ioremap(phys, size) (uncached minus).
     * The ISA hole [0xa0000, 0x100000) is always mapped: its direct-map address comes back. A range
     * holding RAM the kernel uses (a usable e820 page whose struct page is not PG_reserved) is
     * refused with the kernel's WARN, as is an empty or wrapping one. Returns the address of
     * {@code phys} in the new area, or 0 (NULL).
     */
    public long ioremap(long phys, long size) {
        long last = phys + size - 1;
        if (size <= 0 || Long.compareUnsigned(last, phys) < 0) {
            return 0;
        }
        if (Long.compareUnsigned(phys, ISA_START_ADDRESS) >= 0 && Long.compareUnsigned(last, ISA_END_ADDRESS) < 0) {
            return layout.pageOffset() + phys;
        }
        if (mapsSystemRam(phys, last)) {
            String pa = layout.arch() == Arch.I386 ? "0x%08x" : "0x%016x";
            sink.emit(new KernelMessage(String.format("WARNING: arch/x86/mm/ioremap.c: ioremap on RAM at " + pa + " - "
                    + pa, phys, last), true));
            return 0;
        }
        long offset = phys & (PAGE_SIZE - 1);
        long base = phys & -PAGE_SIZE;
        long mapped = ((last + PAGE_SIZE) & -PAGE_SIZE) - base;
        // __get_vm_area_node(): VM_IOREMAP areas are aligned to their size's next power of two
        // (6.1: get_count_order_long(size)), clamped to [PAGE_SHIFT, IOREMAP_MAX_ORDER] (7 + PAGE_SHIFT
        // generic, PUD_SHIFT on x86_64). 2.6.24 takes fls(size) instead, one more for a power of two:
        // an 8 KB mapping is 16 KB-aligned there.
        int maxOrder = layout.arch().is32() ? 7 + 12 : 30;
        int bits = layout.model() == org.mmdsl.runtime.arch.KernelModel.V2_6
                ? 64 - Long.numberOfLeadingZeros(mapped) : 64 - Long.numberOfLeadingZeros(mapped - 1);
        int order = Math.max(12, Math.min(maxOrder, bits));
        long addr = allocVmapArea(mapped + PAGE_SIZE, 1L << order);
        if (addr == NO_VMAP_AREA && lazyPages > 0) {
            purgeVmapAreaLazy();
            addr = allocVmapArea(mapped + PAGE_SIZE, 1L << order);
        }
        if (addr == NO_VMAP_AREA) {
            sink.emit(new KernelMessage(String.format("vmap allocation for size %d failed: use vmalloc=<size> "
                    + "to increase size", mapped + PAGE_SIZE), true));
            return 0;
        }
        int nr = (int) (mapped / PAGE_SIZE);
        for (int i = 0; i < nr; i++) {
            if (!kpt.setKernelPte(addr + i * PAGE_SIZE, (base >>> 12) + i, Pte._PAGE_PCD)) {
                for (int j = 0; j < i; j++) {
                    kpt.clearKernelPte(addr + j * PAGE_SIZE);
                }
                return 0;
            }
        }
        busy.put(addr, new Area(addr, mapped + PAGE_SIZE, new long[0], VM_IOREMAP, base));
        return addr + offset;
    }

    /**
     * Mirrors __ioremap_check_ram() over walk_mem_res(): a page counts as RAM when it lies wholly
     * in a usable e820 range, has a struct page and is not PG_reserved.
     */
    private boolean mapsSystemRam(long phys, long last) {
        for (E820.Entry e : e820.entries()) {
            if (e.type() != E820.USABLE) {
                continue;
            }
            long s = Math.max(e.start(), phys);
            long end = Math.min(e.end() - 1, last);
            if (Long.compareUnsigned(s, end) > 0) {
                continue;
            }
            long startPfn = (s + PAGE_SIZE - 1) >>> 12;
            long stopPfn = (end + 1) >>> 12;
            for (long pfn = startPfn; pfn < stopPfn; pfn++) {
                if (memMap.pfnValid(pfn) && !memMap.test(pfn, MemMap.PG_reserved)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Mirrors iounmap(): addresses in the direct map (the ISA hole's) are left alone; otherwise the
     * VM_IOREMAP area holding {@code addr}'s page is unmapped and its range freed lazily. Returns
     * false, with the kernel's "iounmap: bad address", when no such area exists.
     */
    public boolean iounmap(long addr) {
        if (!isVmallocAddr(addr)) {
            return true;
        }
        Area a = busy.get(addr & -PAGE_SIZE);
        if (a == null || a.unpurged || (a.flags & VM_IOREMAP) == 0) {
            sink.emit(new KernelMessage(String.format("iounmap: bad address %#x", addr), true));
            return false;
        }
        removeVmArea(a);
        return true;
    }

    /** remove_vm_area() + free_vmap_area_noflush(): unmap, then the range waits for the lazy purge. */
    private void removeVmArea(Area a) {
        long mapped = a.size - PAGE_SIZE;
        for (long off = 0; off < mapped; off += PAGE_SIZE) {
            kpt.clearKernelPte(a.addr + off);
        }
        a.unpurged = true;
        lazyPages += a.size / PAGE_SIZE;
        if (lazyPages > lazyMaxPages) {
            purgeVmapAreaLazy();
        }
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
        removeVmArea(a);
        if ((a.flags & VM_ALLOC) != 0) {
            // __vunmap(addr, 1): only vmalloc()'s own pages are freed (a vmap area has none listed)
            for (long pfn : a.pages) {
                buddy.freePages(pfn, 0);
            }
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
            // s_show(): pages= when nr_pages, phys= for ioremap, then the flag names
            if ((a.flags & VM_ALLOC) != 0) {
                sb.append(" pages=").append(a.pages.length);
            }
            if (a.physAddr != 0) {
                sb.append(String.format(layout.arch() == Arch.I386 ? " phys=0x%08x" : " phys=0x%016x",
                        a.physAddr));
            }
            sb.append((a.flags & VM_IOREMAP) != 0 ? " ioremap" : "").append((a.flags & VM_ALLOC) != 0 ? " vmalloc" : "")
                    .append((a.flags & VM_MAP) != 0 ? " vmap" : "").append('\n');
        }
        for (Area a : busy.values()) {
            if (a.unpurged) {
                sb.append(String.format(ptr, a.addr, a.addr + a.size, a.size)).append(" unpurged vm_area\n");
            }
        }
        return sb.toString();
    }
}
