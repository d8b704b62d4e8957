package org.mmdsl.runtime.pagealloc;

import java.util.BitSet;
import java.util.function.LongConsumer;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.zone.Zone;

/**
 * Mirrors the buddy allocator of mm/page_alloc.c: per zone, free_area[order] for orders
 * 0..MAX_ORDER-1 (10), split on allocation (expand()), coalesce on free (__free_one_page()), the
 * zonelist fallback the GFP zone modifiers select and zone_watermark_ok() with lowmem_reserve.
 *
 * <p>Storage: the free lists are intrusive circular doubly linked lists threaded through the
 * MemMap words of the free block heads (the kernel's page->lru, which a free page does not need
 * for anything else; see {@link MemMap}), heads in {@code int[zone][order]}. So the allocator
 * adds no per-frame memory: 8 B/frame in all with MemMap (it was 16 with next/prev int arrays;
 * mmdsl.bench BytesPerFrame measures it). alloc and free allocate no Java objects.
 *
 * <p>Not modelled: migratetypes (one list per order, as if every page were MIGRATE_MOVABLE),
 * per-cpu page lists, reclaim, compaction and kswapd. An allocation tries every zone of the
 * zonelist at the low watermark (the fast path), then at the min watermark with the GFP mask's
 * ALLOC_HIGH/ALLOC_HARDER (the slow path without reclaim), then fails.
 */
public final class BuddyAllocator implements FrameAllocator {
    public static final int MAX_ORDER = Zone.MAX_ORDER;
    /** mm/internal.h alloc flags. */
    public static final int ALLOC_HARDER = 0x10;
    public static final int ALLOC_HIGH = 0x20;

    private static final int NONE = -1;

    private final MemMap memMap;
    private final Zone[] zones;
    private final int zoneDma;
    private final int zoneDma32;
    private final int zoneNormal;
    private final int zoneHighmem;
    private final int zoneMovable;
    private final int[][] head;
    private final EventSink sink;
    private boolean watermarksEnabled;
    private LongConsumer zeroer;
    private boolean lastZeroed;

    /**
     * @param zones indexed by zone index; entries may be unpopulated
     * @param zoneDma32 index of ZONE_DMA32 or -1 (i386)
     * @param zoneHighmem index of ZONE_HIGHMEM or -1 (x86_64, CONFIG_NOHIGHMEM)
     */
    public BuddyAllocator(MemMap memMap, Zone[] zones, int zoneDma, int zoneDma32, int zoneNormal, int zoneHighmem,
            int zoneMovable, EventSink sink) {
        this.memMap = memMap;
        this.zones = zones.clone();
        this.zoneDma = zoneDma;
        this.zoneDma32 = zoneDma32;
        this.zoneNormal = zoneNormal;
        this.zoneHighmem = zoneHighmem;
        this.zoneMovable = zoneMovable;
        this.head = new int[zones.length][MAX_ORDER];
        for (int[] h : head) {
            java.util.Arrays.fill(h, NONE);
        }
        this.sink = sink == null ? EventSink.NONE : sink;
    }

    /** Simulator bytes per frame spent on free lists beyond MemMap's word: none (links live there). */
    public static int bytesPerFrame() {
        return 0;
    }

    /** Called with each pfn handed out under __GFP_ZERO (page contents live elsewhere). */
    public void setZeroer(LongConsumer zeroer) {
        this.zeroer = zeroer;
    }

    /** Whether the last successful allocation had __GFP_ZERO (its frames read as zero). */
    public boolean lastAllocationZeroed() {
        return lastZeroed;
    }

    /** Watermark checks start once setup_per_zone_wmarks() has run (before that every mark is 0). */
    public void setWatermarksEnabled(boolean on) {
        watermarksEnabled = on;
    }

    public Zone zone(int index) {
        return zones[index];
    }

    public int nrZones() {
        return zones.length;
    }

