package org.mmdsl.runtime.vma;

/**
 * A file's page cache index: which frame caches page {@code index} of the file. Mirrors the i_pages
 * xarray of struct address_space (include/linux/xarray.h, lib/xarray.c): a radix tree of 64-slot
 * nodes whose height grows with the highest index stored, so a 16 TB shmem object with one page
 * written costs a handful of nodes, and a walk over the cached pages visits only the nodes that
 * exist (xas_find()), whatever the file's size.
 *
 * <pre>
 *   index 0x80000001 (2^31 + 1), height 6: slots  0 . 2 . 0 . 0 . 0 . 0 . 1   (6 bits a level)
 *   root (shift 30) -> node (shift 24) -> ... -> leaf (shift 0): long[64] of pfn + 1, 0 = empty
 * </pre>
 *
 * <p>Simplified: nodes emptied by a removal stay allocated (xas_store() frees them); value entries
 * (shadows) live beside it in FileRef. Lookup allocates nothing; inserting may allocate a node.
 */
final class PageCache {
    private static final int BITS = 6;
    private static final int MASK = (1 << BITS) - 1;

    /** null, a leaf {@code long[64]} when {@link #shift} is 0, else an {@code Object[64]} node. */
    private Object root;
    /** The shift of the root's level: the root's slot for index i is (i >>> shift) & 63. */
    private int shift;
    private long count;

    /** True when {@code index} is above what a tree of the current height can hold. */
    private boolean beyond(long index) {
        return shift + BITS < 64 && (index >>> (shift + BITS)) != 0;
    }

    /** The frame caching page {@code index}, or -1 (xa_load()). */
    long get(long index) {
        if (root == null || index < 0 || beyond(index)) {
            return -1;
        }
        Object n = root;
        for (int s = shift; s > 0; s -= BITS) {
            n = ((Object[]) n)[(int) ((index >>> s) & MASK)];
            if (n == null) {
                return -1;
            }
        }
        return ((long[]) n)[(int) (index & MASK)] - 1;
    }

    /** Stores {@code pfn} for page {@code index}, or removes the page when {@code pfn} is negative (xa_store()/xa_erase()). */
    void set(long index, long pfn) {
        if (index < 0) {
            throw new IllegalArgumentException("negative page index " + index);
        }
        if (pfn < 0) {
            long[] leaf = leafOrNull(index);
            if (leaf != null && leaf[(int) (index & MASK)] != 0) {
                leaf[(int) (index & MASK)] = 0;
                count--;
            }
            return;
        }
        if (root == null) {
            root = new long[1 << BITS];
            shift = 0;
        }
        while (beyond(index)) { // xas_expand(): a new root above the old one
            Object[] up = new Object[1 << BITS];
            up[0] = root;
            root = up;
            shift += BITS;
        }
        Object n = root;
        for (int s = shift; s > 0; s -= BITS) {
            Object[] node = (Object[]) n;
            int i = (int) ((index >>> s) & MASK);
            if (node[i] == null) {
                node[i] = s == BITS ? new long[1 << BITS] : new Object[1 << BITS];
            }
            n = node[i];
        }
        long[] leaf = (long[]) n;
        if (leaf[(int) (index & MASK)] == 0) {
            count++;
        }
        leaf[(int) (index & MASK)] = pfn + 1;
    }

    private long[] leafOrNull(long index) {
        if (root == null || beyond(index)) {
            return null;
        }
        Object n = root;
        for (int s = shift; s > 0; s -= BITS) {
            n = ((Object[]) n)[(int) ((index >>> s) & MASK)];
            if (n == null) {
                return null;
            }
        }
        return (long[]) n;
    }

    /** The number of cached pages (nrpages). */
    long count() {
        return count;
    }

    /** The lowest index at or above {@code from} that has a page, or -1 (xa_find()). */
    long next(long from) {
        if (root == null || count == 0) {
            return -1;
        }
        from = Math.max(0, from);
        if (beyond(from)) {
            return -1;
        }
        return next(root, shift, 0, from);
    }

    /** Searches the subtree of {@code n} (level {@code s}, first index {@code base}) from {@code from} on. */
    private static long next(Object n, int s, long base, long from) {
        int first = from > base ? (int) (((from - base) >>> s) & MASK) : 0;
        if (s == 0) {
            long[] leaf = (long[]) n;
            for (int i = first; i <= MASK; i++) {
                if (leaf[i] != 0) {
                    return base + i;
                }
            }
            return -1;
        }
        Object[] node = (Object[]) n;
        for (int i = first; i <= MASK; i++) {
            if (node[i] != null) {
                long childBase = base + ((long) i << s);
                if (childBase < 0) {
                    return -1; // past 2^63: no page index is there
                }
                long r = next(node[i], s - BITS, childBase, Math.max(from, childBase));
                if (r >= 0) {
                    return r;
                }
            }
        }
        return -1;
    }
}
