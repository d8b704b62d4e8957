package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.Errno;

/**
 * Merging and splitting VMAs, as mm/vma.c does it (mm/mmap.c before 6.2): the mergeability
 * tests (can_vma_merge_before()/after(), is_mergeable_anon_vma()), vma_merge() for a whole VMA,
 * __split_vma()/split_vma(), vma_modify_flags() for a range that gets new flags, and the anon_vma
 * reuse of anon_vma_prepare() (find_mergeable_anon_vma(), reusable_anon_vma()).
 *
 * <p>Neighbours: the sorted VMA array these work on is {@link MmStruct}; the callers that change
 * flags over a range are {@link Mprotect}, {@link Mlock}, {@link Madvise} and {@link Mseal}; the
 * munmap side of mm/vma.c (do_vmi_align_munmap()) is {@link Mmap}.
 *
 * <pre>
 *   modifyRangeFlags(B, b1, b2, f):  [A][   B   ][C]  -&gt;  [A][B][B'f][B][C]  (split twice)
 *   mergeAround(i):                  [A][A'][C]      -&gt;  [A    ][C]        (A' = A's flags)
 * </pre>
 */
final class VmaMerge {
    private VmaMerge() {
    }

    /**
     * Mirrors is_mergeable_anon_vma(): compatible when both have the same anon_vma, or when one
     * has none and the other's chain is singular (it was not inherited through fork). Not
     * modelled: 6.1 also refuses when the VMA without an anon_vma is the existing neighbour (its
     * empty chain is not "singular"); 6.18 (vma_had_uncowed_parents()) allows that.
     */
    private static boolean anonVmaCompatible(Vma a, Vma b) {
        if (a.anonVma == 0 || b.anonVma == 0) {
            return !a.hadUncowedParents() && !b.hadUncowedParents();
        }
        return a.anonVma == b.anonVma;
    }

    /**
     * True when {@code next} can follow {@code prev} as one VMA: same flags, same file with
     * contiguous pgoff (anonymous pgoff follows the address), compatible anon_vma, neither special.
     * Mirrors the checks of mm/mmap.c can_vma_merge_after()/can_vma_merge_before().
     */
    static boolean mergeable(Vma prev, Vma next) {
        if (prev.vmEnd != next.vmStart || prev.vmFlags != next.vmFlags || prev.file != next.file
                || !java.util.Objects.equals(prev.policy, next.policy)) {
            return false; // is_mergeable_vma(), and vma_merge()'s mpol_equal()
        }
        if ((prev.vmFlags & Vma.VM_SPECIAL) != 0 || prev.special != Vma.Special.NONE
                || next.special != Vma.Special.NONE) {
            return false;
        }
        if (prev.file != null && prev.file.shmem && prev.file != next.file) {
            return false;
        }
        return prev.vmPgoff + prev.pages() == next.vmPgoff && anonVmaCompatible(prev, next);
    }

    /**
     * Merges the VMA at index i with compatible neighbours, lower first (vma_merge()'s cases for a
     * range equal to a whole VMA). Returns the surviving VMA.
     */
    static Vma mergeAround(MmStruct mm, int i) {
        Vma v = mm.vmaAt(i);
        if (i > 0 && mergeable(mm.vmaAt(i - 1), v)) {
            Vma prev = mm.vmaAt(i - 1);
            prev.vmEnd = v.vmEnd;
            if (prev.anonVma == 0) {
                prev.anonVma = v.anonVma;
                prev.uncowedParents = v.uncowedParents;
            }
            mm.removeAt(i);
            i--;
            v = prev;
        }
        if (i + 1 < mm.mapCount() && mergeable(v, mm.vmaAt(i + 1))) {
            Vma next = mm.vmaAt(i + 1);
            v.vmEnd = next.vmEnd;
            if (v.anonVma == 0) {
                v.anonVma = next.anonVma;
                v.uncowedParents = next.uncowedParents;
            }
            mm.removeAt(i + 1);
        }
        return v;
    }

    /**
     * Mirrors mm/mmap.c __split_vma(): splits {@code v} at {@code addr} into [start, addr) and
     * [addr, end); both keep the flags, file, anon_vma; the upper piece's pgoff advances. Does not
     * check max_map_count (see {@link #splitVma}). Returns EINVAL for a special mapping
     * (special_mapping_split()).
     *
     * @return the new upper VMA, or null when the mapping refuses to be split
     */
    static Vma splitVmaUnchecked(MmStruct mm, Vma v, long addr) {
        if (v.special != Vma.Special.NONE) {
            return null;
        }
        if (v.has(Vma.VM_HUGETLB) && mm.hugetlb != null && (addr & (mm.hugetlb.sizeBytes() - 1)) != 0) {
            return null; // hugetlb_vm_op_split(): EINVAL off a huge page boundary
        }
        HugeMemory.splitPartial(mm, addr, addr); // vma_adjust_trans_huge(): a huge pmd across addr is split
        Vma upper = v.dup();
        upper.vmStart = addr;
        upper.vmPgoff = v.vmPgoff + ((addr - v.vmStart) >>> 12);
        v.vmEnd = addr;
        mm.insert(upper);
        upper.openCopyOf(v); // __split_vma(): new->vm_ops->open(new)
        return upper;
    }

