package org.mmdsl.runtime.pagealloc;

/**
 * What the rest of the runtime needs from the page allocator: frames by order and GFP mask.
 * The buddy allocator in this package implements it; tests may supply a simpler one.
 */
public interface FrameAllocator {

    /**
     * Mirrors mm/page_alloc.c alloc_pages(): 2^order contiguous frames from the zonelist the GFP
     * mask selects. With __GFP_ZERO the frames' contents read as zero. Sets the head frame's
     * refcount to 1.
     *
     * @return the first pfn, or -1 when no zone the mask allows can satisfy the request
     *     (the allocator emits the failure as an event; it never throws)
     */
    long allocPages(int gfp, int order);

    /**
     * The fast path's get_page_from_freelist() alone: as {@link #allocPages}, but a failure emits
     * nothing, because the caller's __alloc_pages_slowpath() goes on (direct reclaim, the OOM killer)
     * and warn_alloc() prints "page allocation failure" only when that gives up (its nopage label).
     * Does not reclaim.
     */
    default long tryAllocPages(int gfp, int order) {
        return allocPages(gfp, order);
    }

    /**
     * Mirrors __alloc_pages(gfp, order, preferred_nid, nodemask) as mm/mempolicy.c calls it: the
     * zonelist of {@code preferredNid}, only the nodes of {@code nodemask} (a bit per node, -1 for
     * all); {@code localNid} is the asking CPU's node; {@code interleave} counts numa_interleave when
     * the page lands on the preferred node (alloc_page_interleave()). {@code warn}: as
     * {@link #allocPages}, else as {@link #tryAllocPages}. An allocator without nodes ignores them.
     */
    default long allocPagesNode(int gfp, int order, int preferredNid, long nodemask, int localNid, boolean interleave,
            boolean warn) {
        return warn ? allocPages(gfp, order) : tryAllocPages(gfp, order);
    }

    /** Mirrors __free_pages(): drops the reference taken by {@link #allocPages}; frees at zero. */
    void freePages(long pfn, int order);
}
