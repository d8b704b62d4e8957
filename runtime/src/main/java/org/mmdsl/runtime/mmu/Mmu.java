package org.mmdsl.runtime.mmu;

import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;

/**
 * The MMU's page walk: translate a linear address with the permission checks the CPU makes
 * (Intel SDM vol. 3, 4.6), setting Accessed on every entry it uses and Dirty on the leaf of a write.
 *
 * <p>Result, packed into one long so the hot path allocates nothing:
 * <pre>
 *   bit 63 = 0: the physical address
 *   bit 63 = 1: a fault; bits 4..0 = the page-fault error code (X86_PF_*), bit 62 = #GP instead of #PF
 * </pre>
 * Permission rules with CR0.WP = 1: a user access needs US in every level; a write needs RW in
 * every level (user and supervisor alike); an instruction fetch faults if any level has NX — which
 * exists only in PAE and long mode. On 2-level i386 paging there is no NX bit, so every readable
 * page is executable: a fetch from a r-- page succeeds.
 *
 * <p>With a {@link Tlb}, {@link #translate} first looks the page up there (one CR3 compare, then the
 * TLB's host-side copy of recent hits, else a compare per way of the set; no allocation) and walks
 * only on a miss or when the cached rights do not allow the access (refillTlb after the walk). A
 * changed PTE is seen only after a flush.
 */
public final class Mmu {
    /** X86_PF_PROT: the fault was a protection violation (the page was present). */
    public static final int X86_PF_PROT = 1 << 0;
    /** X86_PF_WRITE: the access was a write. */
    public static final int X86_PF_WRITE = 1 << 1;
    /** X86_PF_USER: the access came from user mode. */
    public static final int X86_PF_USER = 1 << 2;
    /** X86_PF_RSVD: a reserved bit was set in an entry. */
    public static final int X86_PF_RSVD = 1 << 3;
    /** X86_PF_INSTR: the access was an instruction fetch (reported when NX is enabled). */
    public static final int X86_PF_INSTR = 1 << 4;

    public static final long FAULT = 1L << 63;
    /** Set with FAULT for a general-protection fault (non-canonical address), not a page fault. */
    public static final long GP = 1L << 62;

    private final PagingMode mode;
    private final PhysMem mem;
    private final int esize;
    private final int pteLevel;
    private final boolean nxe;
    private final Tlb tlb;
    /**
     * Per level (0 = top): the index shift, the index mask, and whether an entry with PS there is a
     * leaf (PagingMode.largePageAllowed(), always for the pte level), so the walk reads plain arrays
     * instead of asking the mode at every level (TranslateBench walk, 2026-12-07).
     */
    private final int[] shift;
    private final long[] indexMask;
    private final boolean[] psLeaf;
    /** PAE's top level, the PDPT (no RW/US/NX there): level 0 when {@code pdpt}. */
    private final boolean pdpt;
    /**
     * Host side, not the modelled MMU: where the last walk stopped on a not-present entry (root, page,
     * level, the entry's physical address, the rights combined above it); missPage -1 when the last
     * walk did not stop so. See {@link #missLevel} and {@link #retryAfterFault}.
     */
    /**
     * Host side, not the modelled MMU: the walk cache. The pte table of the last walk that reached
     * the pte level from the root (its physical address, the rights combined above it, the region
     * of 2^{@code regionShift} bytes it maps under {@code wcRoot}), valid while none of the upper
     * tables it went through changed: PhysMem watches their frames ({@link PhysMem#watch}), and
     * wcGen is the generation it gave. Such a walk wrote Accessed into every upper entry it used,
     * so a walk from the root would read the same entries, write nothing above the pte and reach
     * the same table with the same rights: starting at the pte level gives the same result,
     * writes and TLB fill. Only with a modelled TLB (TranslateBench's bare walk walks every level).
     * Measured reason: FaultBench, 2026-12-07 (the walk of each fault's TLB miss).
     */
    private final boolean walkCache;
    private final int regionShift;
    private final long[] upper = new long[4];
    private long wcRoot = -1;
    private long wcRegion;
    private long wcTable;
    private long wcGen = -1;
    private boolean wcRw;
    private boolean wcUs;
    private boolean wcNx;
    private long missRoot = -1;
    private long missPage = -1;
    private int missLevel;
    private long missSlot;
    private boolean missRw;
    private boolean missUs;
    private boolean missNx;

    public Mmu(PagingMode mode, PhysMem mem) {
        this(mode, mem, null);
    }

