package org.mmdsl.runtime.reclaim;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.SwapInfo;
import org.mmdsl.runtime.vma.Vma;

/**
 * Swap-out of anonymous pages as mm/vmscan.c shrink_folio_list() does it for one page:
 * add_to_swap() (a slot), try_to_unmap() (the pte becomes the swap entry), pageout() (the
 * contents go to the slot) and the frame is freed. Reached from madvise(MADV_PAGEOUT)
 * (reclaim_pages()). LRU aging, kswapd, direct reclaim and the OOM killer are in
 * {@link Reclaim}; file-page reclaim is not modelled. Neighbours: swap-in is {@code fault.FaultHandler}.
 */
public final class Vmscan {
    private Vmscan() {
    }

    /**
     * Direct reclaim for an allocation that failed (mm/vmscan.c try_to_free_pages(), reduced to
     * the faulting mm): up to {@code nrPages} exclusive anonymous pages of {@code mm} go to swap.
     * The first pass gives a page whose pte was accessed a second chance (the accessed bit is
     * cleared, as folio_referenced() does), the second pass takes any. Locked VMAs are
     * unevictable. Other processes' pages, file pages and the LRU order are not considered yet.
     *
     * @return the pages freed
     */
    public static long tryToFreePages(MmStruct mm, long nrPages) {
        if (mm.swap == null) {
            return 0;
        }
        PageTables pt = mm.pageTables();
        long freed = 0;
        for (int pass = 0; pass < 2 && freed < nrPages; pass++) {
            for (Vma v = mm.findVma(0); v != null && freed < nrPages; v = mm.findVma(v.vmEnd())) {
                if (v.has(Vma.VM_LOCKED) || !v.isAnonymous()) {
                    continue;
                }
                for (long a = v.vmStart(); Long.compareUnsigned(a, v.vmEnd()) < 0 && freed < nrPages;
                        a += MmStruct.PAGE_SIZE) {
                    long slot = pt.pteSlot(mm.pgd, a);
                    if (slot < 0) {
                        continue;
                    }
                    long pte = pt.readEntry(slot);
                    if (!Pte.present(pte)) {
                        continue;
                    }
                    if (pass == 0 && (pte & Pte._PAGE_ACCESSED) != 0) {
                        pt.writeEntry(slot, pte & ~Pte._PAGE_ACCESSED); // second chance
                        continue;
                    }
                    freed += pageoutRange(mm, v, a, a + MmStruct.PAGE_SIZE);
                }
            }
        }
        return freed;
    }

    /**
     * Pages out every anonymous page of [start, end) in {@code v} that only this pte maps. A page
     * also mapped elsewhere (after fork) stays: try_to_unmap() would need the reverse map to
     * every mm, which the model does not keep.
     *
     * @return the pages swapped out
     */
    public static long pageoutRange(MmStruct mm, Vma v, long start, long end) {
        SwapInfo swap = mm.swap;
        if (swap == null) {
            return 0; // no swap: anonymous pages cannot be reclaimed
        }
        PageTables pt = mm.pageTables();
        MemMap memMap = pt.memMap();
        PhysMem mem = pt.mem();
        long n = 0;
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += MmStruct.PAGE_SIZE) {
            long slot = pt.pteSlot(mm.pgd, a);
            if (slot < 0) {
                a = pt.nextPteTable(mm.pgd, a, end) - MmStruct.PAGE_SIZE; // empty levels skip whole
                continue;
            }
            long pte = pt.readEntry(slot);
            if (!Pte.present(pte)) {
                continue;
            }
            long pfn = Pte.pfn(pte);
            if (mm.isZeroPfn(pfn) || !memMap.test(pfn, MemMap.PG_anon) || memMap.mapcount(pfn) != 1
                    || memMap.refcount(pfn) != 1) {
                continue;
            }
            long s = swap.allocSlot();
            if (s < 0) {
                return n; // the swap area is full
            }
            long[] words = null;
            if (mem.hasContents(pfn)) {
                words = new long[SwapArea.words()];
                boolean zero = true;
                for (int w = 0; w < words.length; w++) {
                    words[w] = mem.read((pfn << 12) + 8L * w, 8);
                    zero &= words[w] == 0;
                }
                if (zero) {
                    words = null;
                }
            }
            swap.write(s, words);
            pt.writeEntry(slot, SwapOps.swpEntryToPte(s));
            memMap.decMapcount(pfn);
            mm.putPage(pfn);
            n++;
        }
        return n;
    }
}
