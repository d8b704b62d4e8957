package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/** Device mappings of kernel memory (mm/memory.c remap_pfn_range(), vm_insert_page()), seen from both sides. */
class DeviceMapTest {
    private final List<Event> events = new ArrayList<>();
    private final Kernel k = Kernel.boot(new BootParams(), events::add);
    private final AccessResult r = new AccessResult();
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    private Task process() {
        Task t = k.spawn("drv");
        t.execve("/bin/drv", 4096, 4096, 4096, 0);
        return t;
    }

    @Test
    void remapPfnRangeOfKmallocSharesTheFrame() {
        long obj = k.kmem().kmalloc(8192, Gfp.GFP_KERNEL, true);
        long[] pfns = k.kmem().bufferPfns(obj, 8192);
        assertEquals(2, pfns.length);
        Task t = process();
        int refBefore = k.memory().memMap().refcount(pfns[0]);
        //   [text][data][heap] ... [dev: 2 special ptes -> obj's frames] [vvar][vdso] ... [stack]
        long dev = t.mmapDevice(0, 8192, RW, Mman.MAP_SHARED, "/dev/mmdsl0", 0, pfns, DeviceMap.How.REMAP_PFN_RANGE, null);
        assertFalse(Errno.isError(dev));
        Vma v = t.mm().vmaLookup(dev);
        assertEquals(Vma.VM_IO | Vma.VM_PFNMAP | Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP,
                v.vmFlags() & (Vma.VM_IO | Vma.VM_PFNMAP | Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP));
        assertTrue(Pte.special(t.mm().pageTables().getPte(t.mm().pgd, dev)));
        assertEquals(refBefore, k.memory().memMap().refcount(pfns[0]), "PFNMAP takes no reference");
        MmValidator.validate(t.mm());
        assertTrue(t.maps().contains(" rw-s 00000000 00:05 "), t.maps());
        assertTrue(t.maps().contains("/dev/mmdsl0"));
        assertTrue(t.smaps().contains("VmFlags: rd wr sh mr mw me ms pf io de dd"), t.smaps());
        // user writes, kernel reads through the direct map; and back
        assertTrue(t.write(dev + 4096 + 8, 42, r));
        assertTrue(k.kmem().kernelRead(obj + 4096 + 8, r));
        assertEquals(42, r.value);
        assertTrue(k.kmem().kernelWrite(obj, 7, r));
        assertTrue(t.read(dev, r));
        assertEquals(7, r.value);
        // mremap cannot grow it (VM_DONTEXPAND); munmap drops no reference
        assertEquals(Errno.EFAULT.asResult(), t.mremap(dev, 8192, 16384, 0, 0));
        assertEquals(0, t.munmap(dev, 8192));
        assertEquals(refBefore, k.memory().memMap().refcount(pfns[0]));
        MmValidator.validate(t.mm());
    }

    @Test
    void privateRemapTakesThePfnAsOffsetAndCopiesOnWrite() {
        long pfn = k.kmem().allocPages(Gfp.GFP_KERNEL, 0);
        Task t = process();
        long dev = t.mmapDevice(0, 4096, RW, Mman.MAP_PRIVATE, "/dev/mmdsl0", 0, new long[] {pfn},
                DeviceMap.How.REMAP_PFN_RANGE, null);
        assertEquals(pfn, t.mm().vmaLookup(dev).vmPgoff());
        assertTrue(t.maps().contains(String.format(" rw-p %08x 00:05 ", pfn << 12)), t.maps());
        long kaddr = k.kernelPageTables().va(pfn << 12);
        assertTrue(k.kmem().kernelWrite(kaddr, 5, r));
        assertTrue(t.write(dev, 9, r)); // do_wp_page: the process gets its own copy
        assertTrue(k.kmem().kernelRead(kaddr, r));
        assertEquals(5, r.value);
        assertTrue(t.read(dev, r));
        assertEquals(9, r.value);
        MmValidator.validate(t.mm());
        t.exit();
        assertEquals(1, k.memory().memMap().refcount(pfn));
    }

    @Test
    void vmInsertPageOfVmallocIsRefcountedAndRefusesSlabPages() {
        long buf = k.kmem().vmalloc(3 * 4096);
        long[] pfns = k.kmem().bufferPfns(buf, 3 * 4096);
        assertNotNull(pfns);
        Task t = process();
        long dev = t.mmapDevice(0, 3 * 4096, RW, Mman.MAP_SHARED, "/dev/mmdsl1", 0, pfns, DeviceMap.How.VM_INSERT_PAGE, null);
        assertFalse(Errno.isError(dev));
        MemMap memMap = k.memory().memMap();
        assertEquals(2, memMap.refcount(pfns[1]));
        assertEquals(1, memMap.mapcount(pfns[1]));
        assertTrue(t.smaps().contains("dc de dd mm") || t.smaps().contains("de dd mm"), t.smaps());
        MmValidator.validate(t.mm());
        assertTrue(t.write(dev + 2 * 4096, 77, r));
        assertTrue(k.kmem().kernelRead(buf + 2 * 4096, r));
        assertEquals(77, r.value);
        // too large for the buffer: the driver's EINVAL, and no VMA is left behind
        int count = t.mm().mapCount();
        assertEquals(Errno.EINVAL.asResult(), t.mmapDevice(0, 4 * 4096, RW, Mman.MAP_SHARED, "/dev/mmdsl1", 0, pfns,
                DeviceMap.How.VM_INSERT_PAGE, null));
        assertEquals(count, t.mm().mapCount());
        // a kmalloc'd object lives in a slab page: vm_insert_page() refuses it
        long obj = k.kmem().kmalloc(256, Gfp.GFP_KERNEL, false);
        assertEquals(Errno.EINVAL.asResult(), t.mmapDevice(0, 4096, RW, Mman.MAP_SHARED, "/dev/mmdsl2", 0,
                k.kmem().bufferPfns(obj, 256), DeviceMap.How.VM_INSERT_PAGE, null));
        t.exit();
        assertEquals(1, memMap.refcount(pfns[1]));
    }

    @Test
    void forkCopiesPfnmapPtesWithoutReferences() {
        long obj = k.kmem().kmalloc(4096, Gfp.GFP_KERNEL, true);
        long[] pfns = k.kmem().bufferPfns(obj, 4096);
        Task t = process();
        long dev = t.mmapDevice(0, 4096, RW, Mman.MAP_SHARED, "/dev/mmdsl0", 0, pfns, DeviceMap.How.REMAP_PFN_RANGE, null);
        int ref = k.memory().memMap().refcount(pfns[0]);
        Task child = k.fork(t, "child");
        assertTrue(child.write(dev, 11, r));
        assertTrue(t.read(dev, r));
        assertEquals(11, r.value);
        assertEquals(ref, k.memory().memMap().refcount(pfns[0]));
        MmValidator.validate(child.mm());
        child.exit();
        t.exit();
        assertEquals(ref, k.memory().memMap().refcount(pfns[0]));
    }

    @Test
    void kernelAccessToAGuardPageOopses() {
        long buf = k.kmem().vmalloc(4096);
        assertFalse(k.kmem().kernelRead(buf + 4096, r));
        assertTrue(events.stream().anyMatch(e -> e.message().contains("BUG: unable to handle page fault for address")));
    }
}
