package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.ZoneView;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.runtime.fault.AccessResult;

/**
 * The statements that look at the machine without changing it: {@code translate}, {@code show} (the
 * /proc files of fs/proc/task_mmu.c and fs/proc/meminfo.c, dmesg, zoneinfo, ...), {@code show
 * pagetables}, and the {@code read} and {@code zone} checks. The kernel-side views ({@code show tlb},
 * slabinfo, vmallocinfo) live with the kernel's memory in {@link KernelMemorySteps}.
 */
final class ObservationSteps {
    private final StepContext in;
    private final AccessResult access = new AccessResult();

    ObservationSteps(StepContext in) {
        this.in = in;
    }

    void translate(Task task, Expr address) {
        Long addr = in.address(address);
        if (addr != null) {
            in.record(new Output(String.format("translate %s 0x%x", task.comm(), addr), task.translate(addr)));
        }
    }

    void show(Show s, Task own) {
        Task task = s.getTask() != null ? in.task(s.getTask()) : own;
        switch (s.getWhat()) {
            case MAPS:
                if (task != null) {
                    in.record(new Output("/proc/" + task.pid() + "/maps", task.maps()));
                }
                break;
            case DMESG:
                in.record(new Output("dmesg", in.kernel().dmesg()));
                break;
            case ZONEINFO:
                in.record(new Output("/proc/zoneinfo", in.kernel().zoneinfo()));
                break;
            case BUDDYINFO:
                in.record(new Output("/proc/buddyinfo", in.kernel().buddyinfo()));
                break;
            case SMAPS:
            case STATUS:
            case PMAP:
                showTaskMemory(s, task);
                break;
            case STAT:
                if (task != null) {
                    in.record(new Output("/proc/" + task.pid() + "/stat (mm fields)", task.stat()));
                }
                break;
            case EARLY_PAGETABLES:
                String early = in.kernel().earlyPageTables();
                if (early == null) {
                    in.record(new ScenarioProblem("the provisional boot page tables are modelled for the i386 6.1 "
                            + "kernels only", false));
                } else {
                    in.record(new Output("provisional page tables (head32.c mk_early_pgtbl_32)", early));
                }
                break;
            case MMAP_CACHE:
                // the validator rejects it under 6.1; a task without an mm (exited) shows nothing
                if (task != null && task.mmapCache() != null) {
                    in.record(new Output("mmap_cache of " + task.comm() + " (find_vma, kernel 2.6)", task.mmapCache()));
                }
                break;
            case VMSTAT:
                in.record(new Output("/proc/vmstat (reclaim lines)", in.kernel().procVmstat()));
                break;
            default:
                in.record(new Output("/proc/meminfo", in.kernel().meminfo()));
                break;
        }
    }

    /**
     * show picture KIND [ADDR] [TASK]: a picture of the machine now (org.mmdsl.picture), built read-only
     * from the runtime's state; the task is the statement's, else the process block's.
     */
    void showPicture(org.mmdsl.mmdsl.ShowPicture s, Task own) {
        Task task = s.getTask() != null ? in.task(s.getTask()) : own;
        org.mmdsl.picture.Picture.Kind kind = s.isWalk() ? org.mmdsl.picture.Picture.Kind.WALK
                : org.mmdsl.picture.Picture.Kind.byWord(s.getKind().getLiteral());
        long vaddr = 0;
        if (s.isWalk()) {
            Long a = in.address(s.getAddress());
            if (a == null) {
                return;
            }
            vaddr = a;
        }
        if ((kind == org.mmdsl.picture.Picture.Kind.MAPS || kind == org.mmdsl.picture.Picture.Kind.WALK)
                && (task == null || task.exited() || task.mm() == null)) {
            in.record(new ScenarioProblem("there is no address space to draw: the task exited or never started", false));
            return;
        }
        in.record(new PictureEvent(org.mmdsl.picture.Pictures.of(kind, in.kernel(), task, vaddr)));
    }

