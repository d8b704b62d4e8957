package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.Errno;

/**
 * Mirrors mm/mempolicy.c do_mbind() -> mbind_range() (6.1) without page migration: every VMA of
 * [start, start+len) gets the policy (vma_replace_policy(); MPOL_DEFAULT removes the VMA's own),
 * split at the range's edges as mprotect() splits (split_vma()) and merged with a neighbour of the
 * same flags and policy afterwards (vma_merge() compares mpol_equal()). The pages already there stay
 * where they are (no MPOL_MF_MOVE); the policy decides where the next faults' pages come from.
 * set_mempolicy() is {@link MmStruct#mempolicy}.
 */
final class Mbind {
    private Mbind() {
    }

    /**
     * The argument checks of do_mbind() and sanitize_mpol_flags(): start page-aligned, the policy's
     * nodes valid for the machine (mpol_new()), no wrap.
     *
     * @return 0 or -EINVAL
     */
    static long checkMbind(long start, long len, int mode, long nodes, int nrNodes) {
        if ((start & 0xfff) != 0 || Mempolicy.check(mode, nodes, nrNodes) != 0) {
            return Errno.EINVAL.asResult();
        }
        long end = start + MmStruct.pageAlign(len);
        if (Long.compareUnsigned(end, start) < 0) {
            return Errno.EINVAL.asResult();
        }
        return 0;
    }

    /**
     * mbind(2) without flags: 0, -EINVAL (see {@link #checkMbind}, or a special mapping refusing a
     * split), -EFAULT (a hole in the range: queue_pages_test_walk()), -ENOMEM (a split over
     * max_map_count).
     */
    static long mbind(MmStruct mm, long start, long len, int mode, long nodes, int nrNodes) {
        long bad = checkMbind(start, len, mode, nodes, nrNodes);
        if (bad != 0) {
            return bad;
        }
        long end = start + MmStruct.pageAlign(len);
        if (end == start) {
            return 0;
        }
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = mm.vmaLookup(a);
            if (v == null) {
                return Errno.EFAULT.asResult();
            }
            a = v.vmEnd;
        }
        Mempolicy policy = Mempolicy.of(mode, nodes, nrNodes);
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = mm.vmaLookup(a);
            if (Long.compareUnsigned(v.vmStart, a) < 0) {
                if (mm.mapCount() >= mm.maxMapCount) {
                    return Errno.ENOMEM.asResult();
                }
                if (VmaMerge.splitVmaUnchecked(mm, v, a) == null) {
                    return Errno.EINVAL.asResult();
                }
                v = mm.vmaLookup(a);
            }
            if (Long.compareUnsigned(v.vmEnd, end) > 0) {
                if (mm.mapCount() >= mm.maxMapCount) {
                    return Errno.ENOMEM.asResult();
                }
                if (VmaMerge.splitVmaUnchecked(mm, v, end) == null) {
                    return Errno.EINVAL.asResult();
                }
            }
            v.policy = policy;
            a = v.vmEnd;
            VmaMerge.mergeAround(mm, mm.indexOf(v));
        }
        return 0;
    }
}
