package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * msync() (mm/msync.c) and mincore() (mm/mincore.c): two calls that walk the VMAs of a range
 * without changing them. Writeback is not modelled (the simulated files have no backing store to
 * write to), so msync only reports the errors the kernel reports. Neighbours: the VMAs are {@link MmStruct}'s.
 */
public final class Msync {
    private Msync() {
    }

    /**
     * Mirrors the argument checks of sys_msync(), in its order: an unknown flag, a start that is
     * not page aligned, MS_ASYNC with MS_SYNC are EINVAL; an end that wraps is ENOMEM. A zero
     * length then succeeds without a look at the VMAs. Pure: 0 or -errno.
     */
    public static long checkMsync(long start, long len, int flags) {
        if ((flags & ~(Mman.MS_ASYNC | Mman.MS_INVALIDATE | Mman.MS_SYNC)) != 0) {
            return Errno.EINVAL.asResult();
        }
        if ((start & ~MmStruct.PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        if ((flags & Mman.MS_ASYNC) != 0 && (flags & Mman.MS_SYNC) != 0) {
            return Errno.EINVAL.asResult();
        }
        if (Long.compareUnsigned(start + MmStruct.pageAlign(len), start) < 0) {
            return Errno.ENOMEM.asResult();
        }
        return 0;
    }

    /**
     * Mirrors the argument checks of sys_mincore(): a start that is not page aligned is EINVAL, a
     * range beyond TASK_SIZE_MAX ENOMEM (access_ok()). Pure: 0 or -errno.
     */
    public static long checkMincore(long start, long len, long taskSizeMax) {
        if ((start & ~MmStruct.PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        if (Long.compareUnsigned(len, taskSizeMax) > 0 || Long.compareUnsigned(start, taskSizeMax - len) > 0) {
            return Errno.ENOMEM.asResult(); // access_ok()
        }
        return 0;
    }

    /**
     * Mirrors sys_msync(): EINVAL for unknown flags, an unaligned start or MS_ASYNC|MS_SYNC; a
     * hole is ENOMEM (at once for plain MS_ASYNC, after the rest of the range otherwise);
     * MS_INVALIDATE on a VM_LOCKED VMA is EBUSY.
     */
    static long msync(MmStruct mm, long start, long len, int flags) {
        long bad = checkMsync(start, len, flags);
        if (bad != 0) {
            return bad;
        }
        long end = start + MmStruct.pageAlign(len);
        if (end == start) {
            return 0;
        }
        long unmappedError = 0;
        Vma vma = mm.findVma(start);
        while (true) {
            if (vma == null) {
                return Errno.ENOMEM.asResult();
            }
            if (Long.compareUnsigned(start, vma.vmStart) < 0) {
                if (flags == Mman.MS_ASYNC) {
                    return Errno.ENOMEM.asResult();
                }
                start = vma.vmStart;
                if (Long.compareUnsigned(start, end) >= 0) {
                    return Errno.ENOMEM.asResult();
                }
                unmappedError = Errno.ENOMEM.asResult();
            }
            if ((flags & Mman.MS_INVALIDATE) != 0 && vma.has(Vma.VM_LOCKED)) {
                return Errno.EBUSY.asResult();
            }
            start = vma.vmEnd;
            if (Long.compareUnsigned(start, end) >= 0) {
                return unmappedError;
            }
            vma = mm.findVma(start);
        }
    }

    /**
     * Mirrors sys_mincore(): one character per page of [start, start+len) into {@code vec}: '1'
     * when a pte maps the page (the zero page too), else whether the file's page cache holds it
     * (anonymous: '0'). EINVAL for an unaligned start, ENOMEM beyond TASK_SIZE or for an unmapped
     * page.
     */
    static long mincore(MmStruct mm, long start, long len, StringBuilder vec) {
        long bad = checkMincore(start, len, mm.taskSizeMax());
        if (bad != 0) {
            return bad;
        }
        long pages = (len >>> 12) + ((len & ~MmStruct.PAGE_MASK) != 0 ? 1 : 0);
        int mark = vec.length();
        for (long i = 0; i < pages; i++) {
            long a = start + (i << 12);
            Vma v = mm.vmaLookup(a);
            if (v == null) {
                vec.setLength(mark);
                return Errno.ENOMEM.asResult();
            }
            long pte = mm.pageTables().getPte(mm.pgd, a);
            boolean in;
            if (pte == 0 && HugeMemory.hugePmd(mm, a) != 0) {
                in = true; // mincore_pte_range(): a huge pmd is resident whole
            } else if (pte != 0 && !SwapOps.isGuardMarker(pte)) {
                in = MmStruct.ptePresent(pte); // a guard marker is pte_none_mostly(): as if empty
            } else if (v.file != null) {
                long index = v.vmPgoff + ((a - v.vmStart) >>> 12);
                in = v.file.cachedPfn(index) >= 0;
            } else {
                in = false;
            }
            vec.append(in ? '1' : '0');
        }
        return 0;
    }
}
