package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Madv;
import org.mmdsl.runtime.uapi.Mman;

/**
 * madvise() as mm/madvise.c does it. Two kinds of advice:
 * <ul>
 * <li>advice that changes vm_flags (normal, random, sequential, dontfork, dofork, wipeonfork,
 * keeponfork, dontdump, dodump, hugepage, nohugepage, mergeable, unmergeable) splits and merges
 * VMAs exactly like mprotect (madvise_update_vma() → vma_modify_flags());</li>
 * <li>advice that acts on pages only (dontneed, dontneed_locked, free, remove, willneed, cold,
 * pageout, populate_read, populate_write) never splits.</li>
 * </ul>
 * A range with holes is applied to every mapped part and then fails with ENOMEM (unlike mprotect,
 * which stops at the hole). Neighbours: split and merge are {@link VmaMerge}, zapping
 * {@link Zap}; faults are in {@code fault}.
 *
 * <pre>
 *   [A rw- 4p]  madvise(A+1p, 1p, random)  -> [A 1p][A' rr 1p][A 2p]
 *   [A rw- 4p]  madvise(A+1p, 2p, dontneed) -> [A 4p]  (pages 1 and 2 zapped: read back 0)
 * </pre>
 */
public final class Madvise {
    private Madvise() {
    }

    /**
     * Mirrors the argument checks of do_madvise() (madvise_should_skip() and the range checks), in
     * its order, all EINVAL: advice the kernel does not know (madvise_behavior_valid()), or that the
     * model's release did not know yet ({@link KernelVersion#has} of the advice's release: guard regions
     * before 6.13, MADV_FREE before 4.5, ...),
     * a start that is not page aligned, a length that PAGE_ALIGN() wraps, an end that wraps. A
     * zero length then succeeds without a look at the VMAs. A pure function of its arguments: 0
     * or -errno.
     */
    public static long checkMadvise(long start, long len, int advice, KernelVersion version) {
        if (!behaviorValid(advice)) {
            return Errno.EINVAL.asResult();
        }
        Madv known = Madv.byWord(Mman.MADV_NAMES[advice]);
        if (known != null && !version.has(known)) {
            return Errno.EINVAL.asResult(); // madvise_behavior_valid() of that release
        }
        if ((start & ~MmStruct.PAGE_MASK) != 0) {
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
     * Mirrors do_madvise() → madvise_walk_vmas() → madvise_vma_behavior().
     *
     * @return 0, or -EINVAL (unaligned, unknown advice, advice the VMA refuses), -ENOMEM (hole),
     *     -EACCES (remove on a mapping that is not shared writable), -EFAULT (populate refused)
     */
    static long madvise(MmStruct mm, long start, long lenIn, int advice) {
        long bad = checkMadvise(start, lenIn, advice, mm.version());
        if (bad != 0) {
            return bad;
        }
        long end = start + MmStruct.pageAlign(lenIn);
        if (end == start) {
            return 0;
        }
        if (advice == Mman.MADV_POPULATE_READ || advice == Mman.MADV_POPULATE_WRITE) {
            return populate(mm, start, end, advice == Mman.MADV_POPULATE_WRITE);
        }
        long unmappedError = 0;
        Vma vma = mm.findVma(start);
        while (true) {
            if (vma == null) {
                return Errno.ENOMEM.asResult();
            }
            if (Long.compareUnsigned(start, vma.vmStart) < 0) {
                unmappedError = Errno.ENOMEM.asResult();
                start = vma.vmStart;
                if (Long.compareUnsigned(start, end) >= 0) {
                    break;
                }
            }
            long tmp = Long.compareUnsigned(vma.vmEnd, end) < 0 ? vma.vmEnd : end;
            long r = vmaBehavior(mm, vma, start, tmp, advice);
            if (r != 0) {
                return r;
            }
            start = tmp;
            if (Long.compareUnsigned(start, end) >= 0) {
                break;
            }
            vma = mm.findVma(start);
        }
        return unmappedError;
    }

    /** Mirrors madvise_behavior_valid() for the advice modelled here (CONFIG_KSM, CONFIG_TRANSPARENT_HUGEPAGE). */
    static boolean behaviorValid(int advice) {
        return advice >= 0 && advice < Mman.MADV_NAMES.length && Mman.MADV_NAMES[advice] != null;
    }

    /**
     * Mirrors madvise_vma_behavior() on [start, end) inside {@code vma}; a sealed read-only
     * private anonymous VMA refuses discarding advice (mm/mseal.c can_madvise_modify(): EPERM).
     */
    private static long vmaBehavior(MmStruct mm, Vma vma, long start, long end, int advice) {
        long flags = vma.vmFlags;
        boolean discard = advice == Mman.MADV_FREE || advice == Mman.MADV_DONTNEED
                || advice == Mman.MADV_DONTNEED_LOCKED || advice == Mman.MADV_REMOVE || advice == Mman.MADV_DONTFORK
                || advice == Mman.MADV_WIPEONFORK || advice == Mman.MADV_GUARD_INSTALL;
        boolean roAnon = vma.file == null && !vma.has(Vma.VM_SHARED) && !vma.has(Vma.VM_WRITE);
        if (vma.has(Vma.VM_SEALED) && discard && roAnon) {
            return Errno.EPERM.asResult();
        }
        switch (advice) {
            case Mman.MADV_REMOVE:
                return remove(mm, vma, start, end);
            case Mman.MADV_GUARD_INSTALL:
                return guardInstall(mm, vma, start, end);
            case Mman.MADV_GUARD_REMOVE:
                return guardRemove(mm, vma, start, end);
            case Mman.MADV_WILLNEED:
                return 0; // readahead into the page cache: no pte changes (madvise_willneed())
            case Mman.MADV_COLD:
            case Mman.MADV_PAGEOUT:
                // can_madv_lru_vma(); COLD only deactivates (no LRU lists are modelled yet);
                // PAGEOUT reclaims exclusive anonymous pages to the swap area, and with no swap
                // (the recorded machine) they stay where they are.
                if (vma.has(Vma.VM_LOCKED | Vma.VM_PFNMAP | Vma.VM_HUGETLB)) {
                    return Errno.EINVAL.asResult();
                }
                if (advice == Mman.MADV_PAGEOUT && mm.swap != null) {
                    mm.swap.pageout(mm, vma, start, end); // reclaim_pages()
                }
                return 0;
            case Mman.MADV_DONTNEED:
            case Mman.MADV_DONTNEED_LOCKED:
            case Mman.MADV_FREE:
                return dontneedFree(mm, vma, start, end, advice);
            case Mman.MADV_NORMAL:
                flags &= ~(Vma.VM_RAND_READ | Vma.VM_SEQ_READ);
                break;
            case Mman.MADV_SEQUENTIAL:
                flags = (flags & ~Vma.VM_RAND_READ) | Vma.VM_SEQ_READ;
                break;
            case Mman.MADV_RANDOM:
                flags = (flags & ~Vma.VM_SEQ_READ) | Vma.VM_RAND_READ;
                break;
            case Mman.MADV_DONTFORK:
                flags |= Vma.VM_DONTCOPY;
                break;
            case Mman.MADV_DOFORK:
                if (vma.has(Vma.VM_IO)) {
                    return Errno.EINVAL.asResult();
                }
                flags &= ~Vma.VM_DONTCOPY;
                break;
            case Mman.MADV_WIPEONFORK:
                if (vma.file != null || vma.has(Vma.VM_SHARED) || vma.special != Vma.Special.NONE) {
                    return Errno.EINVAL.asResult(); // only private anonymous memory can be wiped
                }
                flags |= Vma.VM_WIPEONFORK;
                break;
            case Mman.MADV_KEEPONFORK:
                flags &= ~Vma.VM_WIPEONFORK;
                break;
            case Mman.MADV_DONTDUMP:
                flags |= Vma.VM_DONTDUMP;
                break;
            case Mman.MADV_DODUMP:
                if ((flags & Vma.VM_SPECIAL) != 0) {
                    return Errno.EINVAL.asResult();
                }
                flags &= ~Vma.VM_DONTDUMP;
                break;
            case Mman.MADV_HUGEPAGE:
                flags = (flags & ~Vma.VM_NOHUGEPAGE) | Vma.VM_HUGEPAGE; // hugepage_madvise()
                break;
            case Mman.MADV_NOHUGEPAGE:
                flags = (flags & ~Vma.VM_HUGEPAGE) | Vma.VM_NOHUGEPAGE;
                break;
            case Mman.MADV_MERGEABLE:
                // mm/ksm.c ksm_madvise(): shared, special and already-mergeable VMAs ignore the advice
                if ((flags & (Vma.VM_MERGEABLE | Vma.VM_SHARED | Vma.VM_MAYSHARE | Vma.VM_PFNMAP | Vma.VM_IO
                        | Vma.VM_DONTEXPAND | Vma.VM_HUGETLB | Vma.VM_MIXEDMAP)) != 0) {
                    return 0;
                }
                flags |= Vma.VM_MERGEABLE;
                break;
            case Mman.MADV_UNMERGEABLE:
                flags &= ~Vma.VM_MERGEABLE;
                break;
            default:
                return Errno.EINVAL.asResult();
        }
        return updateVma(mm, vma, start, end, flags);
    }

    /** Mirrors madvise_update_vma(): nothing to do when the flags do not change, else split/merge. */
    private static long updateVma(MmStruct mm, Vma vma, long start, long end, long newFlags) {
        if (newFlags == vma.vmFlags) {
            return 0;
        }
        long r = VmaMerge.modifyRangeFlags(mm, vma, start, end, newFlags);
        if (r < 0) {
            return r;
        }
        VmaMerge.mergeAround(mm, (int) r);
        return 0;
    }

    /**
     * Mirrors madvise_dontneed_free(): refused on VM_LOCKED (unless DONTNEED_LOCKED) and
     * VM_PFNMAP VMAs. DONTNEED zaps the ptes (zap_page_range_single()): private anonymous memory
     * reads zero afterwards, a private file page the file again. FREE (anonymous VMAs only) marks
     * the pages lazily freeable; they are discarded only under memory pressure, which is not
     * modelled, so their contents stay.
     */
    private static long dontneedFree(MmStruct mm, Vma vma, long start, long end, int advice) {
        long forbidden = Vma.VM_PFNMAP | (advice == Mman.MADV_DONTNEED_LOCKED ? 0 : Vma.VM_LOCKED);
        if (vma.has(forbidden)) {
            return Errno.EINVAL.asResult();
        }
        if (advice == Mman.MADV_FREE) {
            return vma.isAnonymous() ? 0 : Errno.EINVAL.asResult();
        }
        Zap.zapPageRange(mm, vma, start, end);
        return 0;
    }

    /**
     * Mirrors madvise_remove(): punches a hole in the mapped file (vfs_fallocate(PUNCH_HOLE)).
     * Only a shared writable file mapping (a shmem object included) qualifies. This mm's ptes of
     * the range are zapped and the page-cache pages dropped, so shmem reads zero afterwards. Other
     * processes' mappings of the same pages (after fork) are not unmapped: the model has no
     * reverse map from a file to every mm (unmap_mapping_range()).
     */
    private static long remove(MmStruct mm, Vma vma, long start, long end) {
        if (vma.has(Vma.VM_LOCKED)) {
            return Errno.EINVAL.asResult();
        }
        FileRef f = vma.file;
        if (f == null) {
            return Errno.EINVAL.asResult();
        }
        if (!vma.has(Vma.VM_SHARED) || !vma.has(Vma.VM_MAYWRITE)) {
            return Errno.EACCES.asResult();
        }
        Zap.zapPageRange(mm, vma, start, end);
        long first = vma.vmPgoff + ((start - vma.vmStart) >>> 12);
        long last = vma.vmPgoff + ((end - vma.vmStart) >>> 12);
        for (long index = f.nextCachedIndex(first); index >= 0 && index < last; index = f.nextCachedIndex(index + 1)) {
            long pfn = f.cachedPfn(index);
            f.setCachedPfn(index, -1);
            mm.putPage(pfn);
        }
        return 0;
    }

    /** Mirrors is_valid_guard_vma(): not VM_SPECIAL (PFN maps, [vvar], [vdso]), not hugetlb, locked only to remove. */
    private static boolean validGuardVma(Vma vma, boolean allowLocked) {
        long disallowed = Vma.VM_SPECIAL | Vma.VM_HUGETLB | (allowLocked ? 0 : Vma.VM_LOCKED);
        return !vma.has(disallowed) && vma.special == Vma.Special.NONE;
    }

    /**
     * Mirrors 6.18 madvise_guard_install(): the VMA gets an anon_vma (anon_vma_prepare(), so that
     * fork copies its page tables; this also changes what it merges with), every page of the
     * range that is mapped is zapped (its contents are gone), and every pte becomes a
     * PTE_MARKER_GUARD marker: an access is SIGSEGV SEGV_MAPERR. The VMA is not split and its
     * flags do not change (maps and smaps look the same).
     */
    private static long guardInstall(MmStruct mm, Vma vma, long start, long end) {
        if (!validGuardVma(vma, false)) {
            return Errno.EINVAL.asResult();
        }
        mm.anonVmaPrepare(vma);
        Zap.zapPageRange(mm, vma, start, end);
        PageTables pt = mm.pageTables();
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += MmStruct.PAGE_SIZE) {
            long slot = pt.pteSlotAlloc(mm.pgd, a);
            if (slot < 0) {
                return Errno.ENOMEM.asResult();
            }
            pt.writeEntry(slot, SwapOps.PTE_MARKER_GUARD);
        }
        return 0;
    }

    /**
     * Mirrors madvise_guard_remove(): clears the guard markers of the range (allowed on locked
     * VMAs); pages are untouched, so the former guard pages fault in afresh (zero / file pages).
     */
    private static long guardRemove(MmStruct mm, Vma vma, long start, long end) {
        if (!validGuardVma(vma, true)) {
            return Errno.EINVAL.asResult();
        }
        PageTables pt = mm.pageTables();
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += MmStruct.PAGE_SIZE) {
            if (SwapOps.isGuardMarker(pt.getPte(mm.pgd, a))) {
                pt.clearPte(mm.pgd, a);
            }
        }
        return 0;
    }

