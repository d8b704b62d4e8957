package org.mmdsl.runtime.pgtable;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Reads and writes entries of page tables whose frames come from the {@link FrameAllocator}; a
 * table frame is marked PG_table (PageTable()) in the memmap and its contents live in
 * {@link PhysMem}. One instance serves every address space of a machine.
 *
 * <p>Does not flush any TLB: callers that change a present entry do that.
 */
public final class PageTables {
    private final PagingMode mode;
    private final PhysMem mem;
    private final FrameAllocator alloc;
    private final MemMap memMap;
    private final int esize;
    private long tablePages;
    private long entryReads;
    private org.mmdsl.runtime.mmu.Tlb tlb;
    /** Page-table isolation: user-half pgd entries are mirrored into the user pgd ({@link #userPgd}). */
    private boolean pti;
    /** CONFIG_HIGHPTE: the first highmem pfn (user pte tables come from ZONE_HIGHMEM), -1 without it. */
    private long highptePfn = -1;
    private PteMapper pteMapper;

    /**
     * How the kernel reaches a pte table in highmem to walk it (pte_offset_map() → kmap_local_page(),
     * 2.6: kmap_atomic(page, KM_PTE0); pte_unmap() unmaps it): implemented by the highmem layer.
     */
    public interface PteMapper {
        /** The kernel mapped the highmem pte table at {@code ptePfn}, walked it and unmapped it. */
        void ptePageWalked(long ptePfn);
    }

    private long installs;

    public PageTables(PagingMode mode, PhysMem mem, FrameAllocator alloc, MemMap memMap) {
        this.mode = mode;
        this.mem = mem;
        this.alloc = alloc;
        this.memMap = memMap;
        this.esize = mode.entrySize();
    }

    public PagingMode mode() {
        return mode;
    }

    public PhysMem mem() {
        return mem;
    }

    public MemMap memMap() {
        return memMap;
    }

    public FrameAllocator allocator() {
        return alloc;
    }

    /** Page-table frames currently allocated through this object (NR_PAGETABLE). */
    public long tablePages() {
        return tablePages;
    }

    /**
     * Mirrors pte_alloc_one()/pmd_alloc_one(): one zeroed frame for a table, PG_table set.
     *
     * @return the pfn, or -1 when the allocator has nothing
     */
    public long allocTable(int gfp) {
        long pfn = alloc.allocPages(gfp | Gfp.__GFP_ZERO, 0);
        if (pfn < 0) {
            return -1;
        }
        mem.zeroFrame(pfn);
        memMap.set(pfn, org.mmdsl.runtime.page.MemMap.PG_table);
        tablePages++;
        return pfn;
    }

    /** Mirrors pte_free()/pmd_free(). */
    public void freeTable(long pfn) {
        memMap.clear(pfn, MemMap.PG_table);
        mem.zeroFrame(pfn);
        alloc.freePages(pfn, 0);
        tablePages--;
    }

    /**
     * Mirrors _pgd_alloc() under page-table isolation (PGD_ALLOCATION_ORDER 1): two zeroed PG_table
     * frames, the kernel pgd at the even pfn returned and the user pgd after it.
     *
     * @return the kernel pgd's pfn, or -1 when the allocator has no order-1 block
     */
    public long allocTablePair(int gfp) {
        long pfn = alloc.allocPages(gfp | Gfp.__GFP_ZERO, 1);
        if (pfn < 0) {
            return -1;
        }
        for (long f = pfn; f < pfn + 2; f++) {
            mem.zeroFrame(f);
            memMap.set(f, MemMap.PG_table);
        }
        tablePages += 2;
        return pfn;
    }

    /** Mirrors _pgd_free() of a pgd pair. */
    public void freeTablePair(long pfn) {
        for (long f = pfn; f < pfn + 2; f++) {
            memMap.clear(f, MemMap.PG_table);
            mem.zeroFrame(f);
        }
        alloc.freePages(pfn, 1);
        tablePages -= 2;
    }

    /**
     * CONFIG_HIGHPTE (i386): user pte tables are allocated with __GFP_HIGHMEM (6.1 pte_alloc_one() with
     * __userpte_alloc_gfp, 2.6.24 pte_alloc_one()), and {@link #pteOffsetMap} maps them through
     * {@code mapper} to walk them.
     *
     * @param highmemStartPfn max_low_pfn: pte tables at or above it are in highmem
     */
    public void setHighpte(long highmemStartPfn, PteMapper mapper) {
        this.highptePfn = highmemStartPfn;
        this.pteMapper = mapper;
    }

