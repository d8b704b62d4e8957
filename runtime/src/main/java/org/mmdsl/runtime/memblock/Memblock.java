package org.mmdsl.runtime.memblock;

import java.util.ArrayList;
import java.util.List;

/**
 * Mirrors mm/memblock.c: two sorted lists of physical ranges, {@code memory} and {@code reserved},
 * each range end-exclusive, and the top-down early allocator. Only used during boot, so plain lists
 * are fine here; nothing per frame is allocated.
 */
public final class Memblock {

    /** A range and why it exists (the kernel keeps no names; they help `show memblock`). */
    public record Region(long base, long end, String name) {
        public long size() {
            return end - base;
        }
    }

    private final List<Region> memory = new ArrayList<>();
    private final List<Region> reserved = new ArrayList<>();
    private long currentLimit = Long.MAX_VALUE;

    /** Mirrors memblock_add(); ranges must be added in address order and not overlap. */
    public void addMemory(long base, long end) {
        if (end > base) {
            memory.add(new Region(base, end, "System RAM"));
        }
    }

    /** Mirrors memblock_reserve(); overlapping reservations are allowed, as in the kernel. */
    public void reserve(long base, long end, String name) {
        if (end <= base) {
            return;
        }
        int i = 0;
        while (i < reserved.size() && reserved.get(i).base <= base) {
            i++;
        }
        reserved.add(i, new Region(base, end, name));
    }

    /** Mirrors memblock_set_current_limit(): top-down allocations stay below it. */
    public void setCurrentLimit(long limit) {
        currentLimit = limit;
    }

    /**
     * Mirrors memblock_phys_alloc_range() top-down: the highest {@code align}-aligned free range of
     * {@code size} bytes in memory below min(limit, current limit), reserved under {@code name}.
     *
     * @return the physical base, or -1 if no free range is big enough
     */
    public long allocTopDown(long size, long align, long limit, String name) {
        long top = Math.min(limit, currentLimit);
        for (int m = memory.size() - 1; m >= 0; m--) {
            Region r = memory.get(m);
            long end = Math.min(r.end, top);
            while (end > r.base) {
                long cand = (end - size) & -align;
                if (cand < r.base || end - size < r.base) {
                    break;
                }
                Region clash = firstReservedOverlap(cand, cand + size);
                if (clash == null) {
                    reserve(cand, cand + size, name);
                    return cand;
                }
                end = clash.base;
            }
        }
        return -1;
    }

    private Region firstReservedOverlap(long base, long end) {
        Region hit = null;
        for (Region r : reserved) {
            if (r.base < end && r.end > base && (hit == null || r.base < hit.base)) {
                hit = r;
            }
        }
        return hit;
    }

    public List<Region> memory() {
        return List.copyOf(memory);
    }

    public List<Region> reserved() {
        return List.copyOf(reserved);
    }

    /** First pfn of RAM (memblock_start_of_DRAM() >> PAGE_SHIFT). */
    public long startPfn() {
        return memory.isEmpty() ? 0 : memory.get(0).base >>> 12;
    }

    /** One past the last pfn of RAM. */
    public long endPfn() {
        return memory.isEmpty() ? 0 : memory.get(memory.size() - 1).end >>> 12;
    }

    /** Pages of RAM inside [startPfn, endPfn). */
    public long memoryPages(long startPfn, long endPfn) {
        long n = 0;
        for (Region r : memory) {
            long s = Math.max(startPfn, r.base >>> 12);
            long e = Math.min(endPfn, r.end >>> 12);
            if (e > s) {
                n += e - s;
            }
        }
        return n;
    }

    /** Mirrors the x86_64 memblock_find_dma_reserve(): reserved RAM pages below {@code limitPfn}. */
    public long reservedMemoryPages(long limitPfn) {
        boolean[] r = new boolean[(int) limitPfn];
        markReserved(r, 0, limitPfn);
        long n = 0;
        for (Region m : memory) {
            for (long pfn = m.base >>> 12; pfn < Math.min(limitPfn, m.end >>> 12); pfn++) {
                if (r[(int) pfn]) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Marks in {@code out[pfn - basePfn]} every pfn in [basePfn, endPfn) that a reservation touches
     * (a partially reserved page counts as reserved, as memblock_free_all() rounds inward).
     */
    public void markReserved(boolean[] out, long basePfn, long endPfn) {
        for (Region r : reserved) {
            long s = Math.max(basePfn, r.base >>> 12);
            long e = Math.min(endPfn, (r.end + 4095) >>> 12);
            for (long pfn = s; pfn < e; pfn++) {
                out[(int) (pfn - basePfn)] = true;
            }
        }
    }
}