    /**
     * Mirrors madvise_populate() → faultin_page_range(): faults [start, end) in (writes for
     * POPULATE_WRITE); a hole is ENOMEM, a VMA that does not allow the access (or is
     * VM_IO/VM_PFNMAP) EINVAL (check_vma_flags()), a fault that would be SIGBUS/SIGSEGV (a file
     * page beyond EOF, a guard page) EFAULT, after the pages before it were populated.
     */
    private static long populate(MmStruct mm, long start, long end, boolean write) {
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = mm.vmaLookup(a);
            if (v == null) {
                return Errno.ENOMEM.asResult();
            }
            if (v.has(Vma.VM_IO | Vma.VM_PFNMAP) || !v.has(write ? Vma.VM_WRITE : Vma.VM_READ)) {
                // check_vma_flags() with FOLL_MADV_POPULATE: "incompatible mappings / permissions"
                return Errno.EINVAL.asResult();
            }
            long e = Long.compareUnsigned(v.vmEnd, end) < 0 ? v.vmEnd : end;
            long eofPages = v.file == null || v.file.sizeBytes() < 0 ? Long.MAX_VALUE
                    : (v.file.sizeBytes() + MmStruct.PAGE_SIZE - 1) >>> 12;
            for (long p = a; Long.compareUnsigned(p, e) < 0; p += MmStruct.PAGE_SIZE) {
                boolean beyondEof = v.vmPgoff + ((p - v.vmStart) >>> 12) >= eofPages;
                if (beyondEof || SwapOps.isGuardMarker(mm.pageTables().getPte(mm.pgd, p))) {
                    // faultin_page() gets VM_FAULT_SIGSEGV: the pages before it are populated, then EFAULT
                    if (write) {
                        for (long q = a; Long.compareUnsigned(q, p) < 0; q += MmStruct.PAGE_SIZE) {
                            mm.writeFault(q);
                        }
                    } else {
                        mm.mmPopulate(a, p);
                    }
                    return Errno.EFAULT.asResult();
                }
            }
            if (write) {
                for (long p = a; Long.compareUnsigned(p, e) < 0; p += MmStruct.PAGE_SIZE) {
                    long pte = mm.pageTables().getPte(mm.pgd, p);
                    if (Pte.present(pte) && Pte.writable(pte)) {
                        continue;
                    }
                    mm.writeFault(p);
                }
            } else {
                mm.mmPopulate(a, e);
            }
            a = e;
        }
        return 0;
    }
}
