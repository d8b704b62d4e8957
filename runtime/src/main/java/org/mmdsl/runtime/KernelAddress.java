package org.mmdsl.runtime;

import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.memblock.Memblock;
import org.mmdsl.runtime.page.MemMap;

/**
 * The address conversions of arch/x86/include/asm/page.h, page_32.h/page_64.h and
 * include/asm-generic/memory_model.h, called the way kernel code calls them: each prints one result
 * line, and where the kernel would silently compute garbage (no CONFIG_DEBUG_VIRTUAL) a warning says so.
 *
 * <pre>
 *   __pa(x)            i386: x - PAGE_OFFSET;  x86_64: x - __START_KERNEL_map + phys_base for the
 *                      kernel image, else x - PAGE_OFFSET (arch/x86/mm/physaddr.c __phys_addr)
 *   __va(p)            p + PAGE_OFFSET (valid for lowmem only on i386)
 *   pfn_to_page(pfn)   FLATMEM (i386): mem_map + pfn;  SPARSEMEM_VMEMMAP (x86_64): vmemmap + pfn
 *   virt_to_page(x)    pfn_to_page(__pa(x) &gt;&gt; PAGE_SHIFT): direct-map addresses only
 *   page_address(page) lowmem: __va(pfn &lt;&lt; 12); highmem: the pkmap address if kmap()ed, else NULL
 *                      (mm/highmem.c page_address(): kmap_local/kmap_atomic slots are not found)
 * </pre>
 * A struct page pointer is mem_map's direct-map address (its memblock allocation) plus pfn times
 * sizeof(struct page) (40 bytes on i386, 64 on x86_64); x86_64 uses the nokaslr vmemmap_base and
 * phys_base 0.
 */
public final class KernelAddress {
    /** __START_KERNEL_map on x86_64. */
    public static final long START_KERNEL_MAP = 0xffffffff80000000L;

    private final Kernel kernel;
    private final EventSink sink;
    private final KernelLayout layout;
    private final MemMap memMap;
    private final long memMapBase;
    private final int structPage;

    KernelAddress(Kernel kernel, EventSink sink) {
        this.kernel = kernel;
        this.sink = sink;
        this.layout = kernel.layout();
        this.memMap = kernel.memory().memMap();
        this.structPage = kernel.params().arch.structPageBytes();
        long base = 0;
        if (kernel.params().arch.is32()) {
            for (Memblock.Region r : kernel.memory().memblock().reserved()) {
                if ("mem_map".equals(r.name())) {
                    base = layout.va(r.base());
                }
            }
        } else {
            base = layout.vmemmapBase();
        }
        this.memMapBase = base;
    }

    private long directMapEnd() {
        return layout.pageOffset() + (kernel.memory().maxLowPfn() << 12);
    }

    private boolean inDirectMap(long vaddr) {
        return Long.compareUnsigned(vaddr, layout.pageOffset()) >= 0 && Long.compareUnsigned(vaddr, directMapEnd()) < 0;
    }

    private boolean inKernelImage(long vaddr) {
        return !kernel.params().arch.is32() && Long.compareUnsigned(vaddr, START_KERNEL_MAP) >= 0
                && Long.compareUnsigned(vaddr, START_KERNEL_MAP + (512L << 20)) < 0;
    }

    /** What lies at a kernel virtual address that is not in the direct map, in the kernel's words. */
    private String regionOf(long vaddr) {
        if (kernel.kmem().vmalloc().isVmallocAddr(vaddr)) {
            return "a vmalloc address (use vmalloc_to_page())";
        }
        if (kernel.params().arch.is32()) {
            if (layout.lastPkmap() > 0 && vaddr >= layout.pkmapBase() && vaddr < layout.pkmapEnd()) {
                return "a pkmap address (use kmap_to_page())";
            }
            if (vaddr >= layout.fixaddrTotStart()) {
                return "a fixmap address (a kmap_local slot or a fixed mapping: use kmap_to_page() or the pte)";
            }
            if (vaddr >= directMapEnd() && vaddr >= layout.pageOffset()) {
                return "above high_memory (not direct-mapped)";
            }
        }
        if (Long.compareUnsigned(vaddr, layout.pageOffset()) < 0) {
            return "a user or non-kernel address";
        }
        return "not in the direct map";
    }

    private void warn(String call, String text) {
        sink.emit(new KernelMessage(call + ": " + text, true));
    }

    /** Mirrors __pa(): the physical address; warns where the kernel's arithmetic is meaningless. */
    public long pa(long vaddr) {
        String call = String.format("__pa(0x%x)", vaddr);
        long p;
        if (inKernelImage(vaddr)) {
            p = vaddr - START_KERNEL_MAP;
        } else {
            p = vaddr - layout.pageOffset();
            if (kernel.params().arch.is32()) {
                p &= 0xffffffffL;
            }
            if (!inDirectMap(vaddr)) {
                warn(call, String.format("0x%x is %s: __pa() subtracts PAGE_OFFSET anyway and returns 0x%x, which is "
                        + "not its physical address (CONFIG_DEBUG_VIRTUAL would BUG in __phys_addr)", vaddr,
                        regionOf(vaddr), p));
            }
        }
        sink.emit(new KernelCall(call, String.format("0x%x", p), false));
        return p;
    }

