package org.mmdsl.interpreter;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.Access;
import org.mmdsl.mmdsl.AddSeals;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.Call;
import org.mmdsl.mmdsl.Close;
import org.mmdsl.mmdsl.ExecImage;
import org.mmdsl.mmdsl.Exit;
import org.mmdsl.mmdsl.FileIo;
import org.mmdsl.mmdsl.ForkBlock;
import org.mmdsl.mmdsl.Ftruncate;
import org.mmdsl.mmdsl.Let;
import org.mmdsl.mmdsl.Madvise;
import org.mmdsl.mmdsl.Memfd;
import org.mmdsl.mmdsl.Mincore;
import org.mmdsl.mmdsl.Mlock;
import org.mmdsl.mmdsl.Mlockall;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Mprotect;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.mmdsl.Mseal;
import org.mmdsl.mmdsl.Msync;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.mmdsl.OpenFile;
import org.mmdsl.mmdsl.PageTableDump;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Repeat;
import org.mmdsl.mmdsl.Setrlimit;
import org.mmdsl.mmdsl.Setuid;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.ShowPagemap;
import org.mmdsl.mmdsl.Translate;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.mmdsl.util.MmdslSwitch;
import org.mmdsl.runtime.Task;

/**
 * Runs a statement of a process or thread block (and of the repeat and fork blocks inside one) through
 * the generated switch: one case per statement kind, each handing the statement to the step class of its
 * concept ({@link ProcessSteps}, {@link VmCallSteps}, {@link TaskSteps}, {@link ObservationSteps}), whose
 * {@link Outcome} then goes to the {@link ExpectationJudge}. Runs nothing itself and judges nothing.
 */
final class ProcessStatementSwitch extends MmdslSwitch<Outcome> {
    private final StepContext ctx;
    private final ExpectationJudge judge;
    private final ProcessSteps process;
    private final VmCallSteps vmCalls;
    private final TaskSteps taskSteps;
    private final ObservationSteps observation;
    /** The task the statement runs in: set by {@link #run} for the statement, restored after it (blocks nest). */
    private Task task;

    ProcessStatementSwitch(StepContext ctx, ExpectationJudge judge, ProcessSteps process, VmCallSteps vmCalls,
            TaskSteps taskSteps, ObservationSteps observation) {
        this.ctx = ctx;
        this.judge = judge;
        this.process = process;
        this.vmCalls = vmCalls;
        this.taskSteps = taskSteps;
        this.observation = observation;
    }

    /** Runs one statement of {@code in} and judges its expectations; does not account a step or observe. */
    void run(EObject s, Task in) {
        Task outer = task;
        task = in;
        try {
            int first = ctx.mark();
            ctx.setCurrent(in);
            judge.judge(s, doSwitch(s), first);
        } finally {
            task = outer;
        }
    }

    // ------------------------------------------------------------ the address space (ProcessSteps)

    @Override
    public Outcome caseExecImage(ExecImage e) {
        return process.exec(e, task);
    }

    @Override
    public Outcome caseMmap(Mmap m) {
        return process.mmap(m, task);
    }

    @Override
    public Outcome caseMunmap(Munmap m) {
        return process.munmap(m, task);
    }

    @Override
    public Outcome caseMprotect(Mprotect m) {
        return process.mprotect(m, task);
    }

    @Override
    public Outcome caseBrk(Brk b) {
        return process.brk(b, task);
    }

    @Override
    public Outcome caseAccess(Access a) {
        return process.access(a, task);
    }

    @Override
    public Outcome caseCall(Call c) {
        return process.call(c, task);
    }

    @Override
    public Outcome caseExit(Exit e) {
        return process.exit(task);
    }

    // ------------------------------------------------------------ the other mm calls (VmCallSteps)

    @Override
    public Outcome caseMremap(Mremap m) {
        return vmCalls.mremap(m, task);
    }

    @Override
    public Outcome caseMadvise(Madvise m) {
        return vmCalls.madvise(m, task);
    }

    @Override
    public Outcome caseMlock(Mlock m) {
        return vmCalls.mlock(m, task);
    }

    @Override
    public Outcome caseMlockall(Mlockall m) {
        return vmCalls.mlockall(m, task);
    }

    @Override
    public Outcome caseMsync(Msync m) {
        return vmCalls.msync(m, task);
    }

    // ------------------------------------------------------------ files, limits, control flow (TaskSteps)

    @Override
    public Outcome caseOpenFile(OpenFile o) {
        return taskSteps.open(o, task);
    }

    @Override
    public Outcome caseMemfd(Memfd m) {
        return taskSteps.memfd(m, task);
    }

    @Override
    public Outcome caseAddSeals(AddSeals a) {
        return taskSteps.addSeals(a, task);
    }