    /** Mirrors split_vma(): refuses with ENOMEM when map_count >= max_map_count. */
    private static long splitVma(MmStruct mm, Vma v, long addr) {
        if (mm.mapCount() >= mm.maxMapCount) {
            return Errno.ENOMEM.asResult();
        }
        return splitVmaUnchecked(mm, v, addr) == null ? Errno.EINVAL.asResult() : 0;
    }

    /**
     * Mirrors mm/vma.c vma_modify_flags() up to the merge: gives [start, end) of {@code v} the
     * flags {@code newFlags}, splitting at the edges unless a neighbour can absorb the range
     * (vma_merge() cases 4 and 5: then no split is needed and max_map_count is not checked). The
     * caller merges the piece ({@link #mergeAround}) after whatever else it changes (ptes, pages).
     *
     * @return the index of the VMA that now covers exactly [start, end), or -ENOMEM (split over
     *     max_map_count) / -EINVAL (special mapping)
     */
    static long modifyRangeFlags(MmStruct mm, Vma v, long start, long end, long newFlags) {
        int i = mm.indexOf(v);
        Vma prev = i > 0 ? mm.vmaAt(i - 1) : null;
        Vma next = i + 1 < mm.mapCount() ? mm.vmaAt(i + 1) : null;
        boolean headToPrev = start == v.vmStart && end != v.vmEnd && prev != null
                && wouldMerge(prev, start, end, newFlags, v);
        boolean tailToNext = end == v.vmEnd && start != v.vmStart && next != null
                && wouldMerge2(v, start, end, newFlags, next);
        boolean headSplit = false;
        // a neighbour that absorbs the range needs one split only, made below (the edge splits here
        // would leave an empty VMA [addr, addr) behind)
        if (!headToPrev && !tailToNext && start != v.vmStart) {
            long r = splitVma(mm, v, start);
            if (r != 0) {
                return r;
            }
            v = mm.vmaAt(mm.indexOf(v) + 1);
            headSplit = true;
        }
        if (!headToPrev && !tailToNext && end != v.vmEnd) {
            long r = splitVma(mm, v, end);
            if (r != 0) {
                if (headSplit) {
                    mm.keptSplit(start); // vma_modify(): the head split stays when the tail split fails
                }
                return r;
            }
        }
        if (headToPrev) {
            Vma piece = splitVmaUnchecked(mm, v, end); // upper part keeps the old flags
            assert piece != null;
        } else if (tailToNext) {
            splitVmaUnchecked(mm, v, start);
            v = mm.vmaAt(mm.indexOf(v) + 1);
        }
        v.vmFlags = newFlags;
        mm.vmaChanged(v); // VM_GROWSDOWN moves vm_start_gap()
        return mm.indexOf(v);
    }

    private static boolean wouldMerge(Vma prev, long start, long end, long flags, Vma v) {
        Vma probe = new Vma(start, end, flags, v.vmPgoff, v.file, v.anonVma, v.special);
        probe.uncowedParents = v.uncowedParents;
        probe.policy = v.policy;
        return mergeable(prev, probe);
    }

    private static boolean wouldMerge2(Vma v, long start, long end, long flags, Vma next) {
        Vma probe = new Vma(start, end, flags, v.vmPgoff + ((start - v.vmStart) >>> 12), v.file, v.anonVma,
                v.special);
        probe.uncowedParents = v.uncowedParents;
        probe.policy = v.policy;
        return mergeable(probe, next);
    }

    /**
     * Mirrors mm/rmap.c anon_vma_prepare(): gives the VMA an anon_vma, reusing a neighbour's when
     * find_mergeable_anon_vma() allows (adjacent, same file/pgoff line, flags equal but for access bits).
     */
    static void anonVmaPrepare(MmStruct mm, Vma v) {
        if (v.anonVma != 0) {
            return;
        }
        int i = mm.indexOf(v);
        if (i + 1 < mm.mapCount() && anonVmaReusable(v, mm.vmaAt(i + 1))) {
            v.anonVma = mm.vmaAt(i + 1).anonVma;
        } else if (i > 0 && anonVmaReusable(mm.vmaAt(i - 1), v)) {
            v.anonVma = mm.vmaAt(i - 1).anonVma;
        } else {
            v.anonVma = mm.nextAnonVma++;
        }
    }

    /** Mirrors anon_vma_compatible() + reusable_anon_vma(): the old VMA's chain must be singular. */
    private static boolean anonVmaReusable(Vma a, Vma b) {
        Vma old = a.anonVma != 0 ? a : b;
        return old.anonVma != 0 && !old.uncowedParents && a.vmEnd == b.vmStart && a.file == b.file
                && ((a.vmFlags ^ b.vmFlags) & ~Vma.VM_ACCESS_FLAGS) == 0
                && a.vmPgoff + a.pages() == b.vmPgoff;
    }
}