    /** Mirrors __va(): the direct-map address; warns for a frame the direct map does not cover. */
    public long va(long paddr) {
        String call = String.format("__va(0x%x)", paddr);
        long v = layout.va(paddr);
        if (kernel.params().arch.is32()) {
            v &= 0xffffffffL;
        }
        long pfn = paddr >>> 12;
        if (Long.compareUnsigned(pfn, kernel.memory().maxLowPfn()) >= 0) {
            boolean high = memMap.pfnValid(pfn);
            warn(call, String.format("0x%x is %s: __va() returns 0x%x, which is %s; the kernel uses kmap_local_page() "
                    + "for it", paddr, high ? "a HighMem frame, outside the direct map" : "beyond the RAM the kernel maps",
                    v, kernel.params().arch.is32() ? regionOf(v) : "not mapped"));
        }
        sink.emit(new KernelCall(call, String.format("0x%x", v), false));
        return v;
    }

    private String pagePointer(long pfn) {
        return String.format("(struct page *)0x%x", memMapBase + pfn * structPage);
    }

    /** Mirrors pfn_to_page(): returns the pfn (the language's page designator); prints the pointer. */
    public long pfnToPage(long pfn) {
        String call = String.format("pfn_to_page(0x%x)", pfn);
        if (!memMap.pfnValid(pfn)) {
            warn(call, String.format("pfn 0x%x has no struct page (pfn_valid() is false, max_pfn 0x%x): the pointer "
                    + "points past mem_map", pfn, kernel.memory().maxPfn()));
        }
        sink.emit(new KernelCall(call, pagePointer(pfn) + String.format(" [pfn 0x%x]", pfn), false));
        return pfn;
    }

    /** Mirrors page_to_pfn() of a struct page pointer; -1 when it is not one. */
    public long pageToPfn(long page) {
        String call = String.format("page_to_pfn((struct page *)0x%x)", page);
        long off = page - memMapBase;
        if (off < 0 || off % structPage != 0 || !memMap.pfnValid(off / structPage)) {
            warn(call, String.format("0x%x is not a struct page in mem_map (0x%x, %d bytes each, %d pages): "
                    + "the subtraction gives garbage", page, memMapBase, structPage, memMap.size()));
            sink.emit(new KernelCall(call, String.format("0x%x", off / structPage), true));
            return -1;
        }
        sink.emit(new KernelCall(call, String.format("0x%x", off / structPage), false));
        return off / structPage;
    }

    /** The struct page pointer of a pfn. */
    public long pageOf(long pfn) {
        return memMapBase + pfn * structPage;
    }

    /** Mirrors virt_to_page(): the pfn behind a direct-map address; warns for any other address. */
    public long virtToPage(long vaddr) {
        String call = String.format("virt_to_page(0x%x)", vaddr);
        long p = inKernelImage(vaddr) ? vaddr - START_KERNEL_MAP : vaddr - layout.pageOffset();
        if (kernel.params().arch.is32()) {
            p &= 0xffffffffL;
        }
        long pfn = p >>> 12;
        if (!inDirectMap(vaddr) && !inKernelImage(vaddr)) {
            warn(call, String.format("0x%x is %s: virt_to_page() computes pfn 0x%x from it, a page that has nothing "
                    + "to do with this address", vaddr, regionOf(vaddr), pfn));
        }
        sink.emit(new KernelCall(call, pagePointer(pfn) + String.format(" [pfn 0x%x]", pfn), false));
        return pfn;
    }

    /** page_address() without an event: 0 (NULL) for an unmapped highmem page. */
    public long pageAddressOf(long pfn) {
        if (pfn < kernel.memory().maxLowPfn()) {
            return layout.va(pfn << 12);
        }
        return kernel.pkmap() == null ? 0 : kernel.pkmap().pageAddress(pfn);
    }

    /** Mirrors page_address(): 0 (NULL) for a highmem page without a pkmap mapping. */
    public long pageAddress(long pfn) {
        String call = String.format("page_address(pfn_to_page(0x%x))", pfn);
        if (!memMap.pfnValid(pfn)) {
            warn(call, String.format("pfn 0x%x has no struct page", pfn));
            return 0;
        }
        long v = pageAddressOf(pfn);
        String note = v != 0 ? "" : anyLocalSlot(pfn) ? " [HighMem: kmap_local/kmap_atomic slots are not found by page_address()]"
                        : " [HighMem, not kmap()ed]";
        sink.emit(new KernelCall(call, v == 0 ? "NULL" + note : String.format("0x%x", v), v == 0));
        return v;
    }

    private boolean anyLocalSlot(long pfn) {
        return kernel.highmem().slotMaps(pfn);
    }

