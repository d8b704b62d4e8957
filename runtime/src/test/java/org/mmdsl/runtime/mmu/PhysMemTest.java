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

    @Test
    void smallFramesKeepWordsAndTurnFullOnTheNinth() {
        PhysMem mem = new PhysMem();
        long base = 0x1234L << 12;
        // unaligned 4-byte store across an 8-byte word boundary, and single bytes
        mem.write(base + 6, 4, 0xAABBCCDDL);
        assertEquals(0xAABBCCDDL, mem.read(base + 6, 4));
        assertEquals(0xCCDDL, mem.read(base + 6, 2));
        assertEquals(0xAABBL, mem.read(base + 8, 2));
        assertEquals(0, mem.read(base + 10, 6));
        mem.writeByte(base + 4095, 0x7f);
        assertEquals(0x7f, mem.readByte(base + 4095));
        assertEquals(0, mem.fullFrames(), "three words: still small");
        for (int w = 0; w < 8; w++) {
            mem.write(base + 1024 + 8L * w, 8, 0x1111111111111111L * (w + 1));
        }
        assertEquals(1, mem.fullFrames(), "more than 8 distinct words: a full image");
        assertEquals(0xAABBCCDDL, mem.read(base + 6, 4), "earlier words survive the conversion");
        assertEquals(0x7f, mem.readByte(base + 4095));
        assertEquals(0x8888888888888888L, mem.read(base + 1024 + 56, 8));
    }

    @Test
    void copyAndZeroOfSmallAndFullFrames() {
        PhysMem mem = new PhysMem();
        mem.write(10L << 12 | 16, 4, 42);
        mem.copyFrame(11, 10);
        assertEquals(42, mem.read(11L << 12 | 16, 4));
        mem.write(11L << 12 | 16, 4, 7);
        assertEquals(42, mem.read(10L << 12 | 16, 4), "the copy is independent");
        mem.fillFrame(12, 'A', 0, 4096);
        mem.copyFrame(13, 12);
        assertEquals(0x41414141L, mem.read(13L << 12 | 100, 4));
        mem.zeroFrame(13);
        assertEquals(0, mem.read(13L << 12 | 100, 4));
        assertFalse(mem.hasContents(13));
        mem.copyFrame(10, 99);
        assertFalse(mem.hasContents(10), "copying an untouched frame leaves zeroes");
    }

    @Test
    void framesAcrossChunksAndAboveTheDirectoryKeepTheirWords() {
        PhysMem mem = new PhysMem();
        long last = (PhysMem.DIRECT_CHUNKS << PhysMem.CHUNK_SHIFT) - 1; // the top pfn the directory holds
        long[] pfns = {0, PhysMem.CHUNK - 1, PhysMem.CHUNK, 0xfee00, last, last + 1, 1L << 38, (1L << 38) + 1};
        for (int i = 0; i < pfns.length; i++) {
            mem.write(pfns[i] << 12 | 0xff8, 8, 0x1000 + i);
        }
        for (int i = 0; i < pfns.length; i++) {
            assertEquals(0x1000 + i, mem.read(pfns[i] << 12 | 0xff8, 8), "pfn 0x" + Long.toHexString(pfns[i]));
            assertEquals(0, mem.read(pfns[i] << 12, 8));
        }
        assertFalse(mem.hasContents(2 * PhysMem.CHUNK), "an unwritten frame in an unwritten chunk");
        assertFalse(mem.hasContents(1L << 39), "an unwritten frame above the directory");
        mem.copyFrame(last + 2, 0);
        mem.zeroFrame(1L << 38);
        assertEquals(0x1000, mem.read((last + 2) << 12 | 0xff8, 8), "copied into a hashed chunk");
        assertFalse(mem.hasContents(1L << 38));
        assertEquals(0x1007, mem.read(((1L << 38) + 1) << 12 | 0xff8, 8), "its neighbour keeps its word");
    }
}
