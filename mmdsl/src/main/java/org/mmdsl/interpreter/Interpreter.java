package org.mmdsl.interpreter;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.FileDecl;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.Kthread;
import org.mmdsl.mmdsl.PageTableDump;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Sysctl;
import org.mmdsl.mmdsl.TopTranslate;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.mmdsl.util.MmdslSwitch;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.event.KernelMessage;

/**
 * Plays a scenario on the runtime: boots the machine, then runs every statement in file order and
 * records what happened as {@link RunEvent}s, each tied to the statement that caused it. It maps words
 * to runtime calls and compares outcomes with expectations; it implements no kernel rule itself.
 *
 * <p>A run is bounded: every statement costs a step, the runtime is asked to stop at the step budget,
 * the time limit and when the caller cancels (an editor keystroke), and an internal error of the
 * simulator ends the run with a {@link ScenarioProblem} instead of an exception.
 */
public final class Interpreter {

    /** How far a run may go. */
    public record Limits(long maxSteps, long timeoutMillis) {
        /** For the batch CLI. */
        public static final Limits BATCH = new Limits(10_000_000L, 60_000L);
        /** For an editor: diagnostics must come back while the user types. */
        public static final Limits EDITOR = new Limits(1_000_000L, 3_000L);
    }

    /**
     * Sees the machine after each statement ran (editor hovers and code lenses look at the state "at that
     * step"). {@code task} is the task the statement ran in, null for kernel and top-level statements; a
     * process or thread block is reported once more, with its task, after its last statement. The machine
     * and the handle addresses are live: read them, never change them. Returning false stops the run.
     */
    @FunctionalInterface
    public interface StepObserver {
        boolean afterStep(EObject statement, Task task, Kernel kernel, Map<Handle, Long> handleAddresses);
    }

    private final RunLog log = new RunLog();
    private final StepContext ctx;
    private final ExpectationJudge judge;
    private final ObservationSteps observation;
    private final HighmemSteps highmem;
    private final TaskSteps taskSteps;
    private final KernelStatementSwitch kernelStatements;
    private final ProcessStatementSwitch processStatements;
    private final KthreadSteps kthreads;

    private Interpreter(Limits limits, BooleanSupplier cancelled, StepObserver observer) {
        ctx = new StepContext(limits, cancelled, observer, log);
        judge = new ExpectationJudge(log, ctx);
        observation = new ObservationSteps(ctx);
        highmem = new HighmemSteps(ctx);
        kernelStatements = new KernelStatementSwitch(ctx, judge, highmem, new KernelMemorySteps(ctx), observation);
        taskSteps = new TaskSteps(ctx, judge, this::runInTask);
        processStatements = new ProcessStatementSwitch(ctx, judge, new ProcessSteps(ctx, taskSteps), new VmCallSteps(ctx),
                taskSteps, observation);
        kthreads = new KthreadSteps(ctx, kernelStatements);
    }

    /** Runs one statement of {@code task}'s block and judges it (for repeat and fork blocks, in TaskSteps). */
    private void runInTask(EObject statement, Task task) {
        processStatements.run(statement, task);
    }

    /** Runs {@code scenario} to the end or to the first limit; never throws for a valid scenario. */
    public static Run run(Scenario scenario, Limits limits, BooleanSupplier cancelled) {
        return run(scenario, limits, cancelled, (s, t, k, h) -> true);
    }

    /** As {@link #run(Scenario, Limits, BooleanSupplier)}, telling {@code observer} about every step. */
    public static Run run(Scenario scenario, Limits limits, BooleanSupplier cancelled, StepObserver observer) {
        return new Interpreter(limits, cancelled, observer).play(scenario);
    }