    /**
     * Mirrors gfp_zone(): the highest zone index the zone modifiers allow (GFP_ZONE_TABLE), or -1 for
     * a combination the kernel rejects (GFP_ZONE_BAD, e.g. __GFP_DMA | __GFP_HIGHMEM).
     */
    public int gfpZone(int gfp) {
        boolean dma = (gfp & Gfp.__GFP_DMA) != 0;
        boolean high = (gfp & Gfp.__GFP_HIGHMEM) != 0;
        boolean dma32 = (gfp & Gfp.__GFP_DMA32) != 0;
        boolean movable = (gfp & Gfp.__GFP_MOVABLE) != 0;
        int n = (dma ? 1 : 0) + (high ? 1 : 0) + (dma32 ? 1 : 0);
        if (n > 1) {
            return -1;
        }
        if (dma) {
            return zoneDma;
        }
        if (dma32) {
            return zoneDma32 >= 0 ? zoneDma32 : zoneNormal;
        }
        if (high) {
            if (movable) {
                return zoneMovable;
            }
            return zoneHighmem >= 0 ? zoneHighmem : zoneNormal;
        }
        return zoneNormal;
    }

    /** Mirrors gfp_to_alloc_flags() for the bits that change the watermark. */
    static int allocFlags(int gfp) {
        int f = 0;
        if ((gfp & Gfp.__GFP_HIGH) != 0) {
            f |= ALLOC_HIGH;
        }
        if ((gfp & Gfp.__GFP_ATOMIC) != 0) {
            f |= ALLOC_HARDER;
        }
        return f;
    }

    /**
     * Mirrors mm/page_alloc.c __alloc_pages(): walks the zonelist from gfp_zone() down to ZONE_DMA,
     * first at the low watermark, then at the min watermark with the mask's alloc flags.
     * Never throws; a failure emits "page allocation failure" and returns -1.
     */
    @Override
    public long allocPages(int gfp, int order) {
        return allocate(gfp, order, true);
    }

    @Override
    public long tryAllocPages(int gfp, int order) {
        return allocate(gfp, order, false);
    }

    private long allocate(int gfp, int order, boolean warnOnFailure) {
        if (order < 0 || order >= MAX_ORDER) {
            sink.emit(new KernelMessage("WARNING: mm/page_alloc.c: __alloc_pages: order " + order
                    + " >= MAX_ORDER (" + MAX_ORDER + ")", true));
            return -1;
        }
        int highest = gfpZone(gfp);
        if (highest < 0) {
            sink.emit(new KernelMessage("kernel BUG at include/linux/gfp.h: invalid zone modifiers in mode:0x"
                    + Integer.toHexString(gfp) + "(" + gfpNames(gfp) + ")", true));
            return -1;
        }
        for (int pass = 0; pass < 2; pass++) {
            int flags = pass == 0 ? 0 : allocFlags(gfp);
            for (int z = highest; z >= 0; z--) {
                Zone zone = zones[z];
                if (zone == null || !zone.populated()) {
                    continue;
                }
                long mark = zone.watermark(pass == 0 ? Zone.WMARK_LOW : Zone.WMARK_MIN);
                if (watermarksEnabled && !zoneWatermarkOk(zone, order, mark, highest, flags)) {
                    continue;
                }
                long pfn = rmqueueSmallest(z, order);
                if (pfn >= 0) {
                    prepNewPage(pfn, order, gfp);
                    zone.countAllocation();
                    return pfn;
                }
            }
        }
        if (!warnOnFailure) {
            return -1;
        }
        String text = "page allocation failure: order:" + order + ", mode:0x" + Integer.toHexString(gfp)
                + "(" + gfpNames(gfp) + "), nodemask=(null)";
        // warn_alloc() is silenced by __GFP_NOWARN; the event still records the failure.
        sink.emit(new KernelMessage((gfp & Gfp.__GFP_NOWARN) != 0 ? text + " [__GFP_NOWARN: not printed]" : text,
                (gfp & Gfp.__GFP_NOWARN) == 0));
        return -1;
    }

