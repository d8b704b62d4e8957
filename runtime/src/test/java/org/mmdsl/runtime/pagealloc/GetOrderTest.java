package org.mmdsl.runtime.pagealloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.uapi.KernelFeature;
import org.mmdsl.runtime.uapi.KernelVersion;

/** get_order() as include/asm-generic/getorder.h computes it; the 6.7 gates read the feature table. */
class GetOrderTest {

    @Test
    void getOrderIsTheSmallestOrderThatHoldsTheSize() {
        // size        order
        long[][] rows = {
            {0, 0}, // undefined in the kernel
            {1, 0}, {4096, 0}, {4097, 1}, {8192, 1}, {8193, 2}, {16384, 2},
            {2L << 20, 9}, {(2L << 20) + 1, 10}, {4L << 20, 10},
            {-1L, 52}, // unsigned: ULONG_MAX
        };
        for (long[] r : rows) {
            assertEquals(r[1], GetOrder.getOrder(r[0]), "get_order(0x" + Long.toHexString(r[0]) + ")");
        }
    }

    @Test
    void theSixSevenGatesAreInTheTable() {
        assertEquals(true, KernelVersion.V6_18.has(KernelFeature.MAP_STACK_NOHUGEPAGE));
        assertEquals(false, KernelVersion.V6_1.has(KernelFeature.MAP_STACK_NOHUGEPAGE));
        assertEquals(false, KernelVersion.V2_6.has(KernelFeature.MAP_STACK_NOHUGEPAGE));
        assertEquals(true, KernelVersion.V6_18.has(KernelFeature.SEAL_WRITE_READONLY_SHARED_MAP));
        assertEquals(false, KernelVersion.V6_1.has(KernelFeature.SEAL_WRITE_READONLY_SHARED_MAP));
    }
}
