package org.mmdsl.runtime.arch;

/**
 * The x86 page-table entry (arch/x86/include/asm/pgtable_types.h). One layout serves every level
 * and every mode; a 2-level entry is the low 32 bits (no NX, frame in bits 31..12).
 *
 * <pre>
 *  63  62..52   51 ........... 12  11..9  8   7       6   5   4    3    2   1   0
 * +---+-------+------------------+------+---+-------+---+---+----+----+---+---+---+
 * |NX | avail |  frame (pfn)     |avail | G |PS/PAT | D | A |PCD |PWT |US |RW | P |
 * +---+-------+------------------+------+---+-------+---+---+----+----+---+---+---+
 *  NX  no execute (PAE/long mode only; reserved at PAE's PDPT)
 *  PS  in a pgd/pmd/pud entry: maps a large page; in a pte: PAT
 *  G   global: survives a CR3 switch (kernel mappings)
 *  D   dirty, set by the CPU on a write through a leaf entry
 *  A   accessed, set by the CPU on every level it walks
 *  US  user may access (all levels must allow); RW writable (all levels must allow)
 * </pre>
 */
public final class Pte {
    private Pte() {
    }

    public static final long _PAGE_PRESENT = 1L << 0;
    public static final long _PAGE_RW = 1L << 1;
    public static final long _PAGE_USER = 1L << 2;
    public static final long _PAGE_PWT = 1L << 3;
    public static final long _PAGE_PCD = 1L << 4;
    public static final long _PAGE_ACCESSED = 1L << 5;
    public static final long _PAGE_DIRTY = 1L << 6;
    public static final long _PAGE_PSE = 1L << 7;
    public static final long _PAGE_PAT = 1L << 7;
    public static final long _PAGE_GLOBAL = 1L << 8;
    /**
     * _PAGE_SPECIAL (_PAGE_BIT_SOFTW1, bit 9, ignored by the MMU): pte_special(), a pfn with no
     * struct page to account (remap_pfn_range() writes it; vm_normal_page() returns NULL for it).
     */
    public static final long _PAGE_SPECIAL = 1L << 9;
    public static final long _PAGE_NX = 1L << 63;

    /** Frame bits: 51..12 (__PHYSICAL_MASK_SHIFT 52). A 2-level entry only has 31..12. */
    public static final long PTE_PFN_MASK = 0x000f_ffff_ffff_f000L;

    /** _PAGE_TABLE: a user page-table page's entry in the level above. */
    public static final long _PAGE_TABLE = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;
    /** _KERNPG_TABLE: a kernel page-table page's entry in the level above. */
    public static final long _KERNPG_TABLE = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
    /** __PAGE_KERNEL without NX (the caller adds _PAGE_NX where the mode has it). */
    public static final long __PAGE_KERNEL_EXEC = _PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED
            | _PAGE_GLOBAL;

    public static boolean present(long entry) {
        return (entry & _PAGE_PRESENT) != 0;
    }

    public static boolean writable(long entry) {
        return (entry & _PAGE_RW) != 0;
    }

    public static boolean large(long entry) {
        return (entry & _PAGE_PSE) != 0;
    }

    /** The frame an entry points to (pte_pfn(), pmd_pfn()). */
    public static long pfn(long entry) {
        return (entry & PTE_PFN_MASK) >>> PagingMode.PAGE_SHIFT;
    }

    /** Mirrors pte_special(). */
    public static boolean special(long entry) {
        return (entry & _PAGE_SPECIAL) != 0;
    }

    /** Mirrors pfn_pte(): an entry for {@code pfn} with protection bits {@code prot}. */
    public static long make(long pfn, long prot) {
        return (pfn << PagingMode.PAGE_SHIFT) | prot;
    }

    /**
     * The flag bits of an entry with the names of the Intel SDM and pgtable_types.h's _PAGE_BIT_*:
     * "P RW US A D" (P _PAGE_BIT_PRESENT 0, RW 1, US _PAGE_BIT_USER 2, PWT 3, PCD 4, A _PAGE_BIT_ACCESSED 5,
     * D _PAGE_BIT_DIRTY 6, PS _PAGE_BIT_PSE 7 above the pte level and PAT _PAGE_BIT_PAT 7 in a pte,
     * G _PAGE_BIT_GLOBAL 8, SPECIAL _PAGE_BIT_SPECIAL 9 (software, pte level), NX _PAGE_BIT_NX 63 where the
     * mode has it). Only set bits are named; "-" when none is. Does not tell a non-present entry's
     * contents (a swap entry or a marker): those bits mean something else (see {@link SwapOps}).
     */
    public static String flagNames(long entry, PagingMode mode, boolean pteLevel) {
        StringBuilder sb = new StringBuilder();
        for (PteFlag f : PteFlag.of(entry, mode, pteLevel)) {
            sb.append(sb.length() == 0 ? "" : " ").append(f.sdmName);
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
