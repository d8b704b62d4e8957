package org.mmdsl.runtime.vma;

/**
 * What an address space's page allocations need of reclaim, as a hook: the user-page allocation
 * slow path (mm/page_alloc.c __alloc_pages_slowpath(): direct reclaim, then the OOM killer), the
 * kswapd wakeup after an allocation (wakeup_kswapd()) and a page-cache refault
 * (mm/workingset.c workingset_refault()). {@code reclaim.Reclaim} implements it and the
 * {@code Kernel} hangs it on every mm it makes ({@link MmStruct#reclaim}); this package does not
 * depend on {@code reclaim}.
 *
 * <p>Neighbours: the fault path that calls it is {@code fault.FaultHandler}; the swap area the
 * mm's ptes point into is {@link SwapInfo}.
 */
public interface ReclaimHook {
    /**
     * __alloc_pages_slowpath() for a user page the allocator refused, in the task {@code pid}
     * whose address space is {@code current}: direct reclaim, then out_of_memory().
     *
     * @return true when memory was freed and the caller should retry; false when the faulting
     *     process itself was chosen or nothing could be done
     */
    boolean slowpath(MmStruct current, int pid);

    /** After a user page allocation with {@code gfp}: wakeup_kswapd() below the low watermark. */
    void allocated(int gfp);

    /** How often kswapd ran since boot (a fault that woke it may have changed page tables). */
    long kswapdRuns();

    /**
     * A page-cache miss found a shadow entry: the page reclaim evicted at {@code evictionAge}
     * comes back in {@code pfn} (workingset_refault()).
     */
    void refaulted(long pfn, long evictionAge);
}
