package org.mmdsl.runtime.fault;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.vma.HugeMemory;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * The pmd-level half of mm/memory.c __handle_mm_fault(): a fault in an anonymous VMA whose pmd is
 * empty and whose 2 MiB around the address the THP mode allows (create_huge_pmd() →
 * do_huge_pmd_anonymous_page()), and a fault on a huge pmd (do_huge_pmd_wp_page(),
 * huge_pmd_set_accessed()). Returns what happened; {@link FaultHandler} reports it and falls back
 * to the pte path on {@link #FALLBACK}. Allocates no Java object.
 */
final class HugePmdFault {
    private HugePmdFault() {
    }

    /** VM_FAULT_FALLBACK: go on with 4 KiB ptes (a split may have happened). */
    static final long FALLBACK = -1;
    /** VM_FAULT_OOM: no frame for the deposited pte table. */
    static final long OOM = -2;

    /**
     * Mirrors do_huge_pmd_anonymous_page(): a read fault maps the huge zero page read-only
     * (transparent_hugepage/use_zero_page, on by default); a write fault allocates an order-9 folio
     * (vma_alloc_folio(GFP_TRANSHUGE_LIGHT, HPAGE_PMD_ORDER)), zeroed, PMD-mapped writable and dirty
     * (__do_huge_pmd_anonymous_page()), counted as thp_fault_alloc. When the allocation fails the
     * fault falls back to 4 KiB pages, counted as thp_fault_fallback.
     *
     * @param pmdSlot the empty pmd entry's physical address
     * @return the head pfn mapped, {@link #FALLBACK} or {@link #OOM}
     */
    static long anonymous(MmStruct mm, Vma vma, long vaddr, long pmdSlot, boolean write) {
        long haddr = vaddr & HugeMemory.HPAGE_PMD_MASK;
        long prot = mm.vmPageProt(vma.vmFlags());
        if (!write) {
            long zero = HugeMemory.hugeZeroPage(mm);
            if (zero < 0) {
                return FALLBACK;
            }
            if (!HugeMemory.deposit(mm, haddr)) {
                return OOM;
            }
            mm.pageTables().writeEntry(pmdSlot, Pte.make(zero, (prot & ~Pte._PAGE_RW) | Pte._PAGE_PSE));
            return zero;
        }
        mm.anonVmaPrepare(vma);
        long head = mm.pageTables().allocator().tryAllocPages(HugeMemory.GFP_TRANSHUGE_LIGHT, HugeMemory.HPAGE_PMD_ORDER);
        if (head < 0) {
            mm.thp.faultFallback++;
            return FALLBACK;
        }
        if (!HugeMemory.deposit(mm, haddr)) {
            mm.pageTables().allocator().freePages(head, HugeMemory.HPAGE_PMD_ORDER);
            return OOM;
        }
        for (long p = head; p < head + (1L << HugeMemory.HPAGE_PMD_ORDER); p++) {
            mm.pageTables().mem().zeroFrame(p); // clear_huge_page()
        }
        MemMap memMap = mm.pageTables().memMap();
        // folio_add_new_anon_rmap() + folio_add_lru_vma(): entire_mapcount 1, on the inactive anon LRU
        memMap.set(head, MemMap.PG_anon | MemMap.PG_swapbacked | MemMap.PG_uptodate | MemMap.PG_lru);
        memMap.incMapcount(head);
        mm.pageTables().writeEntry(pmdSlot, Pte.make(head,
                prot | Pte._PAGE_RW | Pte._PAGE_DIRTY | Pte._PAGE_PSE)); // maybe_pmd_mkwrite(pmd_mkdirty(mk_huge_pmd()))
        mm.thp.faultAlloc++;
        return head;
    }

    /**
     * Mirrors do_huge_pmd_wp_page() for a write to a write-protected huge pmd: the huge zero page
     * and a folio mapped elsewhere too are split (__split_huge_pmd(), VM_FAULT_FALLBACK: the pte
     * path copies the one 4 KiB page); an exclusive folio is reused, its pmd made writable.
     *
     * @return the head pfn reused, or {@link #FALLBACK} after the split
     */
    static long wpPage(MmStruct mm, long vaddr, long pmdSlot, long pmd) {
        long head = Pte.pfn(pmd);
        if (!HugeMemory.isHugeZero(mm, pmd) && HugeMemory.folioExclusive(mm, head)) {
            mm.pageTables().writeEntry(pmdSlot, pmd | Pte._PAGE_RW | Pte._PAGE_DIRTY | Pte._PAGE_ACCESSED);
            return head;
        }
        HugeMemory.splitHugePmd(mm, vaddr);
        return FALLBACK;
    }
}
