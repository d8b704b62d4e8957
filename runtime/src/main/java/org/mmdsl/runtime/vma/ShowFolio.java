package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.page.MemMap;

/**
 * {@code show folio ADDR}: the folio that maps a user address (include/linux/mm_types.h struct
 * folio, read through the accessors of include/linux/mm.h: folio_order(), folio_ref_count(),
 * folio_mapcount(), folio_entire_mapcount(), folio_test_*()). A folio is its head struct page plus,
 * for a large folio, the fields kept in the tail pages after it; an order-0 folio is one page.
 *
 * <pre>
 *   struct page[pfn]     struct page[pfn+1]          ... struct page[pfn + 2^order - 1]
 *   +--------------+     +-----------------------+
 *   | flags (head) |     | _folio_order          |   tails: compound_head = head | 1
 *   | mapping=anon |     | _entire_mapcount, ... |
 *   | _refcount    |     +-----------------------+
 *   | _mapcount    |     = struct folio overlays the first struct pages of the range
 *   +--------------+
 * </pre>
 */
public final class ShowFolio {
    private ShowFolio() {
    }

    /** The folio mapped at {@code addr} in {@code mm}, or a line saying nothing is mapped there. */
    public static String show(MmStruct mm, long addr) {
        long huge = HugeMemory.hugePmd(mm, addr);
        long pfn;
        String how;
        if (huge != 0) {
            pfn = Pte.pfn(huge) + ((addr >>> 12) & 511);
            how = "a huge pmd (_PAGE_PSE: one entry maps the whole folio)";
        } else {
            long pte = mm.pt.getPte(mm.pgd, addr);
            if (!MmStruct.ptePresent(pte)) {
                return String.format("0x%x: no page is mapped (the pte is %s)%n", addr, pte == 0 ? "empty" : "not present")
                        .replace(System.lineSeparator(), "\n");
            }
            pfn = Pte.pfn(pte);
            how = "ptes (one per 4 KB page)";
        }
        MemMap m = mm.memMap;
        long head = pfn;
        if (m.test(pfn, MemMap.PG_tail)) {
            while (head > 0 && !m.test(head, MemMap.PG_head)) {
                head--; // compound_head(): a tail points at its head
            }
        }
        boolean large = m.test(head, MemMap.PG_head);
        int order = large ? m.order(head) : 0;
        long nr = 1L << order;
        boolean zero = mm.isZeroPfn(pfn) || HugeMemory.isHugeZero(mm, huge);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("folio of 0x%x: pfn 0x%x is page %d of the folio at pfn 0x%x%n", addr, pfn, pfn - head, head));
        sb.append(String.format("  pfn range         0x%x-0x%x (%d page%s, %d kB)%n", head, head + nr - 1, nr, nr == 1 ? "" : "s",
                nr * 4));
        sb.append(String.format("  folio_order()     %d%s%n", order, large ? " (a large folio: PG_head here, PG_tail on the rest)"
                : " (a single page)"));
        sb.append(String.format("  folio_ref_count() %d%n", m.refcount(head)));
        if (zero) {
            sb.append(String.format("  mapcount          not counted (the %szero page is mapped without rmap)%n", huge != 0 ? "huge " : ""));
        } else if (large) {
            int entire = huge != 0 ? m.mapcount(head) : 0;
            sb.append(String.format("  folio_entire_mapcount() %d (PMD mappings of the whole folio)%n", entire));
            sb.append(String.format("  folio_mapcount()  %d%n", entire));
        } else {
            sb.append(String.format("  folio_mapcount()  %d (page_mapcount(): _mapcount + 1)%n", m.mapcount(head)));
        }
        sb.append(String.format("  flags             %s%n", flagWords(m, head)));
        Vma v = mm.vmaLookup(addr);
        boolean hugetlb = v != null && v.has(Vma.VM_HUGETLB) && huge != 0;
        if (hugetlb) {
            // hugetlb_no_page(): a private mapping's page is anon (hugepage_add_new_anon_rmap())
            sb.append(String.format("  folio_test_hugetlb() true (from the hugetlb pool; freed back to it)%n"));
            sb.append(String.format("  folio_test_anon() %s%n", v.has(Vma.VM_SHARED) ? "false (the hugetlbfs file's page cache)"
                    : "true (a private mapping: hugepage_add_new_anon_rmap())"));
        } else {
            sb.append(String.format("  folio_test_anon() %s%n", m.test(head, MemMap.PG_anon)
                    ? "true (folio->mapping is an anon_vma with PAGE_MAPPING_ANON set)" : "false"));
        }
        sb.append(String.format("  mapped here by    %s%n", how));
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    /** The head page's flags as PG_ names (PG_anon is the model's name for PAGE_MAPPING_ANON). */
    private static String flagWords(MemMap m, long head) {
        String names = m.flagNames(head);
        if (names.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names.split("\\|")) {
            sb.append(sb.length() == 0 ? "" : " ").append("PG_").append(n);
        }
        return sb.toString();
    }
}
