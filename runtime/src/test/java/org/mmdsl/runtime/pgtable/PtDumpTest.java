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
                0xc0000000-0xc4000000          64M     RW         PSE     GLB x  pgd
                0xc4000000-0xc4400000           4M                               pgd
                """, PtDump.render(m.pt, mm.pgd, 0xbfc00000L, 0xc4400000L, markers, 100));
        assertEquals(PagingMode.TWO_LEVEL, m.pt.mode());
    }

    @Test
    void outputIsBoundedWithANote() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        String out = PtDump.render(m.pt, mm.pgd, 0xc0000000L, 0x100000000L, List.of(), 1);
        assertEquals("0xc0000000-0xc4000000          64M     RW         PSE     GLB x  pgd\n"
                + "... 1 more lines (narrow the range with from/to)\n", out);
    }
}
