package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * brk() as mm/mmap.c does it: the 6.x brk() syscall with check_data_rlimit(), check_brk_limits()
 * and do_brk_flags(), and 2.6.24's sys_brk() + do_brk() (its own floor, rlimit and merge rules).
 * A refused request returns the old break; brk() has no errno. It has no argument check that
 * could be made without the mm either: every refusal compares with start_brk (2.6.24: end_code),
 * the data rlimit, the next VMA or TASK_SIZE after alignment.
 *
 * <p>Neighbours: the heap's first VMA boundary (start_brk) is set at exec by {@link ExecLayout};
 * a shrink unmaps through {@link Mmap}; /proc's "[heap]" name is {@link MmStruct#vmaName}.
 *
 * <pre>
 *   6.x:    [bss][heap 1p]  brk(+2p) -&gt; [bss][heap 3p]   (the heap never joins the bss)
 *   2.6.24: [bss]           brk(+2p) -&gt; [bss       ]     (vma_merge() with the bss)
 * </pre>
 */
final class Brk {
    private Brk() {
    }

    /**
     * Mirrors the brk() system call (mm/mmap.c, 6.1): moves the break; a refused request returns
     * the old break. Growth needs one free page between the new PAGE_ALIGN(brk) and the next VMA;
     * the heap is a VMA of its own, never merged with the bss below start_brk.
     */
    static long brk(MmStruct mm, long newBrk) {
        if (mm.version == KernelVersion.V2_6) {
            return brk26(mm, newBrk);
        }
        long origBrk = mm.brk;
        if (Long.compareUnsigned(newBrk, mm.startBrk) < 0) {
            return origBrk;
        }
        // check_data_rlimit() comes first, so it refuses even a shrink that stays over the limit
        if (mm.rlimitData != ExecImage.RLIM_INFINITY
                && Long.compareUnsigned((newBrk - mm.startBrk) + (mm.endData - mm.startData), mm.rlimitData) > 0) {
            return origBrk;
        }
        long newAligned = MmStruct.pageAlign(newBrk);
        long oldAligned = MmStruct.pageAlign(mm.brk);
        if (oldAligned == newAligned) {
            mm.brk = newBrk;
            return mm.brk;
        }
        if (Long.compareUnsigned(newBrk, mm.brk) <= 0) {
            // "mapping intersects with an existing non-brk vma": nothing mapped in
            // [newbrk, oldbrk) (the heap was unmapped) refuses the shrink
            Vma brkVma = mm.findVma(newAligned);
            if (brkVma == null || Long.compareUnsigned(brkVma.vmStart, oldAligned) >= 0) {
                return origBrk;
            }
            if (Mseal.gatherSealCheck(mm, newAligned, oldAligned) != 0) {
                return origBrk;
            }
            long r = Mmap.doMunmap(mm, newAligned, oldAligned);
            if (r != 0) {
                return origBrk;
            }
            mm.brk = newBrk;
            return mm.brk;
        }
        // check_brk_limits(): mlock_future_ok() for mm->def_flags (mlockall(MCL_FUTURE))
        if (!Mmap.mlockFutureOk(mm, mm.defFlags, newAligned - oldAligned)) {
            return origBrk;
        }
        Vma next = mm.findVma(oldAligned);
        if (next != null && Long.compareUnsigned(newAligned + MmStruct.PAGE_SIZE, UnmappedArea.vmStartGap(next)) > 0) {
            return origBrk;
        }
        long growPages = (newAligned - oldAligned) >>> 12;
        if (!Mmap.mayExpandVm(mm, Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT, growPages) || mm.mapCount() > mm.maxMapCount
                || !mm.vmEnoughMemory(growPages)) {
            return origBrk; // do_brk_flags(): may_expand_vm(), map_count, security_vm_enough_memory_mm()
        }
        if (Long.compareUnsigned(newAligned, mm.taskSize) > 0) {
            return origBrk;
        }
        // do_brk_flags(): extend the heap VMA ending at the old break, else a new one; the search
        // for it starts at start_brk, so the bss is never extended. A heap inherited through fork
        // with an anon_vma is not extended either ("singular lists do not occur after forking").
        // vma_prev_limit(&vmi, mm->start_brk) finds a VMA reaching above start_brk: the heap, or
        // a bss+heap VMA that mlock merged (mm/mmap.c brk()).
        Vma prev = mm.findVmaPrev(oldAligned);
        long flags = Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT | mm.defFlags;
        if (prev != null && prev.vmEnd == oldAligned && Long.compareUnsigned(prev.vmEnd, mm.startBrk) > 0
                && prev.vmFlags == flags && prev.isAnonymous() && !prev.hadUncowedParents()) {
            prev.vmEnd = newAligned;
            mm.vmaChanged(prev);
        } else {
            mm.insert(new Vma(oldAligned, newAligned, flags, oldAligned >>> 12, null, 0, Vma.Special.NONE));
        }
        mm.brk = newBrk;
        if ((mm.defFlags & Vma.VM_LOCKED) != 0) {
            mm.mmPopulate(oldAligned, newAligned); // brk(): populate when mm->def_flags has VM_LOCKED
        }
        return mm.brk;
    }

