package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.PageFaultEvent;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;

/**
 * Device mappings whose pages come from the driver's fault handler (LDD3 ch.15 scullp_vma_nopage(),
 * mm/memory.c __do_fault() / finish_fault(), vmf_insert_pfn()) and the vm_operations' open/close
 * counts (dup_mmap(), __split_vma(), remove_vma()).
 */
class DeviceFaultTest {
    private final List<Event> events = new ArrayList<>();
    private final AccessResult r = new AccessResult();
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    private static Kernel boot(KernelModel model, Arch arch, List<Event> events) {
        BootParams p = new BootParams();
        p.model = model;
        p.arch = arch;
        return Kernel.boot(p, events::add);
    }

    private static Task process(Kernel k) {
        Task t = k.spawn("drv");
        t.execve("/bin/drv", 4096, 4096, 4096, 0);
        return t;
    }

    private String faults() {
        return events.stream().filter(e -> e instanceof PageFaultEvent).map(Event::message)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void vmallocPagesComeOnDemandWithAReferenceAndSigbusPastTheBuffer() {
        Kernel k = boot(KernelModel.V6_1, Arch.X86_64, events);
        MemMap memMap = k.memory().memMap();
        long ring = k.kmem().vmalloc(2 * 4096);
        long[] pfns = k.kmem().bufferPfns(ring, 2 * 4096);
        Task t = process(k);
        //   [dev: 3 pages, no pte]    buffer: 2 pages (page 2 of the VMA is past it)
        long dev = t.mmapDevice(0, 3 * 4096, RW, Mman.MAP_SHARED, "/dev/ring", 0, pfns, DeviceMap.How.FAULT_PAGE,
                DeviceVmOps.Lookup.VMALLOC_TO_PAGE);
        assertFalse(Errno.isError(dev));
        assertEquals(0, t.mm().pageTables().getPte(t.mm().pgd, dev + 4096), "the driver's mmap maps nothing");
        assertTrue(t.smaps().contains("VmFlags: rd wr sh mr mw me ms de dd \n"), t.smaps());
        //   read dev+4KB: fault, vmf->pgoff 1 -> vmalloc_to_page(ring + 4096), get_page, finish_fault
        assertTrue(t.read(dev + 4096, r));
        long pte = t.mm().pageTables().getPte(t.mm().pgd, dev + 4096);
        assertEquals(pfns[1], Pte.pfn(pte));
        assertFalse(Pte.special(pte));
        assertEquals(2, memMap.refcount(pfns[1]), "vmalloc's reference and the pte's");
        assertEquals(1, memMap.mapcount(pfns[1]));
        assertEquals(String.format("page fault on read of 0x%x by pid 1: do_read_fault: the driver's fault returned "
                + "vmf->page = vmalloc_to_page(buf + 1 * PAGE_SIZE), finish_fault mapped it, pfn 0x%x", dev + 4096,
                pfns[1]), faults());
        // the same bytes from both sides
        assertTrue(t.write(dev + 4096 + 16, 0x1234, r));
        assertTrue(k.kmem().kernelRead(ring + 4096 + 16, r));
        assertEquals(0x1234, r.value);
        assertTrue(k.kmem().kernelWrite(ring, 99, r));
        assertTrue(t.read(dev, r));
        assertEquals(99, r.value);
        MmValidator.validate(t.mm());
        //   page 2 of the VMA: the handler answers VM_FAULT_SIGBUS
        assertFalse(t.read(dev + 2 * 4096, r));
        assertEquals(Signal.SIGBUS, r.signal);
        assertEquals(SiCode.BUS_ADRERR, r.siCode);
        assertEquals("the driver's fault: page offset 2 is beyond the 2-page buffer (VM_FAULT_SIGBUS)", r.reason);
        DeviceDriver d = k.deviceDriver("/dev/ring");
        assertEquals(1, d.opens());
        assertEquals(3, d.faults());
        assertEquals(0, t.munmap(dev, 3 * 4096));
        assertEquals(1, d.closes());
        assertEquals(1, memMap.refcount(pfns[1]), "munmap gave the pte's reference back");
        assertEquals(0, memMap.mapcount(pfns[1]));
    }

    @Test
    void openAndCloseAreCountedOnForkSplitAndExit() {
        Kernel k = boot(KernelModel.V6_1, Arch.I386, events);
        long pfn = k.kmem().allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 1);
        Task t = process(k);
        long dev = t.mmapDevice(0, 2 * 4096, RW, Mman.MAP_SHARED, "/dev/scullp", 0, new long[] {pfn, pfn + 1},
                DeviceMap.How.FAULT_PAGE, DeviceVmOps.Lookup.PFN_TO_PAGE);
        DeviceDriver d = k.deviceDriver("/dev/scullp");
        assertEquals(1, d.opens(), "the driver's mmap opens the first VMA itself");
        assertTrue(t.write(dev, 5, r));
        Task child = k.fork(t, "child"); // dup_mmap(): open for the copy; no pte copied (no anon_vma)
        assertEquals(2, d.opens());
        assertEquals(0, child.mm().pageTables().getPte(child.mm().pgd, dev));
        assertTrue(child.read(dev, r)); // the child faults the page in again
        assertEquals(5, r.value);
        //   parent: munmap the first page: [dev 2p] -> __split_vma: [dev 1p] [dev+4K 1p] (open), remove [dev 1p] (close)
        assertEquals(0, t.munmap(dev, 4096));
        assertEquals(3, d.opens());
        assertEquals(1, d.closes());
        MmValidator.validate(t.mm());
        child.exit();
        t.exit();
        assertEquals(3, d.closes(), "every open has its close");
        assertEquals(1, k.memory().memMap().refcount(pfn), "only alloc_pages' reference is left");
    }

