package org.mmdsl.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Issue 17 point 4: a 1 TB x86_64 machine boots with memmap words only for the chunks the boot
 * touched, hands out pages as the buddy lists say, and the limits name the line's reason.
 */
class TerabyteBootTest {

    @Test
    void aTerabyteMachineHoldsWordsOnlyForWhatItTouched() {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = 1L << 40;
        assertNull(BootParams.check(p));
        Kernel k = Kernel.boot(p, EventSink.NONE);
        MemMap m = k.memory().memMap();
        // qemu -m 1T: 3 GB below the PCI hole, the rest above 4 GB: max_pfn = 1 TB + 1 GB
        assertEquals(0x10040000, m.size());
        int atBoot = m.materialisedChunks();
        assertTrue(atBoot < 200, "chunks with words after boot: " + atBoot);
        BuddyAllocator b = k.memory().allocator();
        assertNull(b.validate());
        long pfn = b.allocPages(Gfp.GFP_KERNEL, 10);
        assertEquals(1, m.refcount(pfn));
        assertEquals("Normal", b.pageZone(pfn).name());
        b.freePages(pfn, 10);
        assertEquals(pfn, b.allocPages(Gfp.GFP_KERNEL, 10), "the freed block is the first on its list again");
        for (int i = 0; i < 1000; i++) {
            b.allocPages(Gfp.GFP_KERNEL, 0);
        }
        assertNull(b.validate());
        assertTrue(m.materialisedChunks() <= atBoot + 3, "1000 pages touch 1 to 3 chunks, not "
                + (m.materialisedChunks() - atBoot));
    }

    @Test
    void sizesBeyondTheModelOrTheArchitectureAreRefused() {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = 5L << 40;
        assertEquals("the simulator boots at most 4 TB (x86_64 itself allows 64 TB): its page frame numbers are 31-bit",
                BootParams.check(p));
        p.ramBytes = (64L << 40) + 4096;
        assertEquals("x86_64 with 4-level paging addresses at most 64 TB of RAM (MAX_PHYSMEM_BITS 46): use `arch la57`, "
                + "or less RAM", BootParams.check(p));
        p.arch = Arch.X86_64_LA57;
        assertEquals("the simulator boots at most 4 TB (la57 itself allows 4 PB): its page frame numbers are 31-bit",
                BootParams.check(p));
        p.ramBytes = (4L << 50) + 4096;
        assertEquals("x86_64 with 5-level paging addresses at most 4 PB of RAM (MAX_PHYSMEM_BITS 52)",
                BootParams.check(p));
        p.ramBytes = 4L << 40;
        assertNull(BootParams.check(p));
    }
}
