package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The page cache's radix tree answers as a sorted map of index to pfn would, at any height. */
class PageCacheTest {

    @Test
    void randomStoresErasesAndFindsAgreeWithASortedMap() {
        Random rnd = new Random(11);
        for (int round = 0; round < 50; round++) {
            PageCache pc = new PageCache();
            TreeMap<Long, Long> ref = new TreeMap<>();
            // indices from dense (below 200) to a 16 TiB object's 2^32 pages and beyond
            long span = round % 3 == 0 ? 200 : round % 3 == 1 ? 1L << 32 : 1L << 50;
            for (int op = 0; op < 400; op++) {
                long index = (rnd.nextLong() >>> 1) % span;
                if (rnd.nextInt(4) == 0 && !ref.isEmpty()) {
                    Long k = ref.ceilingKey(index);
                    index = k == null ? ref.firstKey() : k;
                    pc.set(index, -1);
                    ref.remove(index);
                } else {
                    long pfn = rnd.nextInt(1 << 20);
                    pc.set(index, pfn);
                    ref.put(index, pfn);
                }
                long probe = (rnd.nextLong() >>> 1) % span;
                assertEquals(ref.getOrDefault(probe, -1L), pc.get(probe));
                Long next = ref.ceilingKey(probe);
                assertEquals(next == null ? -1 : next, pc.next(probe));
                assertEquals(ref.size(), pc.count());
            }
            long i = pc.next(0);
            for (Map.Entry<Long, Long> e : ref.entrySet()) {
                assertEquals(e.getKey(), i);
                assertEquals(e.getValue(), pc.get(i));
                i = pc.next(i + 1);
            }
            assertEquals(-1, i);
        }
    }

    @Test
    void anEmptyCacheAndIndicesAboveTheTreeHaveNoPage() {
        PageCache pc = new PageCache();
        assertEquals(-1, pc.get(0));
        assertEquals(-1, pc.next(0));
        pc.set(5, 42);
        assertEquals(-1, pc.get(1L << 40));
        assertEquals(-1, pc.next(6));
        assertEquals(5, pc.next(0));
        pc.set(Long.MAX_VALUE, 9);
        assertEquals(9, pc.get(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, pc.next(6));
    }
}
