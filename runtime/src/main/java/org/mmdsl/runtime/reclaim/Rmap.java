package org.mmdsl.runtime.reclaim;

import java.util.ArrayList;
import java.util.List;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * The reverse map (mm/rmap.c): from a page to every pte that maps it, for folio_referenced() (the
 * accessed bits reclaim ages by) and try_to_unmap() (clearing every mapping before the page is freed).
 *
 * <p>A file page is found through its file's mappings (rmap_walk_file(): the address_space's i_mmap
 * tree of VMAs, private and shared alike): in each VMA of the file that covers the page's index the
 * pte at vma_address() = vm_start + ((index - vm_pgoff) &lt;&lt; PAGE_SHIFT). An anonymous page is found
 * through its anon_vma (rmap_walk_anon()): the VMAs of the processes that share it since fork, at the
 * page's address. Simplified: i_mmap is the list of every mm's VMAs of that file (no interval tree), and
 * the anon_vma chain is every mm at the address where the page was found (fork keeps addresses; a page
 * moved by mremap after fork is not found in the other mm, so it is not unmapped: reclaim keeps it, as
 * try_to_unmap() leaves a page that is still mapped).
 */
public final class Rmap {
    /** Every live address space (each once, threads share theirs). */
    private final Iterable<MmStruct> mms;
    /** After {@link #referenced}: one of the mappings is a VM_EXEC VMA. */
    boolean exec;

    Rmap(Iterable<MmStruct> mms) {
        this.mms = mms;
    }

    /** The pte slots that map {@code pfn} as page {@code index} of {@code f}, in every mm. */
    List<long[]> fileMappings(FileRef f, long index, long pfn) {
        List<long[]> out = new ArrayList<>();
        exec = false;
        for (MmStruct mm : mms) {
            PageTables pt = mm.pageTables();
            for (Vma v = mm.findVma(0); v != null; v = mm.findVma(v.vmEnd())) {
                if (v.file() != f || index < v.vmPgoff() || index >= v.vmPgoff() + v.pages()) {
                    continue;
                }
                long addr = v.vmStart() + ((index - v.vmPgoff()) << 12);
                add(out, pt, mm, v, addr, pfn);
            }
        }
        return out;
    }

    /** The pte slots that map anonymous {@code pfn} at {@code addr}, in every mm. */
    List<long[]> anonMappings(long addr, long pfn) {
        List<long[]> out = new ArrayList<>();
        exec = false;
        for (MmStruct mm : mms) {
            Vma v = mm.vmaLookup(addr);
            if (v != null && v.anonVma() != 0) {
                add(out, mm.pageTables(), mm, v, addr, pfn);
            }
        }
        return out;
    }

    private void add(List<long[]> out, PageTables pt, MmStruct mm, Vma v, long addr, long pfn) {
        long slot = pt.pteSlot(mm.pgd, addr);
        if (slot < 0) {
            return;
        }
        long pte = pt.readEntry(slot);
        if (Pte.present(pte) && !Pte.special(pte) && Pte.pfn(pte) == pfn) {
            out.add(new long[] {slot, mm.pgd});
            exec |= v.has(Vma.VM_EXEC);
        }
    }

    /**
     * Mirrors folio_referenced(): how many of the mappings had the accessed bit, clearing it on each
     * (ptep_clear_flush_young_notify()).
     */
    static int referenced(PageTables pt, List<long[]> mappings) {
        int n = 0;
        for (long[] m : mappings) {
            long pte = pt.readEntry(m[0]);
            if ((pte & Pte._PAGE_ACCESSED) != 0) {
                pt.writeEntry(m[0], pte & ~Pte._PAGE_ACCESSED);
                n++;
            }
        }
        return n;
    }

    /**
     * Mirrors try_to_unmap() for a file page: every pte is cleared (a clean page-cache page refaults
     * from the file), a dirty pte makes the page dirty (folio_mark_dirty()), each mapping's reference
     * goes. The caller checked that {@code mappings} are all of the page's mappings.
     */
    static void unmapFile(PageTables pt, MemMap memMap, long pfn, List<long[]> mappings) {
        for (long[] m : mappings) {
            long pte = pt.readEntry(m[0]);
            if ((pte & Pte._PAGE_DIRTY) != 0) {
                memMap.set(pfn, MemMap.PG_dirty);
            }
            pt.writeEntry(m[0], 0);
            memMap.decMapcount(pfn);
            memMap.putTestZero(pfn); // the mapping's reference; the page cache still holds one
        }
    }
}
