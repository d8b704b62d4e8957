package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;

/**
 * Clearing the ptes of a VMA range, as mm/memory.c zap_pte_range() does for munmap, exit,
 * MADV_DONTNEED, MADV_REMOVE and truncation: each present pte's page loses its mapcount and a
 * reference, a swap entry its swap_map count. Does not flush a TLB, free page tables or remove
 * a VMA.
 *
 * <p>Neighbours: the callers are {@link Mmap} (munmap, exit_mmap()), {@link Madvise} and
 * {@link Truncate}; put_page() is {@link MmStruct#putPage}.
 */
final class Zap {
    private Zap() {
    }

    /**
     * Mirrors mm/memory.c zap_pte_range() over [start, end) of v: clears the ptes, drops the
     * rmap (mapcount) and the mapping's page reference, freeing a page whose last reference goes.
     */
    static void zapPageRange(MmStruct mm, Vma v, long start, long end) {
        mm.updateHiwaterRss(); // zap_page_range_single() (2.6.24 and 6.1 zap_page_range()): update_hiwater_rss()
        zapPageRange(mm, v, start, end, false);
    }

    /**
     * zap_pte_range() with or without ZAP_FLAG_DROP_MARKER: munmap and exit (unmap_vmas()) drop
     * guard markers; MADV_DONTNEED, MADV_REMOVE and truncation keep them.
     */
    static void zapPageRange(MmStruct mm, Vma v, long start, long end, boolean dropMarkers) {
        if (dropMarkers && v.has(Vma.VM_HUGETLB) && !v.has(Vma.VM_NORESERVE) && mm.hugetlb != null) {
            // hugetlb_vm_op_close()/hugetlb_unreserve_pages(): the reservations no fault used go back
            long unused = 0;
            for (long a = start; Long.compareUnsigned(a, end) < 0; a += mm.hugetlb.sizeBytes()) {
                unused += HugeMemory.hugePmd(mm, a) == 0 ? 1 : 0;
            }
            mm.hugetlb.unreserve(unused);
        }
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += MmStruct.PAGE_SIZE) {
            long slot = mm.pt.pteSlot(mm.pgd, a);
            if (slot < 0 && HugeMemory.hugePmd(mm, a) != 0) {
                if (HugeMemory.covers(a, end)) { // zap_pmd_range(): a whole huge pmd goes at once
                    HugeMemory.zapHugePmd(mm, a);
                    a += HugeMemory.HPAGE_PMD_SIZE - MmStruct.PAGE_SIZE;
                    continue;
                }
                HugeMemory.splitHugePmd(mm, a); // zap_pmd_range(): __split_huge_pmd() for part of it
                slot = mm.pt.pteSlot(mm.pgd, a);
            }
            if (slot < 0) {
                // zap_p?d_range(): p?d_none_or_clear_bad() skips
                a = HugeMemory.nextTableOrHuge(mm, a, end) - MmStruct.PAGE_SIZE;
                continue;
            }
            long old = mm.pt.readEntry(slot);
            if (old == 0 || (!dropMarkers && SwapOps.isGuardMarker(old))) {
                continue;
            }
            mm.pt.writeEntry(slot, 0); // ptep_get_and_clear_full()
            if (SwapOps.isGuardMarker(old)) {
                continue;
            }
            if (SwapOps.isSwapPte(old)) {
                mm.swap.free(SwapOps.swpSlot(old)); // zap_pte_range(): free_swap_and_cache()
                continue;
            }
            if (!MmStruct.ptePresent(old)) {
                continue;
            }
            long pfn = Pte.pfn(old);
            if (mm.isZeroPfn(pfn) || Pte.special(old)) {
                continue; // vm_normal_page() is NULL: the zero page, remap_pfn_range()'s pfns
            }
            mm.memMap.decMapcount(pfn);
            mm.putPage(pfn);
        }
    }
}