    @Override
    public Outcome caseFtruncate(Ftruncate t) {
        return taskSteps.ftruncate(t, task);
    }

    @Override
    public Outcome caseClose(Close c) {
        return taskSteps.close(c, task);
    }

    @Override
    public Outcome caseFileIo(FileIo io) {
        return taskSteps.fileIo(io, task);
    }

    @Override
    public Outcome caseMincore(Mincore m) {
        return taskSteps.mincore(m, task);
    }

    @Override
    public Outcome caseMseal(Mseal m) {
        return taskSteps.mseal(m, task);
    }

    @Override
    public Outcome caseSetMempolicy(org.mmdsl.mmdsl.SetMempolicy m) {
        return taskSteps.setMempolicy(m, task);
    }

    @Override
    public Outcome caseMbind(org.mmdsl.mmdsl.Mbind m) {
        return taskSteps.mbind(m, task);
    }

    @Override
    public Outcome caseSetrlimit(Setrlimit r) {
        return taskSteps.setrlimit(r, task);
    }

    @Override
    public Outcome caseSetuid(Setuid u) {
        return taskSteps.setuid(u, task);
    }

    @Override
    public Outcome caseLet(Let l) {
        return taskSteps.let(l);
    }

    @Override
    public Outcome caseForkBlock(ForkBlock f) {
        return taskSteps.forkBlock(f, task);
    }

    @Override
    public Outcome caseRepeat(Repeat r) {
        return taskSteps.repeat(r, task);
    }

    @Override
    public Outcome caseShowPagemap(ShowPagemap p) {
        return taskSteps.showPagemap(p, task);
    }

    // ------------------------------------------------------------ views and checks (ObservationSteps)

    @Override
    public Outcome caseTranslate(Translate t) {
        return observation.translate(task, t.getAddress());
    }

    @Override
    public Outcome casePageTableDump(PageTableDump d) {
        observation.pageTableDump(d, task);
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseShowPicture(org.mmdsl.mmdsl.ShowPicture s) {
        observation.showPicture(s, task);
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseShow(Show s) {
        observation.show(s, task);
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseShowVma(org.mmdsl.mmdsl.ShowVma s) {
        observation.showVma(s, task);
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseShowFolio(org.mmdsl.mmdsl.ShowFolio s) {
        observation.showFolio(s, task);
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseFindVma(org.mmdsl.mmdsl.FindVma f) {
        return observation.findVma(f, task);
    }

    @Override
    public Outcome caseReadCheck(ReadCheck r) {
        return observation.readCheck(r, r.getTask() != null ? ctx.task(r.getTask()) : task);
    }

    @Override
    public Outcome caseZoneCheck(ZoneCheck z) {
        return observation.zoneCheck(z);
    }

    @Override
    public Outcome casePteCheck(org.mmdsl.mmdsl.PteCheck p) {
        return observation.pteCheck(p, p.getTask() != null ? ctx.task(p.getTask()) : task);
    }

    @Override
    public Outcome casePageCheck(org.mmdsl.mmdsl.PageCheck p) {
        return observation.pageCheck(p, p.getTask() != null ? ctx.task(p.getTask()) : task);
    }

    @Override
    public Outcome caseMapsCheck(org.mmdsl.mmdsl.MapsCheck c) {
        return observation.mapsCheck(c, c.getTask() != null ? ctx.task(c.getTask()) : task);
    }

    @Override
    public Outcome caseMapsLineCheck(org.mmdsl.mmdsl.MapsLineCheck c) {
        return observation.mapsLineCheck(c, c.getTask() != null ? ctx.task(c.getTask()) : task);
    }

    @Override
    public Outcome caseVmaCountCheck(org.mmdsl.mmdsl.VmaCountCheck c) {
        return observation.vmaCountCheck(c, c.getTask() != null ? ctx.task(c.getTask()) : task);
    }

    @Override
    public Outcome caseRssCheck(org.mmdsl.mmdsl.RssCheck c) {
        return observation.rssCheck(c, c.getTask() != null ? ctx.task(c.getTask()) : task);
    }

    @Override
    public Outcome caseMmCheck(org.mmdsl.mmdsl.MmCheck c) {
        return observation.mmCheck(c, c.getTask() != null ? ctx.task(c.getTask()) : task);
    }

    @Override
    public Outcome caseDeviceCheck(org.mmdsl.mmdsl.DeviceCheck c) {
        return observation.deviceCheck(c);
    }

    /** A statement kind without a case (parser recovery leaves bare supertypes): it does nothing. */
    @Override
    public Outcome defaultCase(EObject s) {
        return Outcome.EVENTS_ONLY;
    }
}
