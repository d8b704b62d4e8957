package org.mmdsl.runtime.pgtable;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;

/**
 * The provisional page tables of {@code kernel 2.6}: 2.6.24 arch/x86/kernel/head_32.S, from
 * {@code default_entry} to {@code movl %edi,(init_pg_tables_end - __PAGE_OFFSET)}. The 6.1 kernel's are
 * {@link EarlyPageTables} (head32.c mk_early_pgtbl_32(), its C rewrite). Read from the 2.6.24 source
 * (head_32.S and vmlinux_32.lds.S, via the code search of a 2.6.24 tree), not recorded.
 *
 * <p>What head_32.S does: the page tables start at {@code pg0}, the first page boundary after
 * {@code _end} (vmlinux_32.lds.S); each loop writes one page table of 1024 ptes (PRESENT|RW|USER,
 * 0x007) mapping the next 4 MB from physical 0, and stores its pde (0x007 too) twice in
 * swapper_pg_dir: at the identity slot and at {@code page_pde_offset = __PAGE_OFFSET >> 20}. It stops
 * once the next pte would map INIT_MAP_BEYOND_END bytes past the end of the tables written so far:
 *
 * <pre>
 *   LOW_PAGES           = 1 &lt;&lt; (32 - 12)                     (worst case: 4 GB of lowmem)
 *   PAGE_TABLE_SIZE     = LOW_PAGES / 1024 = 1024 pages       (PAE: LOW_PAGES / 512 + 4 = 2052)
 *   BOOTBITMAP_SIZE     = LOW_PAGES / 8 = 128 KB              (the bootmem bitmap)
 *   INIT_MAP_BEYOND_END = BOOTBITMAP_SIZE + (PAGE_TABLE_SIZE + 4) * 4 KB = 0x424000  (PAE 0x828000)
 * </pre>
 *
 * Worked example, the model's non-PAE image at 1 MB ({@code _end} = 0x0110c000): 5 tables reach 20 MB
 * &lt; 0x0110c000 + 5 x 4 KB + 0x424000 = 0x01535000, the 6th reaches 24 MB (0x01800000), which is
 * beyond 0x01536000: 24 MB mapped by 6 tables, init_pg_tables_end = 0x01112000. The textbook's "8 MB
 * mapped by two page tables" (ULK 3rd ed., ch. 2, 2.6.11) is the older rule, INIT_MAP_BEYOND_END =
 * 128 KB, with an image of a few MB; 2.6.24 also leaves room for the final tables of all lowmem.
 *
 * <p>The tables are 2-level even in a PAE kernel: 2.6.24 switches CR4.PAE on in paging_init(), after
 * pagetable_init() has rebuilt swapper_pg_dir. head_32.S also points the last pde (4092(%edx)) at the
 * empty swapper_pg_pmd for the early fixmap (0x067, _PAGE_TABLE). Simplified: the tables live in their
 * own simulated memory; 2.6.24's setup_bootmem_allocator() reserves them with the image (up to
 * init_pg_tables_end, then the bootmem bitmap), the model reserves the image alone.
 */
public final class HeadPageTables26 {
    /** 0x007 = PRESENT+RW+USER, head_32.S's pte and pde attributes. */
    static final long ATTR = 0x007;
    /** _PAGE_TABLE: PRESENT|RW|USER|ACCESSED|DIRTY, the early fixmap's pde. */
    static final long PAGE_TABLE = 0x067;

    private HeadPageTables26() {
    }

    /** INIT_MAP_BEYOND_END of 2.6.24 head_32.S for a PAE or a non-PAE kernel (see the class comment). */
    public static long initMapBeyondEnd(boolean pae) {
        long lowPages = 1L << (32 - 12);
        long pageTableSize = pae ? lowPages / 512 + 4 : lowPages / 1024;
        return lowPages / 8 + (pageTableSize + 4) * 4096;
    }

    /**
     * Mirrors 2.6.24 head_32.S default_entry for a kernel whose image ends at physical {@code imageEnd}.
     *
     * @param pae         CONFIG_X86_PAE (changes INIT_MAP_BEYOND_END only)
     * @param pageOffset  __PAGE_OFFSET
     * @param imageEnd    __pa(_end)
     */
    public static EarlyPageTables build(boolean pae, long pageOffset, long imageEnd) {
        long pg0 = (imageEnd + 0xfff) & ~0xfffL;
        long beyond = initMapBeyondEnd(pae);
        PhysMem mem = new PhysMem();
        // swapper_pg_dir and swapper_pg_pmd are .bss.page_aligned pages of the image; the tables follow _end
        FrameAllocator fromPg0 = new BootTableFrames(pg0 >>> 12, "the provisional page tables are never freed one by one");
        PageTables pt = new PageTables(PagingMode.TWO_LEVEL, mem, fromPg0, new MemMap((int) (pg0 >>> 12) + 4096));
        long swapperPgDir = (pg0 >>> 12) - 2;
        long swapperPgPmd = (pg0 >>> 12) - 1;
        int pageDirOffset = (int) (pageOffset >>> 22);
        long edi = pg0;
        long eax = ATTR;
        int slot = 0;
        do {
            long table = pt.allocTable(0);
            long pde = (table << 12) | ATTR;
            pt.writeEntry((swapperPgDir << 12) + 4L * slot, pde);
            pt.writeEntry((swapperPgDir << 12) + 4L * (slot + pageDirOffset), pde);
            slot++;
            for (int i = 0; i < 1024; i++) {
                pt.writeEntry(edi, eax);
                edi += 4;
                eax += 0x1000;
            }
        } while (Long.compareUnsigned(eax, beyond + ATTR + edi) < 0);
        pt.writeEntry((swapperPgDir << 12) + 4092, (swapperPgPmd << 12) | PAGE_TABLE);
        long mappedEnd = eax & ~0xfffL;
        String summary = String.format("pg0 %#010x (_end %#010x), INIT_MAP_BEYOND_END %#x: %d page tables up to "
                + "init_pg_tables_end %#010x; mapped [mem 0x00000000-%#010x] at 0 and at PAGE_OFFSET",
                pg0, imageEnd, beyond, slot, edi, mappedEnd - 1);
        return new EarlyPageTables(pt, swapperPgDir, mappedEnd, summary);
    }
}
