package org.mmdsl.runtime.reclaim;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.SwapInfo;
import org.mmdsl.runtime.vma.Vma;

/**
 * One swap area (mm/swapfile.c struct swap_info_struct): {@code nrPages} slots, a use count per
 * slot (swap_map: one per pte holding the entry) and the stored page contents (sparse: a page
 * that was all zeroes stores nothing).
 *
 * <p>A swap entry lives in a pte that is neither present nor PROT_NONE. This model encodes slot
 * s as {@code (s + 1) << 12}: bit 0 (_PAGE_PRESENT) and bit 8 (_PAGE_PROTNONE) stay clear, and a
 * non-zero pte with both clear is a swap entry (x86 encodes type and an inverted offset instead;
 * only the distinction matters here).
 */
public final class SwapArea implements SwapInfo {
    private static final int WORDS = 512;
    private final int[] swapMap;
    private final long[][] data;
    private long used;
    private int lowestFree;

    public SwapArea(long sizeBytes) {
        int n = (int) Math.min(Integer.MAX_VALUE - 8, sizeBytes >>> 12);
        swapMap = new int[n];
        data = new long[n][];
    }

    /** Slots in the area (SwapTotal / 4 KiB). */
    public long pages() {
        return swapMap.length;
    }

    /** Slots in use (SwapTotal - SwapFree, in pages). */
    public long usedPages() {
        return used;
    }

    /**
     * A PTE_MARKER_GUARD pte marker (include/linux/swapops.h; the kernel encodes markers as swap
     * entries of type SWP_PTE_MARKER): a non-present pte that MADV_GUARD_INSTALL writes, which
     * faults with SIGSEGV. Here: bit 10 alone, which no swap entry ({@code (s + 1) << 12}) has.
     */
    public static final long PTE_MARKER_GUARD = 1L << 10;

    /** True for a pte holding a swap entry (not present, not PROT_NONE, not empty, not a marker). */
    public static boolean isSwapPte(long pte) {
        return pte != 0 && (pte & (Pte._PAGE_PRESENT | Pte._PAGE_GLOBAL)) == 0 && pte != PTE_MARKER_GUARD;
    }

    /** True for a guard-region pte marker (is_guard_pte_marker()). */
    public static boolean isGuardMarker(long pte) {
        return pte == PTE_MARKER_GUARD;
    }

    /** The pte for slot {@code slot} (swp_entry_to_pte()). */
    public static long pte(long slot) {
        return (slot + 1) << 12;
    }

    /**
     * The swp_offset() of a swap pte: slot + 1, as page 0 of a swap area is its header
     * (union swap_header) and the first slot the kernel hands out is offset 1. The type is always 0
     * (one swap area).
     */
    public static long offset(long pte) {
        return pte >>> 12;
    }

    /** The slot of a swap pte (pte_to_swp_entry()). */
    public static long slot(long pte) {
        return (pte >>> 12) - 1;
    }

    /**
     * Mirrors get_swap_pages() for one page: the lowest free slot, with use count 1.
     *
     * @return the slot, or -1 when the area is full
     */
    public long allocSlot() {
        for (int i = lowestFree; i < swapMap.length; i++) {
            if (swapMap[i] == 0) {
                swapMap[i] = 1;
                used++;
                lowestFree = i + 1;
                return i;
            }
        }
        return -1;
    }

    /** Mirrors swap_duplicate(): one more pte holds the entry (fork copies it). */
    public void dup(long slot) {
        assert swapMap[(int) slot] > 0 : "swap_duplicate of a free slot";
        swapMap[(int) slot]++;
    }

    /** Mirrors swap_free(): a pte let go of the entry; the last one frees the slot and its data. */
    public void free(long slot) {
        int i = (int) slot;
        assert swapMap[i] > 0 : "swap_free of a free slot";
        if (--swapMap[i] == 0) {
            data[i] = null;
            used--;
            lowestFree = Math.min(lowestFree, i);
        }
    }

    /** The use count of a slot (swap_count()). */
    public int count(long slot) {
        return swapMap[(int) slot];
    }

    /** swap_writepage(): stores the page's 512 words (null: all zero). */
    public void write(long slot, long[] words) {
        data[(int) slot] = words;
    }

    /** swap_read_folio(): the stored words, or null for a zero page. */
    public long[] read(long slot) {
        return data[(int) slot];
    }

    /** Mirrors reclaim_pages() for MADV_PAGEOUT into this area: {@link Vmscan#pageoutRange}. */
    @Override
    public long pageout(MmStruct mm, Vma vma, long start, long end) {
        return Vmscan.pageoutRange(mm, vma, start, end);
    }

    /** Words per page. */
    public static int words() {
        return WORDS;
    }
}