    private Run play(Scenario scenario) {
        log.setCause(scenario.getBoot() != null ? scenario.getBoot() : scenario);
        org.mmdsl.runtime.arch.BootParams params = BootConfig.from(scenario.getBoot());
        try {
            ctx.boot(params);
            TopStatements top = new TopStatements();
            for (EObject statement : scenario.getStatements()) {
                if (!top.doSwitch(statement)) {
                    return new Run(log.events(), ctx.kernel(), true);
                }
            }
            if (!ctx.aborted()) {
                highmem.reportOpenKmaps();
            }
            return new Run(log.events(), ctx.kernel(), ctx.aborted());
        } catch (RuntimeException | StackOverflowError e) {
            log.record(new ScenarioProblem("internal error of the simulator: " + e + " (please report it with the scenario)",
                    true));
            return new Run(log.events(), ctx.kernel(), true);
        }
    }

    /**
     * Runs one top-level statement; each case answers false when the run must stop. Blocks (process,
     * thread, kthread, kernel) account their own steps; a single statement costs one step, runs, is judged
     * and is shown to the observer.
     */
    private final class TopStatements extends MmdslSwitch<Boolean> {
        @Override
        public Boolean caseTask(org.mmdsl.mmdsl.Task t) {
            return task(t); // process and thread
        }

        @Override
        public Boolean caseKthread(Kthread k) {
            return kthreads.run(k);
        }

        @Override
        public Boolean caseKernelBlock(KernelBlock b) {
            return kernelBlock(b);
        }

        @Override
        public Boolean defaultCase(EObject s) {
            if (!ctx.step(s)) {
                return false;
            }
            int first = ctx.mark();
            judge.judge(s, new SingleStatements().doSwitch(s), first);
            return ctx.observe(s, null);
        }
    }

    /** The top-level statements that are not blocks: kernel statements, translate, show pagetables, checks, files, sysctl. */
    private final class SingleStatements extends MmdslSwitch<Outcome> {
        @Override
        public Outcome caseKernelStatement(KernelStatement k) {
            return kernelStatements.doSwitch(k); // kernel code's own loads and stores
        }

        @Override
        public Outcome caseTopTranslate(TopTranslate t) {
            Task task = ctx.task(t.getTask());
            return task == null ? Outcome.EVENTS_ONLY : observation.translate(task, t.getAddress());
        }

        @Override
        public Outcome casePageTableDump(PageTableDump d) {
            observation.pageTableDump(d, null);
            return Outcome.EVENTS_ONLY;
        }

        @Override
        public Outcome caseReadCheck(ReadCheck r) {
            return observation.readCheck(r, ctx.task(r.getTask()));
        }

        @Override
        public Outcome caseZoneCheck(ZoneCheck z) {
            return observation.zoneCheck(z);
        }

        @Override
        public Outcome casePteCheck(org.mmdsl.mmdsl.PteCheck p) {
            return observation.pteCheck(p, ctx.task(p.getTask()));
        }

        @Override
        public Outcome casePageCheck(org.mmdsl.mmdsl.PageCheck p) {
            return observation.pageCheck(p, ctx.task(p.getTask()));
        }

        @Override
        public Outcome caseMapsCheck(org.mmdsl.mmdsl.MapsCheck c) {
            return observation.mapsCheck(c, ctx.task(c.getTask()));
        }

        @Override
        public Outcome caseMapsLineCheck(org.mmdsl.mmdsl.MapsLineCheck c) {
            return observation.mapsLineCheck(c, ctx.task(c.getTask()));
        }

        @Override
        public Outcome caseVmaCountCheck(org.mmdsl.mmdsl.VmaCountCheck c) {
            return observation.vmaCountCheck(c, ctx.task(c.getTask()));
        }

        @Override
        public Outcome caseRssCheck(org.mmdsl.mmdsl.RssCheck c) {
            return observation.rssCheck(c, ctx.task(c.getTask()));
        }

        @Override
        public Outcome caseMmCheck(org.mmdsl.mmdsl.MmCheck c) {
            return observation.mmCheck(c, ctx.task(c.getTask()));
        }

