package org.mmdsl.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Kthread;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.zone.Zone;

/** Kernel threads borrowing the previous task's mm (context_switch(), lazy TLB, exit_mm(), mmdrop()). */
class LazyTlbTest {
    private final List<Event> events = new ArrayList<>();
    private final AccessResult r = new AccessResult();
    private final Kernel k = Kernel.boot(new BootParams(), events::add);

    private long normalFree() {
        Zone z = k.memory().zone("Normal");
        return z.freePages();
    }

    private String lastMessage() {
        return events.get(events.size() - 1).message();
    }

    @Test
    void anExitedMmLivesWhileAKthreadBorrowsItAndIsFreedAtTheNextSwitchToAUserTask() {
        long before = normalFree();
        Task app = k.spawn("app");
        k.schedule(app);
        long buf = app.mmap(0, 0x4000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        assertTrue(app.write(buf, 42, r));
        MmStruct mm = app.mm();
        app.exit();
        // exit_mm(): mmgrab() then mmput(): the address space is gone, the mm_struct and its pgd stay
        assertEquals(0, mm.mmUsers());
        assertEquals(1, mm.mmCount());
        assertEquals(0, mm.mapCount());
        assertFalse(mm.pgdFreed());
        assertSame(mm, k.runQueue().activeMm());
        long cr3Before = k.kernelPageTables().pageTables().tlb().cr3();

        Kthread kw = k.kthread("kworker");
        k.schedule(kw);
        assertSame(mm, kw.activeMm()); // handed over from the dead task, no new reference
        assertEquals(1, mm.mmCount());
        assertNull(app.activeMm());
        assertEquals(cr3Before, k.kernelPageTables().pageTables().tlb().cr3()); // lazy TLB: CR3 not loaded
        assertEquals("context_switch: app[1] → kworker[2]: lazy TLB, active_mm the mm of app[1], handed over from "
                + "app[1] (CR3 not loaded)", lastMessage());

        // the kthread touches the dead task's user address: no mm, not present → oops
        assertFalse(kw.read(buf, r));
        assertTrue(kw.dead());
        assertTrue(lastMessage().startsWith("BUG: unable to handle page fault for address: " + Long.toHexString(buf)
                + "\n#PF: supervisor read access in kernel mode\n#PF: error_code(0x0000) - not-present page\n"),
                lastMessage());

        Task init = k.spawn("init");
        k.schedule(init);
        assertTrue(mm.pgdFreed());
        assertEquals(0, mm.mmCount());
        assertEquals("context_switch: kworker[2] → init[3]: switch_mm, mmdrop(the mm of app[1]): mm_count 0, "
                + "mm_struct freed (pgd_free())", lastMessage());
        init.exit();
        k.schedule(k.kthread("idle-ish"));
        k.schedule(k.spawn("last"));
        // every page app and init took came back but the last task's page directory
        assertEquals(before - 1, normalFree());
    }

    @Test
    void aKthreadAfterALiveTaskPinsItsMmAndReadsItsPagesWithoutSmap() {
        Task app = k.spawn("app");
        k.schedule(app);
        long buf = app.mmap(0, 0x1000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        assertTrue(app.write(buf, 7, r));
        Kthread kw = k.kthread("kworker");
        k.schedule(kw);
        assertEquals(2, app.mm().mmCount()); // mmgrab(): prev is a user task
        assertEquals(1, app.mm().mmUsers());
        assertTrue(kw.read(buf, r));
        assertEquals(7, r.value);
        assertTrue(events.get(events.size() - 1).message().contains("no SMAP"));
        k.schedule(app); // back to the user task: the borrowed reference is dropped
        assertEquals(1, app.mm().mmCount());
        assertTrue(k.runQueue().render().startsWith("CPU 0: current app[1], mm its own, active_mm = mm\n"),
                k.runQueue().render());
    }

    @Test
    void aKthreadBeforeAnyUserTaskRunsOnInitMm() {
        Kthread kw = k.kthread("kworker");
        k.schedule(kw);
        assertNull(kw.activeMm());
        assertEquals("CPU 0: current kworker[1], mm NULL, active_mm init_mm\n  CR3: swapper_pg_dir (no user mm loaded yet)\n",
                k.runQueue().render());
        assertFalse(kw.write(0, 1, r));
        assertTrue(lastMessage().startsWith("BUG: kernel NULL pointer dereference, address: 0\n#PF: supervisor write "
                + "access in kernel mode\n#PF: error_code(0x0002) - not-present page"), lastMessage());
    }
}
