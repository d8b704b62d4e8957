package org.mmdsl.runtime.arch;

/**
 * The x86 paging modes Linux runs in, with the level names the kernel uses for them.
 *
 * <p>The kernel always speaks of five levels (pgd, p4d, pud, pmd, pte) and folds the ones a mode
 * lacks (include/asm-generic/pgtable-nopmd.h, pgtable-nopud.h, pgtable-nop4d.h): a folded level
 * has one entry that is the entry of the level above. Only real levels are listed here.
 *
 * <pre>
 *   mode        levels (top first)        index bits     entry  NX   large pages
 *   TWO_LEVEL   pgd(pmd,pud,p4d folded) pte  10 10 +12   4 B    no   4 MiB (PSE, pgd level)
 *   PAE         pgd(=PDPT) pmd pte          2  9  9 +12  8 B    yes  2 MiB (pmd level)
 *   FOUR_LEVEL  pgd pud pmd pte (p4d folded) 9 9 9 9 +12 8 B    yes  1 GiB (pud), 2 MiB (pmd)
 *   FIVE_LEVEL  pgd p4d pud pmd pte          9 9 9 9 9 +12 8 B  yes  1 GiB (pud), 2 MiB (pmd)
 * </pre>
 * Level numbers in this API count from 0 = the top (the table CR3 points to).
 */
public enum PagingMode {
    TWO_LEVEL(new int[] {22, 12}, new int[] {10, 10}, 4, false, new String[] {"pgd", "pte"}, 32),
    PAE(new int[] {30, 21, 12}, new int[] {2, 9, 9}, 8, true, new String[] {"pgd", "pmd", "pte"}, 32),
    FOUR_LEVEL(new int[] {39, 30, 21, 12}, new int[] {9, 9, 9, 9}, 8, true,
            new String[] {"pgd", "pud", "pmd", "pte"}, 48),
    FIVE_LEVEL(new int[] {48, 39, 30, 21, 12}, new int[] {9, 9, 9, 9, 9}, 8, true,
            new String[] {"pgd", "p4d", "pud", "pmd", "pte"}, 57);

    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final long PAGE_MASK = ~(PAGE_SIZE - 1);

    /** Mirrors include/linux/mm.h PAGE_ALIGN(): rounds up to a page; wraps to 0 at the top of the address space. */
    public static long pageAlign(long addr) {
        return (addr + PAGE_SIZE - 1) & PAGE_MASK;
    }

    /** Mirrors include/linux/mm.h PAGE_ALIGN_DOWN(): the start of the page holding {@code addr}. */
    public static long pageAlignDown(long addr) {
        return addr & PAGE_MASK;
    }

    private final int[] shifts;
    private final int[] indexBits;
    private final int entrySize;
    private final boolean nx;
    private final String[] names;
    /** Width of a virtual address: 32, or 48/57 bits before sign extension. */
    public final int vaBits;

    PagingMode(int[] shifts, int[] indexBits, int entrySize, boolean nx, String[] names, int vaBits) {
        this.shifts = shifts;
        this.indexBits = indexBits;
        this.entrySize = entrySize;
        this.nx = nx;
        this.names = names;
        this.vaBits = vaBits;
    }

    /** Number of real (not folded) levels. */
    public int levels() {
        return shifts.length;
    }

    /** PTRS_PER_PGD / PTRS_PER_PMD / ... for a level. */
    public int entriesPerTable(int level) {
        return 1 << indexBits[level];
    }

    /** sizeof(pte_t): 4 without PAE, 8 with PAE and in long mode. */
    public int entrySize() {
        return entrySize;
    }

    /** True when the entries have an NX bit (bit 63): PAE and long mode with EFER.NXE. */
    public boolean hasNx() {
        return nx;
    }

    /** The kernel's name of a level: "pgd", "p4d", "pud", "pmd", "pte". */
    public String levelName(int level) {
        return names[level];
    }

    /** Index of {@code vaddr} in a table of {@code level} (pgd_index(), pmd_index(), pte_index()). */
    public int index(long vaddr, int level) {
        return (int) ((vaddr >>> shifts[level]) & ((1L << indexBits[level]) - 1));
    }

    /** Bytes one entry of {@code level} covers (PGDIR_SIZE, PMD_SIZE, PAGE_SIZE). */
    public long entrySpan(int level) {
        return 1L << shifts[level];
    }

    /**
     * True when an entry at {@code level} may map a large page with _PAGE_PSE: the pgd of
     * 2-level paging (4 MiB with CR4.PSE), pmd (2 MiB) and, in long mode, pud (1 GiB).
     * PAE's pgd (the PDPT) has no PS bit.
     */
    public boolean largePageAllowed(int level) {
        if (level == levels() - 1) {
            return false;
        }
        int s = shifts[level];
        return s == 22 || s == 21 || (s == 30 && this != PAE);
    }

    /** True for PAE's top level: the four PDPTEs, where everything but P, PWT, PCD is reserved. */
    public boolean isPdpt(int level) {
        return this == PAE && level == 0;
    }

    /** The index of the pte level. */
    public int pteLevel() {
        return levels() - 1;
    }

    /** Mirrors __is_canonical_address(): bits above vaBits-1 are copies of bit vaBits-1. */
    public boolean isCanonical(long vaddr) {
        if (vaBits == 32) {
            return (vaddr >>> 32) == 0;
        }
        int sh = 64 - vaBits;
        return ((vaddr << sh) >> sh) == vaddr;
    }
}