    /** An MMU whose translations go through {@code tlb} (null: every access walks). */
    public Mmu(PagingMode mode, PhysMem mem, Tlb tlb) {
        this.tlb = tlb;
        this.mode = mode;
        this.mem = mem;
        this.esize = mode.entrySize();
        this.pteLevel = mode.pteLevel();
        this.nxe = mode.hasNx();
        int n = mode.levels();
        this.shift = new int[n];
        this.indexMask = new long[n];
        this.psLeaf = new boolean[n];
        for (int level = 0; level < n; level++) {
            shift[level] = Long.numberOfTrailingZeros(mode.entrySpan(level));
            indexMask[level] = mode.entriesPerTable(level) - 1;
            psLeaf[level] = mode.largePageAllowed(level);
        }
        this.pdpt = mode.isPdpt(0);
        this.walkCache = tlb != null && pteLevel >= 1 && pteLevel <= upper.length;
        this.regionShift = shift[Math.max(0, pteLevel - 1)];
    }

    public static boolean isFault(long result) {
        return result < 0;
    }

    public static boolean isGeneralProtection(long result) {
        return result < 0 && (result & GP) != 0;
    }

    /** The X86_PF_* error code of a fault result. */
    public static int errorCode(long result) {
        return (int) (result & 0x1f);
    }

    /**
     * Walks the tables rooted at {@code rootPfn} for {@code vaddr}. Allocation-free.
     *
     * @return the physical address, or FAULT | error code (see the class comment)
     */
    public long translate(long rootPfn, long vaddr, Access access, boolean user) {
        Tlb t = tlb;
        if (t != null) {
            if (t.cr3 != rootPfn) {
                t.switchMm(rootPfn);
            }
            long d = t.lookup(vaddr);
            if (d != 0) {
                // the rights the access needs of the cached entry: US from user mode, RW and D for a write
                long need = (user ? Pte._PAGE_USER : 0)
                        | (access == Access.WRITE ? Pte._PAGE_RW | Pte._PAGE_DIRTY : 0);
                if ((d & need) == need && (access != Access.EXEC || d >= 0)) {
                    t.hits++;
                    return (d & Pte.PTE_PFN_MASK) | (vaddr & 0xfff);
                }
                t.drop(vaddr);
            }
            t.misses++;
        }
        return translateSlowPath(rootPfn, vaddr, access, user);
    }

    /** The page walk (and the TLB refill after a successful one). */
    private long translateSlowPath(long rootPfn, long vaddr, Access access, boolean user) {
        if (!mode.isCanonical(vaddr)) {
            return FAULT | GP;
        }
        missPage = -1;
        if (wcRoot == rootPfn && wcRegion == vaddr >> regionShift && wcGen == mem.watchGen()) {
            return walk(rootPfn, wcTable, pteLevel, wcRw, wcUs, wcNx, vaddr, access, user);
        }
        return walk(rootPfn, rootPfn << PagingMode.PAGE_SHIFT, 0, true, true, false, vaddr, access, user);
    }

    /** Remembers the pte table a walk from the root reached (the walk cache; see {@link #walkCache}). */
    private void cacheWalk(long rootPfn, long vaddr, long table, boolean rw, boolean us, boolean nx) {
        long[] u = upper;
        wcGen = mem.watch(u[0], pteLevel > 1 ? u[1] : -1, pteLevel > 2 ? u[2] : -1, pteLevel > 3 ? u[3] : -1);
        wcRoot = rootPfn;
        wcRegion = vaddr >> regionShift;
        wcTable = table;
        wcRw = rw;
        wcUs = us;
        wcNx = nx;
    }

    /**
     * Where the last walk that met a not-present entry stopped: its level, or -1 when the last walk
     * was not such a one or was for another root or page. Host-side bookkeeping for the fault
     * handler (it allocates tables and writes the pte from there instead of walking again from the
     * pgd, as the kernel's handle_mm_fault() walks once); the modelled MMU keeps no such state.
     */
    public int missLevel(long rootPfn, long vaddr) {
        return missPage == (vaddr & ~0xfffL) && missRoot == rootPfn ? missLevel : -1;
    }

    /** The physical address of the not-present entry where the last faulting walk stopped ({@link #missLevel}). */
    public long missSlot() {
        return missSlot;
    }

