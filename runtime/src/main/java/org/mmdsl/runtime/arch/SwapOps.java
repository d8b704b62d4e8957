package org.mmdsl.runtime.arch;

/**
 * What a non-present pte holds (include/linux/swapops.h, arch/x86/include/asm/pgtable_64.h
 * __swp_entry()): a swap entry or a pte marker. Pure functions on pte values, next to {@link Pte}
 * whose bits they avoid; the swap area itself (slots, use counts, contents) is reclaim.SwapArea.
 *
 * <pre>
 *  63 ........................... 12  11  10   9   8   7 ... 1   0
 * +---------------------------------+---+---+---+---+-------+---+
 * | swp_offset (slot + 1)           | 0 | 0 | 0 | 0 |   0   | 0 |  swap entry (type 0)
 * +---------------------------------+---+---+---+---+-------+---+
 * | 0                               | 0 | 1 | 0 | 0 |   0   | 0 |  PTE_MARKER_GUARD
 * +---------------------------------+---+---+---+---+-------+---+
 *  bit 0 is _PAGE_PRESENT, bit 8 _PAGE_PROTNONE (the bit of _PAGE_GLOBAL): clear in both
 * </pre>
 *
 * A swap entry keeps _PAGE_PRESENT and _PAGE_PROTNONE (bit 8, the position of _PAGE_GLOBAL) clear,
 * so it is told from a present pte and from a PROT_NONE one; a non-zero pte with both clear that is
 * not a marker is a swap entry. Offset 0 is the swap area's header (union swap_header), so slot s
 * is stored as offset s + 1 and no swap pte is 0. x86 encodes the type and an inverted offset
 * instead; only the distinctions matter here, and there is one swap area (type 0). The kernel
 * encodes a pte marker as a swap entry of type SWP_PTE_MARKER; this model gives the guard marker bit
 * 10 alone, which no swap entry has. Nothing here allocates: these are on the fault path.
 */
public final class SwapOps {
    private SwapOps() {
    }

    /** Where a swap entry's offset starts (bit 12, PAGE_SHIFT). */
    private static final int SWP_OFFSET_SHIFT = 12;

    /**
     * A PTE_MARKER_GUARD pte marker (include/linux/swapops.h): a non-present pte that
     * MADV_GUARD_INSTALL writes, which faults with SIGSEGV. Here: bit 10 alone.
     */
    public static final long PTE_MARKER_GUARD = 1L << 10;

    /**
     * Mirrors include/linux/swapops.h is_swap_pte() for swap entries only: not present, not
     * PROT_NONE, not empty. Unlike the kernel's, false for a pte marker (see {@link #isGuardMarker}).
     */
    public static boolean isSwapPte(long pte) {
        return pte != 0 && (pte & (Pte._PAGE_PRESENT | Pte._PAGE_GLOBAL)) == 0 && pte != PTE_MARKER_GUARD;
    }

    /** Mirrors include/linux/swapops.h is_guard_pte_marker(). */
    public static boolean isGuardMarker(long pte) {
        return pte == PTE_MARKER_GUARD;
    }

    /** Mirrors swp_entry_to_pte(swp_entry(0, slot + 1)): the pte for swap slot {@code slot}. */
    public static long swpEntryToPte(long slot) {
        return (slot + 1) << SWP_OFFSET_SHIFT;
    }

    /**
     * Mirrors swp_offset(pte_to_swp_entry()): slot + 1, as page 0 of a swap area is its header and
     * the first slot the kernel hands out is offset 1. Does not check that {@code pte} is a swap pte.
     */
    public static long swpOffset(long pte) {
        return pte >>> SWP_OFFSET_SHIFT;
    }

    /** The swap slot of a swap pte (swp_offset() - 1). Does not check that {@code pte} is a swap pte. */
    public static long swpSlot(long pte) {
        return (pte >>> SWP_OFFSET_SHIFT) - 1;
    }
}
