package org.mmdsl.runtime.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * 2.6.24 head_32.S default_entry: tables from pg0 until INIT_MAP_BEYOND_END bytes past their own end
 * are mapped, at 0 and at PAGE_OFFSET, with PRESENT+RW+USER (0x007).
 */
class HeadPageTables26Test {

    private static final List<PtDump.Marker> MARKERS = List.of(new PtDump.Marker(0, "User Space"),
            new PtDump.Marker(0xc0000000L, "Kernel Mapping"));

    @Test
    void initMapBeyondEndLeavesRoomForTheBitmapAndAllLowmemTables() {
        // 128 KB of bitmap + (1024 + 4) pages; PAE: 128 KB + (2052 + 4) pages
        assertEquals(0x424000L, HeadPageTables26.initMapBeyondEnd(false));
        assertEquals(0x828000L, HeadPageTables26.initMapBeyondEnd(true));
    }

    @Test
    void theModelsImageIsMappedWithSixTablesUpTo24Megabytes() {
        EarlyPageTables e = HeadPageTables26.build(false, 0xc0000000L, 0x110c000L);
        assertEquals(0x1800000L, e.mappedEnd());
        assertEquals("""
                pg0 0x0110c000 (_end 0x0110c000), INIT_MAP_BEYOND_END 0x424000: 6 page tables up to \
                init_pg_tables_end 0x01112000; mapped [mem 0x00000000-0x017fffff] at 0 and at PAGE_OFFSET
                ---[ User Space ]---
                0x00000000-0x01800000          24M USR RW                     x  pte
                0x01800000-0xc0000000        3048M                               pmd
                ---[ Kernel Mapping ]---
                0xc0000000-0xc1800000          24M USR RW                     x  pte
                0xc1800000-0xffc00000         996M                               pmd
                0xffc00000-0x00000000           4M                               pte
                """, e.render(MARKERS));
    }

    @Test
    void aThreeMegabyteImageIsMappedWithTwoTablesAsTheTextbookSays() {
        // _end at 3 MB: 4 MB < 3 MB + 4 KB + 0x424000, 8 MB >= 3 MB + 8 KB + 0x424000
        assertEquals(0x800000L, HeadPageTables26.build(false, 0xc0000000L, 0x300000L).mappedEnd());
    }

    @Test
    void aPaeKernelLeavesRoomForItsLargerTablesAndStillBootsOnTwoLevelOnes() {
        // _end 0x01235000 + 7 x 4 KB + 0x828000 = 0x01a64000 <= 28 MB
        EarlyPageTables e = HeadPageTables26.build(true, 0xc0000000L, 0x1235000L);
        assertEquals(0x1c00000L, e.mappedEnd());
    }
}
