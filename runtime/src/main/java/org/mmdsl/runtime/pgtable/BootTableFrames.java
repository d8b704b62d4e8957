package org.mmdsl.runtime.pgtable;

import org.mmdsl.runtime.pagealloc.FrameAllocator;

/**
 * The frames of page tables built before the page allocator exists: taken one after the other from a
 * first pfn and never given back, as the boot code takes them (6.1's mk_early_pgtbl_32() from the
 * image's brk area, 2.6.24's head_32.S from pg0 right after _end). Used by {@link EarlyPageTables} and
 * {@link HeadPageTables26}; it does not check that the frames it hands out are free RAM.
 */
final class BootTableFrames implements FrameAllocator {
    private final String neverFreed;
    private long next;

    /**
     * @param firstPfn   the first frame handed out
     * @param neverFreed what a free attempt says (such tables are never freed one by one)
     */
    BootTableFrames(long firstPfn, String neverFreed) {
        this.next = firstPfn;
        this.neverFreed = neverFreed;
    }

    @Override
    public long allocPages(int gfp, int order) {
        long pfn = next;
        next += 1L << order;
        return pfn;
    }

    @Override
    public void freePages(long pfn, int order) {
        throw new UnsupportedOperationException(neverFreed);
    }
}
