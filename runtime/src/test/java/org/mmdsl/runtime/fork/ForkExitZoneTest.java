package org.mmdsl.runtime.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.init.Setup;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.ExecImage;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.zone.Zone;

/**
 * fork and exit on a booted machine (the default i386 1536 MB highmem boot, buddy allocator):
 * user pages come from HighMem, page tables from Normal; after every task exited each zone's free
 * count is back where it was before the first task existed.
 */
class ForkExitZoneTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    private final AccessResult r = new AccessResult();

    /** The wiring Kernel.boot() does: boot, PhysMem as the allocator's zeroer, kernel page tables. */
    private static final class Booted {
        final PhysicalMemory pm;
        final PhysMem mem = new PhysMem();
        final PageTables pt;
        final KernelPageTables kpt;

        Booted(BootParams params) {
            pm = Setup.boot(params, EventSink.NONE);
            pm.allocator().setZeroer(mem::zeroFrame);
            pt = new PageTables(Kernel.pagingMode(params), mem, pm.allocator(), pm.memMap());
            kpt = new KernelPageTables(pt, pm.layout().pageOffset(), pm.maxLowPfn());
        }

        List<Long> freePerZone() {
            List<Long> free = new ArrayList<>();
            for (Zone z : pm.zones()) {
                free.add(z.freePages());
            }
            return free;
        }
    }

    private static void validate(Booted b, MmStruct... mms) {
        for (MmStruct mm : mms) {
            MmValidator.validate(mm);
        }
        assertNull(b.pm.allocator().validate());
    }

    @Test
    void zoneFreePagesComeBackAfterParentChildAndThreadExit() {
        Booted b = new Booted(new BootParams());
        List<Long> before = b.freePerZone();

        MmStruct parent = MmStruct.create(b.kpt, false);
        parent.execLayout(ExecImage.of(FileRef.of("/bin/prog", 1234, -1), 0x1800, 0x100, 0x3000, false));
        UserAccess pua = new UserAccess(parent, 1, EventSink.NONE);
        long anon = parent.mmap(0, 0x8000, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        long shm = parent.mmap(0, 0x2000, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        long far = parent.mmap(0x10000000L, 0x1000, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        for (long a = anon; a < anon + 0x8000; a += 0x1000) {
            assertTrue(pua.write(a, a, r));
        }
        assertTrue(pua.write(shm, 0x53, r));
        assertTrue(pua.write(far, 0xfa, r));
        assertTrue(pua.write(0xc0000000L - 4, 0x5, r)); // stack
        assertTrue(pua.write(parent.startBrk - 4, 0x6, r)); // bss
        validate(b, parent);
        assertFalse(before.equals(b.freePerZone()));

        //  parent ──fork──> child ──CLONE_VM──> thread (shares the child's mm)
        MmStruct child = Fork.dupMm(parent);
        MmStruct thread = Fork.copyMm(Fork.CLONE_VM, child);
        UserAccess cua = new UserAccess(child, 2, EventSink.NONE);
        UserAccess tua = new UserAccess(thread, 3, EventSink.NONE);
        validate(b, parent, child);
        for (long a = anon; a < anon + 0x8000; a += 0x2000) {
            assertTrue(cua.write(a, ~a, r)); // COW copies
        }
        assertTrue(tua.write(shm + 0x1000, 0x54, r));
        assertTrue(pua.read(shm + 0x1000, r));
        assertEquals(0x54, r.value);
        assertTrue(pua.read(anon, r));
        assertEquals(anon, r.value);
        assertTrue(tua.read(anon, r));
        assertEquals(~anon & 0xffffffffL, r.value);
        validate(b, parent, child);

        assertFalse(Fork.mmput(child)); // the thread still uses it
        assertTrue(Fork.mmput(parent));
        validate(b, child);
        for (long a = anon; a < anon + 0x8000; a += 0x1000) {
            assertTrue(tua.write(a, 1, r)); // every page is the thread's alone now: reuse
        }
        assertTrue(Fork.mmput(thread));
        assertNull(b.pm.allocator().validate());
        assertEquals(before, b.freePerZone());
        assertEquals(0, b.kpt.pgdListSize());
    }
}
