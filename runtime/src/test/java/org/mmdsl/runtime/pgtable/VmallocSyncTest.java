package org.mmdsl.runtime.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.VmallocFault;
import org.mmdsl.runtime.fault.AccessResult;

/**
 * How a page table that vmalloc creates reaches the processes' page directories: lazily, on a
 * vmalloc fault, under 2.6.24 i386 without PAE (arch/x86/mm/fault_32.c); at once under 6.1
 * (arch_sync_kernel_mappings()); never needed with PAE (the kernel pmd is shared).
 *
 * <pre>
 *   2.6, 2-level, 1536 MB:   VMALLOC_START 0xf8800000 → pgd slot 994
 *   spawn init               init pgd[994] = 0        swapper_pg_dir[994] = 0
 *   vmalloc v 3 pages        init pgd[994] = 0        swapper_pg_dir[994] = table | 0x063
 *   kernel in init: read v   vmalloc_fault(): init pgd[994] = swapper_pg_dir[994]; retried, succeeds
 * </pre>
 */
class VmallocSyncTest {
    private final List<Event> events = new ArrayList<>();

    private Kernel boot(KernelModel model, Arch arch) {
        BootParams p = new BootParams();
        p.model = model;
        p.arch = arch;
        return Kernel.boot(p, events::add);
    }

    private List<VmallocFault> faults() {
        List<VmallocFault> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof VmallocFault f) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void kernel26TwoLevelCopiesTheEntryOnTheFirstFaultOnly() {
        Kernel k = boot(KernelModel.V2_6, Arch.I386);
        Task init = k.spawn("init");
        long v = k.kmem().vmalloc(3 << 12);
        KernelPageTables kpt = k.kernelPageTables();
        long swapperEntry = kpt.topEntry(kpt.swapperPgDir(), v);
        assertTrue((swapperEntry & 1) != 0, "swapper_pg_dir maps the new table");
        assertEquals(0, kpt.topEntry(init.mm().pgd, v), "init's pgd has not got it yet");

        k.setCurrent(init);
        AccessResult r = new AccessResult();
        assertTrue(k.kmem().kernelWrite(v + 8, 42, r));
        assertEquals(swapperEntry, kpt.topEntry(init.mm().pgd, v));
        assertEquals(1, faults().size());
        VmallocFault f = faults().get(0);
        assertEquals(v + 8, f.vaddr());
        assertEquals((int) (v >>> 22), f.pgdIndex());
        assertEquals(String.format("vmalloc fault at 0x%x with init[1]'s page tables loaded: pgd[%d] was empty, copied "
                + "0x%08x from swapper_pg_dir (vmalloc_fault(), arch/x86/mm/fault_32.c); the access is retried",
                v + 8, v >>> 22, swapperEntry), f.message());

        assertTrue(k.kmem().kernelRead(v + 8, r));
        assertEquals(42, r.value);
        assertEquals(1, faults().size(), "the second access finds the entry");
    }

    @Test
    void kernel26AProcessCreatedAfterTheVmallocGetsTheEntryAtPgdAlloc() {
        Kernel k = boot(KernelModel.V2_6, Arch.I386);
        long v = k.kmem().vmalloc(4096);
        Task late = k.spawn("late");
        KernelPageTables kpt = k.kernelPageTables();
        // pgd_ctor(): clone_pgd_range() copies the kernel half as it is now
        assertEquals(kpt.topEntry(kpt.swapperPgDir(), v), kpt.topEntry(late.mm().pgd, v));
        k.setCurrent(late);
        assertTrue(k.kmem().kernelRead(v, new AccessResult()));
        assertTrue(faults().isEmpty());
    }

    @Test
    void kernel26AFaultOnAGuardPageCopiesTheEntryAndStillOopses() {
        Kernel k = boot(KernelModel.V2_6, Arch.I386);
        Task init = k.spawn("init");
        long v = k.kmem().vmalloc(4096);
        k.setCurrent(init);
        // the guard page after the area: vmalloc_sync_one() copies the pmd, pte_present() fails
        assertFalse(k.kmem().kernelRead(v + 4096, new AccessResult()));
        assertEquals(1, faults().size());
        assertNotEquals(0, k.kernelPageTables().topEntry(init.mm().pgd, v));
    }

    @Test
    void kernel61SyncsEveryPgdWhenTheTableIsCreated() {
        Kernel k = boot(KernelModel.V6_1, Arch.I386);
        Task init = k.spawn("init");
        long v = k.kmem().vmalloc(3 << 12);
        KernelPageTables kpt = k.kernelPageTables();
        // mm/vmalloc.c vmap_range_noflush(): PGTBL_PMD_MODIFIED → arch_sync_kernel_mappings()
        assertEquals(kpt.topEntry(kpt.swapperPgDir(), v), kpt.topEntry(init.mm().pgd, v));
        k.setCurrent(init);
        assertTrue(k.kmem().kernelRead(v, new AccessResult()));
        assertTrue(faults().isEmpty());
    }

    @Test
    void paeSharesTheKernelPmdSoNothingIsSynced() {
        Kernel k = boot(KernelModel.V2_6, Arch.I386_PAE);
        Task init = k.spawn("init");
        long v = k.kmem().vmalloc(3 << 12);
        k.setCurrent(init);
        assertTrue(k.kmem().kernelRead(v, new AccessResult()));
        assertTrue(faults().isEmpty());
    }
}
