package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.Errno;

/**
 * mseal() as mm/mseal.c does it (6.10+, 64-bit kernels only): do_mseal() sets VM_SEALED on every
 * VMA of the range; afterwards munmap, mprotect, mremap and MAP_FIXED over a sealed VMA fail with
 * EPERM (the checks of vms_gather_munmap_vmas() and can_modify_mm() are here too).
 * {@link #checkMseal} is the argument check, callable without an mm.
 *
 * <p>Neighbours: the split at the edges is {@link VmaMerge}; the calls refused are {@link Mmap},
 * {@link Mprotect}, {@link Mremap} and {@link Madvise}.
 *
 * <pre>
 *   mseal(A+1p, 2p)  [A 4p]  -&gt;  [A 1p][A sl 2p][A 1p]   munmap(A, 4p) -&gt; EPERM
 * </pre>
 */
public final class Mseal {
    private Mseal() {
    }

    /**
     * Mirrors the argument checks of mm/mseal.c do_mseal(), in its order: ENOSYS on a 32-bit
     * kernel (mseal.c is built for CONFIG_64BIT only; a compat task on a 64-bit kernel has it),
     * then EINVAL for any flag, a start that is not page aligned, a length that PAGE_ALIGN() wraps
     * and an end that wraps. A zero length then succeeds without a look at the VMAs. A pure
     * function of its arguments: 0 or -errno.
     */
    public static long checkMseal(long start, long len, long flags, boolean kernel64) {
        if (!kernel64) {
            return Errno.ENOSYS.asResult();
        }
        if (flags != 0 || (start & ~MmStruct.PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        long alen = MmStruct.pageAlign(len);
        if (len != 0 && alen == 0) {
            return Errno.EINVAL.asResult();
        }
        if (Long.compareUnsigned(start + alen, start) < 0) {
            return Errno.EINVAL.asResult();
        }
        return 0;
    }

    /**
     * vms_gather_munmap_vmas()'s seal checks for munmap, MAP_FIXED and brk over [start, end):
     * EPERM when a VMA there is sealed. A first VMA that starts below {@code start} is split
     * before the later VMAs are looked at (unless it is sealed itself), and an EPERM found after
     * that leaves the split in place (the detached VMAs are only reattached).
     *
     * @return 0, -EPERM, or -EINVAL when that first split is refused (a special mapping)
     */
    static long gatherSealCheck(MmStruct mm, long start, long end) {
        if (!rangeSealed(mm, start, end)) {
            return 0;
        }
        Vma first = mm.findVma(start);
        if (first != null && Long.compareUnsigned(first.vmStart, start) < 0 && !first.has(Vma.VM_SEALED)) {
            if (VmaMerge.splitVmaUnchecked(mm, first, start) == null) {
                return Errno.EINVAL.asResult();
            }
            mm.keptSplit(start);
        }
        return Errno.EPERM.asResult();
    }

    /** True when a VMA in [start, end) is sealed (can_modify_mm() is false: EPERM). */
    static boolean rangeSealed(MmStruct mm, long start, long end) {
        for (Vma v = mm.findVmaIntersection(start, end); v != null && Long.compareUnsigned(v.vmStart, end) < 0;
                v = mm.findVma(v.vmEnd)) {
            if (v.has(Vma.VM_SEALED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Mirrors mm/mseal.c do_mseal(): seals every VMA of [start, start+len) (VM_SEALED, smaps
     * "sl"), splitting at the edges; afterwards munmap, mprotect, mremap and MAP_FIXED over the
     * range fail with EPERM, and discarding madvise advice on read-only anonymous memory too.
     *
     * @return 0, -EINVAL (flags, unaligned start, wrapping), -ENOMEM (a hole in the range), -ENOSYS
     *     (a 32-bit kernel: mm/mseal.c is built for CONFIG_64BIT only; a 32-bit task on a 64-bit
     *     kernel has it, syscall_32.tbl 462 is sys_mseal)
     */
    static long mseal(MmStruct mm, long start, long lenIn, long flags) {
        long bad = checkMseal(start, lenIn, flags, mm.kpt.kernel64());
        if (bad != 0) {
            return bad;
        }
        long end = start + MmStruct.pageAlign(lenIn);
        if (end == start) {
            return 0;
        }
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = mm.vmaLookup(a);
            if (v == null) {
                return Errno.ENOMEM.asResult();
            }
            a = v.vmEnd;
        }
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = mm.vmaLookup(a);
            long e = Long.compareUnsigned(v.vmEnd, end) < 0 ? v.vmEnd : end;
            if (!v.has(Vma.VM_SEALED)) {
                long r = VmaMerge.modifyRangeFlags(mm, v, a, e, v.vmFlags | Vma.VM_SEALED);
                if (r < 0) {
                    return r;
                }
                VmaMerge.mergeAround(mm, (int) r);
            }
            a = e;
        }
        return 0;
    }
}
