package org.mmdsl.runtime.init;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of pfns kept as sorted, disjoint, merged ranges: memblock's reserved pfns as
 * memblock_free_all() reads them (__free_memory_core() over the gaps between reserved regions).
 * Its size follows the number of reservations, not the machine's RAM (a BitSet of max_pfn bits
 * was 128 MB on a 4 TB machine).
 */
final class PfnRanges {
    /** start -> end (exclusive) of each range. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    /** Adds [start, end), merging with the ranges it touches or overlaps. */
    void set(long start, long end) {
        if (end <= start) {
            return;
        }
        long s = start;
        long e = end;
        Map.Entry<Long, Long> before = ranges.floorEntry(s);
        if (before != null && before.getValue() >= s) {
            s = before.getKey();
            e = Math.max(e, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(s);
        while (next != null && next.getKey() <= e) {
            e = Math.max(e, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(s);
        }
        ranges.put(s, e);
    }

    /** Whether pfn is in the set. */
    boolean get(long pfn) {
        Map.Entry<Long, Long> r = ranges.floorEntry(pfn);
        return r != null && pfn < r.getValue();
    }

    /** The first pfn at or after {@code pfn} not in the set (as BitSet.nextClearBit()). */
    long nextClear(long pfn) {
        Map.Entry<Long, Long> r = ranges.floorEntry(pfn);
        return r != null && pfn < r.getValue() ? r.getValue() : pfn;
    }

    /** The first pfn at or after {@code pfn} in the set, or -1 (as BitSet.nextSetBit()). */
    long nextSet(long pfn) {
        if (get(pfn)) {
            return pfn;
        }
        Long k = ranges.higherKey(pfn);
        return k == null ? -1 : k;
    }

    /** How many pfns of [start, end) are in the set. */
    long count(long start, long end) {
        long n = 0;
        Long from = ranges.floorKey(start);
        for (Map.Entry<Long, Long> r : ranges.tailMap(from == null ? start : from, true).entrySet()) {
            if (r.getKey() >= end) {
                break;
            }
            long s = Math.max(start, r.getKey());
            long e = Math.min(end, r.getValue());
            if (e > s) {
                n += e - s;
            }
        }
        return n;
    }
}
