package org.mmdsl.runtime.reclaim;

import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.SwapInfo;
import org.mmdsl.runtime.vma.Vma;

/**
 * One swap area (mm/swapfile.c struct swap_info_struct): {@code nrPages} slots, a use count per
 * slot (swap_map: one per pte holding the entry) and the stored page contents (sparse: a page
 * that was all zeroes stores nothing).
 *
 * <p>How a slot is written into a pte (swp_entry_to_pte() and the pte markers) is
 * {@link SwapOps}, next to the pte's bits (include/linux/swapops.h).
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
