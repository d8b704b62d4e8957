package org.mmdsl.runtime.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.PagingMode;

/**
 * mk_early_pgtbl_32(): both recorded i386 kernels map 36 MB at boot ("initial memory mapped:
 * [mem 0x00000000-0x023fffff]" in every i386 log), twice: at 0 and at PAGE_OFFSET.
 */
class EarlyPageTablesTest {

    private static final List<PtDump.Marker> MARKERS = List.of(new PtDump.Marker(0, "User Space"),
            new PtDump.Marker(0xc0000000L, "Kernel Mapping"));

    @Test
    void paeKernelMaps36MegabytesTwice() {
        EarlyPageTables e = EarlyPageTables.build(PagingMode.PAE, 0xc0000000L, 0x2135000L);
        assertEquals("initial memory mapped: [mem 0x00000000-0x023fffff]", e.dmesgLine());
        assertEquals("""
                ---[ User Space ]---
                0x00000000-0x02400000          36M     RW                     x  pte
                0x02400000-0x40000000         988M                               pmd
                0x40000000-0xc0000000           2G                               pud
                ---[ Kernel Mapping ]---
                0xc0000000-0xc2400000          36M     RW                     x  pte
                0xc2400000-0x00000000         988M                               pmd
                """, e.render(MARKERS));
    }

    @Test
    void nonPaeKernelMaps36MegabytesTwice() {
        EarlyPageTables e = EarlyPageTables.build(PagingMode.TWO_LEVEL, 0xc0000000L, 0x200c000L);
        assertEquals("initial memory mapped: [mem 0x00000000-0x023fffff]", e.dmesgLine());
        assertEquals(0x2400000L, e.mappedEnd());
    }
}