    /**
     * Mirrors pte_offset_map() + pte_unmap() around a walk of the pte table holding {@code pteSlot}:
     * under CONFIG_HIGHPTE a pte table in highmem has no kernel address and is mapped for the walk;
     * a lowmem one is read through the direct map (nothing to do).
     */
    public void pteOffsetMap(long pteSlot) {
        if (pteMapper != null && pteSlot >= 0 && (pteSlot >>> PagingMode.PAGE_SHIFT) >= highptePfn) {
            pteMapper.ptePageWalked(pteSlot >>> PagingMode.PAGE_SHIFT);
        }
    }

    /** Switches page-table isolation on: from now on user pgd entries are set in both pgds of a pair. */
    public void setPti(boolean on) {
        this.pti = on;
    }

    /** True under page-table isolation (boot ... pti on). */
    public boolean pti() {
        return pti;
    }

    /**
     * Mirrors arch/x86/include/asm/pgtable.h kernel_to_user_pgdp(): the user pgd of a pgd pair (the
     * frame after it, bit PAGE_SHIFT set) under PTI; without PTI the pgd itself.
     */
    public long userPgd(long pgdPfn) {
        return pti ? pgdPfn | 1 : pgdPfn;
    }

    /**
     * Mirrors arch/x86/mm/pti.c __pti_set_user_pgtbl() for a pgd entry of the user half: the user pgd
     * gets the entry as it is, and the kernel's copy gets _PAGE_NX, so that kernel code returning to
     * user space without switching CR3 cannot run user code.
     */
    private long ptiSetUserPgtbl(long slot, long e) {
        mem.write(slot + PagingMode.PAGE_SIZE, esize, e);
        return (e & (Pte._PAGE_USER | Pte._PAGE_PRESENT)) == (Pte._PAGE_USER | Pte._PAGE_PRESENT) ? e | Pte._PAGE_NX : e;
    }

    /** Physical address of the entry for {@code vaddr} in the table at {@code tablePfn}. */
    public long entryAddr(long tablePfn, int level, long vaddr) {
        return (tablePfn << PagingMode.PAGE_SHIFT) + (long) mode.index(vaddr, level) * esize;
    }

    public long readEntry(long entryPaddr) {
        entryReads++;
        return esize == 8 ? mem.readLong(entryPaddr) : mem.read(entryPaddr, esize);
    }

    /**
     * Page-table entries read through {@link #readEntry} so far: the "pages visited" measure of a
     * range walk (tests check that a walk over a huge, nearly empty VMA reads a few entries).
     */
    public long entryReads() {
        return entryReads;
    }

    /**
     * Writes an entry as the kernel's paths do: a change to a present entry is followed by the TLB
     * flush the kernel makes for it (flush_tlb_page()/flush_tlb_mm_range(); one invalidation per
     * entry here where the kernel may batch a range with mmu_gather).
     */
    public void writeEntry(long entryPaddr, long value) {
        if (value != 0) {
            installs++;
        }
        if (tlb != null) {
            long old = mem.read(entryPaddr, esize);
            if (old != value && Pte.present(old)) {
                tlb.invalidateSlot(entryPaddr);
            }
        }
        mem.write(entryPaddr, esize, value);
    }

    /**
     * Writes an entry WITHOUT the TLB flush: something the kernel never does, for scenarios that
     * show a stale translation (`set_pte ... noflush`).
     */
    public void writeEntryNoFlush(long entryPaddr, long value) {
        if (value != 0) {
            installs++;
        }
        mem.write(entryPaddr, esize, value);
    }

    /**
     * Host side, not the kernel's: how many times an entry was written with a value other than zero, or
     * memory was written that could hold one ({@link #noteRawWrite}). A page becomes present, and an mm's RSS
     * grows, only at such a write; clears (unmap, zap) leave the count alone, so a count unchanged since
     * an mm last summed its RSS tells that the RSS has not grown since (MmStruct.updateHiwaterRss()).
     */
    public long installs() {
        return installs;
    }

    /** A write to physical memory that may have hit a page table (kernel code storing to any address). */
    public void noteRawWrite() {
        installs++;
    }

    /** The machine's TLB (null when none is modelled). */
    public org.mmdsl.runtime.mmu.Tlb tlb() {
        return tlb;
    }

    /** Attaches the machine's TLB: entry changes from now on flush it. */
    public void setTlb(org.mmdsl.runtime.mmu.Tlb tlb) {
        this.tlb = tlb;
    }

    /** The flags an entry pointing to a lower table gets at {@code level}. */
    private long tableEntryFlags(int level, boolean user) {
        if (mode.isPdpt(level)) {
            // arch/x86/mm/pgtable.c pud_populate() for PAE: "almost everything apart from
            // _PAGE_PRESENT is reserved at the pmd (PDPT) level".
            return Pte._PAGE_PRESENT;
        }
        return user ? Pte._PAGE_TABLE : Pte._KERNPG_TABLE;
    }

