package org.mmdsl.runtime.pgtable;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;

/**
 * The provisional page tables an i386 kernel runs on before the final direct map exists: 6.1
 * arch/x86/kernel/head32.c mk_early_pgtbl_32(), called from head_32.S before paging is switched on.
 *
 * <p>Worked example (the recorded 686-pae kernel, image at 16 MB, _end at phys 0x2135000): the page
 * tables must also leave room for the tables of the whole 1 GB linear map, PAGE_TABLE_SIZE(LOWMEM_PAGES)
 * = 516 pages with PAE (256 without), so {@code limit = 0x2135000 + 516 × 4 KB = 0x2339000}. Page
 * tables from __brk_base map 4 KB pages with PTE_IDENT_ATTR (PRESENT|RW, 0x003) from physical 0, one
 * table at a time, until the next pte would map {@code limit}: 2 MB per table with PAE (4 MB without),
 * so the mapping ends at 0x2400000, and setup_arch() prints {@code initial memory mapped:
 * [mem 0x00000000-0x023fffff]} — as every recorded i386 boot does (36 MB; the "24 MB" of older
 * texts is an older kernel's smaller image). Each table is linked with PDE_IDENT_ATTR (0x063) at the
 * identity slot and at the PAGE_OFFSET slot: without PAE both pgd entries of initial_page_table; with
 * PAE one pmd page (initial_pg_pmd) that PDPT entries 0 and 3 both point to.
 *
 * <p>Simplified: the tables live in their own simulated memory (in the kernel they are pages of the
 * image's brk area, inside memblock's reservation of the image), so building them changes no zone
 * counter; init_mem_mapping() then replaces them with swapper_pg_dir ({@link KernelPageTables}).
 */
public final class EarlyPageTables {
    /** PTE_IDENT_ATTR: PRESENT | RW. */
    static final long PTE_IDENT_ATTR = 0x003;
    /** PDE_IDENT_ATTR: PRESENT | RW | ACCESSED | DIRTY. */
    static final long PDE_IDENT_ATTR = 0x063;

    private final PageTables pt;
    private final long root;
    private final long mappedEnd;
    /** One line on how the tables came to be (2.6.24, which prints nothing at boot), or null. */
    private final String summary;

    EarlyPageTables(PageTables pt, long root, long mappedEnd, String summary) {
        this.pt = pt;
        this.root = root;
        this.mappedEnd = mappedEnd;
        this.summary = summary;
    }

    /**
     * Mirrors mk_early_pgtbl_32() for a kernel whose image ends at physical {@code imageEnd}.
     *
     * @param mode        TWO_LEVEL or PAE
     * @param pageOffset  PAGE_OFFSET (the split)
     * @param imageEnd    __pa(_end)
     */
    public static EarlyPageTables build(PagingMode mode, long pageOffset, long imageEnd) {
        boolean pae = mode == PagingMode.PAE;
        long lowmemPages = (0x100000000L - pageOffset) >>> 12;
        // PAGE_TABLE_SIZE(pages): the pte pages (and, with PAE, the pmd pages) to map them all
        long ptePages = pae ? lowmemPages / 512 : lowmemPages / 1024;
        long tableSize = pae ? ptePages + (ptePages + 511) / 512 : ptePages;
        long limit = imageEnd + (tableSize << 12);
        PhysMem mem = new PhysMem();
        // table frames come from the brk area inside the image; numbering them from _end keeps them
        // apart from the frames they map
        FrameAllocator brk = new BootTableFrames(imageEnd >>> 12, "the early page tables are never freed one by one");
        PageTables pt = new PageTables(mode, mem, brk, new MemMap((int) (imageEnd >>> 12) + 4096));
        long root = pt.allocTable(0);
        long pl2Table;
        int pl2Index;
        if (pae) {
            pl2Table = pt.allocTable(0); // initial_pg_pmd
            long pdpte = (pl2Table << 12) | Pte._PAGE_PRESENT;
            pt.writeEntry((root << 12) + 0, pdpte);
            pt.writeEntry((root << 12) + 8L * (int) (pageOffset >>> 30), pdpte);
        } else {
            pl2Table = root; // initial_page_table
        }
        pl2Index = 0;
        int esize = mode.entrySize();
        int ptrsPerPte = pae ? 512 : 1024;
        long pte = PTE_IDENT_ATTR;
        while ((pte & Pte.PTE_PFN_MASK) < limit) {
            long table = pt.allocTable(0);
            long pde = (table << 12) | PDE_IDENT_ATTR;
            pt.writeEntry((pl2Table << 12) + (long) pl2Index * esize, pde);
            if (!pae) {
                int kernelSlot = pl2Index + (int) (pageOffset >>> 22);
                pt.writeEntry((pl2Table << 12) + (long) kernelSlot * esize, pde);
            }
            for (int i = 0; i < ptrsPerPte; i++) {
                pt.writeEntry((table << 12) + (long) i * esize, pte);
                pte += 4096;
            }
            pl2Index++;
        }
        return new EarlyPageTables(pt, root, pte & Pte.PTE_PFN_MASK, null);
    }

    /** max_pfn_mapped << PAGE_SHIFT: the end of the identity (and PAGE_OFFSET) mapping. */
    public long mappedEnd() {
        return mappedEnd;
    }

    /** The setup_arch() line: "initial memory mapped: [mem 0x00000000-0x023fffff]". */
    public String dmesgLine() {
        return String.format("initial memory mapped: [mem 0x00000000-%#010x]", mappedEnd - 1);
    }

    /**
     * The tables in dump_pagetables format (both mappings: identity and at PAGE_OFFSET), after the
     * summary line of {@link HeadPageTables26} when there is one.
     */
    public String render(java.util.List<PtDump.Marker> markers) {
        String dump = PtDump.render(pt, root, 0, 0x100000000L, markers, 200);
        return summary == null ? dump : summary + "\n" + dump;
    }
}
