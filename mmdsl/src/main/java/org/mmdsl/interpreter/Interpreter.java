package org.mmdsl.interpreter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.AddressExpectation;
import org.mmdsl.mmdsl.ErrnoExpectation;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.FailExpectation;
import org.mmdsl.mmdsl.Vmalloc;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.Kmap;
import org.mmdsl.mmdsl.Kunmap;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.OkExpectation;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.TopTranslate;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.PageFaultEvent;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.uapi.Errno;

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

    private StepObserver observer = (s, t, k, h) -> true;
    private boolean stopped;

    private final Limits limits;
    private final BooleanSupplier cancelled;
    final List<RunEvent> events = new ArrayList<>();
    final Map<org.mmdsl.mmdsl.Task, Task> tasks = new HashMap<>();
    final Map<Handle, Long> handleAddress = new HashMap<>();
    EObject cause;
    /** While a range access runs: resolved page faults counted by kind instead of recorded one by one. */
    java.util.Map<String, long[]> rangeFaults;
    boolean aborted;
    Kernel kernel;
    long steps;
    private long deadline;
    final ObservationSteps observation = new ObservationSteps(this);
    final HighmemSteps highmem = new HighmemSteps(this);
    final KernelMemorySteps kernelMemory = new KernelMemorySteps(this);
    final ProcessSteps process = new ProcessSteps(this);
    final VmCallSteps vmCalls = new VmCallSteps(this);
    final TaskSteps taskSteps = new TaskSteps(this);

    private Interpreter(Limits limits, BooleanSupplier cancelled) {
        this.limits = limits;
        this.cancelled = cancelled == null ? () -> false : cancelled;
    }

    /** Runs {@code scenario} to the end or to the first limit; never throws for a valid scenario. */
    public static Run run(Scenario scenario, Limits limits, BooleanSupplier cancelled) {
        return new Interpreter(limits, cancelled).play(scenario);
    }

    /** As {@link #run(Scenario, Limits, BooleanSupplier)}, telling {@code observer} about every step. */
    public static Run run(Scenario scenario, Limits limits, BooleanSupplier cancelled, StepObserver observer) {
        Interpreter i = new Interpreter(limits, cancelled);
        i.observer = observer;
        return i.play(scenario);
    }

    boolean observe(EObject statement, Task task) {
        if (!stopped && !observer.afterStep(statement, task, kernel, java.util.Collections.unmodifiableMap(handleAddress))) {
            stopped = true;
        }
        return !stopped;
    }

    private Run play(Scenario scenario) {
        deadline = System.nanoTime() + limits.timeoutMillis() * 1_000_000L;
        cause = scenario.getBoot() != null ? scenario.getBoot() : scenario;
        BootParams params = BootConfig.from(scenario.getBoot());
        try {
            kernel = Kernel.boot(params, sink);
            for (EObject statement : scenario.getStatements()) {
                if (!top(statement)) {
                    return new Run(events, kernel, true);
                }
            }
            if (!aborted) {
                highmem.reportOpenKmaps();
            }
            return new Run(events, kernel, aborted);
        } catch (RuntimeException | StackOverflowError e) {
            record(new ScenarioProblem("internal error of the simulator: " + e + " (please report it with the scenario)",
                    true));
            return new Run(events, kernel, true);
        }
    }

    /** Runs one top-level statement; false when the run must stop. */
    private boolean top(EObject s) {
        if (s instanceof org.mmdsl.mmdsl.Task) {
            org.mmdsl.mmdsl.Task t = (org.mmdsl.mmdsl.Task) s;
            if (!step(t)) {
                return false;
            }
            Task parent = Tasks.parent(t) == null ? null : tasks.get(Tasks.parent(t));
            int first = events.size();
            Task task;
            if (Tasks.parent(t) == null) {
                task = kernel.spawn(Tasks.name(t));
            } else if (parent == null || parent.exited()) {
                record(new ScenarioProblem("'" + Exprs.nameOf(Tasks.parent(t)) + "' has exited (or never started): "
                        + "there is nothing to " + (t instanceof Process ? "fork" : "clone"), false));
                return true;
            } else {
                task = t instanceof Process ? kernel.fork(parent, Tasks.name(t)) : kernel.cloneThread(parent, Tasks.name(t));
            }
            // `process c = fork p < ... > expect errno ENOMEM`: judged on fork() itself, before the block runs
            judgeExpectations(t, first);
            if (task == null) {
                return true; // the failed fork/clone is the event
            }
            tasks.put(t, task);
            kernel.schedule(task); // context_switch() to the task whose steps follow
            for (EObject st : Tasks.statements(t)) {
                if (!step(st)) {
                    return false;
                }
                if (task.exited()) {
                    record(new ScenarioProblem(task.comm() + " has exited: this statement does not run", false));
                    continue;
                }
                process.processStatement(st, task);
                if (!observe(st, task)) {
                    return false;
                }
            }
            return observe(t, task);
        }
        if (s instanceof org.mmdsl.mmdsl.Kthread) {
            return new KthreadSteps(this).run((org.mmdsl.mmdsl.Kthread) s, kernel);
        }
        if (s instanceof KernelBlock) {
            cause = s;
            if (!KernelSteps.enter(kernel, (KernelBlock) s, tasks, this::record)) {
                return observe(s, null);
            }
            try {
                for (KernelStatement k : ((KernelBlock) s).getStatements()) {
                    if (!step(k)) {
                        return false;
                    }
                    kernelStatement(k);
                    if (!observe(k, null)) {
                        return false;
                    }
                }
            } finally {
                KernelSteps.leave(kernel);
            }
            return observe(s, null);
        }
        if (!step(s)) {
            return false;
        }
        if (s instanceof KernelStatement) {
            kernelStatement((KernelStatement) s);
        } else if (s instanceof TopTranslate) {
            TopTranslate t = (TopTranslate) s;
            Task task = tasks.get(t.getTask());
            if (task != null) {
                observation.translate(task, t.getAddress());
            }
        } else if (s instanceof org.mmdsl.mmdsl.PageTableDump) {
            observation.pageTableDump((org.mmdsl.mmdsl.PageTableDump) s, null);
        } else if (s instanceof Show) {
            observation.show((Show) s, null);
        } else if (s instanceof ReadCheck) {
            observation.readCheck((ReadCheck) s, tasks.get(((ReadCheck) s).getTask()));
        } else if (s instanceof ZoneCheck) {
            observation.zoneCheck((ZoneCheck) s);
        } else if (s instanceof org.mmdsl.mmdsl.FileDecl) {
            taskSteps.fileDecl((org.mmdsl.mmdsl.FileDecl) s);
        } else if (s instanceof org.mmdsl.mmdsl.Sysctl) {
            sysctl((org.mmdsl.mmdsl.Sysctl) s);
        }
        return observe(s, null);
    }

    /**
     * {@code sysctl vm.NAME = V}: the write `sysctl -w` makes, echoed as it echoes it. As in
     * mm/util.c's handlers, writing overcommit_ratio zeroes overcommit_kbytes and the reverse
     * (overcommit_ratio_handler(), overcommit_kbytes_handler()). The validator has refused
     * unknown names and values.
     */
    private void sysctl(org.mmdsl.mmdsl.Sysctl s) {
        long v = s.getValue();
        if (org.mmdsl.runtime.vma.Overcommit.checkSysctl(s.getName(), v,
                kernel.model() == org.mmdsl.runtime.arch.KernelModel.V2_6) != null) {
            return;
        }
        kernel.overcommit().writeSysctl(s.getName(), v);
        record(new org.mmdsl.runtime.event.KernelMessage(s.getName() + " = " + v, false));
    }

    /** Events recorded so far (the index the next one gets). */
    int eventCount() {
        return events.size();
    }

    /** Accounts one step for {@code s} and makes it the cause of the events that follow. */
    boolean step(EObject s) {
        cause = s;
        if (aborted) {
            return false;
        }
        steps++;
        return withinBounds();
    }

    void addressExpectations(List<Expectation> expects, long r, String call) {
        for (Expectation e : expects) {
            if (e instanceof AddressExpectation) {
                Long want = address(((AddressExpectation) e).getAddress());
                if (want != null) {
                    expectation(e, want == r, String.format("%s returned 0x%x%s", call, r,
                            want == r ? "" : String.format(", expected 0x%x", want)));
                }
            }
        }
    }

    /** Budget, time and cancellation, checked inside long statements; records why when it stops. */
    boolean withinBounds() {
        if (steps > limits.maxSteps()) {
            record(new ScenarioProblem("run stopped: the step budget of " + limits.maxSteps() + " steps is used up", true));
        } else if (System.nanoTime() > deadline) {
            record(new ScenarioProblem("run stopped: the time limit of " + limits.timeoutMillis() + " ms is reached", true));
        } else if (cancelled.getAsBoolean()) {
            record(new ScenarioProblem("run cancelled", true));
        } else {
            return true;
        }
        aborted = true;
        return false;
    }

    /** Runs a kernel statement (at top level, in a kernel block, in a kthread) and judges its expectations. */
    void kernelStatement(KernelStatement k) {
        int first = events.size();
        if (k instanceof Show) {
            observation.show((Show) k, null);
        } else {
            kernelCall(k);
        }
        judgeExpectations(k, first);
    }

    private void kernelCall(KernelStatement k) {
        if (k instanceof Kmap) {
            highmem.kmap((Kmap) k);
        } else if (k instanceof Kunmap) {
            highmem.kunmap((Kunmap) k);
        } else if (k instanceof org.mmdsl.mmdsl.KernelAccess) {
            kernelMemory.kernelAccess((org.mmdsl.mmdsl.KernelAccess) k);
        } else if (!highmem.highmemStatement(k) && !kernelMemory.addressStatement(k) && !kernelMemory.tlbStatement(k)) {
            kernelMemory.kernelMemoryStatement(k);
        }
    }

    /** Compares a call's result with its errno/ok expectations and marks an expected errno. */
    void checkCall(List<Expectation> expects, int first, long result, boolean pointerResult) {
        Errno errno = Errno.fromResult(result);
        for (Expectation e : expects) {
            if (e instanceof ErrnoExpectation) {
                String want = ((ErrnoExpectation) e).getErrno();
                if (errno != null && errno.name().equals(want)) {
                    markCallExpected(first);
                    expectation(e, true, "the call failed with " + want + " as expected");
                } else {
                    expectation(e, false, "expected " + want + ", but the call "
                            + (errno == null ? "succeeded" : "failed with " + errno.name()));
                }
            } else if (e instanceof OkExpectation) {
                expectation(e, errno == null, errno == null ? "the call succeeded"
                        : "expected the call to succeed, but it failed with " + errno.name());
            }
        }
    }

    int findSignal(int first) {
        for (int i = first; i < events.size(); i++) {
            if (events.get(i).event() instanceof SignalEvent) {
                return i;
            }
        }
        return -1;
    }

    private void markCallExpected(int first) {
        for (int i = first; i < events.size(); i++) {
            if (events.get(i).event() instanceof CallResult && ((CallResult) events.get(i).event()).errno() != null) {
                markExpected(i);
            }
        }
    }

    void markExpected(int index) {
        RunEvent e = events.get(index);
        events.set(index, new RunEvent(e.cause(), e.event(), true));
    }

    /** Records the verdict on {@code where} (an expectation, or a check statement). */
    void expectation(EObject where, boolean met, String message) {
        events.add(new RunEvent(where, new ExpectationEvent(met, message), false));
    }

    void record(Event e) {
        if (rangeFaults != null && e instanceof PageFaultEvent) {
            rangeFault(((PageFaultEvent) e).how());
            return;
        }
        events.add(new RunEvent(cause, e, false));
    }

    /** Inside a range access, one more fault of this kind for its RangeSummary. */
    private void rangeFault(String how) {
        long[] n = rangeFaults.get(how);
        if (n == null) {
            rangeFaults.put(how, n = new long[1]);
        }
        n[0]++;
    }

    /**
     * The runtime's sink: every event is recorded, except that the faults of a range access are only
     * counted, without a PageFaultEvent each (FaultBench: 40 B per fault before, none now).
     */
    private final EventSink sink = new EventSink() {
        @Override
        public void emit(Event event) {
            record(event);
        }

        @Override
        public void pageFault(int pid, long vaddr, org.mmdsl.runtime.arch.Access access, String how, long pfn) {
            if (rangeFaults != null) {
                rangeFault(how);
            } else {
                record(new PageFaultEvent(pid, vaddr, access, how, pfn));
            }
        }
    };

    /** Evaluates an address expression; null (with a problem event) when it names a handle without an address. */
    Long address(Expr e) {
        Handle unmapped = firstUnmapped(e);
        if (unmapped != null) {
            record(new ScenarioProblem("'" + Exprs.nameOf(unmapped) + "' has no address: its " + callOf(unmapped)
                    + " failed or did not run, so this statement is skipped", false));
            return null;
        }
        Expr atom = Exprs.firstStateAtom(e);
        if (atom != null && (current == null || stateValue(atom) == -1)) {
            record(new ScenarioProblem(atom instanceof org.mmdsl.mmdsl.VmaBound
                    ? "no VMA is named " + ((org.mmdsl.mmdsl.VmaBound) atom).getName() + " now, so this statement is skipped"
                    : "this task has no mm_struct field " + ((org.mmdsl.mmdsl.MmField) atom).getField()
                            + ", so this statement is skipped", false));
            return null;
        }
        long value = Exprs.eval(e, handleAddress::get, this::stateValue);
        if ((value >>> 32) != 0 && kernel != null && !kernel.is64() && Exprs.isVirtualAddress(e)) {
            // i386: unsigned long is 32 bits and there is no canonical form; a constant this wide is
            // AddressWidthValidator's error, one computed from handles is caught here
            record(new ScenarioProblem(String.format("address 0x%x does not fit in 32 bits (an i386 virtual address "
                    + "is 0x0..0xffffffff), so this statement is skipped", value), false));
            return null;
        }
        return value;
    }

    /** mm->FIELD or vma_start/vma_end "NAME" of the task the statement runs in; -1 when there is none. */
    private long stateValue(Expr atom) {
        return Exprs.stateValue(current, atom);
    }

    // ------------------------------------------------------------ expressions: the current task, handles, lengths

    /** The task a process statement runs in (for mm->FIELD and vma_start/vma_end), or null at top level. */
    Task current;

    /** The call that gives a handle its address, as the scenario wrote it (mmap, kzalloc, alloc_pages, ...). */
    private static String callOf(Handle h) {
        if (h instanceof Kmalloc && ((Kmalloc) h).getKind() != null) {
            return ((Kmalloc) h).getKind().getLiteral();
        }
        return h instanceof Mremap ? "mremap" : h instanceof AllocPages ? "alloc_pages" : h instanceof Vmalloc ? "vmalloc"
                : h instanceof org.mmdsl.mmdsl.Vmap ? "vmap" : h instanceof org.mmdsl.mmdsl.Ioremap ? "ioremap" : "mmap";
    }

    private Handle firstUnmapped(Expr e) {
        if (e instanceof org.mmdsl.mmdsl.HandleRef) {
            Handle h = ((org.mmdsl.mmdsl.HandleRef) e).getHandle();
            return h == null || h.eIsProxy() || !handleAddress.containsKey(h) ? h : null;
        }
        if (e instanceof org.mmdsl.mmdsl.Binary) {
            Handle l = firstUnmapped(((org.mmdsl.mmdsl.Binary) e).getLeft());
            return l != null ? l : firstUnmapped(((org.mmdsl.mmdsl.Binary) e).getRight());
        }
        return null;
    }

    /**
     * A statement's length: the expression in parentheses when it has one (null after a problem event
     * when that names a handle without an address), the number when it is written, else the length of
     * the mapping the address expression starts from.
     */
    Long length(EObject s, org.eclipse.emf.ecore.EStructuralFeature number, long value, Expr expr, Expr address) {
        if (expr != null) {
            return address(expr);
        }
        return given(s, number) ? value : handleLength(address);
    }

    /** Whether the statement writes {@code feature} (a length of 0 is written, yet EMF calls it unset). */
    private static boolean given(EObject s, org.eclipse.emf.ecore.EStructuralFeature feature) {
        return s.eIsSet(feature) || !org.eclipse.xtext.nodemodel.util.NodeModelUtils.findNodesForFeature(s, feature).isEmpty();
    }

    /** The length of the mapping an address expression starts from (munmap/mprotect without a length). */
    private static long handleLength(Expr e) {
        Handle h = Exprs.baseHandle(e);
        if (h instanceof Mremap) {
            return ((Mremap) h).getNewLength();
        }
        return h instanceof Mmap ? ((Mmap) h).getLength() : 0;
    }

    // ------------------------------------------------------------ expectations of kernel calls (issue 3)

    /**
     * Records an allocation's handle value and judges its expectations: {@code expect address},
     * {@code expect ok}, {@code expect fail} (which marks the failure's warnings as expected).
     */
    void allocated(Handle h, boolean ok, long value, String what, List<Expectation> expects, int first) {
        if (ok && h != null) {
            handleAddress.put(h, value);
        }
        for (Expectation e : expects) {
            if (e instanceof AddressExpectation) {
                Long want = address(((AddressExpectation) e).getAddress());
                if (want != null) {
                    expectation(e, ok && want == value, !ok ? what + " failed, expected " + String.format("0x%x", want)
                            : String.format("%s returned 0x%x%s", what, value,
                                    want == value ? "" : String.format(", expected 0x%x", want)));
                }
            } else if (e instanceof OkExpectation) {
                expectation(e, ok, ok ? what + " succeeded" : "expected " + what + " to succeed, but it failed");
            } else if (e instanceof FailExpectation) {
                if (!ok) {
                    for (int i = first; i < events.size(); i++) {
                        Event ev = events.get(i).event();
                        if (ev instanceof KernelMessage || ev instanceof KernelCall) {
                            markExpected(i);
                        }
                    }
                }
                expectation(e, !ok, !ok ? what + " failed as expected"
                        : String.format("expected %s to fail, but it returned 0x%x", what, value));
            }
        }
    }

    /** {@code expect ok} after a kernel call without a result: no warning was raised. */
    void kernelCallOk(List<Expectation> expects, int first, String what) {
        boolean warned = false;
        for (int i = first; i < events.size(); i++) {
            Event ev = events.get(i).event();
            warned |= ev instanceof KernelMessage && ((KernelMessage) ev).warning();
        }
        for (Expectation e : expects) {
            if (e instanceof OkExpectation) {
                expectation(e, !warned, warned ? "expected " + what + " to succeed, but the kernel warned"
                        : what + " succeeded");
            } else if (e instanceof FailExpectation) {
                if (warned) {
                    for (int i = first; i < events.size(); i++) {
                        if (events.get(i).event() instanceof KernelMessage) {
                            markExpected(i);
                        }
                    }
                }
                expectation(e, warned, warned ? what + " was refused as expected" : "expected " + what
                        + " to be refused, but it succeeded");
            }
        }
    }

    /**
     * The one place where every statement's expectations meet its outcome, after it ran: the statement's
     * handler judged what only it can (an address, a value, a fault, its own ok or fail); here
     * {@code expect warning ["text"]} is judged for every statement, and {@code expect ok}, {@code expect
     * fail} and {@code expect errno} that the handler left alone are judged on the events the statement
     * caused. So every statement the grammar gives expectations (docs/language.md, "Expectations") has them
     * judged, none is silently ignored. A statement that was skipped (its handle has no address) judges
     * nothing: its statement-skipped warning says why. Does not judge expect address/value/fault: only a
     * handler has the result they compare (ExpectationValidator rejects them elsewhere).
     */
    void judgeExpectations(EObject statement, int first) {
        org.eclipse.emf.ecore.EStructuralFeature f = statement.eClass().getEStructuralFeature("expects");
        if (f == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Expectation> expects = (List<Expectation>) statement.eGet(f);
        if (expects.isEmpty()) {
            return;
        }
        boolean warned = false;
        boolean failed = false;
        for (int i = first; i < events.size(); i++) {
            Event ev = events.get(i).event();
            if (ev instanceof ScenarioProblem) {
                return;
            }
            warned |= ev instanceof KernelMessage && ((KernelMessage) ev).warning();
            failed |= ev instanceof CallResult && ((CallResult) ev).errno() != null || ev instanceof SignalEvent;
        }
        String what = statementName(statement);
        for (Expectation e : expects) {
            if (judged(e, first)) {
                continue; // judged already (a fork block's, on the fork() call before its child ran)
            } else if (e instanceof org.mmdsl.mmdsl.WarningExpectation) {
                warningExpectation((org.mmdsl.mmdsl.WarningExpectation) e, statement, first);
            } else if (e instanceof OkExpectation) {
                expectation(e, !warned && !failed, warned ? "expected " + what + " to succeed, but the kernel warned"
                        : failed ? "expected " + what + " to succeed, but it failed" : what + " succeeded");
            } else if (e instanceof FailExpectation) {
                if (warned || failed) {
                    for (int i = first; i < events.size(); i++) {
                        Event ev = events.get(i).event();
                        if (ev instanceof KernelMessage || ev instanceof CallResult || ev instanceof SignalEvent) {
                            markExpected(i);
                        }
                    }
                }
                expectation(e, warned || failed, warned || failed ? what + " failed as expected"
                        : "expected " + what + " to fail, but it succeeded");
            } else if (e instanceof ErrnoExpectation) {
                String want = ((ErrnoExpectation) e).getErrno();
                Errno got = null;
                for (int i = first; i < events.size() && got == null; i++) {
                    if (events.get(i).event() instanceof CallResult) {
                        got = ((CallResult) events.get(i).event()).errno();
                    }
                }
                if (got != null && got.name().equals(want)) {
                    markCallExpected(first);
                }
                expectation(e, got != null && got.name().equals(want), got != null && got.name().equals(want)
                        ? what + " failed with " + want + " as expected"
                        : "expected " + want + ", but " + what + (got == null ? " did not fail" : " failed with " + got.name()));
            }
        }
    }

    /** Whether a verdict on {@code e} was recorded since {@code first}. */
    private boolean judged(Expectation e, int first) {
        for (int i = first; i < events.size(); i++) {
            if (events.get(i).cause() == e && events.get(i).event() instanceof ExpectationEvent) {
                return true;
            }
        }
        return false;
    }

    /** The statement's keyword as the scenario wrote it (kunmap, kmap_atomic, mmap...), for verdicts. */
    private static String statementName(EObject statement) {
        if (statement instanceof Process && ((Process) statement).getParent() != null) {
            return "fork"; // process c = fork p < ... >: its expectations are on fork()
        }
        org.eclipse.xtext.nodemodel.ICompositeNode node = org.eclipse.xtext.nodemodel.util.NodeModelUtils
                .findActualNodeFor(statement);
        if (node != null) {
            for (org.eclipse.xtext.nodemodel.ILeafNode leaf : node.getLeafNodes()) {
                if (!leaf.isHidden()) {
                    return leaf.getText();
                }
            }
        }
        return statement.eClass().getName();
    }

    /**
     * {@code expect warning ["text"]}: met when the statement made the kernel warn (with that text), the
     * warnings are then marked expected; or, for a kmap_atomic under a kernel that deprecates it, when
     * the text is part of the deprecation (HighmemValidator then leaves its deprecated-api out).
     */
    private void warningExpectation(org.mmdsl.mmdsl.WarningExpectation w, EObject statement, int first) {
        String text = w.getText();
        boolean met = false;
        for (int i = first; i < events.size(); i++) {
            Event ev = events.get(i).event();
            if (ev instanceof KernelMessage && ((KernelMessage) ev).warning()
                    && (text == null || ev.message().contains(text))) {
                markExpected(i);
                met = true;
            }
        }
        boolean deprecated = false;
        if (!met && text != null && statement instanceof org.mmdsl.mmdsl.KmapLocal k
                && k.getOp() == org.mmdsl.mmdsl.KmapLocalOp.KMAP_ATOMIC) {
            org.mmdsl.runtime.highmem.HighmemApi api = kernel.highmem().api();
            deprecated = met = api.kmapAtomicDeprecated && api.kmapAtomicDeprecation.contains(text);
        }
        expectation(w, met, deprecated ? "kmap_atomic() is deprecated, as expected"
                : met ? "the kernel warned as expected"
                : "expected the kernel to warn" + (text == null ? "" : " with \"" + text + "\"") + ", but it did not");
    }
}
