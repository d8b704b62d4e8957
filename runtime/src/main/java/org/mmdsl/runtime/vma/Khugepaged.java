package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.page.MemMap;

/**
 * One pass of khugepaged over an address space (mm/khugepaged.c khugepaged_scan_mm_slot()): every
 * 2 MiB-aligned range of a THP-eligible anonymous VMA that a pte table maps is scanned
 * (hpage_collapse_scan_pmd()) and, when the rules allow, collapsed into one PMD-mapped order-9
 * folio (collapse_huge_page()). The rules are 6.1's with the default tunables
 * (/sys/kernel/mm/transparent_hugepage/khugepaged/): at most max_ptes_none (511) empty or zero-page
 * ptes, max_ptes_shared (256) pages mapped elsewhere too, at least one writable pte and one
 * referenced page; every page an anonymous LRU page whose references are its mappings.
 *
 * <p>Simplifications (docs/architecture.md): a scan here is one full pass over every range (the
 * daemon does pages_to_scan = 4096 ptes per wake-up, every scan_sleep_millisecs); swapped-out
 * pages are not read back (a range with a swap entry is left as it is, where the kernel swaps in
 * up to max_ptes_swap = 64).
 */
public final class Khugepaged {
    private Khugepaged() {
    }

    public static final int MAX_PTES_NONE = 511;
    public static final int MAX_PTES_SHARED = 256;

    /**
     * Scans {@code mm} once; each range with a pte table gets one line: "0xADDR collapsed ..." or
     * the scan result that kept it (SCAN_EXCEED_NONE_PTE, SCAN_PAGE_RO, ...), as the
     * mm_khugepaged_scan_pmd tracepoint names it.
     */
    public static String scanMm(MmStruct mm, String who) {
        StringBuilder sb = new StringBuilder();
        if (mm.thp == null) {
            return sb.toString();
        }
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            long h = (v.vmStart + HugeMemory.HPAGE_PMD_SIZE - 1) & HugeMemory.HPAGE_PMD_MASK;
            if (Long.compareUnsigned(h, v.vmStart) < 0 || !HugeMemory.allowed(mm, v, h)) {
                continue; // hugepage_vma_check(): the VMA is not eligible (or has no aligned 2 MiB)
            }
            while (Long.compareUnsigned(h, v.vmStart) >= 0 && Long.compareUnsigned(h + HugeMemory.HPAGE_PMD_SIZE, v.vmEnd) <= 0) {
                long next = mm.pt.nextPteTable(mm.pgd, h, v.vmEnd);
                if (next != h) { // no pte table here (pmd none, or already huge): SCAN_PMD_NULL / SCAN_PMD_MAPPED
                    h = next;
                    continue;
                }
                String result = scanPmd(mm, v, h);
                sb.append(String.format("%s 0x%x: %s%n", who, h, result == null ? collapse(mm, v, h) : result));
                h += HugeMemory.HPAGE_PMD_SIZE;
            }
        }
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    /** Mirrors hpage_collapse_scan_pmd(): null for SCAN_SUCCEED, else the result and why. */
    private static String scanPmd(MmStruct mm, Vma v, long haddr) {
        int noneOrZero = 0;
        int shared = 0;
        int referenced = 0;
        boolean writable = false;
        for (int i = 0; i < 512; i++) {
            long a = haddr + ((long) i << 12);
            long pte = mm.pt.getPte(mm.pgd, a);
            if (pte == 0 || (Pte.present(pte) && mm.isZeroPfn(Pte.pfn(pte)))) {
                if (++noneOrZero > MAX_PTES_NONE) {
                    return "SCAN_EXCEED_NONE_PTE (512 empty or zero-page ptes, max_ptes_none 511)";
                }
                continue;
            }
            if (SwapOps.isSwapPte(pte) || SwapOps.isGuardMarker(pte)) {
                return "SCAN_EXCEED_SWAP_PTE (a swapped-out page: swap-in for a collapse is not modelled)";
            }
            if (!Pte.present(pte) || Pte.special(pte)) {
                return "SCAN_PAGE_NULL (a pte without a normal page)";
            }
            writable |= Pte.writable(pte);
            long pfn = Pte.pfn(pte);
            if (mm.memMap.mapcount(pfn) > 1 && ++shared > MAX_PTES_SHARED) {
                return "SCAN_EXCEED_SHARED_PTE (more than max_ptes_shared 256 pages mapped elsewhere too)";
            }
            if (!mm.memMap.test(pfn, MemMap.PG_lru)) {
                return "SCAN_PAGE_LRU (page 0x" + Long.toHexString(pfn) + " is not on an LRU list)";
            }
            if (!mm.memMap.test(pfn, MemMap.PG_anon)) {
                return "SCAN_PAGE_ANON (page 0x" + Long.toHexString(pfn) + " is not anonymous)";
            }
            if (mm.memMap.refcount(pfn) != mm.memMap.mapcount(pfn)) {
                return "SCAN_PAGE_COUNT (page 0x" + Long.toHexString(pfn) + " has references besides its mappings)";
            }
            if ((pte & Pte._PAGE_ACCESSED) != 0 || mm.memMap.test(pfn, MemMap.PG_referenced)) {
                referenced++;
            }
        }
        if (!writable) {
            return "SCAN_PAGE_RO (no writable pte)";
        }
        if (referenced == 0) {
            return "SCAN_LACK_REFERENCED_PAGE (no page was referenced)";
        }
        return null;
    }

