package org.mmdsl.runtime.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The memmap's chunks: implicit words until a frame is changed, then 8 B per frame of the chunk. */
class SparseMemMapTest {
    private static final int CHUNK = MemMap.chunkFrames();

    @Test
    void bootRangesChangeImplicitWordsOnly() {
        MemMap m = new MemMap(64 * CHUNK + 100);
        m.initReservedRange(0, m.size(), 2, false);
        assertEquals(1, m.materialisedChunks(), "only the partial last chunk holds words");
        assertEquals(MemMap.PG_reserved, m.flags(5 * CHUNK + 17));
        assertEquals(1, m.refcount(5 * CHUNK + 17));
        assertEquals(2, m.zone(5 * CHUNK + 17));
        m.releaseBootRange(CHUNK, 9 * CHUNK);
        assertEquals(1, m.materialisedChunks());
        assertEquals(0, m.flags(CHUNK + 3));
        assertEquals(0, m.refcount(CHUNK + 3));
        assertEquals(2, m.zone(CHUNK + 3));
        assertEquals(MemMap.PG_reserved, m.flags(9 * CHUNK), "the frame after the range is still reserved");
        assertEquals(8 * CHUNK, m.countFlags(0, m.size(), MemMap.PG_reserved, 0));
    }

    @Test
    void aFreeHeadAtAChunksFirstFrameAndItsLinksNeedNoWords() {
        MemMap m = new MemMap(4 * CHUNK);
        m.initReservedRange(0, m.size(), 1, false);
        m.releaseBootRange(0, m.size());
        m.setBuddy(CHUNK, 10);
        m.setFreeNext(CHUNK, 2 * CHUNK);
        m.setFreePrev(CHUNK, 3 * CHUNK);
        assertEquals(0, m.materialisedChunks());
        assertTrue(m.isBuddy(CHUNK));
        assertEquals(10, m.order(CHUNK));
        assertEquals(1, m.zone(CHUNK));
        assertEquals(2 * CHUNK, m.freeNext(CHUNK));
        assertEquals(3 * CHUNK, m.freePrev(CHUNK));
        assertFalse(m.isBuddy(CHUNK + 1));
        m.clearBuddy(CHUNK);
        assertEquals(0, m.materialisedChunks(), "back to the implicit free word");
        assertEquals(0, m.flags(CHUNK));
    }

    @Test
    void aWriteMaterialisesItsChunkWithTheWordsItAnswered() {
        MemMap m = new MemMap(4 * CHUNK);
        m.initReservedRange(0, m.size(), 1, false);
        m.releaseBootRange(0, m.size());
        m.setBuddy(2 * CHUNK, 10);
        m.setFreeNext(2 * CHUNK, 2 * CHUNK);
        m.setFreePrev(2 * CHUNK, 2 * CHUNK);
        // expand(): the upper half of the block goes back on a list, a free head inside the chunk
        m.setBuddy(2 * CHUNK + 512, 9);
        m.setFreeNext(2 * CHUNK + 512, 2 * CHUNK);
        m.setFreePrev(2 * CHUNK + 512, 7);
        assertEquals(1, m.materialisedChunks());
        assertTrue(m.isBuddy(2 * CHUNK), "the head at the first frame moved into the chunk's words");
        assertEquals(10, m.order(2 * CHUNK));
        assertEquals(2 * CHUNK, m.freeNext(2 * CHUNK));
        assertEquals(2 * CHUNK, m.freeNext(2 * CHUNK + 512));
        assertEquals(7, m.freePrev(2 * CHUNK + 512));
        assertEquals(9, m.order(2 * CHUNK + 512));
        assertEquals(1, m.zone(2 * CHUNK + 700));
        // nothing else was touched: walks skip the other chunks
        m.set(2 * CHUNK + 3, MemMap.PG_lru);
        assertEquals(2 * CHUNK, m.nextTouched(0, MemMap.PG_lru));
        assertEquals(2 * CHUNK + 3, m.nextTouched(2 * CHUNK + 3, MemMap.PG_lru));
        assertEquals(m.size(), m.nextTouched(3 * CHUNK, MemMap.PG_lru));
        assertEquals(1, m.countFlags(0, m.size(), MemMap.PG_lru, MemMap.PG_lru));
    }
}