    /** show smaps / status / pmap: fs/proc/task_mmu.c views of one task's address space. */
    private void showTaskMemory(Show s, Task task) {
        if (task == null) {
            return;
        }
        switch (s.getWhat()) {
            case SMAPS:
                in.record(new Output("/proc/" + task.pid() + "/smaps", task.smaps()));
                break;
            case STATUS:
                in.record(new Output("/proc/" + task.pid() + "/status (memory lines)", task.status()));
                break;
            default:
                in.record(new Output("pmap -x " + task.pid(), task.pmap()));
                break;
        }
    }

    /** show pagetables: the task's tables (or swapper_pg_dir), bounded by from/to when given. */
    void pageTableDump(org.mmdsl.mmdsl.PageTableDump d, Task own) {
        Task task = d.getTask() != null ? in.task(d.getTask()) : own;
        long from = 0;
        long to = 0;
        if (d.getFrom() != null) {
            Long f = in.address(d.getFrom());
            Long t = in.address(d.getTo());
            if (f == null || t == null) {
                return;
            }
            from = f;
            to = t;
        }
        if (task != null) {
            in.record(new Output("page tables of " + task.comm() + " (pid " + task.pid() + ")", task.dumpPageTables(from, to)));
        } else {
            in.record(new Output("kernel page tables (swapper_pg_dir)", in.kernel().dumpKernelPageTables(from, to)));
        }
    }

    /** expect [TASK] read ADDR == V: what the task reads there now, for the judge to compare. */
    Outcome readCheck(ReadCheck r, Task task) {
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve("there is no such task to read from (it exited or never started)");
        }
        Long addr = in.address(r.getAddress());
        Long want = Blanks.isBlank(r) ? Long.valueOf(0) : in.address(r.getValue()); // a blank: the judge records what is read
        if (addr == null || want == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (!task.peek(addr, access)) {
            return new Outcome.NothingToObserve(Blanks.isBlank(r) ? String.format("nothing readable is mapped at 0x%x in %s",
                    addr, task.comm()) : String.format("expected %d at 0x%x in %s, but nothing readable is mapped "
                    + "there", want, addr, task.comm()));
        }
        return new Outcome.State(String.format("%s reads %d at 0x%x", task.comm(), access.value, addr), access.value, want,
                false);
    }

    /** expect zone NAME FIELD|MARK V: the zone's field or watermark now, for the judge to compare. */
    Outcome zoneCheck(ZoneCheck z) {
        ZoneView zone = in.kernel().zone(z.getZone());
        Long want = Blanks.isBlank(z) ? Long.valueOf(0) : in.address(z.getValue()); // a blank: the judge records the field
        if (want == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (zone == null) {
            return new Outcome.NothingToObserve("this machine has no zone " + z.getZone());
        }
        if (z.getMark() != null) {
            org.mmdsl.runtime.zone.ZoneMark mark = org.mmdsl.runtime.zone.ZoneMark.byWord(z.getMark());
            long got = zone.mark(mark == null ? org.mmdsl.runtime.zone.ZoneMark.FREE : mark);
            return new Outcome.State(String.format("zone %s %s is %d pages", zone.name(), z.getMark(), got), got, want, false);
        }
        long got;
        boolean address;
        switch (z.getField()) {
            case START:
                got = zone.startPfn() << PagingMode.PAGE_SHIFT;
                address = true;
                break;
            case END:
                got = zone.endPfn() << PagingMode.PAGE_SHIFT;
                address = true;
                break;
            case SPANNED:
                got = zone.spanned();
                address = false;
                break;
            case PRESENT:
                got = zone.present();
                address = false;
                break;
            default:
                got = zone.managed();
                address = false;
                break;
        }
        return new Outcome.State(String.format("zone %s %s is " + (address ? "0x%x" : "%d"), zone.name(),
                z.getField().getLiteral(), got), got, want, address);
    }
}