        @Override
        public Outcome caseDeviceCheck(org.mmdsl.mmdsl.DeviceCheck c) {
            return observation.deviceCheck(c);
        }

        @Override
        public Outcome caseFileDecl(FileDecl f) {
            return taskSteps.fileDecl(f);
        }

        @Override
        public Outcome caseSysctl(Sysctl s) {
            sysctl(s);
            return Outcome.EVENTS_ONLY;
        }

        @Override
        public Outcome defaultCase(EObject s) {
            return Outcome.EVENTS_ONLY;
        }
    }

    /**
     * process NAME [= fork P] < ... > / thread NAME = clone P < ... >: starts the task (fork()'s
     * expectations are judged on the call, before the block runs), then runs its statements in it.
     */
    private boolean task(org.mmdsl.mmdsl.Task t) {
        if (!ctx.step(t)) {
            return false;
        }
        Task parent = Tasks.parent(t) == null ? null : ctx.task(Tasks.parent(t));
        int first = ctx.mark();
        Task task;
        if (Tasks.parent(t) == null) {
            task = ctx.kernel().spawn(Tasks.name(t));
        } else if (parent == null || parent.exited()) {
            ctx.record(new ScenarioProblem("'" + Exprs.nameOf(Tasks.parent(t)) + "' has exited (or never started): "
                    + "there is nothing to " + (t instanceof Process ? "fork" : "clone"), false));
            return true;
        } else {
            task = t instanceof Process ? ctx.kernel().fork(parent, Tasks.name(t)) : ctx.kernel().cloneThread(parent, Tasks.name(t));
        }
        // `process c = fork p < ... > expect errno ENOMEM`: judged on fork() itself, before the block runs
        judge.judge(t, Outcome.EVENTS_ONLY, first);
        if (task == null) {
            return true; // the failed fork/clone is the event
        }
        ctx.started(t, task);
        ctx.kernel().schedule(task); // context_switch() to the task whose steps follow
        for (EObject st : Tasks.statements(t)) {
            if (!ctx.step(st)) {
                return false;
            }
            if (task.exited()) {
                ctx.record(new ScenarioProblem(task.comm() + " has exited: this statement does not run", false));
                continue;
            }
            processStatements.run(st, task);
            if (!ctx.observe(st, task)) {
                return false;
            }
        }
        return ctx.observe(t, task);
    }

    /** kernel [in TASK] < ... >: the block's kernel statements in its context (KernelSteps). */
    private boolean kernelBlock(KernelBlock b) {
        ctx.setCause(b);
        if (!KernelSteps.enter(ctx.kernel(), b, ctx::task, ctx::record)) {
            return ctx.observe(b, null);
        }
        try {
            for (KernelStatement k : b.getStatements()) {
                if (!ctx.step(k)) {
                    return false;
                }
                kernelStatements.run(k);
                if (!ctx.observe(k, null)) {
                    return false;
                }
            }
        } finally {
            KernelSteps.leave(ctx.kernel());
        }
        return ctx.observe(b, null);
    }

    /**
     * {@code sysctl vm.NAME = V}: the write `sysctl -w` makes, echoed as it echoes it. As in
     * mm/util.c's handlers, writing overcommit_ratio zeroes overcommit_kbytes and the reverse
     * (overcommit_ratio_handler(), overcommit_kbytes_handler()). The validator has refused
     * unknown names and values.
     */
    private void sysctl(Sysctl s) {
        long v = s.getValue();
        Kernel kernel = ctx.kernel();
        if (org.mmdsl.runtime.vma.Overcommit.checkSysctl(s.getName(), v,
                kernel.model() == org.mmdsl.runtime.arch.KernelModel.V2_6) != null) {
            return;
        }
        kernel.overcommit().writeSysctl(s.getName(), v);
        ctx.record(new KernelMessage(s.getName() + " = " + v, false));
    }
}
