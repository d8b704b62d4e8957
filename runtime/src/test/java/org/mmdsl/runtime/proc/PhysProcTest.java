package org.mmdsl.runtime.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.Setup;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.zone.PhysicalMemory;

/** Formats compared with the real probe dumps of logs/probe/pae-1536M.log. */
class PhysProcTest {

    private static PhysicalMemory pae1536() {
        BootParams p = new BootParams();
        p.arch = Arch.I386_PAE;
        return Setup.boot(p, null);
    }

    @Test
    void zoneinfoPrintsTheKernelsPagesBlock() {
        String z = PhysProc.zoneinfo(pae1536());
        // DMA and the empty Movable zone are exact (all of DMA above 1 MiB is free at boot)
        assertTrue(z.startsWith("Node 0, zone      DMA\n  pages free     3840\n        boost    0\n        min      "), z);
        assertTrue(z.contains("        spanned  4095\n        present  3998\n        managed  3840\n        cma      0\n"
                + "        protection: (0, "), z);
        assertTrue(z.contains("Node 0, zone   Normal\n"), z);
        assertTrue(z.contains("  start_pfn:           225278\n"), z);
        assertTrue(z.endsWith("Node 0, zone  Movable\n  pages free     0\n        boost    0\n        min      32\n"
                + "        low      32\n        high     32\n        spanned  0\n        present  0\n        managed  0\n"
                + "        cma      0\n        protection: (0, 0, 0, 0)\n"), z);
    }

    @Test
    void buddyinfoFollowsFragShowPrint() {
        PhysicalMemory m = pae1536();
        // exactly the real DMA line: pfn 1..158 reserved, 159..255 a hole, 256..4095 free
        assertTrue(PhysProc.buddyinfo(m).startsWith(
                "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"));
        m.allocator().allocPages(Gfp.GFP_DMA, 0);
        String b = PhysProc.buddyinfo(m);
        String[] lines = b.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].matches("Node 0, zone      DMA( {1,6}\\d+ ){11}"), lines[0]);
        assertTrue(lines[1].startsWith("Node 0, zone   Normal "), lines[1]);
        assertTrue(lines[2].startsWith("Node 0, zone  HighMem "), lines[2]);
        // one page taken: the order-8 block at 256 was split down to order 0
        assertEquals("Node 0, zone      DMA      1      1      1      1      1      1      1      1      0      1      3 ", lines[0]);
    }

    @Test
    void meminfoTotalsAndHighLowSplit() {
        PhysicalMemory m = pae1536();
        String mi = PhysProc.meminfo(m);
        long high = m.totalhighPages() * 4;
        assertTrue(mi.contains(String.format("HighTotal:      %8d kB\n", high)), mi);
        assertEquals(671624, high);
        assertTrue(mi.contains("VmallocTotal:     122880 kB\n"), mi);
        assertTrue(mi.startsWith("MemTotal:       "), mi);
    }
}
