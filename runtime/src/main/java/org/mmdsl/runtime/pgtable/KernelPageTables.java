package org.mmdsl.runtime.pgtable;

import java.util.ArrayList;
import java.util.List;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * swapper_pg_dir and the kernel half every process shares.
 *
 * <p>Built like arch/x86/mm/init_32.c kernel_physical_mapping_init() (and init_64.c's
 * phys_*_init() for long mode): lowmem [PAGE_OFFSET, PAGE_OFFSET + maxLowPfn * 4096) is
 * direct-mapped with large pages where a whole large page fits (4 MiB PSE pages without PAE,
 * 2 MiB pages with PAE and in long mode; the simulator does not use 1 GiB gbpages) and 4 KiB ptes
 * for the unaligned tail. Protection is PAGE_KERNEL (global, NX where the mode has it); the kernel
 * text's PAGE_KERNEL_EXEC range is not distinguished.
 *
 * <p>Process page directories come from {@link #pgdAlloc()} (pgd_alloc() → pgd_ctor()): the
 * kernel-half entries are copied (clone_pgd_range()) and the pgd joins pgd_list, so a kernel
 * top-level entry created later is propagated to every pgd as sync_global_pgds() /
 * arch_sync_kernel_mappings() do; except, under the 2.6 model without PAE, in the vmalloc area,
 * where a process gets the entry on its first vmalloc fault ({@link #setLazySync}). PAE: the PDPT has 4 entries; the kernel's pmd page behind entry 3 is shared
 * by every process (SHARED_KERNEL_PMD, true without PTI or Xen), so kernel ptes set later under
 * it are seen everywhere without syncing; the three user pmds are preallocated at pgd_alloc()
 * (preallocate_pmds()) because the CPU caches PDPTEs at CR3 load and a later change would need a
 * full TLB flush. The kernel allocates a PAE pgd from a 32-byte slab cache; here it takes a frame.
 */
public final class KernelPageTables {
    private final PageTables pt;
    private final PagingMode mode;
    private final long pageOffset;
    private final long maxLowPfn;
    private final long swapper;
    private final int kernelPgdBoundary;
    private final long pageKernel;
    private final List<Long> pgdList = new ArrayList<>();
    /**
     * [start, end) of the kernel range whose new top-level entries are NOT copied to the pgds on
     * pgd_list (2.6.24 i386 without PAE: the vmalloc area); 0, 0 when every new entry is.
     */
    private long lazyStart;
    private long lazyEnd;
    private final long zeroPfn;

    /**
     * Builds swapper_pg_dir and the direct map.
     *
     * @param pageOffset PAGE_OFFSET: 0xc0000000 for the i386 3G/1G split, 0xffff888000000000 in long mode
     * @param maxLowPfn  the first pfn not direct-mapped (max_low_pfn)
     * @throws IllegalStateException when the allocator cannot supply the boot page tables
     */
    public KernelPageTables(PageTables pt, long pageOffset, long maxLowPfn) {
        this(pt, pageOffset, maxLowPfn, false);
    }

    /**
     * Builds swapper_pg_dir and the direct map; with {@code pti} (x86_64 page-table isolation, see
     * {@link Pti}) swapper_pg_dir is a pgd pair (init_top_pgt and its user copy, head_64.S
     * PTI_USER_PGD_FILL) and the direct map is not global: probe_page_size_mask() takes _PAGE_GLOBAL
     * out of __default_kernel_pte_mask when X86_FEATURE_PTI is set.
     */
    public KernelPageTables(PageTables pt, long pageOffset, long maxLowPfn, boolean pti) {
        this.pt = pt;
        this.mode = pt.mode();
        this.pageOffset = pageOffset;
        this.maxLowPfn = maxLowPfn;
        this.kernelPgdBoundary = mode.index(pageOffset, 0);
        this.pageKernel = (Pte.__PAGE_KERNEL_EXEC & (pti ? ~Pte._PAGE_GLOBAL : -1L)) | (mode.hasNx() ? Pte._PAGE_NX : 0);
        pt.setPti(pti);
        this.swapper = pti ? pt.allocTablePair(Gfp.GFP_PGTABLE_KERNEL) : pt.allocTable(Gfp.GFP_PGTABLE_KERNEL);
        if (swapper < 0) {
            throw new IllegalStateException("no frame for swapper_pg_dir");
        }
        if (mode == PagingMode.PAE) {
            // The kernel pmds exist from boot so that every PDPT can point at the same ones.
            for (int i = kernelPgdBoundary; i < mode.entriesPerTable(0); i++) {
                long pmd = pt.allocTable(Gfp.GFP_PGTABLE_KERNEL);
                if (pmd < 0) {
                    throw new IllegalStateException("no frame for a kernel pmd");
                }
                pt.writeEntry(pt.entryAddr(swapper, 0, 0) + (long) i * mode.entrySize(),
                        Pte.make(pmd, Pte._PAGE_PRESENT));
            }
        }
        mapLowmem();
        // empty_zero_page: part of the kernel image in the kernel (PG_reserved, never freed).
        this.zeroPfn = pt.allocator().allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 0);
        if (zeroPfn < 0) {
            throw new IllegalStateException("no frame for empty_zero_page");
        }
        pt.mem().zeroFrame(zeroPfn);
        pt.memMap().set(zeroPfn, org.mmdsl.runtime.page.MemMap.PG_reserved);
    }

    /** The pfn of empty_zero_page (my_zero_pfn()): mapped read-only for reads of untouched anon memory. */
    public long zeroPfn() {
        return zeroPfn;
    }

    private void mapLowmem() {
        int largeLevel = mode == PagingMode.TWO_LEVEL ? 0 : mode.pteLevel() - 1;
        long largeSize = mode.entrySpan(largeLevel);
        long end = maxLowPfn << PagingMode.PAGE_SHIFT;
        long paddr = 0;
        while (paddr < end) {
            long vaddr = pageOffset + paddr;
            if (end - paddr >= largeSize && (paddr & (largeSize - 1)) == 0) {
                long slot = pt.entrySlot(swapper, vaddr, largeLevel, Gfp.GFP_PGTABLE_KERNEL, false);
                if (slot < 0) {
                    throw new IllegalStateException("no frame for a kernel page table");
                }
                pt.writeEntry(slot, paddr | pageKernel | Pte._PAGE_PSE);
                paddr += largeSize;
            } else {
                long slot = pt.entrySlot(swapper, vaddr, mode.pteLevel(), Gfp.GFP_PGTABLE_KERNEL, false);
                if (slot < 0) {
                    throw new IllegalStateException("no frame for a kernel page table");
                }
                pt.writeEntry(slot, paddr | pageKernel);
                paddr += PagingMode.PAGE_SIZE;
            }
        }
    }

    public PageTables pageTables() {
        return pt;
    }

    /** The pfn of swapper_pg_dir (init_mm.pgd). */
    public long swapperPgDir() {
        return swapper;
    }

    public long pageOffset() {
        return pageOffset;
    }

    /** KERNEL_PGD_BOUNDARY: the first pgd index of the kernel half. */
    public int kernelPgdBoundary() {
        return kernelPgdBoundary;
    }

    /** True for a 64-bit (long mode) kernel. */
    public boolean kernel64() {
        return mode == PagingMode.FOUR_LEVEL || mode == PagingMode.FIVE_LEVEL;
    }

    /** __va(): the direct-map address of a lowmem physical address. */
    public long va(long paddr) {
        return pageOffset + paddr;
    }

    /**
     * Mirrors pgd_alloc(): a new page directory with the kernel half copied from swapper_pg_dir
     * (pgd_ctor() / clone_pgd_range()) and, for PAE, the user pmds preallocated.
     *
     * @return the pgd's pfn, or -1 when out of memory (nothing is left allocated)
     */
    public long pgdAlloc() {
        long pgd = pt.pti() ? pt.allocTablePair(Gfp.GFP_PGTABLE_USER) : pt.allocTable(Gfp.GFP_PGTABLE_USER);
        if (pgd < 0) {
            return -1;
        }
        int es = mode.entrySize();
        long base = pgd << PagingMode.PAGE_SHIFT;
        long sbase = swapper << PagingMode.PAGE_SHIFT;
        if (mode == PagingMode.PAE) {
            for (int i = 0; i < kernelPgdBoundary; i++) {
                long pmd = pt.allocTable(Gfp.GFP_PGTABLE_USER);
                if (pmd < 0) {
                    for (int j = 0; j < i; j++) {
                        pt.freeTable(Pte.pfn(pt.readEntry(base + (long) j * es)));
                    }
                    pt.freeTable(pgd);
                    return -1;
                }
                pt.writeEntry(base + (long) i * es, Pte.make(pmd, Pte._PAGE_PRESENT));
            }
        }
        for (int i = kernelPgdBoundary; i < mode.entriesPerTable(0); i++) {
            pt.writeEntry(base + (long) i * es, pt.readEntry(sbase + (long) i * es));
            if (pt.pti()) {
                // clone_pgd_range() under PTI: the user copy's kernel half is swapper's user copy
                // (the cloned cpu_entry_area and entry text, Pti)
                long userOff = PagingMode.PAGE_SIZE + (long) i * es;
                pt.writeEntry(base + userOff, pt.readEntry(sbase + userOff));
            }
        }
        pgdList.add(pgd);
        return pgd;
    }

    /** Mirrors pgd_free(): frees the user tables, PAE's user pmds and the pgd itself. */
    public void pgdFree(long pgd) {
        pt.freeUserTables(pgd, kernelPgdBoundary);
        if (mode == PagingMode.PAE) {
            for (int i = 0; i < kernelPgdBoundary; i++) {
                long slot = pt.entryAddr(pgd, 0, 0) + (long) i * mode.entrySize();
                long e = pt.readEntry(slot);
                if (Pte.present(e)) {
                    pt.freeTable(Pte.pfn(e));
                    pt.writeEntry(slot, 0);
                }
            }
        }
        pgdList.remove(Long.valueOf(pgd));
        if (pt.pti()) {
            pt.freeTablePair(pgd);
        } else {
            pt.freeTable(pgd);
        }
    }

    /**
     * Maps one kernel page (kmap's pkmap_page_table entries, __set_fixmap()): PAGE_KERNEL
     * protection. A kernel table created on the way whose top-level entry is new is propagated to
     * every pgd on pgd_list. Does not flush the TLB.
     *
     * @return false when a page table could not be allocated
     */
    public boolean setKernelPte(long vaddr, long pfn) {
        return setKernelPte(vaddr, pfn, 0);
    }

    /**
     * {@link #setKernelPte(long, long)} with cache-mode bits added to PAGE_KERNEL (ioremap()'s
     * PAGE_KERNEL_IO with _PAGE_CACHE_MODE_UC_MINUS is PAGE_KERNEL | _PAGE_PCD).
     */
    public boolean setKernelPte(long vaddr, long pfn, long cacheBits) {
        if (vaddr < pageOffset && !kernel64()) {
            throw new IllegalArgumentException("not a kernel address: 0x" + Long.toHexString(vaddr));
        }
        long topSlot = pt.entryAddr(swapper, 0, vaddr);
        long before = pt.readEntry(topSlot);
        long slot = pt.entrySlot(swapper, vaddr, mode.pteLevel(), Gfp.GFP_PGTABLE_KERNEL, false);
        if (slot < 0) {
            return false;
        }
        pt.writeEntry(slot, Pte.make(pfn, pageKernel | cacheBits));
        long after = pt.readEntry(topSlot);
        // A new top-level entry goes to every pgd on pgd_list: 6.1 i386's vmap_range_noflush() →
        // arch_sync_kernel_mappings() (mm/vmalloc.c; PGTBL_PMD_MODIFIED is in ARCH_PAGE_TABLE_SYNC_MASK,
        // arch/x86/include/asm/pgtable-2level_types.h), x86_64's sync_global_pgds(); pkmap and fixmap
        // tables exist from boot in the kernel, so every pgd has them. Not under 2.6 in the vmalloc area.
        if (after != before && !lazilySynced(vaddr)) {
            int idx = mode.index(vaddr, 0);
            for (long pgd : pgdList) {
                pt.writeEntry(pt.entryAddr(pgd, 0, 0) + (long) idx * mode.entrySize(), after);
            }
        }
        return true;
    }

    /**
     * Makes new top-level entries of [start, end) stay in swapper_pg_dir until a process faults on
     * them (see {@link #vmallocSyncOne}): 2.6.24 i386 without PAE, whose __pte_alloc_kernel()
     * populates only init_mm's pmd (mm/memory.c) and whose arch/x86/mm/fault_32.c vmalloc_fault()
     * copies the entry into the faulting process's pgd. 6.1 instead syncs at once: vmap_range_noflush()
     * calls arch_sync_kernel_mappings() when a PMD-level entry was created (ARCH_PAGE_TABLE_SYNC_MASK
     * is PGTBL_PMD_MODIFIED in arch/x86/include/asm/pgtable-2level_types.h), which walks pgd_list;
     * with PAE the kernel pmd is shared (SHARED_KERNEL_PMD without PTI), so neither needs a sync, and
     * x86_64 preallocates the vmalloc area's top-level entries (preallocate_vmalloc_pages()).
     */
    public void setLazySync(long start, long end) {
        this.lazyStart = start;
        this.lazyEnd = end;
    }

    private boolean lazilySynced(long vaddr) {
        return Long.compareUnsigned(vaddr, lazyStart) >= 0 && Long.compareUnsigned(vaddr, lazyEnd) < 0;
    }

    /**
     * Mirrors 2.6.24 arch/x86/mm/fault_32.c vmalloc_sync_one(): the top-level entry of {@code vaddr}
     * in the process pgd {@code pgdPfn} is copied from swapper_pg_dir when the process has none.
     *
     * @return -1 when swapper_pg_dir has no entry either (a real fault), 0 when the process already
     *     had it, else the slot index that was copied
     */
    public int vmallocSyncOne(long pgdPfn, long vaddr) {
        int idx = mode.index(vaddr, 0);
        long kernel = pt.readEntry(pt.entryAddr(swapper, 0, vaddr));
        if (!Pte.present(kernel)) {
            return -1;
        }
        long slot = pt.entryAddr(pgdPfn, 0, vaddr);
        if (Pte.present(pt.readEntry(slot))) {
            return 0; // BUG_ON(pmd_page(*pmd) != pmd_page(*pmd_k)) in the kernel: they are the same table
        }
        pt.writeEntry(slot, kernel);
        return idx;
    }

    /** The top-level entry of {@code vaddr} in the pgd at {@code pgdPfn}. */
    public long topEntry(long pgdPfn, long vaddr) {
        return pt.readEntry(pt.entryAddr(pgdPfn, 0, vaddr));
    }

    /** Mirrors pte_clear() on a kernel pte (kunmap, clear_fixmap()); returns the old entry. */
    public long clearKernelPte(long vaddr) {
        return pt.clearPte(swapper, vaddr);
    }

    /** The compat vDSO page of 2.6.24 (sysenter_setup()'s syscall_pages[0]), -1 until it is mapped. */
    private long compatVdsoPfn = -1;
    /** VDSO_HIGH_BASE: __fix_to_virt(FIX_VDSO), 0xffffe000 unless reservetop= moved FIXADDR_TOP. */
    private long compatVdsoAddr = 0xffffe000L;

    /** Sets VDSO_HIGH_BASE from the boot's fixmap layout (kernel 2.6). */
    public void setCompatVdsoAddr(long addr) {
        this.compatVdsoAddr = addr;
    }

    /** VDSO_HIGH_BASE of the 2.6 model. */
    public long compatVdsoAddr() {
        return compatVdsoAddr;
    }

    /**
     * 2.6.24 i386 sysenter_setup() + map_compat_vdso(1) (arch/x86/kernel/sysenter_32.c): a zeroed
     * page holding the vsyscall ELF image (only its "\x7fELF" magic is modelled) mapped at the
     * fixmap page {@code vaddr} (FIX_VDSO) with PAGE_READONLY_EXEC, which user mode may read and
     * execute. The tables above it carry _PAGE_USER because 2.6.24's one_page_table_init() links
     * every kernel page table with _PAGE_TABLE (arch/x86/mm/init_32.c); the model sets the bit only on
     * the path to this page. Done once, at the first exec (the kernel allocates the page at boot).
     *
     * @return false when no frame is left
     */
    public boolean mapCompatVdso(long vaddr) {
        if (compatVdsoPfn >= 0) {
            return true;
        }
        long pfn = pt.allocator().allocPages(Gfp.GFP_ATOMIC | Gfp.__GFP_ZERO, 0);
        if (pfn < 0) {
            return false;
        }
        pt.mem().write(pfn << PagingMode.PAGE_SHIFT, 4, 0x464c457fL); // "\x7fELF"
        if (!setKernelPte(vaddr, pfn)) {
            return false;
        }
        long slot = pt.entrySlot(swapper, vaddr, mode.pteLevel(), 0, false);
        pt.writeEntry(slot, Pte.make(pfn, Pte._PAGE_PRESENT | Pte._PAGE_USER | Pte._PAGE_ACCESSED));
        List<Long> roots = new ArrayList<>(pgdList);
        roots.add(swapper);
        for (long root : roots) {
            long table = root;
            for (int level = 0; level < mode.pteLevel(); level++) {
                long e = pt.entryAddr(table, level, vaddr);
                long entry = pt.readEntry(e);
                if (!mode.isPdpt(level)) {
                    pt.writeEntry(e, entry | Pte._PAGE_USER);
                }
                table = Pte.pfn(entry);
            }
        }
        compatVdsoPfn = pfn;
        return true;
    }

    /** Number of process pgds on pgd_list. */
    public int pgdListSize() {
        return pgdList.size();
    }
}