    /**
     * Mirrors collapse_huge_page(): a new order-9 folio (thp_collapse_alloc, or
     * SCAN_ALLOC_HUGE_PAGE_FAIL and thp_collapse_alloc_failed), each page copied into it (empty and
     * zero-page ptes as zeros: __collapse_huge_page_copy()), the old pages' mappings dropped, the
     * emptied pte table deposited, the pmd made huge (writable and dirty: maybe_pmd_mkwrite()).
     */
    private static String collapse(MmStruct mm, Vma v, long haddr) {
        long head = mm.alloc.tryAllocPages(HugeMemory.GFP_TRANSHUGE_LIGHT, HugeMemory.HPAGE_PMD_ORDER);
        if (head < 0) {
            mm.thp.collapseAllocFailed++;
            return "SCAN_ALLOC_HUGE_PAGE_FAIL (no free order-9 block)";
        }
        mm.thp.collapseAlloc++;
        long pmdSlot = HugeMemory.pmdSlot(mm, haddr, false);
        long table = Pte.pfn(mm.pt.readEntry(pmdSlot));
        int copied = 0;
        for (int i = 0; i < 512; i++) {
            long a = haddr + ((long) i << 12);
            long slot = mm.pt.entryAddr(table, mm.pt.mode().pteLevel(), a);
            long pte = mm.pt.readEntry(slot);
            if (pte == 0 || mm.isZeroPfn(Pte.pfn(pte))) {
                mm.pt.mem().zeroFrame(head + i);
            } else {
                long pfn = Pte.pfn(pte);
                mm.pt.mem().copyFrame(head + i, pfn);
                mm.memMap.decMapcount(pfn);
                mm.putPage(pfn);
                copied++;
            }
            mm.pt.writeEntry(slot, 0);
        }
        mm.memMap.set(head, MemMap.PG_anon | MemMap.PG_swapbacked | MemMap.PG_uptodate | MemMap.PG_lru);
        mm.memMap.incMapcount(head);
        mm.deposited.put(haddr, table); // pgtable_trans_huge_deposit() of the emptied table
        long prot = mm.vmPageProt(v.vmFlags);
        mm.pt.writeEntry(pmdSlot, Pte.make(head, prot | Pte._PAGE_PSE | Pte._PAGE_DIRTY
                | (v.has(Vma.VM_WRITE) ? Pte._PAGE_RW : 0)));
        return String.format("collapsed into a 2 MB page at pfn 0x%x (%d page%s copied, %d zero-filled)", head, copied,
                copied == 1 ? "" : "s", 512 - copied);
    }
}
