package org.mmdsl.runtime.pagealloc;

import org.mmdsl.runtime.arch.PagingMode;

/**
 * include/asm-generic/getorder.h: the buddy order an allocation of a size takes. The slab's
 * kmalloc_large() and slab sizing use it (slab), so do the editor's size views.
 *
 * <pre>
 *   size     1..4096  4097..8192  8193..16384  ...  2 MiB
 *   order    0        1           2                 9
 * </pre>
 */
public final class GetOrder {
    private GetOrder() {
    }

    /**
     * Mirrors include/asm-generic/getorder.h get_order(): fls((size - 1) &gt;&gt; PAGE_SHIFT), the
     * smallest order whose 2^order pages hold {@code size} bytes (size unsigned). Does not cap at
     * MAX_ORDER: the caller decides whether one buddy allocation can have it. The kernel leaves
     * size 0 undefined; here it is order 0.
     */
    public static int getOrder(long size) {
        if (size == 0) {
            return 0;
        }
        return Long.SIZE - Long.numberOfLeadingZeros((size - 1) >>> PagingMode.PAGE_SHIFT);
    }
}
