package org.mmdsl.runtime.vma;

/**
 * The swap area as an address space reaches it (mm/swapfile.c struct swap_info_struct): a use
 * count per slot (swap_map) and the stored page contents. {@code reclaim.SwapArea} implements it
 * and the {@code Kernel} (or a test) hangs it on an mm ({@link MmStruct#swap}); this package does
 * not depend on {@code reclaim}. The encoding of a swap entry in a pte is not here.
 *
 * <p>Neighbours: the allocation slow path is {@link ReclaimHook}.
 */
public interface SwapInfo {
    /** Slots in the area (SwapTotal / 4 KiB). */
    long pages();

    /** Slots in use (SwapTotal - SwapFree, in pages). */
    long usedPages();

    /**
     * Mirrors get_swap_pages() for one page: the lowest free slot, with use count 1.
     *
     * @return the slot, or -1 when the area is full
     */
    long allocSlot();

    /** Mirrors swap_duplicate(): one more pte holds the entry (fork copies it). */
    void dup(long slot);

    /** Mirrors swap_free(): a pte let go of the entry; the last one frees the slot and its data. */
    void free(long slot);

    /** The use count of a slot (swap_count()). */
    int count(long slot);

    /** swap_writepage(): stores the page's 512 words (null: all zero). */
    void write(long slot, long[] words);

    /** swap_read_folio(): the stored words, or null for a zero page. */
    long[] read(long slot);

    /**
     * Mirrors mm/vmscan.c reclaim_pages() as madvise_pageout() calls it: the anonymous pages of
     * [start, end) in {@code vma} that only this pte maps go to this area. Does not touch file
     * pages or pages mapped elsewhere.
     *
     * @return the pages swapped out
     */
    long pageout(MmStruct mm, Vma vma, long start, long end);
}
