package org.mmdsl.runtime;

import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.pgtable.PageWalk;
import org.mmdsl.runtime.sched.SchedTask;
import org.mmdsl.runtime.vma.MmStruct;

/**
 * A kernel thread (kthread_create() / kthreadd's child): no mm of its own (PF_KTHREAD, task->mm NULL);
 * while it runs the CPU stays on the previous task's page tables, which it holds as
 * {@code active_mm} ({@link org.mmdsl.runtime.sched.RunQueue#contextSwitch}).
 *
 * <p>Its loads and stores at kernel addresses go through the kernel half every page directory shares.
 * One at a user address is a kernel-mode access with no mm: arch/x86/mm/fault.c do_user_addr_fault()
 * finds {@code current->mm == NULL} and goes to bad_area_nosemaphore(); a plain load or store has no
 * exception-table entry, so it is page_fault_oops(), and the thread dies (make_task_dead()).
 * Simplified: the modelled CPU has no SMAP, so a user page that is still present in the borrowed
 * page tables is read or written without a fault, as on a CPU without SMAP (with SMAP 6.1 oopses on
 * any supervisor access to a user page outside a uaccess section).
 */
public final class Kthread implements SchedTask {
    private final Kernel kernel;
    private final int pid;
    private final String comm;
    private final EventSink sink;
    private MmStruct activeMm;
    private boolean dead;

    Kthread(Kernel kernel, int pid, String comm, EventSink sink) {
        this.kernel = kernel;
        this.pid = pid;
        this.comm = comm;
        this.sink = sink;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public String comm() {
        return comm;
    }

    @Override
    public MmStruct mm() {
        return null;
    }

    @Override
    public MmStruct activeMm() {
        return activeMm;
    }

    @Override
    public void setActiveMm(MmStruct mm) {
        activeMm = mm;
    }

    /** True once an oops killed the thread. */
    public boolean dead() {
        return dead;
    }

    /** A load (READ_ONCE) of a word by this thread; see the class comment. */
    public boolean read(long vaddr, AccessResult out) {
        return access(vaddr, false, 0, out);
    }

    /** A store (WRITE_ONCE) of a word by this thread. */
    public boolean write(long vaddr, long value, AccessResult out) {
        return access(vaddr, true, value, out);
    }

    private boolean access(long vaddr, boolean write, long value, AccessResult out) {
        long userEnd = kernel.kernelPageTables().kernel64() ? MmStruct.TASK_SIZE_64 : kernel.layout().pageOffset();
        if (Long.compareUnsigned(vaddr, userEnd) >= 0) {
            return write ? kernel.kmem().kernelWrite(vaddr, value, out) : kernel.kmem().kernelRead(vaddr, out);
        }
        out.reset();
        int size = kernel.is64() ? 8 : 4;
        MmStruct on = activeMm;
        long root = on == null ? kernel.kernelPageTables().swapperPgDir() : on.pgd;
        PageWalk first = kernel.kernelPageTables().pageTables().walk(root, vaddr);
        PageWalk last = kernel.kernelPageTables().pageTables().walk(root, vaddr + size - 1);
        if (first.mapped() && last.mapped()) {
            // no SMAP in the model: the borrowed page tables still map the previous task's page
            long v = 0;
            for (int i = 0; i < size; i++) {
                PageWalk w = i == 0 ? first : kernel.kernelPageTables().pageTables().walk(root, vaddr + i);
                if (write) {
                    kernel.physMem().writeByte(w.paddr(), (int) (value >>> (8 * i)) & 0xff);
                } else {
                    v |= ((long) kernel.physMem().readByte(w.paddr()) & 0xff) << (8 * i);
                }
            }
            out.ok = true;
            out.value = write ? value : v;
            sink.emit(new KernelMessage(String.format("%s[%d]: %s of user address 0x%x went through the borrowed page "
                    + "tables of %s (no SMAP: no fault)", comm, pid, write ? "store" : "load", vaddr,
                    on == null ? "init_mm" : on.owner), true));
            return true;
        }
        long bad = first.mapped() ? vaddr + size - 1 : vaddr;
        int errorCode = write ? 2 : 0;
        String head = Long.compareUnsigned(bad, 4096) < 0
                ? String.format("BUG: kernel NULL pointer dereference, address: %x", bad)
                : String.format("BUG: unable to handle page fault for address: %x", bad);
        sink.emit(new KernelMessage(String.format("%s%n#PF: supervisor %s access in kernel mode%n#PF: error_code(0x%04x) "
                + "- not-present page%nmmdsl: do_user_addr_fault(): %s[%d] is a kernel thread, current->mm is NULL: "
                + "bad_area_nosemaphore(), no exception fixup, page_fault_oops(); the thread dies", head,
                write ? "write" : "read", errorCode, comm, pid), true));
        dead = true; // make_task_dead(SIGKILL)
        out.ok = false;
        return false;
    }
}
