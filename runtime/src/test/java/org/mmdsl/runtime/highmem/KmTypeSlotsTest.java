package org.mmdsl.runtime.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelMessage;

/**
 * Issue 7: 2.6.24's kmap_atomic(page, type) (arch/x86/mm/highmem_32.c). Slots of CPU c, one per
 * km_type, at FIXADDR_TOP 0xfffff000 - (FIX_KMAP_BEGIN 69 + type + 13 c) pages:
 * <pre>
 *   cpu 0: KM_BOUNCE_READ 0xfffba000 .. KM_USER0 0xfffb7000, KM_USER1 0xfffb6000 .. KM_SOFTIRQ1 0xfffae000
 *   cpu 1: KM_BOUNCE_READ 0xfffad000 .. KM_USER0 0xfffaa000
 * </pre>
 */
class KmTypeSlotsTest {
    private final List<Event> events = new ArrayList<>();

    private Kernel boot(KernelModel model) {
        BootParams p = new BootParams();
        p.cpus = 2;
        p.model = model;
        return Kernel.boot(p, events::add);
    }

    private List<String> warnings() {
        return events.stream().filter(e -> e instanceof KernelMessage && ((KernelMessage) e).warning())
                .map(e -> ((KernelMessage) e).text()).toList();
    }

    @Test
    void theTypeAndTheCpuChooseTheSlot() {
        Kernel k = boot(KernelModel.V2_6);
        long high = k.memory().maxLowPfn() + 0x100;
        var h = k.highmem();
        assertEquals(HighmemApi.V2_6, h.api());
        assertNull(h.kmapLocal(), "2.6 has no kmap_local stack");
        assertEquals(0xc0123000L, h.kmapAtomic(0, 0x123, KmType.KM_USER0), "lowmem: page_address(), no slot");
        // cpu 0: KM_USER0 [high]  KM_USER1 [high+1]   cpu 1: KM_USER0 [high+2]
        assertEquals(0xfffb7000L, h.kmapAtomic(0, high, KmType.KM_USER0));
        assertEquals(0xfffb6000L, h.kmapAtomic(0, high + 1, KmType.KM_USER1));
        assertEquals(0xfffaa000L, h.kmapAtomic(1, high + 2, KmType.KM_USER0));
        assertEquals(0xfffb1000L, k.layout().kmapAtomicSlot26(0, KmType.KM_IRQ0.ordinal()));
        assertEquals(3, h.preemptCount(0), "pagefault_disable() is inc_preempt_count() in 2.6.24, lowmem too");
        assertTrue(h.slotMaps(high + 2));
        // unmaps in any order: the slot is named, not popped
        h.kunmapAtomic(0, high, KmType.KM_USER0);
        h.kunmapAtomic(0, high + 1, KmType.KM_USER1);
        h.kunmapAtomic(0, 0x123, KmType.KM_USER0);
        h.kunmapAtomic(1, high + 2, KmType.KM_USER0);
        assertEquals(List.of(), warnings());
        assertEquals(0, h.preemptCount(0));
        assertTrue(!h.slotMaps(high));
    }

    @Test
    void aSlotStillInUseIsABugOnAndTheWrongTypeLeavesItMapped() {
        Kernel k = boot(KernelModel.V2_6);
        long high = k.memory().maxLowPfn() + 0x100;
        var h = k.highmem();
        h.kmapAtomic(0, high, KmType.KM_USER0);
        // cpu 0: KM_USER0 [high]; a second KM_USER0 on cpu 0 finds the pte in use
        assertEquals(-1, h.kmapAtomic(0, high + 1, KmType.KM_USER0));
        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).contains("BUG_ON(!pte_none(*(kmap_pte-idx)))"), warnings().toString());
        assertEquals(high, h.kmTypeSlots().pfnIn(0, KmType.KM_USER0), "the BUG changed nothing");
        // the same type on the other CPU is another slot
        assertEquals(0xfffaa000L, h.kmapAtomic(1, high + 1, KmType.KM_USER0));
        // kunmap_atomic(vaddr, KM_USER1): vaddr is not KM_USER1's slot, nothing is cleared
        h.kunmapAtomic(0, high, KmType.KM_USER1);
        assertTrue(warnings().get(1).contains("BUG_ON(vaddr >= (unsigned long)high_memory)"), warnings().toString());
        assertEquals(high, h.kmTypeSlots().pfnIn(0, KmType.KM_USER0), "KM_USER0 stays mapped");
        assertEquals(0, h.preemptCount(0), "pagefault_enable() ran anyway");
        h.kunmapAtomic(0, high, KmType.KM_USER0);
        assertEquals(-1, h.kmTypeSlots().pfnIn(0, KmType.KM_USER0));
        assertTrue(warnings().get(2).contains("underflows the preempt count"), warnings().toString());
        assertEquals(3, warnings().size(), warnings().toString());
    }

    @Test
    void sleepingInsideKmapAtomicIsABugUnder26Too() {
        Kernel k = boot(KernelModel.V2_6);
        long high = k.memory().maxLowPfn() + 0x100;
        k.highmem().kmapAtomic(0, high, KmType.KM_USER0);
        assertTrue(k.highmem().mightSleep("kmalloc(64, GFP_KERNEL)", "mm/slub.c"));
        assertTrue(warnings().get(0).contains("in_atomic():1, irqs_disabled():0"), warnings().toString());
    }

    @Test
    void eachModelRefusesTheOthersApi() {
        Kernel k26 = boot(KernelModel.V2_6);
        assertEquals(-1, k26.highmem().kmapLocal(0, 0x123, false));
        assertTrue(warnings().get(0).contains("no kmap_local_page"), warnings().toString());
        Kernel k61 = boot(KernelModel.V6_1);
        assertEquals(-1, k61.highmem().kmapAtomic(0, 0x123, KmType.KM_USER0));
        assertTrue(warnings().get(1).startsWith("kmap_atomic(pfn_to_page(0x123), KM_USER0): 6.1 has no km_type slots"),
                warnings().toString());
    }
}
