package org.mmdsl.runtime.pagealloc;

import org.mmdsl.runtime.page.MemMap;

/**
 * Walks of one zone's free_area lists for the views (/proc/pagetypeinfo, pictures, tests), not the
 * hot path: {@code heads[type][order]} are the zone's list heads as {@link BuddyAllocator} keeps them.
 */
final class FreeListWalk {
    private FreeListWalk() {
    }

    static long firstFree(int[][] heads, MigrateTypes types, int order) {
        for (int t = 0; t < types.count(); t++) {
            if (heads[t][order] != BuddyAllocator.NONE) {
                return heads[t][order];
            }
        }
        return -1;
    }

    /** Walks to the list's head to learn its type, then continues with the next type's list at its end. */
    static long nextFree(MemMap memMap, int[][] heads, MigrateTypes types, int order, long pfn) {
        int t = listTypeOf(memMap, heads, types, order, (int) pfn);
        int n = memMap.freeNext(pfn);
        if (n != heads[t][order]) {
            return n;
        }
        for (t++; t < types.count(); t++) {
            if (heads[t][order] != BuddyAllocator.NONE) {
                return heads[t][order];
            }
        }
        return -1;
    }

    /** pagetypeinfo_showfree_print()'s count of one list, stopping at {@code cap}. */
    static long countFree(MemMap memMap, int h, long cap) {
        if (h == BuddyAllocator.NONE) {
            return 0;
        }
        long count = 0;
        int p = h;
        do {
            if (++count >= cap) {
                break;
            }
            p = memMap.freeNext(p);
        } while (p != h);
        return count;
    }

    private static int listTypeOf(MemMap memMap, int[][] heads, MigrateTypes types, int order, int pfn) {
        int p = pfn;
        while (true) {
            for (int t = 0; t < types.count(); t++) {
                if (heads[t][order] == p) {
                    return t;
                }
            }
            p = memMap.freeNext(p);
        }
    }
}