    /**
     * 2.6.24 mm/mmap.c sys_brk() + do_brk(): the floor is end_code (not start_brk), RLIMIT_DATA bounds
     * brk - start_data, a shrink is a plain do_munmap() (below start_brk it unmaps the bss and data
     * too), a growth must leave a page free below the next VMA and vma_merge()s with the VMA ending at
     * the old break, so the heap joins the bss VMA that set_brk() made at exec.
     */
    private static long brk26(MmStruct mm, long newBrk) {
        if (Long.compareUnsigned(newBrk, mm.endCode) < 0) {
            return mm.brk;
        }
        if (mm.rlimitData != ExecImage.RLIM_INFINITY
                && Long.compareUnsigned(newBrk - mm.startData, mm.rlimitData) > 0) {
            return mm.brk;
        }
        long newAligned = MmStruct.pageAlign(newBrk);
        long oldAligned = MmStruct.pageAlign(mm.brk);
        if (oldAligned == newAligned) {
            mm.brk = newBrk;
            return mm.brk;
        }
        if (Long.compareUnsigned(newBrk, mm.brk) <= 0) {
            if (Mmap.doMunmap(mm, newAligned, oldAligned) == 0) {
                mm.brk = newBrk;
            }
            return mm.brk;
        }
        if (mm.findVmaIntersection(oldAligned, newAligned + MmStruct.PAGE_SIZE) != null) {
            return mm.brk;
        }
        // do_brk()
        if (Long.compareUnsigned(newAligned, mm.taskSize) > 0) {
            return mm.brk;
        }
        long growPages = (newAligned - oldAligned) >>> 12;
        if (!Mmap.mlockFutureOk(mm, mm.defFlags, newAligned - oldAligned)) {
            return mm.brk; // the def_flags & VM_LOCKED check against RLIMIT_MEMLOCK
        }
        if (!Mmap.mayExpandVm(mm, Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT, growPages) || mm.mapCount() > mm.maxMapCount
                || !mm.vmEnoughMemory(growPages)) {
            return mm.brk;
        }
        long flags = Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT | mm.defFlags;
        Vma prev = mm.findVmaPrev(oldAligned);
        if (prev != null && prev.vmEnd == oldAligned && prev.vmFlags == flags && prev.isAnonymous()
                && prev.vmPgoff + prev.pages() == oldAligned >>> 12) {
            prev.vmEnd = newAligned; // vma_merge(): can_vma_merge_after() (no file, same flags, pgoff in line)
            mm.vmaChanged(prev);
        } else {
            mm.insert(new Vma(oldAligned, newAligned, flags, oldAligned >>> 12, null, 0, Vma.Special.NONE));
        }
        mm.brk = newBrk;
        if ((mm.defFlags & Vma.VM_LOCKED) != 0) {
            mm.mmPopulate(oldAligned, newAligned); // do_brk(): make_pages_present()
        }
        return mm.brk;
    }
}
