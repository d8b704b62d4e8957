package org.mmdsl.runtime.pagealloc;

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
 * for anything else; see {@link MemMap}), heads in {@code int[zone][migratetype][order]}
 * (free_area[order].free_list[migratetype]). So the allocator adds no per-frame memory: 8 B/frame
 * in all with MemMap (it was 16 with next/prev int arrays; mmdsl.bench BytesPerFrame measures it),
 * plus one byte per pageblock for its migrate type (the pageblock_flags bitmap). alloc and free
 * allocate no Java objects; every list operation is O(1).
 *
 * <p>Migrate types ({@link MigrateTypes}): an allocation takes from the list of
 * gfp_migratetype(gfp); when that is empty, __rmqueue_fallback() takes a block of another type in
 * the order of fallbacks[] and steals it, its pageblock or only the block (steal_suitable_fallback(),
 * 2.6.24's own rule in {@link #rmqueueFallback26}); order &gt; 0 allocations that reach the slow
 * path with ALLOC_HARDER reserve a MIGRATE_HIGHATOMIC pageblock (reserve_highatomic_pageblock()).
 * A freed block joins the list of its pageblock's type. Every pageblock is MIGRATE_MOVABLE at boot
 * when memmap_init_range() reaches its first frame (the caller sets it), else MIGRATE_UNMOVABLE.
 *
 * <p>Not modelled: per-cpu page lists, watermark boosting after a fallback (boost_watermark()),
 * unreserve_highatomic_pageblock(), CMA areas (no cma=: the CMA lists stay empty), page isolation,
 * reclaim, compaction and kswapd. An allocation tries every zone of the zonelist at the low
 * watermark (the fast path; 6.1 first with ALLOC_NOFRAGMENT when the preferred zone is ZONE_NORMAL
 * of x86_64, alloc_flags_nofragment()), then at the min watermark with the GFP mask's
 * ALLOC_HIGH/ALLOC_HARDER (the slow path without reclaim), then fails.
 */
public final class BuddyAllocator implements FrameAllocator {
    public static final int MAX_ORDER = Zone.MAX_ORDER;
    /** mm/internal.h alloc flags. */
    public static final int ALLOC_HARDER = 0x10;
    public static final int ALLOC_HIGH = 0x20;
    /** mm/internal.h: do not steal below pageblock_order from another type (6.1). */
    public static final int ALLOC_NOFRAGMENT = 0x100;

    static final int NONE = -1;

    private final MemMap memMap;
    private final Zone[] zones;
    private final int zoneDma;
    private final int zoneDma32;
    private final int zoneNormal;
    private final int zoneHighmem;
    private final int zoneMovable;
    /** head[zone][migratetype][order]: the first block of free_area[order].free_list[migratetype]. */
    private final int[][][] head;
    private final MigrateTypes types;
    private final int pageblockOrder;
    /** The migrate type of each pageblock (pfn &gt;&gt; pageblockOrder): the pageblock_flags bitmap. */
    private final byte[] blockType;
    /** zone->nr_reserved_highatomic, per zone. */
    private final long[] nrReservedHighatomic;
    private final EventSink sink;
    /** The zones of one node: zones[nid * zonesPerNode + zone index]. */
    private int zonesPerNode;
    /** Where each node's pfns end ({@link #configureNodes}); one node by default. */
    private long[] nodeEndPfns = {Long.MAX_VALUE};
    /** Each node's zonelist node order. */
    private int[][] nodeOrder = {{0}};
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
        this(memMap, zones, zoneDma, zoneDma32, zoneNormal, zoneHighmem, zoneMovable, sink, MigrateTypes.V6_1, 9);
    }

    /**
     * As above, with the model's migrate types and pageblock_order (9 on x86_64 and PAE, 10 on
     * non-PAE i386: HUGETLB_PAGE_ORDER). Every pageblock starts MIGRATE_UNMOVABLE (a zeroed
     * pageblock_flags bitmap) until {@link #setPageblockMigratetype} says otherwise.
     */
    public BuddyAllocator(MemMap memMap, Zone[] zones, int zoneDma, int zoneDma32, int zoneNormal, int zoneHighmem,
            int zoneMovable, EventSink sink, MigrateTypes types, int pageblockOrder) {
        this.types = types;
        this.pageblockOrder = pageblockOrder;
        this.blockType = new byte[(memMap.size() >> pageblockOrder) + 1];
        this.nrReservedHighatomic = new long[zones.length];
        this.memMap = memMap;
        this.zones = zones.clone();
        this.zoneDma = zoneDma;
        this.zoneDma32 = zoneDma32;
        this.zoneNormal = zoneNormal;
        this.zoneHighmem = zoneHighmem;
        this.zoneMovable = zoneMovable;
        this.zonesPerNode = zones.length;
        this.head = new int[zones.length][types.count()][MAX_ORDER];
        for (int[][] perType : head) {
            for (int[] h : perType) {
                java.util.Arrays.fill(h, NONE);
            }
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

    /** The model's migrate types. */
    public MigrateTypes migrateTypes() {
        return types;
    }

    /** pageblock_order. */
    public int pageblockOrder() {
        return pageblockOrder;
    }

    /** Mirrors get_pfnblock_migratetype(): the migrate type of the pageblock holding pfn. */
    public int pageblockMigratetype(long pfn) {
        return blockType[(int) (pfn >> pageblockOrder)];
    }

    /**
     * Mirrors set_pageblock_migratetype(): sets the type of the pageblock holding pfn; moves no
     * free page (memmap_init_range() calls it before any page is free).
     */
    public void setPageblockMigratetype(long pfn, int type) {
        blockType[(int) (pfn >> pageblockOrder)] = (byte) type;
    }

    /** zone->nr_reserved_highatomic of zone z. */
    public long nrReservedHighatomic(int z) {
        return nrReservedHighatomic[z];
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
        return allocate(gfp, order, 0, ALL_NODES, 0, warnOnFailure);
    }

    /** Every node: no nodemask (a NULL nodemask in __alloc_pages()). */
    public static final long ALL_NODES = -1L;

    /**
     * Mirrors __alloc_pages(gfp, order, preferred_nid, nodemask) on a NUMA machine: the zonelist of
     * {@code preferredNid} (its own zones only with __GFP_THISNODE), the zones of nodes outside
     * {@code nodemask} (a bit per node) skipped; {@code localNid} is numa_node_id() of the asking
     * CPU, for the numa_local/numa_other counters. Returns the first pfn or -1, as {@link #allocPages}.
     */
    @Override
    public long allocPagesNode(int gfp, int order, int preferredNid, long nodemask, int localNid, boolean interleave,
            boolean warnOnFailure) {
        if (preferredNid < 0 || preferredNid >= nodeOrder.length) {
            preferredNid = localNid; // a policy's node the machine does not have (validated before)
        }
        long pfn = allocate(gfp, order, preferredNid, nodemask, localNid, warnOnFailure);
        if (interleave && pfn >= 0 && pfnToNid(pfn) == preferredNid) {
            pageZone(pfn).countInterleaveHit();
        }
        return pfn;
    }

    /**
     * Sets the machine's nodes (init.Setup, once, before the first allocation): the zones array holds
     * {@code zonesPerNode} zones per node, node-major; {@code nodeEndPfns[nid]} is where node nid's
     * pfns end (nodes are contiguous and in order); {@code order[nid]} the node order of its zonelist
     * ({@link Zonelists#nodeOrder}).
     */
    public void configureNodes(int zonesPerNode, long[] nodeEndPfns, int[][] order) {
        this.zonesPerNode = zonesPerNode;
        this.nodeEndPfns = nodeEndPfns.clone();
        this.nodeOrder = order;
    }

    /** The number of nodes. */
    public int nrNodes() {
        return nodeEndPfns.length;
    }

    /** Zones per node (MAX_NR_ZONES of the layout). */
    public int zonesPerNode() {
        return zonesPerNode;
    }

    /** The node order of nid's zonelist (a copy). */
    public int[] nodeOrder(int nid) {
        return nodeOrder[nid].clone();
    }

    /** Mirrors pfn_to_nid() / page_to_nid(): the node whose range holds pfn (the last node past the end). */
    public int pfnToNid(long pfn) {
        int n = nodeEndPfns.length;
        for (int nid = 0; nid < n - 1; nid++) {
            if (pfn < nodeEndPfns[nid]) {
                return nid;
            }
        }
        return n - 1;
    }

    /** Mirrors page_zone(): the zone of pfn among all zones of all nodes. */
    public Zone pageZone(long pfn) {
        return zones[slotOf(pfn)];
    }

    /** The allocator's index of pfn's zone: its node's base plus page_zonenum(). */
    private int slotOf(long pfn) {
        int z = memMap.zone(pfn);
        return nodeEndPfns.length == 1 ? z : pfnToNid(pfn) * zonesPerNode + z;
    }

    private long allocate(int gfp, int order, int preferredNid, long nodemask, int localNid, boolean warnOnFailure) {
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
        int migratetype = types.ofGfp(gfp);
        int[] nodes = (gfp & Gfp.__GFP_THISNODE) != 0 ? null : nodeOrder[preferredNid];
        // first_zones_zonelist(): the preferred zone is the first populated zone of the zonelist
        // (within the nodemask) at or below the highest zone index
        Zone preferred = null;
        for (int i = 0; preferred == null && i < (nodes == null ? 1 : nodes.length); i++) {
            int nid = nodes == null ? preferredNid : nodes[i];
            if ((nodemask & (1L << nid)) == 0) {
                continue;
            }
            for (int z = highest; z >= 0; z--) {
                Zone zone = zones[nid * zonesPerNode + z];
                if (zone != null && zone.populated()) {
                    preferred = zone;
                    break;
                }
            }
        }
        if (preferred != null) {
            // alloc_flags_nofragment(): the fast path avoids mixing pageblocks when the preferred zone
            // is ZONE_NORMAL and ZONE_DMA32 exists (x86_64); with several nodes, only when the node's
            // DMA32 is populated
            boolean noFragment = !types.is26() && zoneDma32 >= 0 && preferred.index() == zoneNormal
                    && (nodeEndPfns.length == 1 || zones[preferred.slot() - 1].populated());
            for (int pass = 0; pass < 2; pass++) {
                int flags = pass == 0 ? (noFragment ? ALLOC_NOFRAGMENT : 0) : allocFlags(gfp);
                int wmark = pass == 0 ? Zone.WMARK_LOW : Zone.WMARK_MIN;
                long pfn = getPageFromFreelist(gfp, order, highest, migratetype, wmark, flags, nodes, preferredNid,
                        nodemask, preferred, localNid);
                if (pfn >= 0) {
                    return pfn;
                }
            }
        }
        if (!warnOnFailure) {
            return -1;
        }
        String text = "page allocation failure: order:" + order + ", mode:0x" + Integer.toHexString(gfp)
                + "(" + gfpNames(gfp) + "), nodemask=" + (nodemask == ALL_NODES ? "(null)" : Nodemask.nodelist(nodemask));
        // warn_alloc() is silenced by __GFP_NOWARN; the event still records the failure.
        sink.emit(new KernelMessage((gfp & Gfp.__GFP_NOWARN) != 0 ? text + " [__GFP_NOWARN: not printed]" : text,
                (gfp & Gfp.__GFP_NOWARN) == 0));
        return -1;
    }

    /**
     * Mirrors get_page_from_freelist(): the zonelist's zones at or below {@code highest} (node by
     * node in {@code nodes}' order, or the preferred node's alone for __GFP_THISNODE), one watermark,
     * one set of flags. With ALLOC_NOFRAGMENT the walk restarts without it when it would leave the
     * preferred node ("Locality is more important than fragmentation avoidance") or finds nothing.
     */
    private long getPageFromFreelist(int gfp, int order, int highest, int migratetype, int wmark, int flags, int[] nodes,
            int preferredNid, long nodemask, Zone preferred, int localNid) {
        int nrNodes = nodes == null ? 1 : nodes.length;
        for (int i = 0; i < nrNodes; i++) {
            int nid = nodes == null ? preferredNid : nodes[i];
            if ((nodemask & (1L << nid)) == 0) {
                continue;
            }
            for (int z = highest; z >= 0; z--) {
                int slot = nid * zonesPerNode + z;
                Zone zone = zones[slot];
                if (zone == null || !zone.populated()) {
                    continue;
                }
                if ((flags & ALLOC_NOFRAGMENT) != 0 && nid != preferred.nid()) {
                    return getPageFromFreelist(gfp, order, highest, migratetype, wmark, flags & ~ALLOC_NOFRAGMENT, nodes,
                            preferredNid, nodemask, preferred, localNid);
                }
                if (watermarksEnabled && !zoneWatermarkOk(zone, order, zone.watermark(wmark), highest, flags)) {
                    continue;
                }
                long pfn = rmqueue(slot, order, migratetype, flags);
                if (pfn >= 0) {
                    prepNewPage(pfn, order, gfp);
                    if (order > 0 && (flags & ALLOC_HARDER) != 0) {
                        reserveHighatomicPageblock(pfn, slot);
                    }
                    zone.countAllocation(preferred, localNid);
                    return pfn;
                }
            }
        }
        if ((flags & ALLOC_NOFRAGMENT) != 0) {
            // "It's possible on a UMA machine to get through all zones that are fragmented. If
            // avoiding fragmentation, reset and try again."
            return getPageFromFreelist(gfp, order, highest, migratetype, wmark, flags & ~ALLOC_NOFRAGMENT, nodes,
                    preferredNid, nodemask, preferred, localNid);
        }
        return -1;
    }

    /**
     * Mirrors rmqueue_buddy() and __rmqueue() (6.1) or 2.6.24's __rmqueue(): ALLOC_HARDER order &gt; 0
     * requests try the MIGRATE_HIGHATOMIC reserve first; then the requested type's lists, then a
     * fallback steal and a retry.
     */
    private long rmqueue(int z, int order, int migratetype, int flags) {
        if (types.is26()) {
            long pfn = rmqueueSmallest(z, order, migratetype);
            return pfn >= 0 ? pfn : rmqueueFallback26(z, order, migratetype);
        }
        if (order > 0 && (flags & ALLOC_HARDER) != 0) {
            long pfn = rmqueueSmallest(z, order, types.highatomic);
            if (pfn >= 0) {
                return pfn;
            }
        }
        while (true) {
            long pfn = rmqueueSmallest(z, order, migratetype);
            if (pfn >= 0 || !rmqueueFallback(z, order, migratetype, flags)) {
                return pfn;
            }
        }
    }

    /**
     * Mirrors __zone_watermark_ok(): free pages above mark + lowmem_reserve[highestZoneIdx] (the
     * highatomic reserve counts as not free unless ALLOC_HARDER), and for order &gt; 0 a free block
     * of at least that order on a list the request may use.
     */
    public boolean zoneWatermarkOk(Zone zone, int order, long mark, int highestZoneIdx, int allocFlags) {
        boolean harder = (allocFlags & ALLOC_HARDER) != 0;
        long free = zone.freePages() - ((1L << order) - 1);
        if (!harder) {
            free -= nrReservedHighatomic[zone.slot()];
        }
        long min = mark;
        if ((allocFlags & ALLOC_HIGH) != 0) {
            min -= min / 2;
        }
        if (harder) {
            min -= min / 4;
        }
        if (free <= min + zone.lowmemReserve(highestZoneIdx)) {
            return false;
        }
        if (order == 0) {
            return true;
        }
        int[][] h = head[zone.slot()];
        for (int o = order; o < MAX_ORDER; o++) {
            if (zone.nrFree(o) == 0) {
                continue;
            }
            if (types.is26()) {
                return true; // 2.6.24 counts free_area[o].nr_free alone
            }
            if (h[types.unmovable][o] != NONE || h[types.movable][o] != NONE || h[types.reclaimable][o] != NONE) {
                return true;
            }
            if (harder && h[types.highatomic][o] != NONE) {
                return true;
            }
        }
        return false;
    }

    /** Mirrors __rmqueue_smallest(): the first block of the smallest order &gt;= order on the type's lists, split down. */
    private long rmqueueSmallest(int z, int order, int migratetype) {
        for (int o = order; o < MAX_ORDER; o++) {
            int pfn = head[z][migratetype][o];
            if (pfn == NONE) {
                continue;
            }
            delFromFreeList(pfn, z, o, migratetype);
            expand(z, pfn, order, o, migratetype);
            return pfn;
        }
        return -1;
    }

    /**
     * Mirrors 6.1's __rmqueue_fallback(): the largest free block of a fallback type (fallbacks[]
     * order at each order, from MAX_ORDER - 1 down to the request's order, or to pageblock_order
     * under ALLOC_NOFRAGMENT); a movable request that may not steal the whole pageblock takes the
     * smallest such block instead. The block (and maybe its pageblock) moves to the requested type
     * and the caller retries __rmqueue_smallest().
     *
     * @return whether a block was moved
     */
    private boolean rmqueueFallback(int z, int order, int startType, int flags) {
        int minOrder = (flags & ALLOC_NOFRAGMENT) != 0 ? pageblockOrder : order;
        for (int o = MAX_ORDER - 1; o >= minOrder; o--) {
            int fallbackType = findSuitableFallback(z, o, startType);
            if (fallbackType < 0) {
                continue;
            }
            boolean canSteal = canStealFallback(o, startType);
            if (!canSteal && startType == types.movable && o > order) {
                // find_smallest: split the smallest block rather than the largest.
                for (o = order; o < MAX_ORDER; o++) {
                    fallbackType = findSuitableFallback(z, o, startType);
                    if (fallbackType >= 0) {
                        break;
                    }
                }
                canSteal = canStealFallback(o, startType);
            }
            stealSuitableFallback(z, head[z][fallbackType][o], o, startType, canSteal);
            return true;
        }
        return false;
    }

    /** Mirrors find_suitable_fallback() with only_stealable false: the first fallbacks[] type with a block of this order. */
    private int findSuitableFallback(int z, int order, int startType) {
        if (zones[z].nrFree(order) == 0) {
            return -1;
        }
        for (int i = 0; i < 2; i++) {
            int t = types.fallback(startType, i);
            if (head[z][t][order] != NONE) {
                return t;
            }
        }
        return -1;
    }

    /** Mirrors can_steal_fallback() (page_group_by_mobility_disabled is never set in the model's boots). */
    private boolean canStealFallback(int order, int startType) {
        return order >= pageblockOrder || order >= pageblockOrder / 2 || startType == types.reclaimable
                || startType == types.unmovable;
    }

    /**
     * Mirrors steal_suitable_fallback(): a block of pageblock_order or more changes the type of its
     * pageblocks (change_pageblock_range()); a smaller one, when the whole block may be stolen,
     * moves every free block of its pageblock to the new type (move_freepages_block()) and claims
     * the pageblock when at least half of it is free or alike (allocated pages on the LRU count as
     * movable); otherwise only the block itself changes lists.
     */
    private void stealSuitableFallback(int z, int pfn, int order, int startType, boolean wholeBlock) {
        int oldType = pageblockMigratetype(pfn);
        if (oldType == types.highatomic) {
            moveToFreeList(pfn, z, order, startType);
            return;
        }
        if (order >= pageblockOrder) {
            for (long p = pfn; p < pfn + (1L << order); p += 1L << pageblockOrder) {
                setPageblockMigratetype(p, startType);
            }
            moveToFreeList(pfn, z, order, startType);
            return;
        }
        if (!wholeBlock) {
            moveToFreeList(pfn, z, order, startType);
            return;
        }
        long[] moved = movableCount;
        int freePages = moveFreepagesBlock(z, pfn, startType, moved);
        if (freePages == 0) {
            moveToFreeList(pfn, z, order, startType);
            return;
        }
        long movablePages = moved[0];
        long alike;
        if (startType == types.movable) {
            alike = movablePages;
        } else if (oldType == types.movable) {
            alike = (1L << pageblockOrder) - (freePages + movablePages);
        } else {
            alike = 0;
        }
        if (freePages + alike >= (1L << (pageblockOrder - 1))) {
            setPageblockMigratetype(pfn, startType);
        }
    }

    /** Scratch for moveFreepagesBlock()'s num_movable (no allocation per call). */
    private final long[] movableCount = new long[1];

    /**
     * Mirrors move_freepages_block(): every free block of the pageblock holding pfn goes to the
     * lists of {@code type}; allocated pages on the LRU are counted in movable[0]. Does not cross
     * the zone: a pageblock that ends outside it moves nothing.
     *
     * @return the free pages moved
     */
    private int moveFreepagesBlock(int z, long pfnL, int type, long[] movable) {
        if (movable != null) {
            movable[0] = 0;
        }
        long start = pfnL & ~((1L << pageblockOrder) - 1);
        long end = start + (1L << pageblockOrder) - 1;
        Zone zone = zones[z];
        if (!zone.spans(start)) {
            start = pfnL;
        }
        if (!zone.spans(end) || end >= memMap.size()) {
            return 0;
        }
        int moved = 0;
        for (long p = start; p <= end;) {
            if (!memMap.isBuddy(p)) {
                if (movable != null && memMap.test(p, MemMap.PG_lru)) {
                    movable[0]++;
                }
                p++;
                continue;
            }
            int o = memMap.order(p);
            moveToFreeList((int) p, z, o, type);
            p += 1L << o;
            moved += 1 << o;
        }
        return moved;
    }

    /**
     * Mirrors reserve_highatomic_pageblock(): after an ALLOC_HARDER order &gt; 0 allocation, its
     * pageblock becomes MIGRATE_HIGHATOMIC, up to one pageblock plus 1% of the zone's managed pages.
     */
    private void reserveHighatomicPageblock(long pfn, int z) {
        if (types.highatomic < 0) {
            return;
        }
        long maxManaged = zones[z].managed() / 100 + (1L << pageblockOrder);
        if (nrReservedHighatomic[z] >= maxManaged) {
            return;
        }
        int mt = pageblockMigratetype(pfn);
        if (types.mergeable(mt)) {
            nrReservedHighatomic[z] += 1L << pageblockOrder;
            setPageblockMigratetype(pfn, types.highatomic);
            moveFreepagesBlock(z, pfn, types.highatomic, null);
        }
    }

    /**
     * Mirrors 2.6.24's __rmqueue_fallback(): the largest block of a fallback type (MIGRATE_RESERVE
     * skipped); from order pageblock_order/2 up, or for a reclaimable request, every free block of
     * its pageblock moves to the requested type, which claims the pageblock when at least half of it
     * was free; a block of exactly pageblock_order claims its pageblock. The rest of the block is
     * split onto the lists of the type it now belongs to. Without any, MIGRATE_RESERVE is used.
     */
    private long rmqueueFallback26(int z, int order, int startType) {
        for (int o = MAX_ORDER - 1; o >= order; o--) {
            for (int i = 0; i < 2; i++) {
                int mt = types.fallback(startType, i);
                int pfn = head[z][mt][o];
                if (pfn == NONE) {
                    continue;
                }
                if (o >= (pageblockOrder >> 1) || startType == types.reclaimable) {
                    int pages = moveFreepagesBlock(z, pfn, startType, null);
                    if (pages >= (1 << (pageblockOrder - 1))) {
                        setPageblockMigratetype(pfn, startType);
                    }
                    mt = startType;
                }
                delFromFreeList(pfn, z, o);
                if (o == pageblockOrder) {
                    setPageblockMigratetype(pfn, startType);
                }
                expand(z, pfn, order, o, mt);
                return pfn;
            }
        }
        return rmqueueSmallest(z, order, types.reserve);
    }

    /**
     * Mirrors 2.6.24's setup_zone_migrate_reserve(): the first roundup(pages_min, pageblock) /
     * pageblock movable pageblocks of the zone become MIGRATE_RESERVE, their free blocks with them.
     * Called once the watermarks are set.
     */
    public void setupZoneMigrateReserve(int z) {
        if (types.reserve < 0) {
            return;
        }
        Zone zone = zones[z];
        long nr = 1L << pageblockOrder;
        long reserve = ((zone.min() + nr - 1) / nr * nr) >> pageblockOrder;
        long start = zone.startPfn();
        for (long pfn = start; pfn < zone.endPfn(); pfn += nr) {
            if (pfn >= memMap.size()) {
                break;
            }
            int bt = pageblockMigratetype(pfn);
            if (reserve > 0 && bt == types.reserve) {
                reserve--;
                continue;
            }
            if (reserve > 0 && bt == types.movable) {
                setPageblockMigratetype(pfn, types.reserve);
                moveFreepagesBlock(z, pfn, types.reserve, null);
                reserve--;
                continue;
            }
            if (bt == types.reserve) {
                setPageblockMigratetype(pfn, types.movable);
                moveFreepagesBlock(z, pfn, types.movable, null);
            }
        }
    }

    /**
     * Mirrors expand(): a block of order {@code high} at {@code pfn} is cut in halves until one of
     * order {@code low} remains at {@code pfn}; each upper half goes on the free list of its order
     * and of the type {@code migratetype}.
     * Taking order 0 from a free order-2 block at pfn 8:
     * <pre>
     *   [8 9 10 11] order 2  ->  [10 11] to free_area[1], [9] to free_area[0], 8 returned
     * </pre>
     */
    private void expand(int z, int pfn, int low, int high, int migratetype) {
        int size = 1 << high;
        while (high > low) {
            high--;
            size >>= 1;
            addToFreeList(pfn + size, z, migratetype, high, false);
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
        int z = slotOf(pfn);
        int migratetype = pageblockMigratetype(pfn);
        int buddy = pfn;
        while (order < MAX_ORDER - 1) {
            buddy = pfn ^ (1 << order);
            if (!pageIsBuddy(buddy, z, order)) {
                break;
            }
            if (order >= pageblockOrder && !types.is26()) {
                // 6.1: do not merge an isolated or highatomic pageblock into a block of another type
                int buddyType = pageblockMigratetype(buddy);
                if (migratetype != buddyType && (!types.mergeable(migratetype) || !types.mergeable(buddyType))) {
                    break;
                }
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
        addToFreeList(pfn, z, migratetype, order, toTail);
    }

    /** Mirrors page_is_buddy(): a free block head of this order in the same zone. */
    private boolean pageIsBuddy(int pfn, int z, int order) {
        if (pfn < 0 || pfn >= memMap.size()) {
            return false;
        }
        return memMap.isBuddy(pfn) && memMap.order(pfn) == order && memMap.zone(pfn) == zones[z].index()
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
            memMap.releaseBootRange(start, start + (1L << order));
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

    private void addToFreeList(int pfn, int z, int type, int order, boolean tail) {
        memMap.setBuddy(pfn, order);
        int[] heads = head[z][type];
        int h = heads[order];
        if (h == NONE) {
            memMap.setFreeLinks(pfn, pfn, pfn);
            heads[order] = pfn;
        } else {
            int t = memMap.freePrev(h);
            memMap.setFreeNext(t, pfn);
            memMap.setFreeLinks(pfn, h, t);
            memMap.setFreePrev(h, pfn);
            if (!tail) {
                heads[order] = pfn;
            }
        }
        zones[z].accountFreeBlock(order, 1);
    }

    /**
     * Unlinks a free block from whichever type's list holds it: a list's head is found among the
     * MIGRATE_TYPES heads of its order (O(MIGRATE_TYPES)); a block that heads no list is unlinked
     * without knowing its type, as list_del() does.
     */
    private void delFromFreeList(int pfn, int z, int order) {
        delFromFreeList(pfn, z, order, -1);
    }

    /**
     * {@code headOf}: the type whose list {@code pfn} heads (__rmqueue_smallest()'s block; a block is
     * on one list, so no other type's head is it and the search is skipped), or -1 when unknown.
     * Measured reason: FaultBench, 2026-12-07 (the search was a tenth of an order-0 allocation).
     */
    private void delFromFreeList(int pfn, int z, int order, int headOf) {
        long links = memMap.freeLinks(pfn);
        int n = (int) (links >>> 32);
        int next = n == pfn ? NONE : n;
        if (n != pfn) {
            int p = (int) links;
            memMap.setFreeNext(p, n);
            memMap.setFreePrev(n, p);
        }
        if (headOf >= 0) {
            head[z][headOf][order] = next;
        } else {
            for (int[] heads : head[z]) {
                if (heads[order] == pfn) {
                    heads[order] = next;
                }
            }
        }
        memMap.clearBuddy(pfn);
        zones[z].accountFreeBlock(order, -1);
    }

    /**
     * Mirrors move_to_free_list(): the block leaves its list for the tail of {@code type}'s (6.1's
     * list_move_tail(); 2.6.24's move_freepages() adds at the head).
     */
    private void moveToFreeList(int pfn, int z, int order, int type) {
        delFromFreeList(pfn, z, order);
        addToFreeList(pfn, z, type, order, !types.is26());
    }

    /** The first block on free_area[order] of zone z, over the types in their order, or -1. */
    public long firstFree(int z, int order) {
        return FreeListWalk.firstFree(head[z], types, order);
    }

    /**
     * The block after {@code pfn} on free_area[order] of zone z, continuing with the next type's
     * list at the end of one, or -1 at the end: for tests and pictures, not the hot path.
     */
    public long nextFree(int z, int order, long pfn) {
        return FreeListWalk.nextFree(memMap, head[z], types, order, pfn);
    }

    /** The first block of free_area[order].free_list[type] of zone z, or -1. */
    public long firstFree(int z, int type, int order) {
        return head[z][type][order];
    }

    /** The block after {@code pfn} on free_area[order].free_list[type], or -1 at the end. */
    public long nextFree(int z, int type, int order, long pfn) {
        int n = memMap.freeNext(pfn);
        return n == head[z][type][order] ? -1 : n;
    }

    /**
     * free_area[order].free_list[type] of zone z counted as pagetypeinfo_showfree_print() counts
     * it: by walking the list, stopping at {@code cap} (100000 in the kernel).
     */
    public long countFree(int z, int type, int order, long cap) {
        return FreeListWalk.countFree(memMap, head[z][type][order], cap);
    }

    /**
     * Debug check in the spirit of CONFIG_DEBUG_VM ({@link BuddyCheck}).
     *
     * @return null when consistent, else what is wrong
     */
    public String validate() {
        return BuddyCheck.validate(memMap, zones, head, types);
    }

    static String hexPfn(long pfn) {
        String h = Long.toHexString(pfn);
        return h.length() >= 5 ? h : "00000".substring(h.length()) + h;
    }

    /** Mirrors %pGg (lib/vsprintf.c format_flags()): "GFP_KERNEL|__GFP_ZERO"; see {@link GfpNames}. */
    public static String gfpNames(int gfp) {
        return GfpNames.of(gfp);
    }
}
