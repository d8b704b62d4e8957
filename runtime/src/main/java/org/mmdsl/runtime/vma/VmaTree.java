package org.mmdsl.runtime.vma;

/**
 * The VMAs of one mm in address order, as a balanced search tree augmented with the largest free
 * gap of each subtree (the kernel's maple tree keeps one per node, mas_empty_area_rev(); 3.8–6.0's
 * rbtree kept rb_subtree_gap, mm/mmap.c vma_compute_subtree_gap()), plus the vm_next/vm_prev list
 * of 2.6–6.0. get_unmapped_area() ({@link UnmappedArea}) asks it for "the highest gap of at least
 * len below this VMA" or "the lowest above it" without scanning; insert, remove, find_vma() and
 * the index of a VMA are O(log n); walking the VMAs in order through {@link #get(int)} or the list
 * is O(1) a step.
 *
 * <p>The tree is a treap keyed by vm_start: each node is the {@link Vma} itself (the kernel embeds
 * its rb_node in vm_area_struct too), with a priority from a fixed pseudo-random sequence (so a run
 * is reproducible; the shape is never observable). Each node holds:
 * <pre>
 *   gap          = max(0, vm_start_gap(vma) - vm_prev->vm_end)     the hole right below this VMA
 *                  (from 0 for the first VMA; stack_guard_gap included, as vm_start_gap() has it)
 *   subtreeGap   = max(gap, left.subtreeGap, right.subtreeGap)
 *   treeSize     = 1 + left.treeSize + right.treeSize                (index = rank)
 * </pre>
 * Worked example, VMAs [0x1000,0x2000) [0x5000,0x6000) [0x7000,0x9000): gaps 0x1000, 0x3000,
 * 0x1000; a search for 0x2000 below [0x7000,...) finds [0x5000,...) by descending into the subtree
 * whose subtreeGap is at least 0x2000 and never looks at the others. The gap above the last VMA
 * belongs to no node: the searches treat it themselves.
 *
 * <p>Contract with the callers that change a VMA in place: a changed vm_start (or VM_GROWSDOWN)
 * changes that VMA's gap, a changed vm_end the next one's; {@link #changed(Vma)} recomputes both.
 * Between such a change and that call (a merge that extends prev before removing the VMA it
 * absorbed) only {@link #get(int)}, {@link #remove(Vma)} and {@link #insert(Vma)} are used, and
 * they locate by vm_start, which stays ordered.
 */
final class VmaTree {
    private Vma root;
    private Vma first;
    private Vma last;
    private int count;
    /**
     * VMAs appended to an empty tree (dup_mmap() copies a parent's VMAs in address order) are only
     * linked into the list until the tree is next asked something; then it is built at once,
     * balanced, in O(n) ({@link #build}): a fork of 10,000 VMAs does not pay 10,000 tree inserts.
     */
    private boolean deferred;
    /** The next list node {@link #build} takes. */
    private Vma buildNext;
    /** xorshift32 state for treap priorities. */
    private int seed = 0x2545f491;
    /** split()'s two results (fields, so that insert allocates nothing). */
    private Vma splitLeft;
    private Vma splitRight;
    /** The VMA at index cursorIndex, for in-order walks through get(i); -1 after a structural change. */
    private int cursorIndex = -1;
    private Vma cursor;

    int size() {
        return count;
    }

    /** The lowest VMA (2.6's mm->mmap), or null. */
    Vma first() {
        return first;
    }

    /** The highest VMA, or null. */
    Vma last() {
        return last;
    }

