package org.mmdsl.runtime.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class PhysMemTest {
    @Test
    void sparseStoreSurvivesRehashAndDeletion() {
        PhysMem mem = new PhysMem();
        for (long pfn = 0; pfn < 1000; pfn += 3) {
            mem.write(pfn << 12 | 8, 8, pfn * 0x0101010101L);
        }
        for (long pfn = 0; pfn < 1000; pfn += 6) {
            mem.zeroFrame(pfn);
        }
        for (long pfn = 0; pfn < 1000; pfn++) {
            long want = pfn % 3 == 0 && pfn % 6 != 0 ? pfn * 0x0101010101L : 0;
            assertEquals(want, mem.read(pfn << 12 | 8, 8), "pfn " + pfn);
        }
        assertFalse(mem.hasContents(6));
        mem.copyFrame(2000, 3);
        assertEquals(3 * 0x0101010101L, mem.read(2000L << 12 | 8, 8));
        assertEquals(0x03, mem.readByte(2000L << 12 | 8));
    }
}
