package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.ThpMode;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Transparent huge pages of anonymous memory, as mm/huge_memory.c maps them: one PMD entry with
 * _PAGE_PSE maps an order-9 compound page (a 2 MiB folio) on x86_64. The fault side
 * (do_huge_pmd_anonymous_page(), do_huge_pmd_wp_page()) is {@code fault.HugePmdFault}; this file
 * holds what the VMA operations need: the eligibility rule, split, zap and protection change of a
 * huge pmd, and the deposit of the pte table a split will use.
 *
 * <pre>
 *   x86_64, haddr = addr &amp; ~(2 MiB - 1):
 *   pgd -&gt; pud -&gt; pmd[haddr] = pfn | PSE | RW | DIRTY | USER | PRESENT   (512 frames, one entry)
 *   __split_huge_pmd():  pmd[haddr] = deposited pte table; pte[i] = pfn + i, same bits without PSE
 * </pre>
 *
 * <p>Simplifications (docs/architecture.md): a split pmd's folio is split at once (split_huge_page(),
 * which the kernel defers to the deferred-split shrinker), so every page-table walker outside this
 * file meets either a whole huge pmd or plain 4 KiB pages; fork splits the parent's huge pmds before
 * copying (the kernel's copy_huge_pmd() shares the folio); reclaim does not swap THPs out.
 */
public final class HugeMemory {
    private HugeMemory() {
    }

    /** HPAGE_PMD_ORDER on x86_64. */
    public static final int HPAGE_PMD_ORDER = 9;
    public static final long HPAGE_PMD_SIZE = 1L << (12 + HPAGE_PMD_ORDER);
    public static final long HPAGE_PMD_MASK = ~(HPAGE_PMD_SIZE - 1);
    /** GFP_TRANSHUGE_LIGHT (no reclaim, no warning) plus __GFP_COMP and __GFP_ZERO, as vma_thp_gfp_mask() with defrag=madvise. */
    public static final int GFP_TRANSHUGE_LIGHT = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COMP | Gfp.__GFP_NOWARN;

    /**
     * Mirrors thp_vma_allowable_order() / transhuge_vma_suitable() for an anonymous fault: the mode
     * allows the VMA (always without VM_NOHUGEPAGE, madvise with VM_HUGEPAGE), the VMA is private
     * anonymous, and the 2 MiB-aligned range around {@code addr} lies wholly inside it.
     */
    public static boolean allowed(MmStruct mm, Vma v, long addr) {
        if (mm.thp == null || mm.pt.mode().levels() < 4 || !v.isAnonymous()
                || v.has(Vma.VM_NOHUGEPAGE | Vma.VM_HUGETLB | Vma.VM_PFNMAP | Vma.VM_IO | Vma.VM_MIXEDMAP)) {
            return false;
        }
        ThpMode mode = mm.thp.mode;
        if (mode == ThpMode.NEVER || (mode == ThpMode.MADVISE && !v.has(Vma.VM_HUGEPAGE))) {
            return false;
        }
        long haddr = addr & HPAGE_PMD_MASK;
        return Long.compareUnsigned(haddr, v.vmStart) >= 0 && Long.compareUnsigned(haddr + HPAGE_PMD_SIZE, v.vmEnd) <= 0;
    }

    /** THPeligible of smaps (6.1 show_smap(): thp_vma_allowable_order() for the VMA at any aligned address in it). */
    public static boolean eligible(MmStruct mm, Vma v) {
        long first = (v.vmStart + HPAGE_PMD_SIZE - 1) & HPAGE_PMD_MASK;
        return Long.compareUnsigned(first, v.vmStart) >= 0 && allowed(mm, v, first);
    }

    /**
     * The physical address of the pmd entry of {@code addr} (pmd_offset()), allocating the pud and
     * pmd tables with {@code alloc} (__pmd_alloc()); -1 when a table is missing (or cannot be had).
     */
    public static long pmdSlot(MmStruct mm, long addr, boolean alloc) {
        return mm.pt.entrySlot(mm.pgd, addr, mm.pt.mode().pteLevel() - 1, alloc ? Gfp.GFP_PGTABLE_USER : 0, true);
    }

    /** The huge pmd (pmd_trans_huge()) mapping {@code addr}, or 0. Reads only. */
    public static long hugePmd(MmStruct mm, long addr) {
        if (mm.deposited.isEmpty()) { // no huge pmd in this mm: no extra page-table read
            return 0;
        }
        if (mm.pt.mode().levels() < 4) {
            return 0;
        }
        long slot = pmdSlot(mm, addr, false);
        if (slot < 0) {
            return 0;
        }
        long e = mm.pt.readEntry(slot);
        return Pte.large(e) && MmStruct.ptePresent(e) ? e : 0;
    }

    /**
     * PageTables.nextPteTable() for walkers that handle huge pmds: the first address in [vaddr, end)
     * that a pte table or a huge pmd maps, or {@code end} (nextPteTable() alone skips huge pmds).
     */
    public static long nextTableOrHuge(MmStruct mm, long vaddr, long end) {
        long next = mm.pt.nextPteTable(mm.pgd, vaddr, end);
        for (long haddr : mm.deposited.keySet()) {
            long at = Long.compareUnsigned(haddr, vaddr) < 0 ? vaddr : haddr;
            if (Long.compareUnsigned(haddr + HPAGE_PMD_SIZE, vaddr) > 0 && Long.compareUnsigned(at, next) < 0) {
                next = at;
            }
        }
        return next;
    }

    /** True when [addr, end) covers the whole 2 MiB of the huge pmd at {@code addr}. */
    public static boolean covers(long addr, long end) {
        long haddr = addr & HPAGE_PMD_MASK;
        return haddr == addr && Long.compareUnsigned(end - haddr, HPAGE_PMD_SIZE) >= 0;
    }

    /** True when the huge pmd maps the huge zero page. */
    public static boolean isHugeZero(MmStruct mm, long pmd) {
        return mm.thp != null && mm.thp.hugeZeroPfn >= 0 && Pte.pfn(pmd) == mm.thp.hugeZeroPfn;
    }

    /**
     * Mirrors mm_get_huge_zero_page() → get_huge_zero_page(): the first read fault allocates the
     * 2 MiB zero page ((GFP_TRANSHUGE | __GFP_ZERO) &amp; ~__GFP_MOVABLE), counted as
     * thp_zero_page_alloc (or _failed). Returns its pfn or -1.
     */
    public static long hugeZeroPage(MmStruct mm) {
        ThpState t = mm.thp;
        if (t.hugeZeroPfn < 0) {
            long pfn = mm.alloc.tryAllocPages((Gfp.GFP_HIGHUSER | Gfp.__GFP_COMP | Gfp.__GFP_NOWARN | Gfp.__GFP_ZERO),
                    HPAGE_PMD_ORDER);
            if (pfn < 0) {
                t.zeroPageAllocFailed++;
                return -1;
            }
            for (long p = pfn; p < pfn + (1L << HPAGE_PMD_ORDER); p++) {
                mm.pt.mem().zeroFrame(p);
            }
            t.hugeZeroPfn = pfn;
            t.zeroPageAlloc++;
        }
        return t.hugeZeroPfn;
    }

    /**
     * Mirrors pgtable_trans_huge_deposit(): the pte table a later split of the huge pmd at
     * {@code haddr} uses is allocated with the huge page (pte_alloc_one()), so a split never fails.
     * Returns false when no frame is left for it.
     */
    public static boolean deposit(MmStruct mm, long haddr) {
        long table = mm.pt.allocTable(Gfp.GFP_PGTABLE_USER);
        if (table < 0) {
            return false;
        }
        mm.deposited.put(haddr, table);
        return true;
    }

    /** Marks {@code haddr} as mapped by a hugetlb pmd (no deposited table: hugetlb pmds are never split). */
    public static void noteHugetlb(MmStruct mm, long haddr) {
        mm.deposited.put(haddr, HUGETLB);
    }

    /** True when the huge pmd at {@code addr} maps a hugetlbfs page. */
    public static boolean isHugetlb(MmStruct mm, long addr) {
        Long t = mm.deposited.get(addr & HPAGE_PMD_MASK);
        return t != null && t == HUGETLB;
    }

    /** The deposit map's value for a hugetlb pmd. */
    private static final long HUGETLB = -1;

    /** Mirrors pgtable_trans_huge_withdraw(); allocates one when none was deposited (never in practice). */
    private static long withdraw(MmStruct mm, long haddr) {
        Long t = mm.deposited.remove(haddr);
        return t != null ? t : mm.pt.allocTable(Gfp.GFP_PGTABLE_USER);
    }

    /**
     * Mirrors __split_huge_pmd() → __split_huge_pmd_locked() for the huge pmd mapping {@code addr}:
     * the deposited pte table takes its place, its 512 ptes map the folio's pages with the pmd's
     * bits (RW, dirty, accessed, NX, PROT_NONE) without PSE; a huge zero pmd becomes 512 ptes of the
     * small zero page (__split_huge_zero_page_pmd()). The folio is then split into 512 order-0 pages
     * (split_huge_page(); see the class comment). Counted as thp_split_pmd and thp_split_page.
     * Nothing happens when no huge pmd maps {@code addr}.
     */
    public static void splitHugePmd(MmStruct mm, long addr) {
        long slot = mm.deposited.isEmpty() || mm.pt.mode().levels() < 4 ? -1 : pmdSlot(mm, addr, false);
        if (slot < 0) {
            return;
        }
        long pmd = mm.pt.readEntry(slot);
        if (!Pte.large(pmd) || !MmStruct.ptePresent(pmd) || isHugetlb(mm, addr)) {
            return; // hugetlb VMAs split only at huge page boundaries (hugetlb_vm_op_split())
        }
        long haddr = addr & HPAGE_PMD_MASK;
        long table = withdraw(mm, haddr);
        long head = Pte.pfn(pmd);
        long bits = pmd & ~Pte.PTE_PFN_MASK & ~Pte._PAGE_PSE;
        int n = 1 << HPAGE_PMD_ORDER;
        if (isHugeZero(mm, pmd)) {
            long zero = mm.kpt.zeroPfn();
            for (int i = 0; i < n; i++) {
                mm.pt.writeEntry((table << 12) + (long) i * 8, Pte.make(zero, (bits & ~Pte._PAGE_RW) | Pte._PAGE_SPECIAL));
            }
        } else {
            for (int i = 0; i < n; i++) {
                mm.pt.writeEntry((table << 12) + (long) i * 8, Pte.make(head + i, bits));
            }
            splitFolio(mm, head, (bits & Pte._PAGE_DIRTY) != 0);
            mm.thp.splitPage++;
        }
        mm.pt.writeEntry(slot, Pte.make(table, Pte._PAGE_TABLE)); // pmd_populate()
        mm.thp.splitPmd++;
    }

    /** Splits every huge pmd in [start, end) that the range does not cover whole (vma_adjust_trans_huge() at both ends). */
    public static void splitPartial(MmStruct mm, long start, long end) {
        if (mm.thp == null) {
            return;
        }
        if ((start & ~HPAGE_PMD_MASK) != 0) {
            splitHugePmd(mm, start);
        }
        if ((end & ~HPAGE_PMD_MASK) != 0) {
            splitHugePmd(mm, end);
        }
    }

    /** Splits every huge pmd in [start, end) (fork and mremap here; see the class comment). */
    public static void splitAll(MmStruct mm, long start, long end) {
        if (mm.deposited.isEmpty()) {
            return;
        }
        for (Long haddr : new java.util.ArrayList<>(mm.deposited.keySet())) {
            if (!isHugetlb(mm, haddr) && Long.compareUnsigned(haddr + HPAGE_PMD_SIZE, start) > 0 && Long.compareUnsigned(haddr, end) < 0) {
                splitHugePmd(mm, haddr);
            }
        }
    }

    /**
     * Mirrors split_huge_page_to_list() on an anonymous folio mapped by ptes once: the head loses
     * PG_head and its order, each tail its PG_tail, and every page becomes an order-0 anon page with
     * the head's flags, refcount 1 and mapcount 1 (__split_huge_page_tail()).
     */
    private static void splitFolio(MmStruct mm, long head, boolean dirty) {
        MemMap m = mm.memMap;
        int order = m.order(head);
        int keep = m.flags(head) & (MemMap.PG_anon | MemMap.PG_swapbacked | MemMap.PG_uptodate | MemMap.PG_lru
                | MemMap.PG_active | MemMap.PG_referenced) | (dirty ? MemMap.PG_dirty : 0);
        m.clear(head, MemMap.PG_head);
        m.setOrder(head, 0);
        for (long p = head + 1; p < head + (1L << order); p++) {
            m.clear(p, MemMap.PG_tail);
            m.set(p, keep);
            m.setRefcount(p, 1);
            m.setMapcount(p, 1);
        }
    }

    /**
     * Mirrors zap_huge_pmd() for a huge pmd that [addr, end) covers whole: the pmd is cleared, the
     * deposited table freed, the folio loses its mapping and the mapping's reference (freed at the
     * last one, as __folio_put() frees the whole order-9 block); the huge zero page stays.
     */
    public static void zapHugePmd(MmStruct mm, long addr) {
        long slot = pmdSlot(mm, addr, false);
        long pmd = mm.pt.readEntry(slot);
        mm.pt.writeEntry(slot, 0);
        Long table = mm.deposited.remove(addr & HPAGE_PMD_MASK);
        if (table != null && table == HUGETLB) {
            mm.hugetlb.putFolio(Pte.pfn(pmd)); // __unmap_hugepage_range(): back to the pool
            return;
        }
        if (table != null) {
            mm.pt.freeTable(table);
        }
        if (isHugeZero(mm, pmd)) {
            return;
        }
        long head = Pte.pfn(pmd);
        mm.memMap.decMapcount(head);
        putFolio(mm, head);
    }

    /** Mirrors folio_put() of a large anon folio: the last reference frees all 2^order frames. */
    static void putFolio(MmStruct mm, long head) {
        if (mm.memMap.refcount(head) == 1) {
            int order = mm.memMap.order(head);
            mm.memMap.clear(head, MemMap.PG_anon | MemMap.PG_swapbacked | MemMap.PG_uptodate | MemMap.PG_dirty
                    | MemMap.PG_lru | MemMap.PG_active | MemMap.PG_referenced);
            mm.alloc.freePages(head, order);
        } else {
            mm.memMap.putTestZero(head);
        }
    }

    /**
     * Mirrors change_huge_pmd() for a huge pmd the range covers whole: the pmd gets the VMA's new
     * protection (keeping pfn, PSE, accessed, dirty), writable for an exclusive folio of a VM_WRITE
     * VMA. PROT_NONE splits instead (the pte path then makes each pte PROT_NONE): the model keeps
     * no non-present huge pmd.
     */
    public static void changeHugePmd(MmStruct mm, Vma v, long addr, long prot) {
        long slot = pmdSlot(mm, addr, false);
        long pmd = mm.pt.readEntry(slot);
        long head = Pte.pfn(pmd);
        long ne = Pte.make(head, prot | Pte._PAGE_PSE | (pmd & (Pte._PAGE_ACCESSED | Pte._PAGE_DIRTY)));
        boolean exclusive = isHugetlb(mm, addr) ? v.has(Vma.VM_SHARED) || mm.memMap.mapcount(head) == 1
                : folioExclusive(mm, head);
        if (v.has(Vma.VM_WRITE) && !isHugeZero(mm, pmd) && exclusive) {
            ne |= Pte._PAGE_RW;
        }
        mm.pt.writeEntry(slot, ne);
    }

    /** PageAnonExclusive() of a PMD-mapped folio: mapped once, one reference. */
    public static boolean folioExclusive(MmStruct mm, long head) {
        return mm.memMap.test(head, MemMap.PG_anon) && mm.memMap.mapcount(head) == 1 && mm.memMap.refcount(head) == 1;
    }
}
