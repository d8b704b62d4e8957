package org.mmdsl.runtime.fork;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * fork()'s side of memory management (kernel/fork.c) and the reference counts that end an
 * address space (mmput() → exit_mmap(), mmdrop() → pgd_free()).
 *
 * <p>Worked example: a parent wrote page A of a private anonymous VMA (frame F, refcount 1,
 * mapcount 1, pte writable) and only read page B (the zero page). After {@link #dupMm}:
 * <pre>
 *   parent pte A: F read-only        child pte A: F read-only, not accessed    F: refcount 2, mapcount 2
 *   parent pte B: zero page          child pte B: zero page (never counted)
 * </pre>
 * The first write by either side is a do_wp_page() fault: F is shared (refcount 2), so the
 * writer gets a copy and F drops to 1; the other side's later write finds refcount 1 and reuses
 * F without copying (6.1's do_wp_page(): an anon page is reused iff page_count() == 1).
 *
 * <p>What is simplified: rmap and the anon_vma tree are not kept (the fault path needs neither);
 * a VMA carries only its anon_vma's identity and whether its chain holds a parent's
 * ({@link Vma#hadUncowedParents()}), which is all the merge rules read. RSS counters,
 * VM_ACCOUNT charges, userfaultfd, KSM, hugetlb and pinned pages (copy_present_page()) are
 * not modelled. Frames of special mappings ([vvar], VM_PFNMAP) are refcounted like normal pages,
 * because the fault path here maps them with a reference.
 */
public final class Fork {
    /** CLONE_VM (include/uapi/linux/sched.h): the child shares the parent's mm. */
    public static final long CLONE_VM = 0x00000100L;

    private Fork() {
    }

    /**
     * Mirrors kernel/fork.c copy_mm(): a CLONE_VM child (a thread) takes a user reference on the
     * parent's mm (mmget()) and shares it; anything else gets a copy ({@link #dupMm}).
     *
     * @return the child's mm, or null when the copy ran out of memory
     */
    public static MmStruct copyMm(long cloneFlags, MmStruct oldmm) {
        if ((cloneFlags & CLONE_VM) != 0) {
            mmget(oldmm);
            return oldmm;
        }
        return dupMm(oldmm);
    }

    /**
     * Mirrors kernel/fork.c dup_mm(): a new mm with its own page directory, the parent's layout
     * fields ({@link MmStruct#dupMmStruct}) and a copy of its VMAs and page tables (dup_mmap()).
     * The parent's private writable ptes are write-protected on the way. Does not flush a TLB.
     *
     * @return the child's mm (mm_users 1, mm_count 1), or null when out of memory; then every
     *     frame taken for the child has been given back (the parent keeps write-protected ptes,
     *     whose next write fault reuses the page)
     */
    public static MmStruct dupMm(MmStruct oldmm) {
        MmStruct mm = MmStruct.dupMmStruct(oldmm);
        if (mm == null) {
            return null;
        }
        if (!dupMmap(mm, oldmm)) {
            mmput(mm);
            return null;
        }
        return mm;
    }

    /**
     * Mirrors kernel/fork.c dup_mmap(): every VMA but VM_DONTCOPY ones is copied in address
     * order with VM_LOCKED and VM_LOCKONFAULT cleared; a VM_WIPEONFORK VMA gets no anon_vma and
     * no pages (the child sees zeros); any other VMA with an anon_vma gets one of its own
     * (anon_vma_fork()) and its page tables copied (copy_page_range()).
     *
     * @return false when a page table for the child could not be allocated
     */
    private static boolean dupMmap(MmStruct mm, MmStruct oldmm) {
        long charged = 0;
        for (int i = 0; i < oldmm.mapCount(); i++) {
            Vma mpnt = oldmm.vmaAt(i);
            if (mpnt.has(Vma.VM_DONTCOPY)) {
                continue;
            }
            if (mpnt.has(Vma.VM_ACCOUNT)) {
                // dup_mmap(): "if (security_vm_enough_memory_mm(oldmm, len)) goto fail_nomem",
                // VMA by VMA: what the copies so far charged counts (vm.overcommit_memory = 2)
                if (!oldmm.vmEnoughMemory(mpnt.pages(), charged)) {
                    return false;
                }
                charged += mpnt.pages();
            }
            boolean wipe = mpnt.has(Vma.VM_WIPEONFORK);
            long flags = mpnt.vmFlags() & ~(Vma.VM_LOCKED | Vma.VM_LOCKONFAULT);
            Vma tmp = mm.insertVmaCopy(mpnt, flags, !wipe && mpnt.anonVma() != 0);
            // copy_huge_pmd() would share the THP; the model splits it first (HugeMemory's class comment)
            org.mmdsl.runtime.vma.HugeMemory.splitAll(oldmm, mpnt.vmStart(), mpnt.vmEnd());
            if (!wipe && !copyPageRange(mm, tmp, oldmm, mpnt)) {
                return false;
            }
        }
        return true;
    }

    /** Mirrors is_cow_mapping(): may become writable, but not shared. */
    public static boolean isCowMapping(long vmFlags) {
        return (vmFlags & (Vma.VM_SHARED | Vma.VM_MAYWRITE)) == Vma.VM_MAYWRITE;
    }

    /**
     * Mirrors mm/memory.c vma_needs_copy(): only VMAs holding anonymous pages (an anon_vma) or
     * pfn-mapped ones have ptes worth copying; file and shared memory faults in again from the
     * page cache, so the child starts without those ptes (its executable's Rss starts at 0).
     */
    public static boolean vmaNeedsCopy(Vma src) {
        return (src.vmFlags() & (Vma.VM_HUGETLB | Vma.VM_PFNMAP | Vma.VM_MIXEDMAP)) != 0 || src.anonVma() != 0;
    }

    /**
     * Mirrors mm/memory.c copy_page_range() → copy_pte_range() → copy_present_pte() over the
     * whole of {@code src}: each present pte (PROT_NONE ones included) is copied into
     * {@code dstMm}'s tables; its page gains a reference and a mapping (get_page() +
     * page_try_dup_anon_rmap() / page_dup_file_rmap()), except the zero page (vm_normal_page()
     * is NULL for it). For a COW mapping a writable pte is write-protected in both parent and
     * child; a shared mapping's copy is marked clean; every copy is marked old.
     *
     * @return false when a child page table could not be allocated (what was copied stays
     *     accounted in the child, whose teardown gives it back)
     */
    static boolean copyPageRange(MmStruct dstMm, Vma dst, MmStruct srcMm, Vma src) {
        if (!vmaNeedsCopy(src)) {
            return true;
        }
        PageTables pt = srcMm.pageTables();
        MemMap memMap = pt.memMap();
        boolean cow = isCowMapping(src.vmFlags());
        boolean shared = src.has(Vma.VM_SHARED);
        long end = src.vmEnd();
        long addr = src.vmStart();
        while (Long.compareUnsigned(addr, end) < 0) {
            long srcSlot = pt.pteSlot(srcMm.pgd, addr);
            if (srcSlot < 0) {
                addr = pt.nextPteTable(srcMm.pgd, addr, end); // copy_p?d_range(): p?d_none_or_clear_bad() skips
                continue;
            }
            long pte = pt.readEntry(srcSlot);
            if (MmStruct.ptePresent(pte)) {
                long dstSlot = pt.pteSlotAlloc(dstMm.pgd, addr);
                if (dstSlot < 0) {
                    return false;
                }
                long pfn = Pte.pfn(pte);
                if (!srcMm.isZeroPfn(pfn) && !Pte.special(pte)) {
                    memMap.get(pfn);
                    memMap.incMapcount(pfn);
                }
                if (cow && Pte.writable(pte)) {
                    pte &= ~Pte._PAGE_RW;
                    pt.writeEntry(srcSlot, pte); // ptep_set_wrprotect()
                }
                if (shared) {
                    pte &= ~Pte._PAGE_DIRTY; // pte_mkclean()
                }
                pte &= ~Pte._PAGE_ACCESSED; // pte_mkold()
                pt.writeEntry(dstSlot, pte);
            } else if (SwapOps.isGuardMarker(pte)) {
                // copy_nonpresent_pte() → copy_pte_marker(): guard markers are always copied
                long dstSlot = pt.pteSlotAlloc(dstMm.pgd, addr);
                if (dstSlot < 0) {
                    return false;
                }
                pt.writeEntry(dstSlot, pte);
            } else if (SwapOps.isSwapPte(pte)) {
                // copy_nonpresent_pte(): the child's pte holds the same swap entry (swap_duplicate())
                long dstSlot = pt.pteSlotAlloc(dstMm.pgd, addr);
                if (dstSlot < 0) {
                    return false;
                }
                srcMm.swap.dup(SwapOps.swpSlot(pte));
                pt.writeEntry(dstSlot, pte);
            }
            addr += MmStruct.PAGE_SIZE;
        }
        return true;
    }

    /** Mirrors mmget(): one more task uses the mm (a CLONE_VM thread, a get_task_mm() caller). */
    public static void mmget(MmStruct mm) {
        mm.incMmUsers();
    }

    /**
     * Mirrors kernel/fork.c mmput(): drops a user; the last one runs __mmput(): exit_mmap()
     * frees every page and page table ({@link MmStruct#exitMmapKeepPgd()}), then mmdrop()
     * drops the users' mm_count reference, freeing the page directory unless a lazy-TLB
     * borrower still holds one (mmgrab()).
     *
     * @return true when this call tore the address space down
     */
    public static boolean mmput(MmStruct mm) {
        if (mm.decMmUsers() != 0) {
            return false;
        }
        mm.exitMmapKeepPgd();
        mmdrop(mm);
        return true;
    }

    /** Mirrors mmgrab(): pins the mm_struct (and its pgd), not the address space. */
    public static void mmgrab(MmStruct mm) {
        mm.incMmCount();
    }

    /**
     * Mirrors mmdrop(): the last mm_count reference frees the page directory (__mmdrop() →
     * mm_free_pgd()).
     *
     * @return true when the mm_struct is gone
     */
    public static boolean mmdrop(MmStruct mm) {
        if (mm.decMmCount() != 0) {
            return false;
        }
        mm.freePgd();
        return true;
    }
}
