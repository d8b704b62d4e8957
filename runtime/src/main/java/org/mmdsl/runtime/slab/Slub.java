package org.mmdsl.runtime.slab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.GetOrder;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Mirrors the kmalloc side of mm/slub.c and mm/slab_common.c (6.1): the kmalloc caches of
 * create_kmalloc_caches() for KMALLOC_NORMAL and KMALLOC_DMA, kmalloc_slab()'s size classes,
 * kmalloc_large() for sizes above KMALLOC_MAX_CACHE_SIZE (8 KiB: two pages) straight from the page
 * allocator as compound pages, kfree() and /proc/slabinfo (version 2.1).
 *
 * <p>Simplifications: one CPU runs every kernel statement (CPU 0's slab is the only frozen one);
 * no per-CPU partial lists (as with CONFIG_SLUB_CPU_PARTIAL=n); no kmalloc-cg-* (memcg) and
 * kmalloc-rcl-* caches, so __GFP_ACCOUNT and __GFP_RECLAIMABLE allocations use kmalloc-*; no
 * caches other than kmalloc's, and boot allocates nothing from them, so slabinfo starts empty;
 * no freelist randomisation or hardening; a double free is detected (as CONFIG_SLUB_DEBUG's
 * "Object already free" would) and refused instead of corrupting the freelist.
 */
public final class Slub {
    /** include/linux/slab.h ZERO_SIZE_PTR: what kmalloc(0) returns. */
    public static final long ZERO_SIZE_PTR = 16;
    /** KMALLOC_MAX_CACHE_SIZE = 1 << KMALLOC_SHIFT_HIGH (PAGE_SHIFT + 1) for SLUB. */
    public static final int KMALLOC_MAX_CACHE_SIZE = 8192;
    /** KMALLOC_SHIFT_LOW: kmalloc-8 is the smallest class on x86 (KMALLOC_MIN_SIZE 8). */
    static final int KMALLOC_SHIFT_LOW = 3;
    static final int KMALLOC_SHIFT_HIGH = 13;
    /** GFP_SLAB_BUG_MASK (mm/internal.h): zone modifiers slab pages must not have. */
    static final int GFP_SLAB_BUG_MASK = Gfp.__GFP_DMA32 | Gfp.__GFP_HIGHMEM;

    /** kfree() outcomes. */
    public enum FreeResult { FREED, NULL_POINTER, DOUBLE_FREE, NOT_AN_OBJECT, NOT_KMALLOC }

    private final KernelLayout layout;
    private final MemMap memMap;
    private final BuddyAllocator buddy;
    private final PhysMem mem;
    private final long maxLowPfn;
    private final EventSink sink;
    /** [type][index]: index as kmalloc_index(): 1 = 96, 2 = 192, 3..13 = 2^index. */
    private final KmemCache[][] kmallocCaches = new KmemCache[2][KMALLOC_SHIFT_HIGH + 1];
    /** slab_caches in list order: create_kmalloc_caches() list_add()s each new cache at the head. */
    private final List<KmemCache> slabCaches = new ArrayList<>();
    private final Map<Long, KmemCache.Slab> slabByPfn = new HashMap<>();
    private final Map<KmemCache.Slab, KmemCache> cacheOf = new HashMap<>();
    /** kmalloc_large() blocks now allocated: head pfn → order (6.1 counts them as unreclaimable slab). */
    private final java.util.TreeMap<Long, Integer> largeAllocs = new java.util.TreeMap<>();

    public Slub(KernelLayout layout, MemMap memMap, BuddyAllocator buddy, PhysMem mem, long maxLowPfn, int nrCpus,
            EventSink sink) {
        this.layout = layout;
        this.memMap = memMap;
        this.buddy = buddy;
        this.mem = mem;
        this.maxLowPfn = maxLowPfn;
        this.sink = sink == null ? EventSink.NONE : sink;
        for (int type = 0; type < 2; type++) {
            for (int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
                newKmallocCache(i, type, nrCpus);
                if (i == 6) {
                    newKmallocCache(1, type, nrCpus);
                }
                if (i == 7) {
                    newKmallocCache(2, type, nrCpus);
                }
            }
        }
    }

    private void newKmallocCache(int idx, int type, int nrCpus) {
        int size = idx == 1 ? 96 : idx == 2 ? 192 : 1 << idx;
        String base = size >= 1024 ? (size >> 10) + "k" : Integer.toString(size);
        KmemCache c = new KmemCache((type == 1 ? "dma-kmalloc-" : "kmalloc-") + base, size, type == 1, nrCpus);
        kmallocCaches[type][idx] = c;
        slabCaches.add(0, c);
    }

    /** The cache called {@code name}, or null. */
    public KmemCache cache(String name) {
        for (KmemCache c : slabCaches) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Mirrors kmalloc_index() with size_index[] for sizes up to 192: 1..8 → 3, 9..16 → 4,
     * 17..32 → 5, 33..64 → 6, 65..96 → 1, 97..128 → 7, 129..192 → 2, then fls(size - 1).
     */
    static int kmallocIndex(long size) {
        if (size <= 8) {
            return 3;
        }
        if (size <= 192) {
            if (size > 64 && size <= 96) {
                return 1;
            }
            if (size > 128) {
                return 2;
            }
        }
        return 64 - Long.numberOfLeadingZeros(size - 1);
    }

    /** The cache kmalloc(size, gfp) uses, or null for sizes kmalloc_large() serves (mirrors kmalloc_slab()). */
    public KmemCache kmallocSlab(long size, int gfp) {
        if (size <= 0 || size > KMALLOC_MAX_CACHE_SIZE) {
            return null;
        }
        return kmallocCaches[(gfp & Gfp.__GFP_DMA) != 0 ? 1 : 0][kmallocIndex(size)];
    }

    /**
     * Mirrors __kmalloc(): {@link #ZERO_SIZE_PTR} for size 0, an object of the size class for sizes up
     * to 8 KiB, compound pages (kmalloc_large()) above. With __GFP_ZERO the object reads as zero.
     *
     * @return the object's kernel virtual address, or 0 (NULL) when memory ran out (reported)
     */
    public long kmalloc(long size, int gfp) {
        if (size == 0) {
            return ZERO_SIZE_PTR;
        }
        if ((gfp & GFP_SLAB_BUG_MASK) != 0) {
            gfp = kmallocFixFlags(gfp);
        }
        KmemCache s = kmallocSlab(size, gfp);
        long addr = s == null ? kmallocLarge(size, gfp) : slabAlloc(s, gfp);
        if (addr != 0 && (gfp & Gfp.__GFP_ZERO) != 0) {
            zero(addr, s == null ? size : s.size);
        }
        return addr;
    }

    /** Mirrors kmalloc_fix_flags(): warns and drops __GFP_HIGHMEM/__GFP_DMA32 (slab pages must be lowmem). */
    private int kmallocFixFlags(int gfp) {
        int fixed = gfp & ~GFP_SLAB_BUG_MASK;
        sink.emit(new KernelMessage(String.format("Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!",
                gfp & GFP_SLAB_BUG_MASK, BuddyAllocator.gfpNames(gfp & GFP_SLAB_BUG_MASK), fixed,
                BuddyAllocator.gfpNames(fixed)), true));
        return fixed;
    }

    /** Mirrors kmalloc_large(): 2^get_order(size) pages with __GFP_COMP; NULL above MAX_ORDER - 1. */
    private long kmallocLarge(long size, int gfp) {
        int order = GetOrder.getOrder(size);
        if (order >= BuddyAllocator.MAX_ORDER) {
            // alloc_pages() warns (WARN_ON_ONCE(order >= MAX_ORDER)) unless __GFP_NOWARN.
            if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                sink.emit(new KernelMessage("WARNING: mm/page_alloc.c: __alloc_pages: order " + order
                        + " >= MAX_ORDER (" + BuddyAllocator.MAX_ORDER + "): kmalloc(" + size
                        + ") is larger than KMALLOC_MAX_SIZE (" + (4096L << (BuddyAllocator.MAX_ORDER - 1)) + ")", true));
            }
            return 0;
        }
        long pfn = buddy.allocPages(gfp | Gfp.__GFP_COMP, order);
        if (pfn < 0) {
            return 0;
        }
        largeAllocs.put(pfn, order);
        return layout.va(pfn << 12);
    }

    /** Mirrors slab_alloc_node(): the CPU slab's freelist, else a partial slab, else a new slab. */
    private long slabAlloc(KmemCache s, int gfp) {
        KmemCache.Slab slab = s.cpuSlab;
        if (slab == null || slab.nrFree == 0) {
            // ___slab_alloc(): the full CPU slab is unfrozen (it goes on no list), then
            // get_partial() or new_slab().
            s.cpuSlab = null;
            if (!s.partial.isEmpty()) {
                slab = s.partial.remove(0);
            } else {
                slab = newSlab(s, gfp);
                if (slab == null) {
                    return 0;
                }
            }
            s.cpuSlab = slab;
        }
        int idx = slab.free[--slab.nrFree];
        slab.allocated[idx] = true;
        slab.inuse++;
        return slab.vaddr + (long) idx * s.size;
    }

    /**
     * Mirrors allocate_slab(): first the cache's preferred order with __GFP_NOWARN|__GFP_NORETRY,
     * then the minimum order (get_order(size)); on failure slab_out_of_memory() reports.
     */
    private KmemCache.Slab newSlab(KmemCache s, int gfp) {
        int flags = (gfp & ~Gfp.__GFP_ZERO) | (s.dma ? Gfp.__GFP_DMA : 0);
        int minOrder = GetOrder.getOrder(s.size);
        int order = s.order;
        int alloc = order > minOrder ? (flags | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY) & ~Gfp.__GFP_NOFAIL : flags;
        long pfn = buddy.allocPages(alloc | (order > 0 ? Gfp.__GFP_COMP : 0), order);
        if (pfn < 0 && order > minOrder) {
            order = minOrder;
            pfn = buddy.allocPages(flags | (order > 0 ? Gfp.__GFP_COMP : 0), order);
        }
        if (pfn < 0) {
            if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                sink.emit(new KernelMessage(String.format("SLUB: Unable to allocate memory on node -1, gfp=%#x(%s)",
                        gfp, BuddyAllocator.gfpNames(gfp)), true));
                sink.emit(new KernelMessage(String.format("  cache: %s, object size: %d, buffer size: %d, "
                        + "default order: %d, min order: %d", s.name, s.size, s.size, s.order, minOrder), true));
            }
            return null;
        }
        memMap.set(pfn, MemMap.PG_slab);
        KmemCache.Slab slab = new KmemCache.Slab(pfn, order, layout.va(pfn << 12), (4096 << order) / s.size);
        for (long p = pfn; p < pfn + (1L << order); p++) {
            slabByPfn.put(p, slab);
        }
        cacheOf.put(slab, s);
        s.slabs.add(slab);
        return slab;
    }

    /**
     * Mirrors kfree(): NULL and ZERO_SIZE_PTR are ignored; a slab object goes back on its slab's
     * freelist (do_slab_free()/__slab_free()); a kmalloc_large() block goes back to the page
     * allocator (free_large_kmalloc()). A slab that becomes empty while not the CPU slab is
     * discarded once the node holds min_partial partial slabs.
     */
    public FreeResult kfree(long addr) {
        if (addr == 0 || addr == ZERO_SIZE_PTR) {
            return FreeResult.NULL_POINTER;
        }
        long pfn = directMapPfn(addr);
        if (pfn < 0) {
            return FreeResult.NOT_KMALLOC;
        }
        KmemCache.Slab slab = slabByPfn.get(pfn);
        if (slab == null) {
            long head = pfn;
            if (memMap.refcount(pfn) == 0 || memMap.test(pfn, MemMap.PG_tail) || !memMap.test(pfn, MemMap.PG_head)
                    || (addr & 0xfff) != 0) {
                return FreeResult.NOT_KMALLOC;
            }
            largeAllocs.remove(head);
            buddy.freePages(head, memMap.order(head));
            return FreeResult.FREED;
        }
        KmemCache s = cacheOf.get(slab);
        long off = addr - slab.vaddr;
        if (off % s.size != 0) {
            return FreeResult.NOT_AN_OBJECT;
        }
        int idx = (int) (off / s.size);
        if (!slab.allocated[idx]) {
            return FreeResult.DOUBLE_FREE;
        }
        boolean wasFull = slab.nrFree == 0 && slab != s.cpuSlab;
        slab.allocated[idx] = false;
        slab.free[slab.nrFree++] = idx;
        slab.inuse--;
        if (slab == s.cpuSlab) {
            return FreeResult.FREED;
        }
        if (slab.inuse == 0 && s.partial.size() >= s.minPartial + (wasFull ? 0 : 1)) {
            s.partial.remove(slab);
            discardSlab(s, slab);
        } else if (wasFull) {
            s.partial.add(slab); // add_partial(n, slab, DEACTIVATE_TO_TAIL)
        }
        return FreeResult.FREED;
    }

    /** The cache an object belongs to (the name), or null for an address that is not a slab object. */
    public String cacheNameOf(long addr) {
        long pfn = directMapPfn(addr);
        KmemCache.Slab slab = pfn < 0 ? null : slabByPfn.get(pfn);
        return slab == null ? null : cacheOf.get(slab).name;
    }

    private void discardSlab(KmemCache s, KmemCache.Slab slab) {
        for (long p = slab.pfn; p < slab.pfn + (1L << slab.order); p++) {
            slabByPfn.remove(p);
        }
        cacheOf.remove(slab);
        memMap.clear(slab.pfn, MemMap.PG_slab);
        s.slabs.remove(slab);
        buddy.freePages(slab.pfn, slab.order);
    }

    private long directMapPfn(long addr) {
        long off = addr - layout.pageOffset();
        if (Long.compareUnsigned(off, maxLowPfn << 12) >= 0) {
            return -1;
        }
        return off >>> 12;
    }

    private void zero(long addr, long len) {
        long paddr = addr - layout.pageOffset();
        long end = paddr + len;
        while (paddr < end) {
            long pageEnd = Math.min(end, (paddr | 0xfff) + 1);
            mem.fillFrame(paddr >>> 12, 0, (int) (paddr & 0xfff), (int) (pageEnd - (paddr & ~0xfffL)));
            paddr = pageEnd;
        }
    }

    /**
     * The kmalloc_large() blocks now allocated, as {head pfn, order} pairs in pfn order. 6.1's
     * __kmalloc_large_node() adds them to NR_SLAB_UNRECLAIMABLE_B (mm/slab_common.c); 2.6.24's
     * kmalloc_large() did not account them.
     */
    public long[][] largeAllocations() {
        long[][] out = new long[largeAllocs.size()][];
        int i = 0;
        for (Map.Entry<Long, Integer> e : largeAllocs.entrySet()) {
            out[i++] = new long[] {e.getKey(), e.getValue()};
        }
        return out;
    }

    /**
     * /proc/slabinfo as mm/slab_common.c prints it (print_slabinfo_header(), cache_show()) for the
     * modelled caches, newest first. SLUB has no tunables (0 0 0) and reports every slab as active.
     */
    public String slabinfo() {
        StringBuilder sb = new StringBuilder();
        sb.append("slabinfo - version: 2.1\n");
        sb.append("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>")
                .append(" : tunables <limit> <batchcount> <sharedfactor>")
                .append(" : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
        for (KmemCache s : slabCaches) {
            sb.append(String.format("%-17s %6d %6d %6d %4d %4d", s.name, s.activeObjs(), s.numObjs(), s.size,
                    s.objsPerSlab, 1 << s.order));
            sb.append(String.format(" : tunables %4d %4d %4d", 0, 0, 0));
            sb.append(String.format(" : slabdata %6d %6d %6d\n", s.nrSlabs(), s.nrSlabs(), 0));
        }
        return sb.toString();
    }
}