    @Test
    void pfnFlavourInsertsSpecialPtesAndRefusesACowMapping() {
        Kernel k = boot(KernelModel.V6_1, Arch.I386, events);
        long obj = k.kmem().kmalloc(4096, Gfp.GFP_KERNEL, true);
        long[] pfns = k.kmem().bufferPfns(obj, 4096);
        Task t = process(k);
        int ref = k.memory().memMap().refcount(k.memory().memMap().compoundHead(pfns[0]));
        long dev = t.mmapDevice(0, 4096, RW, Mman.MAP_SHARED, "/dev/pfn", 0, pfns, DeviceMap.How.FAULT_PFN,
                DeviceVmOps.Lookup.VIRT_TO_PAGE);
        assertEquals(Vma.VM_IO | Vma.VM_PFNMAP, t.mm().vmaLookup(dev).vmFlags() & (Vma.VM_IO | Vma.VM_PFNMAP));
        assertTrue(t.write(dev + 8, 3, r));
        assertTrue(Pte.special(t.mm().pageTables().getPte(t.mm().pgd, dev)));
        assertEquals(ref, k.memory().memMap().refcount(k.memory().memMap().compoundHead(pfns[0])));
        assertTrue(k.kmem().kernelRead(obj + 8, r));
        assertEquals(3, r.value);
        assertEquals(String.format("page fault on write of 0x%x by pid 1: do_fault: the driver's fault called "
                + "vmf_insert_pfn(pfn 0x%x = __pa(buf + 0 * PAGE_SIZE) >> PAGE_SHIFT): VM_FAULT_NOPAGE, pfn 0x%x",
                dev + 8, pfns[0], pfns[0]), faults());
        assertEquals(Errno.EINVAL.asResult(), t.mmapDevice(0, 4096, RW, Mman.MAP_PRIVATE, "/dev/pfn", 0, pfns,
                DeviceMap.How.FAULT_PFN, DeviceVmOps.Lookup.VIRT_TO_PAGE));
        assertEquals(Errno.EINVAL.asResult(), t.mmapDevice(0, 4096, Mman.PROT_READ, Mman.MAP_PRIVATE, "/dev/pfn", 0,
                pfns, DeviceMap.How.FAULT_PFN, DeviceVmOps.Lookup.VIRT_TO_PAGE), "read-only private is COW too");
        // the check the validator asks agrees with the call
        assertEquals(Errno.EINVAL.asResult(), DeviceMap.checkFaultPfnMmap(Mman.MAP_PRIVATE));
        assertEquals(0, DeviceMap.checkFaultPfnMmap(Mman.MAP_SHARED));
        assertEquals(1, k.deviceDriver("/dev/pfn").opens(), "a refused mmap opens nothing");
    }