    /** Mirrors pfn_valid() (FLATMEM: pfn &lt; max_mapnr; the simulator's memmap covers every pfn up to max_pfn). */
    public boolean pfnValid(long pfn) {
        boolean ok = memMap.pfnValid(pfn);
        sink.emit(new KernelCall(String.format("pfn_valid(0x%x)", pfn), ok ? "1" : "0", !ok));
        return ok;
    }

    /**
     * The first lines of mm/debug.c __dump_page() for a frame (6.1), then lines marked "mmdsl:" for
     * what dump_page does not print but the simulator knows (zone name, virtual address, buddy order).
     * Not modelled: page->mapping and page->index (printed as such), the raw: hex lines, node and
     * section bits of page->flags (the hex value holds the PG_* bits only, in 6.1's bit order).
     */
    public String dumpPage(long pfn) {
        if (!memMap.pfnValid(pfn)) {
            return String.format("pfn 0x%x: no struct page (pfn_valid() is false)%n", pfn);
        }
        StringBuilder sb = new StringBuilder();
        int f = memMap.flags(pfn);
        // page_folio(): a tail page answers for its head (6.1 __dump_page() prints
        // page_ref_count(head), and the folio's mapping and anon bit); the mapcount stays the page's own
        long head = pfn;
        if ((f & MemMap.PG_tail) != 0) {
            while (head > 0 && (memMap.flags(head) & MemMap.PG_head) == 0) {
                head--;
            }
        }
        int hf = memMap.flags(head);
        boolean anon = (hf & MemMap.PG_anon) != 0;
        boolean buddy = (f & MemMap.PG_buddy) != 0;
        String mapping = anon ? "(anon_vma, not modelled)" : "00000000";
        int mapcount = buddy || (f & MemMap.PG_table) != 0 || (hf & MemMap.PG_slab) != 0 ? 0 : memMap.mapcount(pfn);
        // a PMD-mapped folio (THP, hugetlb) keeps its entire mapcount on the head here: 6.1's
        // page_mapcount() of a tail adds it, and dump_page() prints it as compound_mapcount
        int compoundMapcount = head != pfn || (f & MemMap.PG_head) != 0
                ? ((hf & MemMap.PG_slab) != 0 ? 0 : memMap.mapcount(head)) : 0;
        if ((f & MemMap.PG_tail) != 0) {
            mapcount += compoundMapcount;
        }
        sb.append(String.format("page:0x%x refcount:%d mapcount:%d mapping:%s index:(not modelled) pfn:0x%x%n",
                pageOf(pfn), memMap.refcount(head), mapcount, mapping, pfn));
        if ((memMap.flags(head) & MemMap.PG_head) != 0) {
            sb.append(String.format("head:0x%x order:%d compound_mapcount:%d compound_pincount:0%n", pageOf(head),
                    memMap.order(head), compoundMapcount));
        }
        int kf = memMap.flags(head);
        long bits = 0;
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < KERNEL_FLAGS.length; i++) {
            if ((kf & KERNEL_FLAGS[i]) != 0) {
                bits |= 1L << KERNEL_BITS[i];
                names.append(names.length() == 0 ? "" : "|").append(KERNEL_NAMES[i]);
            }
        }
        int zone = memMap.zone(pfn);
        names.append(names.length() == 0 ? "" : "|").append("zone=").append(zone);
        sb.append(String.format("%sflags: 0x%x(%s)%n", anon ? "anon " : "", bits, names));
        sb.append(String.format("mmdsl: zone %s", kernel.memory().allocator().zone(zone).name()));
        long v = pageAddressOf(pfn);
        sb.append(v != 0 ? String.format(", virtual 0x%x", v) : ", no kernel virtual address (HighMem, not kmap()ed)");
        if (buddy) {
            sb.append(String.format(", free in the buddy allocator (PageBuddy, order %d)", memMap.order(pfn)));
        } else if ((f & MemMap.PG_table) != 0) {
            sb.append(", a page table (PageTable)");
        }
        sb.append('\n');
        return sb.toString();
    }

    // include/linux/page-flags.h enum pageflags (6.1, x86): the bits the simulator keeps.
    private static final int[] KERNEL_FLAGS = {MemMap.PG_locked, MemMap.PG_referenced, MemMap.PG_uptodate,
        MemMap.PG_dirty, MemMap.PG_lru, MemMap.PG_active, MemMap.PG_slab, MemMap.PG_reserved, MemMap.PG_private,
        MemMap.PG_writeback, MemMap.PG_head, MemMap.PG_swapbacked, MemMap.PG_unevictable, MemMap.PG_mlocked};
    private static final int[] KERNEL_BITS = {0, 1, 2, 3, 4, 5, 9, 12, 13, 15, 16, 19, 20, 21};
    private static final String[] KERNEL_NAMES = {"locked", "referenced", "uptodate", "dirty", "lru", "active", "slab",
        "reserved", "private", "writeback", "head", "swapbacked", "unevictable", "mlocked"};
}
