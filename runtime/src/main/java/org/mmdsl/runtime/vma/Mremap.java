package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * mremap() as mm/mremap.c does it: shrink in place, grow in place when the space above the VMA is
 * free, otherwise move (MREMAP_MAYMOVE) to a fresh top-down address, or to a fixed one
 * (MREMAP_FIXED), optionally leaving the old VMA in place without its pages (MREMAP_DONTUNMAP).
 * Moving moves the page-table entries (move_page_tables()), so contents and frames go along
 * without a copy.
 *
 * <p>Neighbours: split and merge are {@link VmaMerge}, munmap {@link Mmap}, get_unmapped_area()
 * {@link UnmappedArea}; mlock and madvise are {@link Mlock} and {@link Madvise}.
 *
 * <pre>
 *   grow in place:   [A  ][free ]      -> [A        ]      (ENOMEM without room and MAYMOVE)
 *   move (MAYMOVE):  [R1|R2|R3]        -> [R2|R3] ... [R1'    ] at get_unmapped_area()
 *   DONTUNMAP:       [A ]              -> [A (no pages)] ... [A'] (old VMA stays, reads 0)
 * </pre>
 */
public final class Mremap {
    private Mremap() {
    }

    /**
     * Mirrors the argument checks of mremap() (6.18 check_mremap_params(); 6.1's mremap() makes
     * the same ones), in its order, all EINVAL: an unknown flag, an address that is not page
     * aligned, a new length that PAGE_ALIGN() makes 0, a new range beyond TASK_SIZE; with
     * MREMAP_FIXED or MREMAP_DONTUNMAP a new address that is not page aligned or no
     * MREMAP_MAYMOVE, MREMAP_DONTUNMAP with a change of length, and MREMAP_FIXED onto a range
     * that overlaps the old one. A pure function of its arguments: 0 or -errno. map_count and
     * the VMAs are checked after it.
     */
    public static long checkMremap(long addr, long oldLen, long newLen, int flags, long newAddr, long taskSize) {
        if ((flags & ~(Mman.MREMAP_FIXED | Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP)) != 0) {
            return Errno.EINVAL.asResult();
        }
        if ((addr & ~MmStruct.PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        oldLen = MmStruct.pageAlign(oldLen);
        newLen = MmStruct.pageAlign(newLen);
        if (newLen == 0) {
            return Errno.EINVAL.asResult(); // also a length that PAGE_ALIGN() wraps to 0
        }
        if (Long.compareUnsigned(newLen, taskSize) > 0 || Long.compareUnsigned(newAddr, taskSize - newLen) > 0) {
            return Errno.EINVAL.asResult();
        }
        if ((flags & (Mman.MREMAP_FIXED | Mman.MREMAP_DONTUNMAP)) != 0) {
            if ((newAddr & ~MmStruct.PAGE_MASK) != 0 || (flags & Mman.MREMAP_MAYMOVE) == 0) {
                return Errno.EINVAL.asResult();
            }
            if ((flags & Mman.MREMAP_DONTUNMAP) != 0 && oldLen != newLen) {
                return Errno.EINVAL.asResult(); // MREMAP_DONTUNMAP does not allow resizing
            }
            if ((flags & Mman.MREMAP_FIXED) != 0 && Long.compareUnsigned(addr + oldLen, newAddr) > 0
                    && Long.compareUnsigned(newAddr + newLen, addr) > 0) {
                return Errno.EINVAL.asResult(); // the target overlaps the source
            }
        }
        return 0;
    }

    /**
     * Mirrors the mremap() system call (6.18 check_mremap_params(), check_prep_vma(),
     * mremap_at(), expand_vma_in_place(), move_vma()) for a range inside one VMA.
     *
     * @return the new address, or -EINVAL, -EFAULT, -ENOMEM, -EAGAIN
     */
    static long mremap(MmStruct mm, long addr, long oldLen, long newLen, int flags, long newAddr) {
        long bad = checkMremap(addr, oldLen, newLen, flags, newAddr, mm.taskSize);
        if (bad != 0) {
            return bad;
        }
        oldLen = MmStruct.pageAlign(oldLen);
        newLen = MmStruct.pageAlign(newLen);
        // "the worst case splits both the old and the new VMA in three" (check_mremap_params())
        if (mm.maxMapCount - mm.mapCount() < 6) {
            return Errno.ENOMEM.asResult();
        }
        Vma vma = mm.vmaLookup(addr);
        if (vma == null) {
            return Errno.EFAULT.asResult();
        }
        if (vma.has(Vma.VM_SEALED)
                || ((flags & Mman.MREMAP_FIXED) != 0 && Mseal.rangeSealed(mm, newAddr, newAddr + newLen))) {
            return Errno.EPERM.asResult(); // mm/mseal.c: a sealed VMA neither moves, shrinks nor grows
        }
        long r = checkPrepVma(mm, vma, addr, oldLen, newLen, flags);
        if (r != 0) {
            return r;
        }
        if (oldLen == 0) {
            return duplicateShared(mm, vma, addr, newLen, flags, newAddr);
        }
        if ((flags & Mman.MREMAP_FIXED) != 0) {
            return mremapTo(mm, addr, oldLen, newLen, flags, newAddr);
        }
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0) {
            if (!Mmap.mayExpandVm(mm, vma.vmFlags, oldLen >>> 12)) {
                return Errno.ENOMEM.asResult(); // mremap_to(): the old range stays, so it counts twice
            }
            long to = UnmappedArea.getUnmappedArea(mm, vma.file, newAddr, newLen, pgoffAt(vma, addr), mapFlags(vma));
            if (Errno.isError(to)) {
                return to;
            }
            return moveVma(mm, vma, addr, oldLen, newLen, to, true);
        }
        if (Long.compareUnsigned(newLen, oldLen) <= 0) {
            // shrink_vma(): always in place, the tail is unmapped
            if (newLen != oldLen) {
                long u = Mmap.doMunmap(mm, addr + newLen, addr + oldLen);
                if (u != 0) {
                    return u;
                }
            }
            return addr;
        }
        long delta = newLen - oldLen;
        if (oldLen == vma.vmEnd - addr && expandable(mm, vma, delta)) {
            long oldEnd = vma.vmEnd;
            vma.vmEnd += delta; // vma_merge_extend(): extend, then merge with a compatible next
            mm.vmaChanged(vma);
            VmaMerge.mergeAround(mm, mm.indexOf(vma));
            if (vma.has(Vma.VM_LOCKED)) {
                mm.mmPopulate(oldEnd, oldEnd + delta);
            }
            return addr;
        }
        if ((flags & Mman.MREMAP_MAYMOVE) == 0) {
            return Errno.ENOMEM.asResult();
        }
        long to = UnmappedArea.getUnmappedArea(mm, vma.file, 0, newLen, pgoffAt(vma, addr), mapFlags(vma));
        if (Errno.isError(to)) {
            return to;
        }
        return moveVma(mm, vma, addr, oldLen, newLen, to, false);
    }

    /**
     * Mirrors check_prep_vma() / vma_to_resize(): the old range must lie in one VMA (EFAULT),
     * old_len 0 only duplicates a shared mapping (EINVAL otherwise), special and PFN mappings
     * neither grow (EFAULT) nor take MREMAP_DONTUNMAP (EINVAL); growth of a locked VMA must stay
     * within RLIMIT_MEMLOCK (EAGAIN).
     */
    private static long checkPrepVma(MmStruct mm, Vma vma, long addr, long oldLen, long newLen, int flags) {
        if (oldLen == 0 && !vma.has(Vma.VM_SHARED | Vma.VM_MAYSHARE)) {
            return Errno.EINVAL.asResult(); // "attempt to duplicate a private mapping" (pr_warn_once)
        }
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0 && vma.has(Vma.VM_DONTEXPAND | Vma.VM_PFNMAP)) {
            return Errno.EINVAL.asResult();
        }
        if (Long.compareUnsigned(oldLen, vma.vmEnd - addr) > 0) {
            return Errno.EFAULT.asResult(); // we can't remap across vm area boundaries
        }
        if (Long.compareUnsigned(newLen, oldLen) <= 0) {
            return 0;
        }
        long pgoff = pgoffAt(vma, addr);
        if (pgoff + (newLen >>> 12) < pgoff) {
            return Errno.EINVAL.asResult();
        }
        if (vma.has(Vma.VM_DONTEXPAND | Vma.VM_PFNMAP)) {
            return Errno.EFAULT.asResult();
        }
        if (!Mmap.mlockFutureOk(mm, vma.vmFlags, newLen - oldLen)) {
            return Errno.EAGAIN.asResult();
        }
        if (!Mmap.mayExpandVm(mm, vma.vmFlags, (newLen - oldLen) >>> 12)) {
            return Errno.ENOMEM.asResult(); // RLIMIT_AS / RLIMIT_DATA
        }
        if (vma.has(Vma.VM_ACCOUNT) && !mm.vmEnoughMemory((newLen - oldLen) >>> 12)) {
            return Errno.ENOMEM.asResult();
        }
        return 0;
    }

    /**
     * Mirrors mremap_to(): unmaps whatever lies at the target, drops the old range's tail when
     * shrinking, then moves.
     */
    private static long mremapTo(MmStruct mm, long addr, long oldLen, long newLen, int flags, long newAddr) {
        long r = Mmap.doMunmap(mm, newAddr, newAddr + newLen);
        if (r != 0) {
            return r;
        }
        if (Long.compareUnsigned(oldLen, newLen) > 0) {
            r = Mmap.doMunmap(mm, addr + newLen, addr + oldLen);
            if (r != 0) {
                return r;
            }
            oldLen = newLen;
        }
        Vma vma = mm.vmaLookup(addr);
        if (vma == null) {
            return Errno.EFAULT.asResult();
        }
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0 && !Mmap.mayExpandVm(mm, vma.vmFlags, oldLen >>> 12)) {
            return Errno.ENOMEM.asResult();
        }
        // vrm_set_new_addr(): get_unmapped_area(MAP_FIXED) → security_mmap_addr() (after the unmap)
        if (!mm.capSysRawio && Long.compareUnsigned(newAddr, MmStruct.DAC_MMAP_MIN_ADDR) < 0) {
            return Errno.EPERM.asResult();
        }
        return moveVma(mm, vma, addr, oldLen, newLen, newAddr, (flags & Mman.MREMAP_DONTUNMAP) != 0);
    }

    /**
     * old_len 0 on a shared mapping: a second VMA of the same object at a new address (the
     * "duplicate shm area" case of mm/mremap.c); the old VMA is untouched.
     */
    private static long duplicateShared(MmStruct mm, Vma vma, long addr, long newLen, int flags, long newAddr) {
        if ((flags & Mman.MREMAP_MAYMOVE) == 0) {
            return Errno.ENOMEM.asResult();
        }
        long to;
        if ((flags & Mman.MREMAP_FIXED) != 0) {
            long r = Mmap.doMunmap(mm, newAddr, newAddr + newLen);
            if (r != 0) {
                return r;
            }
            to = newAddr;
        } else {
            to = UnmappedArea.getUnmappedArea(mm, vma.file, 0, newLen, pgoffAt(vma, addr), mapFlags(vma));
            if (Errno.isError(to)) {
                return to;
            }
        }
        Vma copy = new Vma(to, to + newLen, vma.vmFlags & ~Vma.VM_LOCKED_MASK, pgoffAt(vma, addr), vma.file, 0,
                Vma.Special.NONE);
        mm.insert(copy);
        copy.openCopyOf(vma); // copy_vma(): new_vma->vm_ops->open(new_vma)
        VmaMerge.mergeAround(mm, mm.indexOf(copy));
        return to;
    }

    /** Mirrors vma_expandable(): nothing between the VMA's end and end + delta, within TASK_SIZE. */
    private static boolean expandable(MmStruct mm, Vma vma, long delta) {
        long end = vma.vmEnd + delta;
        if (Long.compareUnsigned(end, vma.vmEnd) < 0 || Long.compareUnsigned(end, mm.taskSize) > 0) {
            return false;
        }
        return mm.findVmaIntersection(vma.vmEnd, end) == null;
    }

    private static long pgoffAt(Vma vma, long addr) {
        return vma.vmPgoff + ((addr - vma.vmStart) >>> 12);
    }

    private static int mapFlags(Vma vma) {
        return vma.has(Vma.VM_MAYSHARE) ? Mman.MAP_SHARED : 0;
    }

    /**
     * Mirrors move_vma(): copy_vma() puts a VMA for [newAddr, newAddr + newLen) (same flags, file,
     * anon_vma; the pgoff of the moved part, or the new address's for an anonymous VMA that was
     * never faulted) and merges it with its new neighbours; move_page_tables() moves the ptes of
     * the old range; then the old range is unmapped, or with MREMAP_DONTUNMAP kept without pages
     * and without VM_LOCKED. A locked VMA that grew has its new tail populated.
     */
    private static long moveVma(MmStruct mm, Vma vma, long oldAddr, long oldLen, long newLen, long newAddr,
            boolean dontUnmap) {
        if (mm.maxMapCount - mm.mapCount() < 4) {
            return Errno.ENOMEM.asResult(); // prep_move_vma(): do_munmap may split one VMA into three
        }
        if (dontUnmap && vma.has(Vma.VM_ACCOUNT) && !mm.vmEnoughMemory(newLen >>> 12)) {
            // move_vma(): MREMAP_DONTUNMAP keeps the old range charged, so the new one is charged whole
            return Errno.ENOMEM.asResult();
        }
        long pgoff = pgoffAt(vma, oldAddr);
        boolean faultedAnon = !(vma.isAnonymous() && vma.anonVma == 0);
        if (!faultedAnon) {
            pgoff = newAddr >>> 12;
        }
        Vma copy = new Vma(newAddr, newAddr + newLen, vma.vmFlags, pgoff, vma.file, vma.anonVma, vma.special);
        copy.uncowedParents = vma.uncowedParents;
        mm.insert(copy);
        copy.openCopyOf(vma); // copy_vma(): new_vma->vm_ops->open(new_vma)
        movePageTables(mm, oldAddr, newAddr, oldLen);
        Vma moved = VmaMerge.mergeAround(mm, mm.indexOf(copy));
        if (dontUnmap) {
            vma.vmFlags &= ~Vma.VM_LOCKED_MASK;
            if (vma.vmStart == oldAddr && vma.vmEnd == oldAddr + oldLen && vma.isAnonymous()) {
                vma.anonVma = 0; // every page left: unlink_anon_vmas() (dontunmap_complete())
                vma.uncowedParents = false;
            }
        } else {
            // move_vma() (2.6.24 and 6.x): "total_vm is about to be raised artificially high for a
            // moment, we need to restore high watermark afterwards": the old range's munmap records
            // no VmPeak of old + new; its update_hiwater_rss() stays
            long hiwaterVm = mm.hiwaterVmRaw();
            long r = Mmap.doMunmap(mm, oldAddr, oldAddr + oldLen);
            mm.restoreHiwaterVm(hiwaterVm);
            if (r != 0) {
                return r;
            }
        }
        if (moved.has(Vma.VM_LOCKED) && Long.compareUnsigned(newLen, oldLen) > 0) {
            mm.mmPopulate(newAddr + oldLen, newAddr + newLen);
        }
        return newAddr;
    }

    /**
     * Mirrors move_page_tables() at pte granularity (move_ptes()): each present (or PROT_NONE)
     * pte of the old range is cleared and written at the same offset of the new range; frames,
     * refcounts and mapcounts do not change. Does not flush a TLB.
     */
    private static void movePageTables(MmStruct mm, long oldAddr, long newAddr, long len) {
        PageTables pt = mm.pageTables();
        HugeMemory.splitAll(mm, oldAddr, oldAddr + len); // move_huge_pmd() would move it whole; the model splits
        for (long off = 0; Long.compareUnsigned(off, len) < 0; off += MmStruct.PAGE_SIZE) {
            long oldSlot = pt.pteSlot(mm.pgd, oldAddr + off);
            if (oldSlot < 0) {
                // move_page_tables(): an empty pmd (or pud, pgd) entry of the old range is skipped whole
                off = pt.nextPteTable(mm.pgd, oldAddr + off, oldAddr + len) - oldAddr - MmStruct.PAGE_SIZE;
                continue;
            }
            long pte = pt.readEntry(oldSlot);
            if (pte == 0) {
                continue;
            }
            long slot = pt.pteSlotAlloc(mm.pgd, newAddr + off);
            if (slot < 0) {
                continue; // no frame for a page table: the page stays behind and is zapped with the old range
            }
            pt.clearPte(mm.pgd, oldAddr + off);
            pt.writeEntry(slot, pte);
        }
    }
}