    @Test
    void kmallocInACompoundSlabTakesTheHeadsReference() {
        Kernel k = boot(KernelModel.V6_1, Arch.I386, events);
        MemMap memMap = k.memory().memMap();
        long obj = k.kmem().kmalloc(4096, Gfp.GFP_KERNEL, true);
        long[] pfns = k.kmem().bufferPfns(obj, 4096);
        long head = memMap.compoundHead(pfns[0]);
        int ref = memMap.refcount(head);
        Task t = process(k);
        long dev = t.mmapDevice(0, 4096, RW, Mman.MAP_SHARED, "/dev/obj", 0, pfns, DeviceMap.How.FAULT_PAGE,
                DeviceVmOps.Lookup.VIRT_TO_PAGE);
        assertTrue(t.read(dev, r));
        assertEquals(ref + 1, memMap.refcount(head));
        t.exit();
        assertEquals(ref, memMap.refcount(head));
    }

    @Test
    void privateWriteCopiesTheDriversPage() {
        Kernel k = boot(KernelModel.V6_1, Arch.I386, events);
        long ring = k.kmem().vmalloc(4096);
        long[] pfns = k.kmem().bufferPfns(ring, 4096);
        Task t = process(k);
        assertTrue(k.kmem().kernelWrite(ring, 8, r));
        long dev = t.mmapDevice(0, 4096, RW, Mman.MAP_PRIVATE, "/dev/ring", 0, pfns, DeviceMap.How.FAULT_PAGE,
                DeviceVmOps.Lookup.VMALLOC_TO_PAGE);
        assertTrue(t.write(dev + 4, 1, r)); // do_cow_fault(): a private copy; the driver's page is untouched
        assertTrue(t.read(dev, r));
        assertEquals(8, r.value);
        assertTrue(k.kmem().kernelRead(ring + 4, r));
        assertEquals(0, r.value);
        assertEquals(1, k.memory().memMap().refcount(pfns[0]), "do_cow_fault put the driver's page");
        assertTrue(faults().contains("do_cow_fault: the driver's fault returned vmf->page = vmalloc_to_page(buf + 0 * "
                + "PAGE_SIZE), copied into a private anon page"), faults());
        MmValidator.validate(t.mm());
    }

    @Test
    void kernel26CallsItNopageAndNopfn() {
        Kernel k = boot(KernelModel.V2_6, Arch.I386, events);
        long obj = k.kmem().kmalloc(2 * 4096, Gfp.GFP_KERNEL, true);
        long[] pfns = k.kmem().bufferPfns(obj, 2 * 4096);
        Task t = process(k);
        long dev = t.mmapDevice(0, 3 * 4096, RW, Mman.MAP_SHARED, "/dev/simple", 0, pfns, DeviceMap.How.FAULT_PAGE,
                DeviceVmOps.Lookup.VIRT_TO_PAGE);
        assertTrue(t.mm().vmaLookup(dev).has(Vma.VM_RESERVED));
        assertTrue(t.read(dev, r));
        assertEquals(String.format("page fault on read of 0x%x by pid 1: do_linear_fault: the driver's nopage returned "
                + "virt_to_page(buf + 0 * PAGE_SIZE), pfn 0x%x", dev, pfns[0]), faults());
        assertFalse(t.read(dev + 2 * 4096, r));
        assertEquals("the driver's nopage: page offset 2 is beyond the 2-page buffer (NOPAGE_SIGBUS)", r.reason);
        long pfnDev = t.mmapDevice(0, 4096, RW, Mman.MAP_SHARED, "/dev/simple", 4096, pfns, DeviceMap.How.FAULT_PFN,
                DeviceVmOps.Lookup.VIRT_TO_PAGE);
        assertTrue(t.read(pfnDev, r), r.reason);
        assertTrue(faults().endsWith(String.format("do_no_pfn: the driver's nopfn returned pfn 0x%x = __pa(buf + 1 * "
                + "PAGE_SIZE) >> PAGE_SHIFT, pfn 0x%x", pfns[1], pfns[1])), faults());
    }
}