    /** The VMA at index i in address order: O(1) next to the last one asked for, else O(log n). */
    Vma get(int i) {
        ensureBuilt();
        if (cursorIndex >= 0) {
            if (i == cursorIndex) {
                return cursor;
            }
            if (i == cursorIndex + 1 && cursor.vmNext != null) {
                return setCursor(i, cursor.vmNext);
            }
            if (i == cursorIndex - 1 && cursor.vmPrev != null) {
                return setCursor(i, cursor.vmPrev);
            }
        }
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("VMA index " + i + " of " + size());
        }
        Vma n = root;
        int k = i;
        while (true) {
            int l = size(n.treeLeft);
            if (k < l) {
                n = n.treeLeft;
            } else if (k == l) {
                return setCursor(i, n);
            } else {
                k -= l + 1;
                n = n.treeRight;
            }
        }
    }

    private Vma setCursor(int i, Vma v) {
        cursorIndex = i;
        cursor = v;
        return v;
    }

    /** The index of v, which must be in the tree (located by vm_start). */
    int indexOf(Vma v) {
        ensureBuilt();
        if (cursorIndex >= 0 && cursor == v) {
            return cursorIndex;
        }
        int rank = 0;
        Vma n = root;
        while (n != v) {
            if (n == null) {
                throw new IllegalStateException("VMA not in its mm: " + v);
            }
            if (Long.compareUnsigned(v.vmStart, n.vmStart) < 0) {
                n = n.treeLeft;
            } else {
                rank += size(n.treeLeft) + 1;
                n = n.treeRight;
            }
        }
        rank += size(n.treeLeft);
        setCursor(rank, v);
        return rank;
    }

    /** Index of the first VMA with vm_end above addr, or size(). No allocation. */
    int findIndex(long addr) {
        ensureBuilt();
        int rank = 0;
        Vma n = root;
        while (n != null) {
            if (Long.compareUnsigned(n.vmEnd, addr) > 0) {
                n = n.treeLeft;
            } else {
                rank += size(n.treeLeft) + 1;
                n = n.treeRight;
            }
        }
        return rank;
    }

    /** Mirrors find_vma(): the first VMA with vm_end above addr, or null. No allocation. */
    Vma find(long addr) {
        ensureBuilt();
        Vma found = null;
        Vma n = root;
        while (n != null) {
            if (Long.compareUnsigned(n.vmEnd, addr) > 0) {
                found = n;
                n = n.treeLeft;
            } else {
                n = n.treeRight;
            }
        }
        return found;
    }

    /** The last VMA with vm_start below start (where a VMA starting at start goes after), or null. */
    private Vma before(long start) {
        Vma found = null;
        Vma n = root;
        while (n != null) {
            if (Long.compareUnsigned(n.vmStart, start) < 0) {
                found = n;
                n = n.treeRight;
            } else {
                n = n.treeLeft;
            }
        }
        return found;
    }

    /** Adds v (not overlapping any VMA of the tree) in O(log n); links it between its neighbours. */
    void insert(Vma v) {
        boolean append = last == null || Long.compareUnsigned(last.vmStart, v.vmStart) < 0;
        if (append && (count == 0 || deferred)) {
            assert last == null || Long.compareUnsigned(last.vmEnd, v.vmStart) <= 0 : "overlap inserting " + v;
            v.vmPrev = last;
            v.vmNext = null;
            if (last == null) {
                first = v;
            } else {
                last.vmNext = v;
            }
            last = v;
            count++;
            deferred = true;
            cursorIndex = -1;
            return;
        }
        ensureBuilt();
        // dup_mmap() appends VMA after VMA: no descent to find the place
        Vma prev = append ? last : before(v.vmStart);
        Vma next = prev == null ? first : prev.vmNext;
        assert (prev == null || Long.compareUnsigned(prev.vmEnd, v.vmStart) <= 0)
                && (next == null || Long.compareUnsigned(v.vmEnd, next.vmStart) <= 0) : "overlap inserting " + v;
        v.vmPrev = prev;
        v.vmNext = next;
        if (prev == null) {
            first = v;
        } else {
            prev.vmNext = v;
        }
        if (next == null) {
            last = v;
        } else {
            next.vmPrev = v;
        }
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        v.treePrio = seed;
        v.treeLeft = null;
        v.treeRight = null;
        // next's gap now starts at v's end: next is on the search path of v's vm_start (the last node
        // where it turns left), and insert() and split() recompute every node of that path bottom-up
        root = insert(root, v);
        count++;
        cursorIndex = -1;
    }

    private Vma insert(Vma n, Vma v) {
        if (n == null) {
            pull(v);
            return v;
        }
        if (v.treePrio > n.treePrio) {
            split(n, v.vmStart);
            v.treeLeft = splitLeft;
            v.treeRight = splitRight;
            pull(v);
            return v;
        }
        if (Long.compareUnsigned(v.vmStart, n.vmStart) < 0) {
            n.treeLeft = insert(n.treeLeft, v);
        } else {
            n.treeRight = insert(n.treeRight, v);
        }
        pull(n);
        return n;
    }

    /** Splits the subtree n into the VMAs starting below key (splitLeft) and the rest (splitRight). */
    private void split(Vma n, long key) {
        if (n == null) {
            splitLeft = null;
            splitRight = null;
        } else if (Long.compareUnsigned(n.vmStart, key) < 0) {
            split(n.treeRight, key);
            n.treeRight = splitLeft;
            pull(n);
            splitLeft = n;
        } else {
            split(n.treeLeft, key);
            n.treeLeft = splitRight;
            pull(n);
            splitRight = n;
        }
    }

    /** Removes v, which must be in the tree, in O(log n); its neighbours become adjacent in the list. */
    void remove(Vma v) {
        ensureBuilt();
        root = remove(root, v);
        count--;
        Vma prev = v.vmPrev;
        Vma next = v.vmNext;
        if (prev == null) {
            first = next;
        } else {
            prev.vmNext = next;
        }
        if (next == null) {
            last = prev;
        } else {
            next.vmPrev = prev;
            refresh(next); // its gap now starts at prev's end
        }
        v.vmPrev = null;
        v.vmNext = null;
        v.treeLeft = null;
        v.treeRight = null;
        cursorIndex = -1;
    }

    private Vma remove(Vma n, Vma v) {
        if (n == null) {
            throw new IllegalStateException("VMA not in its mm: " + v);
        }
        if (n == v) {
            return merge(n.treeLeft, n.treeRight);
        }
        if (Long.compareUnsigned(v.vmStart, n.vmStart) < 0) {
            n.treeLeft = remove(n.treeLeft, v);
        } else {
            n.treeRight = remove(n.treeRight, v);
        }
        pull(n);
        return n;
    }

    /** Joins two subtrees, every VMA of a below every VMA of b. */
    private Vma merge(Vma a, Vma b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.treePrio > b.treePrio) {
            a.treeRight = merge(a.treeRight, b);
            pull(a);
            return a;
        }
        b.treeLeft = merge(a, b.treeLeft);
        pull(b);
        return b;
    }

    /**
     * v's vm_start, vm_end or VM_GROWSDOWN changed in place (vma_gap_update() and, for the end,
     * the next VMA's, as 3.8–6.0's vma_adjust() did): recomputes the gaps that depend on them.
     */
    void changed(Vma v) {
        ensureBuilt();
        refresh(v);
        if (v.vmNext != null) {
            refresh(v.vmNext);
        }
    }

    /** Recomputes the node v and every node above it (located by vm_start). */
    private void refresh(Vma v) {
        refresh(root, v);
    }

    private static void refresh(Vma n, Vma v) {
        if (n == null) {
            throw new IllegalStateException("VMA not in its mm: " + v);
        }
        if (n != v) {
            refresh(Long.compareUnsigned(v.vmStart, n.vmStart) < 0 ? n.treeLeft : n.treeRight, v);
        }
        pull(n);
    }

    private void ensureBuilt() {
        if (deferred) {
            deferred = false;
            buildNext = first;
            root = build(count, 0);
            buildNext = null;
        }
    }

    /**
     * The next n list nodes as a balanced subtree: the middle one at the top, priorities falling
     * with the depth so that later inserts and removes keep the treap's heap order.
     */
    private Vma build(int n, int depth) {
        if (n == 0) {
            return null;
        }
        int leftCount = (n - 1) / 2;
        Vma left = build(leftCount, depth + 1);
        Vma v = buildNext;
        buildNext = v.vmNext;
        v.treeLeft = left;
        v.treeRight = build(n - 1 - leftCount, depth + 1);
        v.treePrio = Integer.MAX_VALUE - depth;
        pull(v);
        return v;
    }

    private static int size(Vma n) {
        return n == null ? 0 : n.treeSize;
    }

    private static long subtreeGap(Vma n) {
        return n == null ? -1 : n.subtreeGap;
    }

    /** The hole right below v that a new mapping may use: vm_start_gap(v) - vm_prev->vm_end, at least 0. */
    static long gapBelow(Vma v) {
        long start = UnmappedArea.vmStartGap(v);
        long prevEnd = v.vmPrev == null ? 0 : v.vmPrev.vmEnd;
        return start > prevEnd ? start - prevEnd : 0;
    }

    /** Recomputes n's own gap, size and subtree gap from its children (vma_compute_subtree_gap()). */
    private static void pull(Vma n) {
        n.treeSize = 1 + size(n.treeLeft) + size(n.treeRight);
        n.gap = gapBelow(n);
        n.subtreeGap = Math.max(n.gap, Math.max(subtreeGap(n.treeLeft), subtreeGap(n.treeRight)));
    }

    /**
     * The highest VMA before {@code limit} (all VMAs when null) whose {@link #gapBelow} is at least
     * need, or null: O(log n), as unmapped_area_topdown() walks rb_subtree_gap (3.8–6.0) or
     * mas_empty_area_rev() the maple tree.
     */
    Vma lastGapBefore(Vma limit, long need) {
        ensureBuilt();
        if (limit == null) {
            return root == null || root.subtreeGap < need ? null : lastGap(root, need);
        }
        return lastGapBefore(root, limit.vmStart, need);
    }

    private static Vma lastGapBefore(Vma n, long limit, long need) {
        if (n == null || n.subtreeGap < need) {
            return null;
        }
        if (Long.compareUnsigned(n.vmStart, limit) >= 0) {
            return lastGapBefore(n.treeLeft, limit, need);
        }
        Vma r = lastGapBefore(n.treeRight, limit, need);
        if (r != null) {
            return r;
        }
        if (n.gap >= need) {
            return n;
        }
        return subtreeGap(n.treeLeft) >= need ? lastGap(n.treeLeft, need) : null;
    }

    /** The highest node of subtree n with gap at least need; n.subtreeGap must be at least need. */
    private static Vma lastGap(Vma n, long need) {
        while (true) {
            if (subtreeGap(n.treeRight) >= need) {
                n = n.treeRight;
            } else if (n.gap >= need) {
                return n;
            } else {
                n = n.treeLeft;
            }
        }
    }

    /** The lowest VMA after {@code limit} whose {@link #gapBelow} is at least need, or null (unmapped_area()). */
    Vma firstGapAfter(Vma limit, long need) {
        ensureBuilt();
        return firstGapAfter(root, limit.vmStart, need);
    }

    private static Vma firstGapAfter(Vma n, long limit, long need) {
        if (n == null || n.subtreeGap < need) {
            return null;
        }
        if (Long.compareUnsigned(n.vmStart, limit) <= 0) {
            return firstGapAfter(n.treeRight, limit, need);
        }
        Vma r = firstGapAfter(n.treeLeft, limit, need);
        if (r != null) {
            return r;
        }
        if (n.gap >= need) {
            return n;
        }
        return subtreeGap(n.treeRight) >= need ? firstGap(n.treeRight, need) : null;
    }

    /** The lowest node of subtree n with gap at least need; n.subtreeGap must be at least need. */
    private static Vma firstGap(Vma n, long need) {
        while (true) {
            if (subtreeGap(n.treeLeft) >= need) {
                n = n.treeLeft;
            } else if (n.gap >= need) {
                return n;
            } else {
                n = n.treeRight;
            }
        }
    }

    /**
     * validate_mm() for the tree (tests, debug): the list and the in-order walk agree, VMAs are
     * sorted and apart, every size, gap and subtree gap is what it should be, priorities form a
     * heap. Returns null when all holds, else what does not.
     */
    String validate() {
        ensureBuilt();
        StringBuilder problems = new StringBuilder();
        Vma[] inOrder = new Vma[size()];
        int[] at = {0};
        walk(root, inOrder, at, problems);
        if (at[0] != inOrder.length) {
            problems.append("in-order walk saw ").append(at[0]).append(" of ").append(inOrder.length).append('\n');
        }
        Vma v = first;
        for (int i = 0; i < inOrder.length; i++) {
            if (v != inOrder[i]) {
                problems.append("list and tree differ at index ").append(i).append('\n');
                break;
            }
            if (Long.compareUnsigned(v.vmStart, v.vmEnd) >= 0) {
                problems.append("empty VMA: ").append(v).append('\n');
            }
            if (i > 0 && Long.compareUnsigned(inOrder[i - 1].vmEnd, v.vmStart) > 0) {
                problems.append("overlap: ").append(inOrder[i - 1]).append(" and ").append(v).append('\n');
            }
            if (v.vmPrev != (i == 0 ? null : inOrder[i - 1])) {
                problems.append("vm_prev of ").append(v).append(" is wrong\n");
            }
            v = v.vmNext;
        }
        if (v != null || last != (inOrder.length == 0 ? null : inOrder[inOrder.length - 1])) {
            problems.append("list ends wrong\n");
        }
        return problems.length() == 0 ? null : problems.toString();
    }

    private static void walk(Vma n, Vma[] out, int[] at, StringBuilder problems) {
        if (n == null) {
            return;
        }
        for (Vma c : new Vma[] {n.treeLeft, n.treeRight}) {
            if (c != null && c.treePrio > n.treePrio) {
                problems.append("priority order broken at ").append(n).append('\n');
            }
        }
        walk(n.treeLeft, out, at, problems);
        if (at[0] < out.length) {
            out[at[0]] = n;
        }
        at[0]++;
        walk(n.treeRight, out, at, problems);
        long gap = gapBelow(n);
        long sub = Math.max(gap, Math.max(subtreeGap(n.treeLeft), subtreeGap(n.treeRight)));
        if (n.treeSize != 1 + size(n.treeLeft) + size(n.treeRight) || n.gap != gap || n.subtreeGap != sub) {
            problems.append("stale augmentation at ").append(n).append(": gap ").append(Long.toHexString(n.gap))
                    .append(" should be ").append(Long.toHexString(gap)).append(", subtree gap ")
                    .append(Long.toHexString(n.subtreeGap)).append(" should be ").append(Long.toHexString(sub))
                    .append('\n');
        }
    }
}
