package org.mmdsl.runtime.testing;

import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;

/** A test allocator: order-0 frames from a free stack over [firstPfn, memMap.size()); refcount 1 on alloc. */
public final class SimpleFrameAllocator implements FrameAllocator {
    private final MemMap memMap;
    private final long[] free;
    private int nrFree;

    public SimpleFrameAllocator(MemMap memMap, long firstPfn) {
        this.memMap = memMap;
        free = new long[memMap.size()];
        for (long p = memMap.size() - 1; p >= firstPfn; p--) {
            free[nrFree++] = p;
        }
    }

    @Override
    public long allocPages(int gfp, int order) {
        if (order != 0) {
            throw new UnsupportedOperationException("test allocator hands out order-0 frames only");
        }
        if (nrFree == 0) {
            return -1;
        }
        long pfn = free[--nrFree];
        memMap.setRefcount(pfn, 1);
        return pfn;
    }

    @Override
    public void freePages(long pfn, int order) {
        if (memMap.putTestZero(pfn) == 0) {
            memMap.clear(pfn, -1);
            free[nrFree++] = pfn;
        }
    }

    public int nrFree() {
        return nrFree;
    }
}
