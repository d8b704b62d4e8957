package org.mmdsl.runtime.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.init.Setup;

class PkmapTest {
    private final List<String> ptes = new ArrayList<>();

    private final KernelPteWriter recorder = new KernelPteWriter() {
        @Override
        public void setPte(long vaddr, long pfn) {
            ptes.add("set " + Long.toHexString(vaddr) + " " + Long.toHexString(pfn));
        }

        @Override
        public void clearPte(long vaddr) {
            ptes.add("clear " + Long.toHexString(vaddr));
        }

        @Override
        public void flushTlbKernelRange(long start, long end) {
            ptes.add("flush " + Long.toHexString(start) + "-" + Long.toHexString(end));
        }
    };

    private Pkmap pkmap(PhysicalMemory m) {
        return new Pkmap(m.layout(), m.memMap(), m.maxLowPfn(), recorder);
    }

    @Test
    void lowmemUsesTheDirectMapHighmemGetsASlot() {
        BootParams p = new BootParams();
        p.arch = Arch.I386_PAE;
        PhysicalMemory m = Setup.boot(p, null);
        Pkmap k = pkmap(m);
        assertEquals(0xc0123000L, k.kmap(0x123));
        assertEquals(Pkmap.KUNMAP_LOWMEM, k.kunmap(0x123));
        long hp = m.maxLowPfn() + 5;
        // the cursor starts at 0 and moves first: slot 1
        assertEquals(0xff001000L, k.kmap(hp));
        assertEquals(2, k.count(1));
        assertEquals(0xff001000L, k.kmap(hp));
        assertEquals(3, k.count(1));
        assertEquals(List.of("set ff001000 " + Long.toHexString(hp)), ptes);
        assertEquals(Pkmap.KUNMAP_OK, k.kunmap(hp));
        assertEquals(Pkmap.KUNMAP_OK, k.kunmap(hp));
        // count 1: unmapped but still mapped until the next flush
        assertEquals(1, k.count(1));
        assertEquals(0xff001000L, k.pageAddress(hp));
        assertEquals(Pkmap.KUNMAP_BUG, k.kunmap(hp));
        assertEquals(Pkmap.KUNMAP_BUG, k.kunmap(hp + 1));
    }

    @Test
    void wrapFlushesZeroSlotsAndFullAreaWouldSleep() {
        BootParams p = new BootParams();
        p.arch = Arch.I386_PAE;
        PhysicalMemory m = Setup.boot(p, null);
        Pkmap k = pkmap(m);
        long base = m.maxLowPfn();
        assertEquals(512, m.layout().lastPkmap());
        // fill slots 1..511, then unmap slot 1's page
        for (int i = 1; i < 512; i++) {
            assertEquals(m.layout().pkmapAddr(i), k.kmap(base + i));
        }
        k.kunmap(base + 1);
        ptes.clear();
        // next kmap wraps to 0: flush_all_zero_pkmaps frees slot 1, then slot 0 is taken
        assertEquals(0xff000000L, k.kmap(base + 1000));
        assertEquals(List.of("clear ff001000", "flush ff000000-ff200000", "set ff000000 " + Long.toHexString(base + 1000)), ptes);
        assertEquals(1, k.flushes());
        assertEquals(0xff001000L, k.kmap(base + 1001));
        // all 512 in use: would sleep
        assertEquals(Pkmap.WOULD_SLEEP, k.kmap(base + 1002));
    }

    @Test
    void nonPaeHas1024Slots() {
        BootParams p = new BootParams();
        p.arch = Arch.I386;
        PhysicalMemory m = Setup.boot(p, null);
        assertEquals(1024, m.layout().lastPkmap());
        assertEquals(0xfec01000L, pkmap(m).kmap(m.maxLowPfn()));
    }
}