    /**
     * Mirrors the pgd_offset / p4d_alloc / pud_alloc / pmd_alloc / pte_alloc chain
     * (__pte_alloc() and friends): the physical address of the level-{@code targetLevel} entry
     * for {@code vaddr}, allocating missing tables with {@code gfp} when {@code gfp != 0}.
     *
     * @return the entry's physical address; -1 when a table is missing and gfp is 0, when
     *     allocation failed, or when a large page maps the range above the target level
     */
    public long entrySlot(long rootPfn, long vaddr, int targetLevel, int gfp, boolean user) {
        return entrySlotFrom(rootPfn, 0, vaddr, targetLevel, gfp, user);
    }

    /**
     * The user pte slot of {@code vaddr} as {@link #pteSlotAlloc} finds it, starting at the table
     * {@code tablePfn} of level {@code level} that a walk from the root reached (the MMU's walk of the
     * fault stopped there on a not-present entry): the allocations and entry writes below that level
     * are {@link #pteSlotAlloc}'s, the entries above are not read again. With PTI a pgd-level start
     * must be in the kernel pgd ({@code level > 0}, or the pgd itself).
     */
    public long pteSlotAllocFrom(long tablePfn, int level, long vaddr) {
        return entrySlotFrom(tablePfn, level, vaddr, mode.pteLevel(), Gfp.GFP_PGTABLE_USER, true);
    }

    private long entrySlotFrom(long tablePfn, int fromLevel, long vaddr, int targetLevel, int gfp, boolean user) {
        long table = tablePfn;
        for (int level = fromLevel; level < targetLevel; level++) {
            long slot = entryAddr(table, level, vaddr);
            long e = readEntry(slot);
            if (!Pte.present(e)) {
                if (gfp == 0) {
                    return -1;
                }
                // CONFIG_HIGHPTE: a user pte table may come from ZONE_HIGHMEM
                long pfn = allocTable(highptePfn >= 0 && user && level + 1 == mode.pteLevel() ? gfp | Gfp.__GFP_HIGHMEM : gfp);
                if (pfn < 0) {
                    return -1;
                }
                e = Pte.make(pfn, tableEntryFlags(level, user));
                if (pti && level == 0 && mode.index(vaddr, 0) < mode.entriesPerTable(0) / 2) {
                    writeEntry(slot, ptiSetUserPgtbl(slot, e));
                } else {
                    writeEntry(slot, e);
                }
            } else if (Pte.large(e) && mode.largePageAllowed(level)) {
                return -1;
            }
            table = Pte.pfn(e);
        }
        return entryAddr(table, targetLevel, vaddr);
    }

    /**
     * The first address in [vaddr, end) that a pte table covers, or {@code end} when none does: the
     * skip the kernel's range walkers make with p?d_none_or_clear_bad() (zap_p?d_range(),
     * change_p?d_range(), copy_p?d_range(), walk_page_range()): an empty pgd, pud or pmd entry
     * skips its whole span (512 GiB, 1 GiB, 2 MiB on x86_64; 4 MiB per pgd entry on i386) at once,
     * so a walk over a huge VMA that faulted in a few pages reads a few entries, not one per page.
     * A large (PSE) entry counts as no table (callers handle huge pages themselves). Reads only;
     * allocates nothing, clears no bad entry.
     *
     * <pre>
     *   16 TiB at 0x100000000000, two pages touched (x86_64):
     *   pgd 32..63: only 32 and 48 present -> pud: one present each -> pmd: one present each
     *   nextPteTable(0x100000000000) = the first touched 2 MiB; after its table, one read per
     *   empty pmd, pud or pgd entry finds the next, instead of one step per 4 KiB page
     * </pre>
     *
     * @param end exclusive, unsigned; {@code vaddr} is returned when it already has a pte table
     */
    public long nextPteTable(long rootPfn, long vaddr, long end) {
        long a = vaddr;
        int pteLevel = mode.pteLevel();
        outer:
        while (Long.compareUnsigned(a, end) < 0) {
            long table = rootPfn;
            for (int level = 0; level < pteLevel; level++) {
                long e = readEntry(entryAddr(table, level, a));
                if (!Pte.present(e) || (Pte.large(e) && mode.largePageAllowed(level))) {
                    long next = (a | (mode.entrySpan(level) - 1)) + 1;
                    if (Long.compareUnsigned(next, a) <= 0) {
                        return end; // the walk passed the top of the address space
                    }
                    a = next;
                    continue outer;
                }
                table = Pte.pfn(e);
            }
            return a;
        }
        return end;
    }

