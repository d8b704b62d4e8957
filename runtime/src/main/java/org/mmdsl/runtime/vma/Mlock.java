package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * mlock(), mlock2(), munlock(), mlockall(), munlockall() as mm/mlock.c does them: VM_LOCKED
 * (smaps "lo") and VM_LOCKONFAULT ("lf") are vm_flags, so locking part of a VMA splits it and
 * unlocking merges it again, exactly like mprotect. Locking populates the range (unless
 * lock-on-fault). Special mappings ([vvar], [vdso]) are silently skipped. root (CAP_IPC_LOCK) is
 * not bound by RLIMIT_MEMLOCK. Pages are not marked PG_mlocked (there is no reclaim yet for it to
 * matter). Neighbours: {@link VmaMerge} (split/merge), {@link Madvise}, {@link Mremap}.
 *
 * <pre>
 *   [A rw- 4p]  mlock(A+1p, 2p)  -> [A 1p][A' lo 2p][A 1p]   munlock(A, 4p) -> [A 4p]
 * </pre>
 */
public final class Mlock {
    private Mlock() {
    }

    /** Mirrors sys_mlock2()'s flag check: only MLOCK_ONFAULT is a flag (EINVAL otherwise). Pure: 0 or -errno. */
    public static long checkMlock2(int flags) {
        return (flags & ~Mman.MLOCK_ONFAULT) != 0 ? Errno.EINVAL.asResult() : 0;
    }

    /**
     * Mirrors the range check of do_mlock()/sys_munlock() → apply_vma_lock_flags(): the start is
     * rounded down and the length up to pages (an unaligned start is no error), and an end that
     * wraps is EINVAL. mlock() makes it after can_do_mlock() and the RLIMIT_MEMLOCK check,
     * munlock() first. Pure: 0 or -errno.
     */
    public static long checkMlockRange(long start, long len) {
        long alen = MmStruct.pageAlign(len + (start & ~MmStruct.PAGE_MASK));
        long pstart = start & MmStruct.PAGE_MASK;
        return Long.compareUnsigned(pstart + alen, pstart) < 0 ? Errno.EINVAL.asResult() : 0;
    }

    /**
     * Mirrors sys_mlockall()'s flag check: no flag, an unknown flag or MCL_ONFAULT alone is
     * EINVAL, before can_do_mlock(). Pure: 0 or -errno.
     */
    public static long checkMlockall(int flags) {
        if (flags == 0 || (flags & ~(Mman.MCL_CURRENT | Mman.MCL_FUTURE | Mman.MCL_ONFAULT)) != 0
                || flags == Mman.MCL_ONFAULT) {
            return Errno.EINVAL.asResult();
        }
        return 0;
    }

    /**
     * Mirrors do_mlock(): mlock() has {@code vmFlags} VM_LOCKED, mlock2(MLOCK_ONFAULT) VM_LOCKED |
     * VM_LOCKONFAULT. The start is rounded down and the length up to pages (no EINVAL for an
     * unaligned start).
     *
     * @return 0, -EPERM (RLIMIT_MEMLOCK 0 and no CAP_IPC_LOCK), -ENOMEM (hole, over the limit),
     *     -EINVAL (overflow)
     */
    static long mlock(MmStruct mm, long start, long len, long vmFlags) {
        if (!canDoMlock(mm)) {
            return Errno.EPERM.asResult();
        }
        len = MmStruct.pageAlign(len + (start & ~MmStruct.PAGE_MASK));
        start &= MmStruct.PAGE_MASK;
        if (!mm.capIpcLock && mm.memlockRlimit != ExecImage.RLIM_INFINITY) {
            long locked = (len >>> 12) + mm.lockedVm() - countMlockedPages(mm, start, start + len);
            if (Long.compareUnsigned(locked << 12, mm.memlockRlimit) > 0) {
                return Errno.ENOMEM.asResult();
            }
        }
        long r = applyVmaLockFlags(mm, start, len, vmFlags);
        if (r != 0) {
            return r;
        }
        return populate(mm, start, start + len);
    }

    /**
     * Mirrors __mm_populate(start, len, ignore_errors = 0) for mlock(): VM_IO/VM_PFNMAP VMAs are
     * skipped, lock-on-fault VMAs are not populated (populate_vma_page_range()); a PROT_NONE VMA
     * (no FOLL_FORCE: "we want mlock to succeed for regions that have any permissions other than
     * PROT_NONE"), a guard page or a file page beyond EOF makes get_user_pages() fail with EFAULT,
     * which mlock() reports as ENOMEM (__mlock_posix_error_return()). The VMAs keep VM_LOCKED and
     * the pages before the failing one stay populated.
     */
    private static long populate(MmStruct mm, long start, long end) {
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = mm.findVma(a);
            if (v == null || Long.compareUnsigned(v.vmStart, end) >= 0) {
                break;
            }
            a = Long.compareUnsigned(v.vmStart, a) > 0 ? v.vmStart : a;
            long e = Long.compareUnsigned(v.vmEnd, end) < 0 ? v.vmEnd : end;
            if (v.has(Vma.VM_IO | Vma.VM_PFNMAP) || v.has(Vma.VM_LOCKONFAULT)) {
                a = e;
                continue;
            }
            if (!v.isAccessible()) {
                return Errno.ENOMEM.asResult();
            }
            for (long p = a; Long.compareUnsigned(p, e) < 0; p += MmStruct.PAGE_SIZE) {
                long pte = mm.pageTables().getPte(mm.pgd, p);
                boolean beyondEof = v.file != null && v.file.sizeBytes() >= 0
                        && v.vmPgoff + ((p - v.vmStart) >>> 12) >= (v.file.sizeBytes() + MmStruct.PAGE_SIZE - 1) >>> 12;
                if (SwapOps.isGuardMarker(pte) || beyondEof) {
                    return Errno.ENOMEM.asResult();
                }
                mm.mmPopulate(p, p + MmStruct.PAGE_SIZE);
            }
            a = e;
        }
        return 0;
    }

    /** Mirrors sys_mlock2(): only MLOCK_ONFAULT is a valid flag. */
    static long mlock2(MmStruct mm, long start, long len, int flags) {
        long bad = checkMlock2(flags);
        if (bad != 0) {
            return bad;
        }
        long vmFlags = Vma.VM_LOCKED | ((flags & Mman.MLOCK_ONFAULT) != 0 ? Vma.VM_LOCKONFAULT : 0);
        return mlock(mm, start, len, vmFlags);
    }

    /** Mirrors sys_munlock(). */
    static long munlock(MmStruct mm, long start, long len) {
        len = MmStruct.pageAlign(len + (start & ~MmStruct.PAGE_MASK));
        start &= MmStruct.PAGE_MASK;
        return applyVmaLockFlags(mm, start, len, 0);
    }

    /** count_mm_mlocked_page_nr(): pages of [start, end) already in VM_LOCKED VMAs. */
    private static long countMlockedPages(MmStruct mm, long start, long end) {
        long n = 0;
        for (Vma v : mm.vmas()) {
            if (v.has(Vma.VM_LOCKED) && Long.compareUnsigned(v.vmEnd, start) > 0
                    && Long.compareUnsigned(v.vmStart, end) < 0) {
                long s = Math.max(v.vmStart, start);
                long e = Math.min(v.vmEnd, end);
                n += (e - s) >>> 12;
            }
        }
        return n;
    }

    /**
     * Mirrors apply_vma_lock_flags(): the VMA containing start, then every following one without a
     * gap, each given (flags & ~VM_LOCKED_MASK) | {@code lockFlags} by mlock_fixup(). The VMAs before
     * a hole keep their change; the hole is ENOMEM.
     */
    private static long applyVmaLockFlags(MmStruct mm, long start, long len, long lockFlags) {
        long bad = checkMlockRange(start, len); // start and len are page aligned already
        if (bad != 0) {
            return bad;
        }
        long end = start + len;
        if (end == start) {
            return 0;
        }
        long nstart = start;
        while (Long.compareUnsigned(nstart, end) < 0) {
            Vma v = mm.vmaLookup(nstart);
            if (v == null) {
                return Errno.ENOMEM.asResult();
            }
            long tmp = Long.compareUnsigned(v.vmEnd, end) < 0 ? v.vmEnd : end;
            long r = mlockFixup(mm, v, nstart, tmp, (v.vmFlags & ~Vma.VM_LOCKED_MASK) | lockFlags);
            if (r != 0) {
                return r;
            }
            nstart = tmp;
        }
        return 0;
    }

    /**
     * Mirrors mlock_fixup(): special, PFN-mapped and hugetlb VMAs keep their flags (and are not
     * counted); otherwise vma_modify_flags() splits and merges.
     */
    static long mlockFixup(MmStruct mm, Vma v, long start, long end, long newFlags) {
        if (newFlags == v.vmFlags || (v.vmFlags & (Vma.VM_SPECIAL | Vma.VM_HUGETLB)) != 0
                || v.special != Vma.Special.NONE) {
            return 0;
        }
        long r = VmaMerge.modifyRangeFlags(mm, v, start, end, newFlags);
        if (r < 0) {
            return r;
        }
        VmaMerge.mergeAround(mm, (int) r);
        return 0;
    }

    /**
     * Mirrors sys_mlockall(): MCL_FUTURE puts the lock flags into mm->def_flags, MCL_CURRENT gives
     * them to every VMA and populates the whole address space (mm_populate(0, TASK_SIZE)).
     *
     * @return 0, -EINVAL (no flag, unknown flag, MCL_ONFAULT alone), -EPERM, -ENOMEM (total_vm over
     *     RLIMIT_MEMLOCK without CAP_IPC_LOCK)
     */
    static long mlockall(MmStruct mm, int flags) {
        long bad = checkMlockall(flags);
        if (bad != 0) {
            return bad;
        }
        if (!canDoMlock(mm)) {
            return Errno.EPERM.asResult();
        }
        if ((flags & Mman.MCL_CURRENT) != 0 && !mm.capIpcLock && mm.memlockRlimit != ExecImage.RLIM_INFINITY
                && Long.compareUnsigned(mm.totalVm() << 12, mm.memlockRlimit) > 0) {
            return Errno.ENOMEM.asResult();
        }
        long r = applyMlockallFlags(mm, flags);
        if (r == 0 && (flags & Mman.MCL_CURRENT) != 0) {
            for (Vma v = mm.findVma(0); v != null; v = mm.findVma(v.vmEnd)) {
                mm.mmPopulate(v.vmStart, v.vmEnd);
            }
        }
        return r;
    }

    /** Mirrors sys_munlockall(). */
    static long munlockall(MmStruct mm) {
        return applyMlockallFlags(mm, 0);
    }

    /** Mirrors apply_mlockall_flags(). Errors of single VMAs are ignored, as the kernel does. */
    private static long applyMlockallFlags(MmStruct mm, int flags) {
        mm.defFlags &= ~Vma.VM_LOCKED_MASK;
        long toAdd = 0;
        if ((flags & Mman.MCL_FUTURE) != 0) {
            mm.defFlags |= Vma.VM_LOCKED;
            if ((flags & Mman.MCL_ONFAULT) != 0) {
                mm.defFlags |= Vma.VM_LOCKONFAULT;
            }
            if ((flags & Mman.MCL_CURRENT) == 0) {
                return 0;
            }
        }
        if ((flags & Mman.MCL_CURRENT) != 0) {
            toAdd = Vma.VM_LOCKED | ((flags & Mman.MCL_ONFAULT) != 0 ? Vma.VM_LOCKONFAULT : 0);
        }
        long addr = 0;
        while (true) {
            Vma v = mm.findVma(addr);
            if (v == null) {
                break;
            }
            long end = v.vmEnd;
            mlockFixup(mm, v, v.vmStart, v.vmEnd, (v.vmFlags & ~Vma.VM_LOCKED_MASK) | toAdd);
            addr = end;
        }
        return 0;
    }

    /** Mirrors mm/mlock.c can_do_mlock(): CAP_IPC_LOCK, or a non-zero RLIMIT_MEMLOCK. */
    static boolean canDoMlock(MmStruct mm) {
        return mm.capIpcLock || mm.memlockRlimit != 0;
    }
}
