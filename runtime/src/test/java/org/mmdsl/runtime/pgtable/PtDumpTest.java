package org.mmdsl.runtime.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.vma.MmStruct;

/** The dump_pagetables-style listing: runs merged by level and protection, markers, range bounds. */
class PtDumpTest {

    @Test
    void i386DirectMapAndOneUserPage() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        // touch one page of the stack: the fault path maps a pte
        m.access(mm).write(0xbffff000L, 7, new org.mmdsl.runtime.fault.AccessResult());
        List<PtDump.Marker> markers = List.of(new PtDump.Marker(0, "User Space"),
                new PtDump.Marker(0xc0000000L, "Kernel Mapping"));
        assertEquals("""
                ---[ User Space ]---
                0xbfc00000-0xbffff000        4092K                               pte
                0xbffff000-0xc0000000           4K USR RW                     x  pte
                ---[ Kernel Mapping ]---
                0xc0000000-0xc4000000          64M     RW         PSE     GLB x  pmd
                0xc4000000-0xc4400000           4M                               pmd
                """, PtDump.render(m.pt, mm.pgd, 0xbfc00000L, 0xc4400000L, markers, 100));
        assertEquals(PagingMode.TWO_LEVEL, m.pt.mode());
    }

    @Test
    void outputIsBoundedWithANote() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        String out = PtDump.render(m.pt, mm.pgd, 0xc0000000L, 0x100000000L, List.of(), 1);
        assertEquals("0xc0000000-0xc4000000          64M     RW         PSE     GLB x  pmd\n"
                + "... 1 more lines (narrow the range with from/to)\n", out);
    }

    /** note_page() takes one marker per call: a run crossing two prints the second after the next entry's line. */
    @Test
    void oneMarkerPerEntryAsNotePageDoes() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        List<PtDump.Marker> markers = List.of(new PtDump.Marker(0, "User Space"),
                new PtDump.Marker(0xc0000000L, "Kernel Mapping"), new PtDump.Marker(0xc4100000L, "A"),
                new PtDump.Marker(0xc4200000L, "B"));
        assertEquals("""
                ---[ Kernel Mapping ]---
                0xc4000000-0xc4400000           4M                               pmd
                ---[ A ]---
                0xc4400000-0xc4800000           4M                               pmd
                ---[ B ]---
                0xc4800000-0xc5000000           8M                               pmd
                """, PtDump.render(m.pt, mm.pgd, 0xc4000000L, 0xc5000000L, markers, 100));
    }

    /** A marker's max_lines (ESPfix's 16) caps the lines of its area and says how many it skipped. */
    @Test
    void aMarkersMaxLinesSkipsTheRest() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        m.access(mm).write(0xbffff000L, 7, new org.mmdsl.runtime.fault.AccessResult());
        List<PtDump.Marker> markers = List.of(new PtDump.Marker(0, "User Space", 1),
                new PtDump.Marker(0xc0000000L, "Kernel Mapping"));
        assertEquals("""
                ---[ User Space ]---
                0xbfc00000-0xbffff000        4092K                               pte
                ... 1 entry skipped ... \n\
                ---[ Kernel Mapping ]---
                0xc0000000-0xc4000000          64M     RW         PSE     GLB x  pmd
                """, PtDump.render(m.pt, mm.pgd, 0xbfc00000L, 0xc4000000L, markers, 100));
    }

    /**
     * x86_64 walks [0, 2^47) and [GUARD_HOLE_END_ADDR, 2^64): the last user run ends at 0xffff880000000000, and
     * empty top-level entries are p4d (4-level: pgd_none() of the folded p4d level is 0).
     */
    @Test
    void x8664SkipsTheGuardHoleAndNamesTheTopLevelP4d() {
        Machine m = Machine.x8664();
        List<PtDump.Marker> markers = List.of(new PtDump.Marker(0, "User Space"),
                new PtDump.Marker(1L << 63, "Kernel Space"), new PtDump.Marker(0xffff880000000000L, "LDT remap"),
                new PtDump.Marker(0xffff888000000000L, "Low Kernel Mapping"));
        String out = PtDump.render(m.pt, m.kpt.swapperPgDir(), 0x7f8000000000L, 0xffff888000000000L, markers, 100);
        assertEquals("""
                ---[ User Space ]---
                0x00007f8000000000-0xffff880000000000   17179615744G                               p4d
                ---[ Kernel Space ]---
                0xffff880000000000-0xffff888000000000         512G                               p4d
                """, out);
    }
}
