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
    /** Allocations this zone served (zone_statistics(): NUMA_HIT, and NUMA_LOCAL on one node). */
    private long numaHit;

    /**
     * @param highmem is_highmem(): ZONE_HIGHMEM, or ZONE_MOVABLE when HighMem is the highest
     *     populated zone (movable_zone == ZONE_HIGHMEM)
     */
    public Zone(int index, String name, boolean highmem, long startPfn, long spanned, long present, int nrZones) {
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

    /** The allocations this zone served (numa_hit of /proc/zoneinfo). */
    public long numaHit() {
        return numaHit;
    }

    /** Called by the buddy allocator for each allocation this zone serves (mirrors zone_statistics()). */
    public void countAllocation() {
        numaHit++;
    }

    /** Called by the buddy allocator when a block of {@code order} joins (+1) or leaves (-1) a list. */
    public void accountFreeBlock(int order, int delta) {
        nrFree[order] += delta;
        freePages += (long) delta << order;
    }
}
