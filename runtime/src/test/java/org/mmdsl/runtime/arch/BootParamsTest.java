package org.mmdsl.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.init.Setup;

class BootParamsTest {

    @Test
    void rejectsContradictionsInKernelWords() {
        BootParams p = new BootParams();
        assertNull(BootParams.check(p));
        p.ramBytes = 6L << 30;
        assertNull(BootParams.check(p), "the kernel boots it (np-6144M)");
        assertEquals("a non-PAE kernel addresses only 4 GB: 2048 MB of the 6144 MB of RAM are never used; "
                + "PAE is required above 4 GB (`arch i386 pae`)", BootParams.warning(p));
        p.arch = Arch.I386_PAE;
        assertNull(BootParams.warning(p));
        p.arch = Arch.I386;
        p = new BootParams();
        p.arch = Arch.X86_64;
        p.split = Split.SPLIT_2G_2G;
        assertTrue(BootParams.check(p).startsWith("VMSPLIT is an i386 option"));
        p = new BootParams();
        p.cpus = 33;
        assertTrue(BootParams.check(p).contains("NR_CPUS"));
        p = new BootParams();
        p.vmallocBytes = 960L << 20;
        assertTrue(BootParams.check(p).contains("less than 64 MB of lowmem"));
        p = new BootParams();
        p.ramBytes = 8L << 20;
        assertTrue(BootParams.check(p).contains("16 MB"));
    }

    /**
     * reservetop=16M on the 1536M PAE kernel (RULES.md 3.2, run pae-1536M-reservetop16M): the
     * boot line, and every address above lowmem 16 MB lower, so LOWMEM is 863 MB.
     */
    @Test
    void reservetopMovesTheTopOfTheKernelSpaceDown() {
        BootParams p = new BootParams();
        p.arch = Arch.I386_PAE;
        p.reserveTopBytes = 16L << 20;
        assertNull(BootParams.check(p));
        PhysicalMemory m = Setup.boot(p, null);
        KernelLayout l = m.layout();
        assertEquals(0xfefff000L, l.fixaddrTop());
        assertEquals(0xfe400000L, l.cpuEntryAreaBase());
        assertEquals(0xfe000000L, l.pkmapBase());
        assertEquals(0xfdffe000L, l.vmallocEnd());
        assertEquals(0x35ffe000L, l.maxmem());
        assertTrue(m.dmesg().contains("Reserving virtual address space above 0xff000000 (rounded to 0xff000000)"));
        assertTrue(m.dmesg().contains("863MB LOWMEM available."));
        // 2.6.24: not rounded, and __VMALLOC_RESERVE grows by the hole, so MAXMEM drops by 16 MB too
        p.arch = Arch.I386;
        p.model = KernelModel.V2_6;
        assertNull(BootParams.check(p));
        KernelLayout l26 = KernelLayout.of(p);
        assertEquals(0xfefff000L, l26.fixaddrTop());
        assertEquals(0x37000000L, l26.maxmem());
        p = new BootParams();
        p.arch = Arch.X86_64;
        p.reserveTopBytes = 16L << 20;
        assertTrue(BootParams.check(p).startsWith("reservetop= is an i386 parameter"));
    }

    @Test
    void everyAcceptedSplitAndFlavourBoots() {
        for (Arch a : new Arch[] {Arch.I386, Arch.I386_PAE}) {
            for (Split s : Split.values()) {
                for (boolean hm : new boolean[] {true, false}) {
                    BootParams p = new BootParams();
                    p.arch = a;
                    p.split = s;
                    p.highmem = hm;
                    p.ramBytes = 3L << 30;
                    assertNull(BootParams.check(p));
                    PhysicalMemory m = Setup.boot(p, null);
                    assertNull(m.allocator().validate());
                    assertEquals(s.pageOffset, m.layout().pageOffset());
                    assertEquals(Math.min(m.maxPfn(), m.layout().maxmemPfn()), m.maxLowPfn(), a + " " + s + " " + hm);
                }
            }
        }
        BootParams p = new BootParams();
        p.arch = Arch.I386;
        p.highmem = false;
        PhysicalMemory m = Setup.boot(p, null);
        // CONFIG_NOHIGHMEM: no pkmap, VMALLOC_END = LDT_BASE_ADDR - 2 pages, RAM above lowmem dropped
        assertEquals(0, m.layout().lastPkmap());
        assertEquals(m.layout().ldtBase() - 8192, m.layout().vmallocEnd());
        assertTrue(m.dmesg().contains("Use a HIGHMEM enabled kernel."));
    }

    @Test
    void x86Layouts() {
        KernelLayout l4 = KernelLayout.of(params(Arch.X86_64));
        assertEquals(0x7ffffffff000L, l4.taskSize());
        assertEquals(0xffffe8ffffffffffL, l4.vmallocEnd());
        KernelLayout l5 = KernelLayout.of(params(Arch.X86_64_LA57));
        assertEquals(0x00fffffffffff000L, l5.taskSize());
        assertEquals(0xff11000000000000L, l5.pageOffset());
        assertEquals(0xffd4000000000000L, l5.vmemmapBase());
    }

    private static BootParams params(Arch a) {
        BootParams p = new BootParams();
        p.arch = a;
        return p;
    }
}
