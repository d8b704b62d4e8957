package org.mmdsl.runtime.sched;

import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.fork.Fork;
import org.mmdsl.runtime.mmu.Tlb;
import org.mmdsl.runtime.vma.MmStruct;

/**
 * One CPU's run queue as far as memory management sees it (kernel/sched/core.c): the task that is
 * current and the mm the CPU runs on. {@link #contextSwitch} mirrors 6.1's context_switch():
 * <pre>
 *   next is a kernel thread (next->mm == NULL):  next->active_mm = prev->active_mm (lazy TLB,
 *       enter_lazy_tlb(): CR3 is not loaded); prev a user task → mmgrab(), else prev's own
 *       reference is handed over (prev->active_mm = NULL)
 *   next is a user task: switch_mm_irqs_off(prev->active_mm, next->mm) loads CR3; prev without mm
 *       (a kernel thread, or a task past exit_mm()) → rq->prev_mm = prev->active_mm, and
 *       finish_task_switch() mmdrop()s it
 * </pre>
 * So an mm whose last user exited (mm_users 0: exit_mmap() freed its pages and page tables) lives on
 * with its page directory (mm_count &gt; 0) while the dead task, and after it any kernel thread, keeps
 * it as active_mm; the mmdrop() at the next switch to a user task frees it (__mmdrop(): pgd_free()).
 *
 * <p>Simplified: one CPU (CPU 0); the idle task swapper/0 is current until the first switch and runs
 * on init_mm (null here); 6.1 x86 has no lazy-TLB shootdown (CONFIG_MMU_LAZY_TLB_SHOOTDOWN came in
 * 6.2 and is not on x86), so nothing else ends the borrowing.
 */
public final class RunQueue {
    /** swapper/0, the idle task: a kernel thread on init_mm until something else runs. */
    private final SchedTask idle = new SchedTask() {
        private MmStruct active;

        @Override
        public int pid() {
            return 0;
        }

        @Override
        public String comm() {
            return "swapper/0";
        }

        @Override
        public MmStruct mm() {
            return null;
        }

        @Override
        public MmStruct activeMm() {
            return active;
        }

        @Override
        public void setActiveMm(MmStruct mm) {
            active = mm;
        }
    };

    private final Tlb tlb;
    private final EventSink sink;
    private SchedTask current = idle;

    public RunQueue(Tlb tlb, EventSink sink) {
        this.tlb = tlb;
        this.sink = sink;
    }

    /** The mm CPU 0 runs on (current->active_mm); null for init_mm. */
    public MmStruct activeMm() {
        return current.activeMm();
    }

    /**
     * Mirrors context_switch() + finish_task_switch() from the current task to {@code next}. Emits a
     * line for the lazy-TLB cases (a switch to or from a task without mm) and for the mmdrop() that
     * frees an mm.
     */
    public void contextSwitch(SchedTask next) {
        SchedTask prev = current;
        if (prev == next) {
            return;
        }
        MmStruct oldmm = prev.activeMm();
        MmStruct prevMm = null;
        if (next.mm() == null) {
            // to kernel: enter_lazy_tlb(prev->active_mm, next); CR3 stays
            next.setActiveMm(oldmm);
            if (prev.mm() != null) {
                if (oldmm != null) {
                    Fork.mmgrab(oldmm);
                }
            } else {
                prev.setActiveMm(null); // the reference moves from prev to next
            }
            sink.emit(new KernelMessage(String.format("context_switch: %s → %s: lazy TLB, active_mm %s%s (CR3 not "
                    + "loaded)", name(prev), name(next), describe(oldmm), prev.mm() != null && oldmm != null
                            ? ", mmgrab()" : oldmm != null ? ", handed over from " + name(prev) : ""), false));
        } else {
            MmStruct mm = next.mm();
            next.setActiveMm(mm);
            if (tlb != null && oldmm != mm && tlb.cr3() != mm.pgd) {
                tlb.switchMm(mm.pgd); // switch_mm_irqs_off(): load_new_mm_cr3()
            }
            if (prev.mm() == null) {
                prevMm = oldmm; // rq->prev_mm: dropped in finish_task_switch()
                prev.setActiveMm(null);
            }
        }
        current = next;
        if (prevMm != null) {
            String who = describe(prevMm);
            boolean freed = Fork.mmdrop(prevMm);
            sink.emit(new KernelMessage(String.format("context_switch: %s → %s: switch_mm, mmdrop(%s): mm_count %d%s",
                    name(prev), name(next), who, prevMm.mmCount(), freed ? ", mm_struct freed (pgd_free())" : ""),
                    false));
        }
    }

    /** A task leaves the CPU for good without a switch (it is not current): nothing to do. */
    public boolean isCurrent(SchedTask t) {
        return current == t;
    }

    /** One line per fact: current, its mm, active_mm with its counters, CR3. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        SchedTask c = current;
        MmStruct active = c.activeMm();
        sb.append(String.format("CPU 0: current %s, mm %s, active_mm %s%n", name(c),
                c.mm() == null ? "NULL" : "its own", active == null ? "init_mm" : c.mm() == active ? "= mm" : describe(active)
                        + " (borrowed: lazy TLB)"));
        if (active != null) {
            sb.append(String.format("  %s: mm_users %d, mm_count %d, %d VMAs, pgd pfn 0x%x%s%n", describe(active),
                    active.mmUsers(), active.mmCount(), active.mapCount(), active.pgd,
                    active.mmUsers() == 0 ? " (exit_mmap() ran: only the page directory is left)" : ""));
        }
        if (tlb != null) {
            sb.append(tlb.cr3() < 0 ? "  CR3: swapper_pg_dir (no user mm loaded yet)\n"
                    : String.format("  CR3: 0x%x%n", tlb.cr3() << 12));
        }
        return sb.toString();
    }

    private static String name(SchedTask t) {
        return t.comm() + "[" + t.pid() + "]";
    }

    private static String describe(MmStruct mm) {
        return mm == null ? "init_mm" : "the mm of " + (mm.owner == null ? "a task" : mm.owner);
    }
}