    /** The pte slot of a user address, allocating tables (GFP_PGTABLE_USER); -1 if out of memory. */
    public long pteSlotAlloc(long rootPfn, long vaddr) {
        return entrySlot(rootPfn, vaddr, mode.pteLevel(), Gfp.GFP_PGTABLE_USER, true);
    }

    /** Mirrors a lockless walk ending in pte_offset_map(): the pte slot, or -1 if no table maps it. */
    public long pteSlot(long rootPfn, long vaddr) {
        return entrySlot(rootPfn, vaddr, mode.pteLevel(), 0, false);
    }

    /** The pte value for a 4K-mapped vaddr, 0 when no table or entry exists. */
    public long getPte(long rootPfn, long vaddr) {
        long slot = pteSlot(rootPfn, vaddr);
        return slot < 0 ? 0 : readEntry(slot);
    }

    /** Mirrors ptep_get_and_clear(): clears the pte and returns its old value (0 if none). */
    public long clearPte(long rootPfn, long vaddr) {
        long slot = pteSlot(rootPfn, vaddr);
        if (slot < 0) {
            return 0;
        }
        long old = readEntry(slot);
        writeEntry(slot, 0);
        return old;
    }

    /** A full walk for display (allocates a {@link PageWalk}). */
    public PageWalk walk(long rootPfn, long vaddr) {
        return PageWalk.of(this, rootPfn, vaddr);
    }

    /**
     * Mirrors free_pgd_range() for the user part: frees every table below the pgd whose entries
     * lie in pgd slots [0, userPgdEntries), and clears those pgd slots. For PAE the three
     * preallocated user pmds stay (pgd_free() frees them), so only their pte tables go.
     */
    public void freeUserTables(long rootPfn, int userPgdEntries) {
        for (int i = 0; i < userPgdEntries; i++) {
            long slot = (rootPfn << PagingMode.PAGE_SHIFT) + (long) i * esize;
            long e = readEntry(slot);
            if (!Pte.present(e) || (Pte.large(e) && mode.largePageAllowed(0))) {
                continue;
            }
            if (mode.levels() > 1 && mode.levels() - 1 > 0) {
                freeBelow(Pte.pfn(e), 1);
            }
            if (!mode.isPdpt(0)) {
                freeTable(Pte.pfn(e));
                writeEntry(slot, 0);
                if (pti) {
                    mem.write(slot + PagingMode.PAGE_SIZE, esize, 0); // the user pgd's copy
                }
            }
        }
    }

    private void freeBelow(long tablePfn, int level) {
        if (level >= mode.pteLevel()) {
            return;
        }
        int n = mode.entriesPerTable(level);
        for (int i = 0; i < n; i++) {
            long slot = (tablePfn << PagingMode.PAGE_SHIFT) + (long) i * esize;
            long e = readEntry(slot);
            if (!Pte.present(e) || (Pte.large(e) && mode.largePageAllowed(level))) {
                continue;
            }
            freeBelow(Pte.pfn(e), level + 1);
            freeTable(Pte.pfn(e));
            writeEntry(slot, 0);
        }
    }

    /**
     * Counts, per zone of the table's frame, the page-table pages below the user pgd slots
     * [0, userPgdEntries) at level {@code fromLevel} or deeper: what NR_PAGETABLE holds for a
     * process (pte tables, and from 6.1 on pmd tables too: pgtable_pmd_page_ctor() accounts them;
     * pgd, p4d and pud pages are not). Adds to {@code perZone[zone index]}.
     */
    public void countUserTables(long rootPfn, int userPgdEntries, int fromLevel, long[] perZone) {
        for (int i = 0; i < userPgdEntries; i++) {
            long e = readEntry((rootPfn << PagingMode.PAGE_SHIFT) + (long) i * esize);
            if (!Pte.present(e) || (Pte.large(e) && mode.largePageAllowed(0))) {
                continue;
            }
            countBelow(Pte.pfn(e), 1, fromLevel, perZone);
        }
    }

    private void countBelow(long tablePfn, int level, int fromLevel, long[] perZone) {
        if (level >= fromLevel) {
            perZone[memMap.zone(tablePfn)]++;
        }
        if (level >= mode.pteLevel()) {
            return;
        }
        int n = mode.entriesPerTable(level);
        for (int i = 0; i < n; i++) {
            long e = readEntry((tablePfn << PagingMode.PAGE_SHIFT) + (long) i * esize);
            if (!Pte.present(e) || (Pte.large(e) && mode.largePageAllowed(level))) {
                continue;
            }
            countBelow(Pte.pfn(e), level + 1, fromLevel, perZone);
        }
    }
}
