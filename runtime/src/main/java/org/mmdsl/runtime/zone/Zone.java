package org.mmdsl.runtime.zone;

/**
 * Mirrors struct zone (include/linux/mmzone.h) for the fields the simulator models: the pfn range,
 * spanned/present/managed pages, the three watermarks, lowmem_reserve[] and the free-area counters
 * (free_area[order].nr_free and NR_FREE_PAGES). The free lists are kept by
 * {@link org.mmdsl.runtime.pagealloc.BuddyAllocator}, which is the only caller of the
 * {@code account*} methods.
 */
public final class Zone {
    public static final int MAX_ORDER = 11;
    public static final int WMARK_MIN = 0;
    public static final int WMARK_LOW = 1;
    public static final int WMARK_HIGH = 2;

    private final int index;
    /** zone_to_nid(): the node whose pg_data_t holds the zone. */
    private final int nid;
    /** nid * zones per node + index: the zone's place in the allocator's array of all zones. */
    private final int slot;
    private final String name;
    private final boolean highmem;
    private final long startPfn;
    private final long spanned;
    private final long present;
    private long managed;
    private final long[] watermark = new long[3];
    private final long[] lowmemReserve;
    private final long[] nrFree = new long[MAX_ORDER];
    private long freePages;
    /** zone_statistics()'s counters (enum numa_stat_item): NUMA_HIT, MISS, FOREIGN, INTERLEAVE_HIT, LOCAL, OTHER. */
    private long numaHit;
    private long numaMiss;
    private long numaForeign;
    private long numaInterleave;
    private long numaLocal;
    private long numaOther;

    /**
     * @param highmem is_highmem(): ZONE_HIGHMEM, or ZONE_MOVABLE when HighMem is the highest
     *     populated zone (movable_zone == ZONE_HIGHMEM)
     */
    public Zone(int index, String name, boolean highmem, long startPfn, long spanned, long present, int nrZones) {
        this(0, index, name, highmem, startPfn, spanned, present, nrZones);
    }

    /** A zone of node {@code nid}, whose pg_data_t has {@code nrZones} zones. */
    public Zone(int nid, int index, String name, boolean highmem, long startPfn, long spanned, long present, int nrZones) {
        this.nid = nid;
        this.slot = nid * nrZones + index;
        this.index = index;
        this.name = name;
        this.highmem = highmem;
        this.startPfn = startPfn;
        this.spanned = spanned;
        this.present = present;
        this.lowmemReserve = new long[nrZones];
    }

    public int index() {
        return index;
    }

    /** zone_to_nid(). */
    public int nid() {
        return nid;
    }

    /** The zone's index among all zones of all nodes (node-major): its index on one node. */
    public int slot() {
        return slot;
    }

    /** zone_names[]: "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device". */
    public String name() {
        return name;
    }

    /** Mirrors is_highmem(). */
    public boolean isHighmem() {
        return highmem;
    }

    /** zone_start_pfn. */
    public long startPfn() {
        return startPfn;
    }

    /** zone_end_pfn(): start + spanned. */
    public long endPfn() {
        return startPfn + spanned;
    }

    public long spanned() {
        return spanned;
    }

    public long present() {
        return present;
    }

    /** Mirrors populated_zone(). */
    public boolean populated() {
        return present > 0;
    }

    /** Mirrors zone_managed_pages(): pages the buddy allocator owns (free or allocated). */
    public long managed() {
        return managed;
    }

    public void setManaged(long managed) {
        this.managed = managed;
    }

    /** Mirrors zone_spans_pfn(). */
    public boolean spans(long pfn) {
        return pfn >= startPfn && pfn < startPfn + spanned;
    }

    public long watermark(int which) {
        return watermark[which];
    }

    public long min() {
        return watermark[WMARK_MIN];
    }

    public long low() {
        return watermark[WMARK_LOW];
    }

    public long high() {
        return watermark[WMARK_HIGH];
    }

    public void setWatermarks(long min, long low, long high) {
        watermark[WMARK_MIN] = min;
        watermark[WMARK_LOW] = low;
        watermark[WMARK_HIGH] = high;
    }

    /** lowmem_reserve[classzone]: pages kept back from allocations that could use zone classzone. */
    public long lowmemReserve(int classzone) {
        return lowmemReserve[classzone];
    }

    public void setLowmemReserve(int classzone, long pages) {
        lowmemReserve[classzone] = pages;
    }

    /** The protection array /proc/zoneinfo prints (a copy). */
    public long[] protection() {
        return lowmemReserve.clone();
    }

    /** zone_page_state(zone, NR_FREE_PAGES). */
    public long freePages() {
        return freePages;
    }

    /** free_area[order].nr_free: free blocks of that order. */
    public long nrFree(int order) {
        return nrFree[order];
    }

    /** The allocations this zone served for a request that preferred its node (numa_hit of /proc/zoneinfo). */
    public long numaHit() {
        return numaHit;
    }

    /** numa_miss: allocations this zone served for a request that preferred another node. */
    public long numaMiss() {
        return numaMiss;
    }

    /** numa_foreign: allocations that preferred this zone but were served by another node. */
    public long numaForeign() {
        return numaForeign;
    }

    /** numa_interleave: interleave-policy allocations that got the node they asked for. */
    public long numaInterleave() {
        return numaInterleave;
    }

    /** numa_local: allocations served on the node of the CPU that asked. */
    public long numaLocal() {
        return numaLocal;
    }

    /** numa_other: allocations served here for a CPU of another node. */
    public long numaOther() {
        return numaOther;
    }

    /** Called by the buddy allocator for each allocation this zone serves on one node (numa_hit and numa_local). */
    public void countAllocation() {
        numaHit++;
        numaLocal++;
    }

    /**
     * Mirrors mm/page_alloc.c zone_statistics(preferred, this, 1): hit or miss (and the preferred
     * zone's foreign) by the preferred zone's node, local or other by the asking CPU's node.
     */
    public void countAllocation(Zone preferred, int localNid) {
        if (nid == preferred.nid) {
            numaHit++;
        } else {
            numaMiss++;
            preferred.numaForeign++;
        }
        if (nid == localNid) {
            numaLocal++;
        } else {
            numaOther++;
        }
    }

    /** __count_numa_event(page_zone(page), NUMA_INTERLEAVE_HIT): an interleaved page got its node. */
    public void countInterleaveHit() {
        numaInterleave++;
    }

    /** Called by the buddy allocator when a block of {@code order} joins (+1) or leaves (-1) a list. */
    public void accountFreeBlock(int order, int delta) {
        nrFree[order] += delta;
        freePages += (long) delta << order;
    }
}
