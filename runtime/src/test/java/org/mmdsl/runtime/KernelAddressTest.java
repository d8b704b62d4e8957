package org.mmdsl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelMessage;

/** __pa/__va/virt_to_page/pfn_to_page/page_to_pfn/page_address and dump_page (asm/page.h, mm/debug.c). */
class KernelAddressTest {
    private final List<Event> events = new ArrayList<>();

    private long warnings() {
        return events.stream().filter(e -> e instanceof KernelMessage && ((KernelMessage) e).warning()).count();
    }

    @Test
    void i386DirectMapRoundTripsAndWarnsOutsideIt() {
        Kernel k = Kernel.boot(new BootParams(), events::add);
        KernelAddress a = k.addr();
        assertEquals(0x1234000L, a.pa(0xc1234000L));
        assertEquals(0xc1234000L, a.va(0x1234000L));
        long page = a.pageOf(a.virtToPage(0xc1234000L));
        assertEquals(0x1234, a.pageToPfn(page));
        assertEquals(0, warnings());
        a.va(0x38000000L); // HighMem
        a.pa(0xff001000L); // pkmap
        assertEquals(2, warnings());
        assertEquals(0, a.pageAddress(0x40000));
        long v = k.kmap(0x40000);
        assertEquals(v, a.pageAddress(0x40000));
        assertTrue(a.dumpPage(0x1000).contains("flags: 0x1000(reserved|zone=1)"), a.dumpPage(0x1000));
    }

    @Test
    void x86_64UsesVmemmapAndTheKernelImageMapping() {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = 2L << 30;
        Kernel k = Kernel.boot(p, events::add);
        KernelAddress a = k.addr();
        assertEquals(0xffffea0000000000L + 0x1000L * 64, a.pageOf(0x1000));
        assertEquals(0x1000000L, a.pa(0xffffffff81000000L));
        assertEquals(0x1000L, a.pa(0xffff888000001000L));
        assertEquals(0, warnings());
    }
}