    /**
     * Mirrors __zone_watermark_ok(): free pages above mark + lowmem_reserve[highestZoneIdx], and
     * for order &gt; 0 a free block of at least that order.
     */
    public boolean zoneWatermarkOk(Zone zone, int order, long mark, int highestZoneIdx, int allocFlags) {
        long free = zone.freePages() - ((1L << order) - 1);
        long min = mark;
        if ((allocFlags & ALLOC_HIGH) != 0) {
            min -= min / 2;
        }
        if ((allocFlags & ALLOC_HARDER) != 0) {
            min -= min / 4;
        }
        if (free <= min + zone.lowmemReserve(highestZoneIdx)) {
            return false;
        }
        if (order == 0) {
            return true;
        }
        for (int o = order; o < MAX_ORDER; o++) {
            if (zone.nrFree(o) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Mirrors __rmqueue_smallest(): the first block of the smallest order &gt;= order, split down. */
    private long rmqueueSmallest(int z, int order) {
        for (int o = order; o < MAX_ORDER; o++) {
            int pfn = head[z][o];
            if (pfn == NONE) {
                continue;
            }
            delFromFreeList(pfn, z, o);
            expand(z, pfn, order, o);
            return pfn;
        }
        return -1;
    }

    /**
     * Mirrors expand(): a block of order {@code high} at {@code pfn} is cut in halves until one of
     * order {@code low} remains at {@code pfn}; each upper half goes on the free list of its order.
     * Taking order 0 from a free order-2 block at pfn 8:
     * <pre>
     *   [8 9 10 11] order 2  ->  [10 11] to free_area[1], [9] to free_area[0], 8 returned
     * </pre>
     */
    private void expand(int z, int pfn, int low, int high) {
        int size = 1 << high;
        while (high > low) {
            high--;
            size >>= 1;
            addToFreeList(pfn + size, z, high, false);
        }
    }

    private void prepNewPage(long pfn, int order, int gfp) {
        memMap.setRefcount(pfn, 1);
        boolean zero = (gfp & Gfp.__GFP_ZERO) != 0;
        lastZeroed = zero;
        if (zero && zeroer != null) {
            for (long p = pfn; p < pfn + (1L << order); p++) {
                zeroer.accept(p);
            }
        }
        if ((gfp & Gfp.__GFP_COMP) != 0 && order > 0) {
            // prep_compound_page(): head keeps the order, tails point at it (PG_tail here).
            memMap.set(pfn, MemMap.PG_head);
            memMap.setOrder(pfn, order);
            for (long p = pfn + 1; p < pfn + (1L << order); p++) {
                memMap.set(p, MemMap.PG_tail);
            }
        }
    }

    /**
     * Mirrors __free_pages(): drops the caller's reference; at zero the whole block is freed. If
     * others still hold the head of a non-compound block, the tail parts are freed anyway, as the
     * kernel does.
     */
    @Override
    public void freePages(long pfn, int order) {
        if (pfn < 0 || pfn >= memMap.size() || order < 0 || order >= MAX_ORDER) {
            sink.emit(new KernelMessage("BUG: Bad page state: pfn:" + hexPfn(pfn) + " order:" + order
                    + " is not a page of this machine", true));
            return;
        }
        if (memMap.refcount(pfn) == 0) {
            sink.emit(new KernelMessage("BUG: Bad page state: pfn:" + hexPfn(pfn)
                    + " page dumped because: nonzero _refcount expected (freed twice?)", true));
            return;
        }
        boolean compoundHead = memMap.test(pfn, MemMap.PG_head);
        if (memMap.putTestZero(pfn) == 0) {
            freeThePage(pfn, order);
        } else if (!compoundHead) {
            while (order-- > 0) {
                freeThePage(pfn + (1L << order), order);
            }
        }
    }

    /** free_pages_prepare() + __free_one_page() for a block whose refcount is already 0. */
    private void freeThePage(long pfn, int order) {
        if (!freePagesPrepare(pfn, order)) {
            return;
        }
        freeOneBlock(pfn, order, false);
    }

    /** Mirrors free_pages_prepare(): refuses pages in a state that must not be freed. */
    private boolean freePagesPrepare(long pfn, int order) {
        int bad = memMap.flags(pfn) & (MemMap.PG_reserved | MemMap.PG_buddy | MemMap.PG_tail);
        if (bad != 0 || memMap.mapcount(pfn) != 0) {
            sink.emit(new KernelMessage("BUG: Bad page state: pfn:" + hexPfn(pfn) + " flags: "
                    + memMap.flagNames(pfn) + " mapcount:" + memMap.mapcount(pfn)
                    + " page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set", true));
            return false;
        }
        if (memMap.test(pfn, MemMap.PG_head)) {
            if (memMap.order(pfn) != order) {
                sink.emit(new KernelMessage("BUG: Bad page state: pfn:" + hexPfn(pfn) + " compound order "
                        + memMap.order(pfn) + " freed as order " + order, true));
            }
            memMap.clear(pfn, MemMap.PG_head);
            memMap.setOrder(pfn, 0);
            for (long p = pfn + 1; p < pfn + (1L << order); p++) {
                memMap.clear(p, MemMap.PG_tail);
            }
        }
        // PAGE_FLAGS_CHECK_AT_PREP: a freed page keeps only its zone and highmem bits.
        memMap.clear(pfn, ~(MemMap.PG_highmem) & 0xfffff);
        return true;
    }

    /**
     * Mirrors __free_one_page(): merge with the buddy while it is free at the same order.
     *
     * <p>The buddy of the block at pfn of order o is pfn ^ (1 &lt;&lt; o) (mm/internal.h
     * __find_buddy_pfn()); the merged block starts at pfn &amp; buddy. Freeing pfn 0x8e, order 1:
     * <pre>
     *   order 1: buddy = 0x8e ^ 0x2 = 0x8c  free at order 1 -> merge, block = 0x8c
     *   order 2: buddy = 0x8c ^ 0x4 = 0x88  free at order 2 -> merge, block = 0x88
     *   order 3: buddy = 0x88 ^ 0x8 = 0x80  not free        -> stop: 0x88 joins free_area[3]
     * </pre>
     * The block goes to the tail of its list when its own buddy at the next order is free (merge
     * likely soon: buddy_merge_likely()) or for boot-time frees (FPI_TO_TAIL), else to the head.
     */
    private void freeOneBlock(long pfnL, int order, boolean toTailHint) {
        int pfn = (int) pfnL;
        int z = memMap.zone(pfn);
        int buddy = pfn;
        while (order < MAX_ORDER - 1) {
            buddy = pfn ^ (1 << order);
            if (!pageIsBuddy(buddy, z, order)) {
                break;
            }
            delFromFreeList(buddy, z, order);
            pfn &= buddy;
            order++;
        }
        boolean toTail = toTailHint;
        if (!toTail && order < MAX_ORDER - 2) {
            int higher = pfn & buddy;
            toTail = pageIsBuddy(higher ^ (1 << (order + 1)), z, order + 1);
        }
        addToFreeList(pfn, z, order, toTail);
    }

    /** Mirrors page_is_buddy(): a free block head of this order in the same zone. */
    private boolean pageIsBuddy(int pfn, int z, int order) {
        if (pfn < 0 || pfn >= memMap.size()) {
            return false;
        }
        return memMap.isBuddy(pfn) && memMap.order(pfn) == order && memMap.zone(pfn) == z
                && zones[z].spans(pfn);
    }

    /**
     * Mirrors __free_pages_core() with FPI_TO_TAIL as memblock_free_all() uses it: hands the frames
     * [startPfn, endPfn) of one zone to the allocator in the largest aligned blocks
     * (__free_pages_memory()). The caller accounts managed pages.
     */
    public void freeBootRange(long startPfn, long endPfn) {
        long start = startPfn;
        while (start < endPfn) {
            int order = Math.min(MAX_ORDER - 1, Long.numberOfTrailingZeros(start == 0 ? 1L << 62 : start));
            while (start + (1L << order) > endPfn) {
                order--;
            }
            for (long p = start; p < start + (1L << order); p++) {
                memMap.clear(p, MemMap.PG_reserved);
                memMap.setRefcount(p, 0);
            }
            freeOneBlock(start, order, true);
            start += 1L << order;
        }
    }

    /** Mirrors free_highmem_page(): one reserved highmem frame given to the allocator at boot. */
    public void freeBootPage(long pfn) {
        memMap.clear(pfn, MemMap.PG_reserved);
        memMap.setRefcount(pfn, 0);
        freeOneBlock(pfn, 0, false);
    }

    private void addToFreeList(int pfn, int z, int order, boolean tail) {
        memMap.setBuddy(pfn, order);
        int h = head[z][order];
        if (h == NONE) {
            memMap.setFreeNext(pfn, pfn);
            memMap.setFreePrev(pfn, pfn);
            head[z][order] = pfn;
        } else {
            int t = memMap.freePrev(h);
            memMap.setFreeNext(t, pfn);
            memMap.setFreePrev(pfn, t);
            memMap.setFreeNext(pfn, h);
            memMap.setFreePrev(h, pfn);
            if (!tail) {
                head[z][order] = pfn;
            }
        }
        zones[z].accountFreeBlock(order, 1);
    }

    private void delFromFreeList(int pfn, int z, int order) {
        int n = memMap.freeNext(pfn);
        if (n == pfn) {
            head[z][order] = NONE;
        } else {
            int p = memMap.freePrev(pfn);
            memMap.setFreeNext(p, n);
            memMap.setFreePrev(n, p);
            if (head[z][order] == pfn) {
                head[z][order] = n;
            }
        }
        memMap.clearBuddy(pfn);
        zones[z].accountFreeBlock(order, -1);
    }

    /** The first block on free_area[order] of zone z (the next one allocated), or -1. */
    public long firstFree(int z, int order) {
        return head[z][order];
    }

    /** The block after {@code pfn} on its free list, or -1 at the end. */
    public long nextFree(int z, int order, long pfn) {
        int n = memMap.freeNext(pfn);
        return n == head[z][order] ? -1 : n;
    }

    /**
     * Debug check in the spirit of CONFIG_DEBUG_VM: every listed block is a PG_buddy head of its
     * order, aligned to it, inside its zone, with refcount 0; no two blocks overlap; no PG_buddy
     * frame is missing from the lists; nr_free and the free-page count agree.
     *
     * @return null when consistent, else what is wrong
     */
    public String validate() {
        BitSet covered = new BitSet(memMap.size());
        BitSet heads = new BitSet(memMap.size());
        for (int z = 0; z < zones.length; z++) {
            Zone zone = zones[z];
            if (zone == null) {
                continue;
            }
            long pages = 0;
            for (int o = 0; o < MAX_ORDER; o++) {
                long count = 0;
                int h = head[z][o];
                if (h != NONE) {
                    int p = h;
                    do {
                        if ((p & ((1 << o) - 1)) != 0) {
                            return "zone " + zone.name() + " order " + o + ": block " + hexPfn(p) + " not aligned";
                        }
                        if (!memMap.test(p, MemMap.PG_buddy) || memMap.order(p) != o || memMap.zone(p) != z) {
                            return "zone " + zone.name() + " order " + o + ": block " + hexPfn(p) + " not marked as a buddy of that order";
                        }
                        if (p < zone.startPfn() || p + (1L << o) > zone.endPfn()) {
                            return "zone " + zone.name() + ": block " + hexPfn(p) + " order " + o + " outside the zone";
                        }
                        if (memMap.refcount(p) != 0) {
                            return "free block " + hexPfn(p) + " has refcount " + memMap.refcount(p);
                        }
                        if (covered.nextSetBit(p) >= 0 && covered.nextSetBit(p) < p + (1 << o)) {
                            return "free block " + hexPfn(p) + " order " + o + " overlaps another free block";
                        }
                        if (memMap.freePrev(memMap.freeNext(p)) != p) {
                            return "free list of zone " + zone.name() + " order " + o + " broken at " + hexPfn(p);
                        }
                        covered.set(p, p + (1 << o));
                        heads.set(p);
                        count++;
                        p = memMap.freeNext(p);
                    } while (p != h);
                }
                if (count != zone.nrFree(o)) {
                    return "zone " + zone.name() + " order " + o + ": nr_free " + zone.nrFree(o) + " but " + count + " listed";
                }
                pages += count << o;
            }
            if (pages != zone.freePages()) {
                return "zone " + zone.name() + ": NR_FREE_PAGES " + zone.freePages() + " but " + pages + " on the lists";
            }
        }
        for (int p = 0; p < memMap.size(); p++) {
            if (memMap.test(p, MemMap.PG_buddy) && !heads.get(p)) {
                return "pfn " + hexPfn(p) + " is PG_buddy but on no free list";
            }
        }
        return null;
    }

    private static String hexPfn(long pfn) {
        String h = Long.toHexString(pfn);
        return h.length() >= 5 ? h : "00000".substring(h.length()) + h;
    }

    // include/trace/events/mmflags.h __def_gfpflag_names, in the kernel's order, limited to the
    // names Gfp defines.
    private static final String[] GFP_NAMES = {
        "GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER", "GFP_USER", "GFP_KERNEL_ACCOUNT", "GFP_KERNEL", "GFP_NOFS", "GFP_ATOMIC",
        "GFP_NOIO", "GFP_NOWAIT", "GFP_DMA", "__GFP_HIGHMEM", "GFP_DMA32", "__GFP_HIGH", "__GFP_ATOMIC", "__GFP_IO",
        "__GFP_FS", "__GFP_NOWARN", "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO", "__GFP_MOVABLE",
        "__GFP_HARDWALL", "__GFP_ACCOUNT", "__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"};
    private static final int[] GFP_VALUES = {
        Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_HIGHUSER, Gfp.GFP_USER, Gfp.GFP_KERNEL_ACCOUNT, Gfp.GFP_KERNEL, Gfp.GFP_NOFS,
        Gfp.GFP_ATOMIC, Gfp.GFP_NOIO, Gfp.GFP_NOWAIT, Gfp.GFP_DMA, Gfp.__GFP_HIGHMEM, Gfp.GFP_DMA32,
        Gfp.__GFP_HIGH, Gfp.__GFP_ATOMIC, Gfp.__GFP_IO, Gfp.__GFP_FS, Gfp.__GFP_NOWARN, Gfp.__GFP_NOFAIL,
        Gfp.__GFP_NORETRY, Gfp.__GFP_COMP, Gfp.__GFP_ZERO, Gfp.__GFP_MOVABLE, Gfp.__GFP_HARDWALL, Gfp.__GFP_ACCOUNT,
        Gfp.__GFP_RECLAIM, Gfp.__GFP_DIRECT_RECLAIM, Gfp.__GFP_KSWAPD_RECLAIM};

    /** Mirrors %pGg (lib/vsprintf.c format_flags()): "GFP_KERNEL|__GFP_ZERO"; leftover bits in hex. */
    public static String gfpNames(int gfp) {
        if (gfp == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        int rest = gfp;
        for (int i = 0; i < GFP_NAMES.length && rest != 0; i++) {
            int mask = GFP_VALUES[i];
            if (mask != 0 && (rest & mask) == mask) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(GFP_NAMES[i]);
                rest &= ~mask;
            }
        }
        if (rest != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