    /**
     * {@link #translate} again after the fault handler wrote the pte at {@code pteSlot}, the entry
     * where the walk of the fault stopped, and changed no entry above it: the TLB is asked as
     * always (it misses: a not-present pte is never cached) and the walk resumes at the pte with
     * the rights and Accessed bits of the levels above as that walk left them, which is what a walk
     * from the root finds. The same result, entry updates, TLB fill and hit/miss counts as
     * {@link #translate}; any other case is a full {@link #translate}. Measured reason: FaultBench,
     * 2026-12-07 (the retry's walk was about a seventh of a fault).
     */
    public long retryAfterFault(long rootPfn, long vaddr, Access access, boolean user, long pteSlot) {
        if (missLevel(rootPfn, vaddr) != pteLevel || missSlot != pteSlot) {
            return translate(rootPfn, vaddr, access, user);
        }
        Tlb t = tlb;
        if (t != null) {
            if (t.cr3 != rootPfn) {
                return translate(rootPfn, vaddr, access, user);
            }
            if (t.lookup(vaddr) != 0) {
                return translate(rootPfn, vaddr, access, user); // not after a not-present pte; the general path
            }
            t.misses++;
        }
        missPage = -1;
        return walk(rootPfn, pteSlot & ~0xfffL, pteLevel, missRw, missUs, missNx, vaddr, access, user);
    }

    /**
     * The walk from {@code startLevel}, whose table is at physical address {@code table}, with the
     * rights combined over the levels above it: sets Accessed on every entry it uses and Dirty on
     * the leaf of a write, fills the TLB, and remembers where it stopped on a not-present entry.
     */
    private long walk(long rootPfn, long table, int startLevel, boolean rw, boolean us, boolean nx, long vaddr,
            Access access, boolean user) {
        int err = (user ? X86_PF_USER : 0) | (access == Access.WRITE ? X86_PF_WRITE : 0)
                | (access == Access.EXEC && nxe ? X86_PF_INSTR : 0);
        int esz = esize;
        boolean fromRoot = startLevel == 0 && walkCache;
        for (int level = startLevel; level <= pteLevel; level++) {
            if (fromRoot) {
                if (level == pteLevel) {
                    cacheWalk(rootPfn, vaddr, table, rw, us, nx);
                } else {
                    upper[level] = table >>> PagingMode.PAGE_SHIFT;
                }
            }
            int sh = shift[level];
            long slot = table + ((vaddr >>> sh) & indexMask[level]) * esz;
            long e = esz == 8 ? mem.readLong(slot) : mem.read(slot, esz);
            if ((e & Pte._PAGE_PRESENT) == 0) {
                missRoot = rootPfn;
                missPage = vaddr & ~0xfffL;
                missLevel = level;
                missSlot = slot;
                missRw = rw;
                missUs = us;
                missNx = nx;
                return FAULT | err;
            }
            boolean top = level == 0 && pdpt;
            if (!top) {
                rw &= (e & Pte._PAGE_RW) != 0;
                us &= (e & Pte._PAGE_USER) != 0;
                nx |= nxe && (e & Pte._PAGE_NX) != 0;
            }
            if (level == pteLevel || ((e & Pte._PAGE_PSE) != 0 && psLeaf[level])) {
                if (user && !us) {
                    return FAULT | err | X86_PF_PROT;
                }
                if (access == Access.WRITE && !rw) {
                    return FAULT | err | X86_PF_PROT;
                }
                if (access == Access.EXEC && nx) {
                    return FAULT | err | X86_PF_PROT;
                }
                long ne = e | Pte._PAGE_ACCESSED | (access == Access.WRITE ? Pte._PAGE_DIRTY : 0);
                if (ne != e) {
                    mem.write(slot, esz, ne);
                }
                long span = 1L << sh;
                long frame = (e & Pte.PTE_PFN_MASK) & ~(span - 1);
                long paddr = frame | (vaddr & (span - 1));
                if (tlb != null) {
                    long perms = Pte._PAGE_PRESENT | (rw ? Pte._PAGE_RW : 0) | (us ? Pte._PAGE_USER : 0)
                            | (ne & Pte._PAGE_DIRTY) | (nx ? Pte._PAGE_NX : 0);
                    tlb.fill(vaddr, (paddr & ~0xfffL) | perms, (e & Pte._PAGE_GLOBAL) != 0, slot);
                }
                return paddr;
            }
            if (!top && (e & Pte._PAGE_ACCESSED) == 0) {
                mem.write(slot, esz, e | Pte._PAGE_ACCESSED);
            }
            table = e & Pte.PTE_PFN_MASK;
        }
        throw new AssertionError("unreachable");
    }
}
