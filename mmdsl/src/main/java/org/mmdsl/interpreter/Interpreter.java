package org.mmdsl.interpreter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.Access;
import org.mmdsl.mmdsl.AddressExpectation;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.ErrnoExpectation;
import org.mmdsl.mmdsl.ExecImage;
import org.mmdsl.mmdsl.Exit;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.FaultExpectation;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.FailExpectation;
import org.mmdsl.mmdsl.Vmalloc;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.Kmap;
import org.mmdsl.mmdsl.Kunmap;
import org.mmdsl.mmdsl.Madvise;
import org.mmdsl.mmdsl.Mlock;
import org.mmdsl.mmdsl.Mlockall;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.mmdsl.Msync;
import org.mmdsl.mmdsl.MsyncFlag;
import org.mmdsl.mmdsl.MapFlag;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Mprotect;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.mmdsl.OkExpectation;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.TopTranslate;
import org.mmdsl.mmdsl.Translate;
import org.mmdsl.mmdsl.ValueExpectation;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.PageFaultEvent;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

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
    private final Map<Handle, Long> handleAddress = new HashMap<>();
    private final AccessResult access = new AccessResult();
    private EObject cause;
    /** While a range access runs: resolved page faults counted by kind instead of recorded one by one. */
    private java.util.Map<String, long[]> rangeFaults;
    private boolean aborted;
    Kernel kernel;
    private long steps;
    private long deadline;
    final ObservationSteps observation = new ObservationSteps(this);
    final HighmemSteps highmem = new HighmemSteps(this);
    final KernelMemorySteps kernelMemory = new KernelMemorySteps(this);

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
            Task task;
            if (Tasks.parent(t) == null) {
                task = kernel.spawn(Tasks.name(t));
            } else if (parent == null || parent.exited()) {
                record(new ScenarioProblem("'" + Exprs.nameOf(Tasks.parent(t)) + "' has exited (or never started): "
                        + "there is nothing to " + (t instanceof Process ? "fork" : "clone"), false));
                return true;
            } else {
                task = t instanceof Process ? kernel.fork(parent, Tasks.name(t)) : kernel.cloneThread(parent, Tasks.name(t));
                if (task == null) {
                    return true; // the failed fork/clone is the event
                }
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
                processStatement(st, task);
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
            fileDecl((org.mmdsl.mmdsl.FileDecl) s);
        }
        return observe(s, null);
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

    private void processStatement(EObject s, Task task) {
        int first = events.size();
        current = task;
        if (vmCall(s, task, first) || oracleStatement(s, task, first)) {
            return;
        }
        if (s instanceof ExecImage) {
            ExecImage e = (ExecImage) s;
            long stack = e.eIsSet(MmdslPackage.Literals.EXEC_IMAGE__STACK) ? e.getStack()
                    : org.mmdsl.runtime.vma.ExecImage.DEFAULT_STACK_RLIMIT;
            if (e.isStackUnlimited()) {
                stack = org.mmdsl.runtime.vma.ExecImage.RLIM_INFINITY;
            }
            task.execve(e.getPath(), e.getText(), e.getData(), e.getBss(), stack, e.isLegacy(), e.isIa32());
        } else if (s instanceof Mmap && ((Mmap) s).getDevice() != null) {
            mmapDevice((Mmap) s, task, first);
        } else if (s instanceof Mmap) {
            mmap((Mmap) s, task, first);
        } else if (s instanceof Munmap) {
            Munmap m = (Munmap) s;
            Long addr = address(m.getAddress());
            Long len = addr == null ? null : length(m, MmdslPackage.Literals.MUNMAP__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                long r = task.munmap(addr, len);
                checkCall(m.getExpects(), first, r, false);
            }
        } else if (s instanceof Mprotect) {
            Mprotect m = (Mprotect) s;
            Long addr = address(m.getAddress());
            Long len = addr == null ? null : length(m, MmdslPackage.Literals.MPROTECT__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                int prot = prot(m.getProt(), m.getProtBits()) | (m.isGrowsdown() ? Mman.PROT_GROWSDOWN : 0)
                        | (m.isGrowsup() ? Mman.PROT_GROWSUP : 0);
                long r = task.mprotect(addr, len, prot);
                checkCall(m.getExpects(), first, r, false);
            }
        } else if (s instanceof Brk) {
            Brk b = (Brk) s;
            Long amount = address(b.getAmount());
            if (amount != null) {
                long want = b.getSign() == null ? amount
                        : b.getSign().equals("+") ? task.currentBrk() + amount : task.currentBrk() - amount;
                long r = task.brk(want);
                checkCall(b.getExpects(), first, r, true);
                addressExpectations(b.getExpects(), r, "brk");
            }
        } else if (s instanceof Access) {
            access((Access) s, task, first);
        } else if (s instanceof Translate) {
            observation.translate(task, ((Translate) s).getAddress());
        } else if (s instanceof org.mmdsl.mmdsl.PageTableDump) {
            observation.pageTableDump((org.mmdsl.mmdsl.PageTableDump) s, task);
        } else if (s instanceof Show) {
            observation.show((Show) s, task);
        } else if (s instanceof ReadCheck) {
            ReadCheck r = (ReadCheck) s;
            observation.readCheck(r, r.getTask() != null ? tasks.get(r.getTask()) : task);
        } else if (s instanceof ZoneCheck) {
            observation.zoneCheck((ZoneCheck) s);
        } else if (s instanceof Exit) {
            task.exit();
        }
    }

    /** mremap, madvise, mlock/munlock/mlock2, mlockall/munlockall, msync; false for other statements. */
    private boolean vmCall(EObject s, Task task, int first) {
        if (s instanceof Mremap) {
            mremap((Mremap) s, task, first);
        } else if (s instanceof Madvise) {
            Madvise m = (Madvise) s;
            Long addr = address(m.getAddress());
            Long len = addr == null ? null : length(m, MmdslPackage.Literals.MADVISE__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                long r = task.madvise(addr, len, m.getAdvice().matches("[0-9]+")
                        ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(m.getAdvice())) : Mman.madvise(m.getAdvice()));
                checkCall(m.getExpects(), first, r, false);
            }
        } else if (s instanceof Mlock) {
            Mlock m = (Mlock) s;
            Long addr = address(m.getAddress());
            Long len = addr == null ? null : length(m, MmdslPackage.Literals.MLOCK__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                long r = m.getOp().equals("munlock") ? task.munlock(addr, len)
                        : task.mlock(addr, len, m.getOp().equals("mlock2") || m.isOnfault(), m.isOnfault());
                checkCall(m.getExpects(), first, r, false);
            }
        } else if (s instanceof Mlockall) {
            Mlockall m = (Mlockall) s;
            int flags = (m.isMclCurrent() ? Mman.MCL_CURRENT : 0) | (m.isMclFuture() ? Mman.MCL_FUTURE : 0)
                    | (m.isMclOnfault() ? Mman.MCL_ONFAULT : 0);
            long r = m.isAll() ? task.mlockall(flags) : task.munlockall();
            checkCall(m.getExpects(), first, r, false);
        } else if (s instanceof Msync) {
            Msync m = (Msync) s;
            Long addr = address(m.getAddress());
            Long len = addr == null ? null : length(m, MmdslPackage.Literals.MSYNC__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                int flags = 0;
                for (MsyncFlag f : m.getFlags()) {
                    flags |= f == MsyncFlag.SYNC ? Mman.MS_SYNC : f == MsyncFlag.ASYNC ? Mman.MS_ASYNC : Mman.MS_INVALIDATE;
                }
                long r = task.msync(addr, len, flags);
                checkCall(m.getExpects(), first, r, false);
            }
        } else {
            return false;
        }
        return true;
    }

    private void mremap(Mremap m, Task task, int first) {
        Long addr = address(m.getAddress());
        Long at = m.getFixedAt() == null ? Long.valueOf(0) : address(m.getFixedAt());
        if (addr == null || at == null) {
            return;
        }
        int flags = (m.isMaymove() ? Mman.MREMAP_MAYMOVE : 0) | (m.getFixedAt() != null ? Mman.MREMAP_FIXED : 0)
                | (m.isDontunmap() ? Mman.MREMAP_DONTUNMAP : 0)
                | (m.getBits() == null ? 0 : (int) Long.decode(m.getBits().replace("_", "")).longValue());
        Long oldLen = m.getOldLengthExpr() == null ? Long.valueOf(m.getOldLength()) : address(m.getOldLengthExpr());
        Long newLen = m.getNewLengthExpr() == null ? Long.valueOf(m.getNewLength()) : address(m.getNewLengthExpr());
        if (oldLen == null || newLen == null) {
            return;
        }
        long r = task.mremap(addr, oldLen, newLen, flags, at);
        if (!Errno.isError(r)) {
            handleAddress.put(m, r);
        }
        checkCall(m.getExpects(), first, r, true);
        addressExpectations(m.getExpects(), r, "mremap");
    }

    private void addressExpectations(List<Expectation> expects, long r, String call) {
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

    private void mmap(Mmap m, Task task, int first) {
        Long hint = hint(m);
        Long len = m.getLengthExpr() == null ? Long.valueOf(m.getLength()) : address(m.getLengthExpr());
        if (hint == null || len == null) {
            return;
        }
        int flags = mmapFlags(m);
        long r;
        if (m.getFd() != null) {
            Long fd = address(m.getFd());
            if (fd == null) {
                return;
            }
            r = task.mmap(hint, len, prot(m.getProt(), m.getProtBits()), flags, m.isAnon() ? null : openFile(task, fd),
                    fd.intValue(), m.getOffset());
        } else {
            r = task.mmap(hint, len, prot(m.getProt(), m.getProtBits()), flags, m.isAnon() ? null : m.getFile(),
                    m.getOffset());
        }
        if (!Errno.isError(r)) {
            handleAddress.put(m, r);
        }
        checkCall(m.getExpects(), first, r, true);
        for (Expectation e : m.getExpects()) {
            if (e instanceof AddressExpectation) {
                Long want = address(((AddressExpectation) e).getAddress());
                if (want != null) {
                    expectation(e, want == r, String.format("mmap returned 0x%x%s", r,
                            want == r ? "" : String.format(", expected 0x%x", want)));
                }
            }
        }
    }

    private void access(Access a, Task task, int first) {
        Long addr = address(a.getAddress());
        if (addr == null) {
            return;
        }
        long value = 1;
        if (a.getValue() != null) {
            Long v = address(a.getValue());
            if (v == null) {
                return;
            }
            value = v;
        }
        boolean ok;
        String what;
        if (a.eIsSet(MmdslPackage.Literals.ACCESS__LENGTH)) {
            long stride = a.eIsSet(MmdslPackage.Literals.ACCESS__STRIDE) ? a.getStride() : 4096;
            ok = accessRange(a, task, addr, a.getLength(), stride, value);
            what = a.getKind().getLiteral() + String.format(" of 0x%x..0x%x", addr, addr + a.getLength());
            if (!ok && aborted) {
                return;
            }
        } else {
            ok = accessOne(a, task, addr, value);
            what = a.getKind().getLiteral() + String.format(" of 0x%x", addr);
        }
        for (Expectation e : a.getExpects()) {
            if (e instanceof FaultExpectation) {
                FaultExpectation f = (FaultExpectation) e;
                Long at = f.getAddress() == null ? null : address(f.getAddress());
                int idx = findSignal(first);
                String wanted = f.getSignal() + (f.getCode() == null ? "" : " " + f.getCode())
                        + (at == null ? "" : String.format(" at 0x%x", at));
                if (idx < 0) {
                    expectation(f, false, "expected " + wanted + ", but the " + what + " succeeded");
                } else {
                    SignalEvent sig = (SignalEvent) events.get(idx).event();
                    boolean met = sig.signal().name().equals(f.getSignal())
                            && (f.getCode() == null || sig.code().name().equals(f.getCode()))
                            && (at == null || at == sig.vaddr());
                    String got = sig.signal() + " " + sig.code() + String.format(" at 0x%x", sig.vaddr());
                    if (met) {
                        markExpected(idx);
                        expectation(f, true, "the " + what + " raised " + got + " as expected");
                    } else {
                        expectation(f, false, "expected " + wanted + ", got " + got);
                    }
                }
            } else if (e instanceof ValueExpectation) {
                Long want = address(((ValueExpectation) e).getValue());
                if (want != null) {
                    if (!ok) {
                        expectation(e, false, String.format("expected value %d, but the read faulted", want));
                    } else {
                        expectation(e, access.value == want, String.format("read of 0x%x gave %d%s", addr, access.value,
                                access.value == want ? "" : ", expected " + want));
                    }
                }
            } else if (e instanceof OkExpectation) {
                expectation(e, ok, ok ? "the " + what + " succeeded" : "expected the " + what + " to succeed, but it faulted");
            }
        }
    }

    private boolean accessOne(Access a, Task task, long addr, long value) {
        if (a.isByte()) {
            org.mmdsl.runtime.mmu.Access kind = switch (a.getKind()) {
                case READ -> org.mmdsl.runtime.mmu.Access.READ;
                case WRITE -> org.mmdsl.runtime.mmu.Access.WRITE;
                default -> org.mmdsl.runtime.mmu.Access.EXEC;
            };
            boolean ok = task.access(addr, kind, value, 1, access);
            if (rangeFaults == null) {
                record(new AccessEvent(a.getKind().getLiteral(), addr, 1, kind == org.mmdsl.runtime.mmu.Access.WRITE
                        ? value & 0xff : access.value & 0xff, ok));
            }
            return ok;
        }
        switch (a.getKind()) {
            case READ:
                return task.read(addr, access);
            case WRITE:
                return task.write(addr, value, access);
            default:
                return task.exec(addr, access);
        }
    }

    /**
     * One access per {@code stride} over [addr, addr + length), stopping at the first fault as a
     * program touching the range would. Every access costs a step. The page faults it resolves are
     * summed into one {@link RangeSummary} instead of one event each (a gigabyte is 262,144 faults).
     */
    private boolean accessRange(Access a, Task task, long addr, long length, long stride, long value) {
        long count = (length + stride - 1) / stride;
        rangeFaults = new java.util.TreeMap<>();
        boolean ok = true;
        long done = 0;
        try {
            for (long i = 0; i < count; i++) {
                if ((i & 1023) == 0 && !withinBounds()) {
                    return false;
                }
                steps++;
                if (!accessOne(a, task, addr + i * stride, value)) {
                    ok = false;
                    break;
                }
                done++;
            }
        } finally {
            java.util.Map<String, long[]> faults = rangeFaults;
            rangeFaults = null;
            record(new RangeSummary(a.getKind().getLiteral(), addr, length, stride, done, faults,
                    a.getKind() == org.mmdsl.mmdsl.AccessKind.WRITE ? value : 0));
        }
        return ok;
    }

    /** Budget, time and cancellation, checked inside long statements; records why when it stops. */
    private boolean withinBounds() {
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

    void kernelStatement(KernelStatement k) {
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
    private void checkCall(List<Expectation> expects, int first, long result, boolean pointerResult) {
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

    private int findSignal(int first) {
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

    private void markExpected(int index) {
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
        public void pageFault(int pid, long vaddr, org.mmdsl.runtime.mmu.Access access, String how, long pfn) {
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
        return Exprs.eval(e, handleAddress::get, this::stateValue);
    }

    /** mm->FIELD or vma_start/vma_end "NAME" of the task the statement runs in; -1 when there is none. */
    private long stateValue(Expr atom) {
        return Exprs.stateValue(current, atom);
    }

    // ------------------------------------------------------------ files, limits, fork (issue 4 point 9)

    /** The task a process statement runs in (for mm->FIELD and vma_start/vma_end), or null at top level. */
    private Task current;
    /** Each task's open files: fd → file (fork copies the table). */
    private final Map<Task, java.util.TreeMap<Long, org.mmdsl.runtime.vma.FileRef>> fds = new HashMap<>();

    private java.util.TreeMap<Long, org.mmdsl.runtime.vma.FileRef> fdTable(Task t) {
        return fds.computeIfAbsent(t, k -> new java.util.TreeMap<>());
    }

    /** The file behind {@code fd} in {@code task}, or null (EBADF). */
    private org.mmdsl.runtime.vma.FileRef openFile(Task task, long fd) {
        return fdTable(task).get(fd);
    }

    /** The lowest free fd from 3 (0-2 are the standard streams). */
    private long lowestFreeFd(Task task) {
        long fd = 3;
        while (fdTable(task).containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    private static int prot(String letters, String bits) {
        return bits != null ? (int) Long.decode(bits.replace("_", "")).longValue() : Mman.parseProt(letters);
    }

    /**
     * A file declared before the processes: the model's file is also its open file description, so it
     * may be written through a mapping when any `open` of its path in the scenario asks for writing.
     */
    private void fileDecl(org.mmdsl.mmdsl.FileDecl f) {
        boolean writable = false;
        boolean readable = false;
        boolean opened = false;
        for (java.util.Iterator<EObject> it = org.eclipse.emf.ecore.util.EcoreUtil.getAllContents(
                org.eclipse.xtext.EcoreUtil2.getRootContainer(f), true); it.hasNext();) {
            EObject o = it.next();
            if (o instanceof org.mmdsl.mmdsl.OpenFile && f.getPath().equals(((org.mmdsl.mmdsl.OpenFile) o).getPath())) {
                String mode = ((org.mmdsl.mmdsl.OpenFile) o).getMode();
                opened = true;
                writable |= !mode.equals("O_RDONLY");
                readable |= !mode.equals("O_WRONLY");
            }
        }
        kernel.createFile(f.getPath(), f.getSize(), (int) f.getFill() & 0xff, f.isLetters(), readable || !opened,
                writable);
    }

    /** open, memfd_create, ftruncate, close, mincore, mseal, setrlimit, setuid, call, let, fork, show pagemap. */
    private boolean oracleStatement(EObject s, Task task, int first) {
        if (s instanceof org.mmdsl.mmdsl.OpenFile) {
            org.mmdsl.mmdsl.OpenFile o = (org.mmdsl.mmdsl.OpenFile) s;
            long fd = lowestFreeFd(task);
            org.mmdsl.runtime.vma.FileRef f = kernel.file(o.getPath());
            fdTable(task).put(fd, f);
            handleAddress.put(o, fd);
            record(new CallResult(String.format("%s[%d]: open(\"%s\", %s) [dev %02x:%02x ino %d size %d]", task.comm(),
                    task.pid(), o.getPath(), o.getMode(), f.devMajor, f.devMinor, f.inode, f.sizeBytes()), fd, false,
                    new long[] {fd, f.devMajor, f.devMinor, f.inode, f.sizeBytes()}, null));
            checkCall(o.getExpects(), first, fd, false);
        } else if (s instanceof org.mmdsl.mmdsl.Memfd) {
            org.mmdsl.mmdsl.Memfd m = (org.mmdsl.mmdsl.Memfd) s;
            long fd = lowestFreeFd(task);
            org.mmdsl.runtime.vma.FileRef f = kernel.memfd(m.getLabel(), m.getSize());
            f.fdGet();
            fdTable(task).put(fd, f);
            handleAddress.put(m, fd);
            record(new CallResult(String.format("%s[%d]: memfd_create(\"%s\") + ftruncate(%d) [dev %02x:%02x ino %d size %d]",
                    task.comm(), task.pid(), m.getLabel(), m.getSize(), f.devMajor, f.devMinor, f.inode, f.sizeBytes()),
                    fd, false, new long[] {fd, f.devMajor, f.devMinor, f.inode, f.sizeBytes()}, null));
            checkCall(m.getExpects(), first, fd, false);
        } else if (s instanceof org.mmdsl.mmdsl.Ftruncate) {
            org.mmdsl.mmdsl.Ftruncate t = (org.mmdsl.mmdsl.Ftruncate) s;
            Long fd = address(t.getFd());
            Long size = address(t.getSize());
            if (fd != null && size != null) {
                org.mmdsl.runtime.vma.FileRef f = openFile(task, fd);
                long r = f == null ? Errno.EBADF.asResult() : task.ftruncate(f, fd.intValue(), size);
                if (f == null) {
                    record(new CallResult(String.format("%s[%d]: ftruncate(%d, %d)", task.comm(), task.pid(), fd, size), r,
                            false, new long[] {fd, size}, null));
                }
                checkCall(t.getExpects(), first, r, false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Close) {
            org.mmdsl.mmdsl.Close c = (org.mmdsl.mmdsl.Close) s;
            Long fd = address(c.getFd());
            if (fd != null) {
                org.mmdsl.runtime.vma.FileRef closed = fdTable(task).remove(fd);
                if (closed != null && closed.shmem) {
                    closed.fdPut();
                }
                long r = closed == null ? Errno.EBADF.asResult() : 0;
                record(new CallResult(String.format("%s[%d]: close(%d)", task.comm(), task.pid(), fd), r, false,
                        new long[] {fd}, null));
                checkCall(c.getExpects(), first, r, false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Mincore) {
            org.mmdsl.mmdsl.Mincore m = (org.mmdsl.mmdsl.Mincore) s;
            Long addr = address(m.getAddress());
            Long len = addr == null ? null : length(m, MmdslPackage.Literals.MINCORE__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                checkCall(m.getExpects(), first, task.mincore(addr, len), false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Mseal) {
            org.mmdsl.mmdsl.Mseal m = (org.mmdsl.mmdsl.Mseal) s;
            Long addr = address(m.getAddress());
            Long len = addr == null ? null : length(m, MmdslPackage.Literals.MSEAL__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                checkCall(m.getExpects(), first, task.mseal(addr, len), false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Setrlimit) {
            org.mmdsl.mmdsl.Setrlimit r = (org.mmdsl.mmdsl.Setrlimit) s;
            Task.Rlimit res = Task.Rlimit.valueOf(r.getResource().substring("RLIMIT_".length()));
            long v = r.isUnlimited() ? org.mmdsl.runtime.vma.ExecImage.RLIM_INFINITY : r.getValue();
            checkCall(r.getExpects(), first, task.setrlimit(res, v), false);
        } else if (s instanceof org.mmdsl.mmdsl.Setuid) {
            task.setuid(((org.mmdsl.mmdsl.Setuid) s).getUid());
        } else if (s instanceof org.mmdsl.mmdsl.Call) {
            call((org.mmdsl.mmdsl.Call) s, task, first);
        } else if (s instanceof org.mmdsl.mmdsl.Let) {
            org.mmdsl.mmdsl.Let l = (org.mmdsl.mmdsl.Let) s;
            Long v = address(l.getValue());
            if (v != null) {
                handleAddress.put(l, v);
                record(new LetEvent(l.getName(), v));
            }
        } else if (s instanceof org.mmdsl.mmdsl.ForkBlock) {
            forkBlock((org.mmdsl.mmdsl.ForkBlock) s, task);
        } else if (s instanceof org.mmdsl.mmdsl.Repeat) {
            repeat((org.mmdsl.mmdsl.Repeat) s, task);
        } else if (s instanceof org.mmdsl.mmdsl.ShowPagemap) {
            org.mmdsl.mmdsl.ShowPagemap p = (org.mmdsl.mmdsl.ShowPagemap) s;
            Long addr = address(p.getAddress());
            if (addr != null) {
                long pages = p.eIsSet(MmdslPackage.Literals.SHOW_PAGEMAP__LENGTH) ? (p.getLength() + 4095) / 4096 : 1;
                record(new Output(String.format("/proc/%d/pagemap 0x%x, %d pages", task.pid(), addr, pages),
                        task.pagemap(addr, pages)));
            }
        } else {
            return false;
        }
        return true;
    }

    /** call ADDR: the fetch and what the instruction there does ({@link Task#call}). */
    private void call(org.mmdsl.mmdsl.Call c, Task task, int first) {
        Long addr = address(c.getAddress());
        if (addr == null) {
            return;
        }
        boolean ok = task.call(addr, access);
        record(new AccessEvent("call", addr, 1, access.value & 0xff, ok));
        for (Expectation e : c.getExpects()) {
            if (e instanceof FaultExpectation) {
                FaultExpectation f = (FaultExpectation) e;
                int idx = findSignal(first);
                boolean met = idx >= 0 && ((SignalEvent) events.get(idx).event()).signal().name().equals(f.getSignal())
                        && (f.getCode() == null || ((SignalEvent) events.get(idx).event()).code().name().equals(f.getCode()));
                if (met) {
                    markExpected(idx);
                }
                expectation(f, met, met ? "the call raised " + f.getSignal() + " as expected"
                        : "expected " + f.getSignal() + (idx < 0 ? ", but the call returned" : ", got another signal"));
            } else if (e instanceof OkExpectation) {
                expectation(e, ok, ok ? "the call returned" : "expected the call to return, but it faulted");
            }
        }
    }

    /** repeat N < ... >: the block N times; a failed call or a fault ends the loop (break). */
    private void repeat(org.mmdsl.mmdsl.Repeat r, Task task) {
        for (long i = 0; i < r.getCount(); i++) {
            for (EObject st : r.getStatements()) {
                if (!step(st) || task.exited()) {
                    return;
                }
                int before = events.size();
                processStatement(st, task);
                for (int k = before; k < events.size(); k++) {
                    Event e = events.get(k).event();
                    if (e instanceof SignalEvent || e instanceof CallResult && ((CallResult) e).errno() != null) {
                        current = task;
                        return;
                    }
                }
                if (!observe(st, task)) {
                    return;
                }
            }
        }
        current = task;
    }

    /** fork NAME < ... >: the child runs the block, then exits; the parent waits for it. */
    private void forkBlock(org.mmdsl.mmdsl.ForkBlock f, Task parent) {
        Task child = kernel.fork(parent, f.getName());
        if (child == null) {
            return; // the failed fork is the event
        }
        fdTable(child).putAll(fdTable(parent)); // the child's descriptors hold the files too
        fdTable(child).values().forEach(file -> {
            if (file.shmem) {
                file.fdGet();
            }
        });
        for (EObject st : f.getStatements()) {
            if (!step(st)) {
                break;
            }
            if (child.exited()) {
                record(new ScenarioProblem(child.comm() + " has exited: this statement does not run", false));
                continue;
            }
            processStatement(st, child);
            observe(st, child);
        }
        cause = f;
        if (!child.exited()) {
            child.exit();
        }
        fdTable(child).values().forEach(file -> {
            if (file.shmem) {
                file.fdPut(); // exit closes the child's descriptors
            }
        });
        fds.remove(child);
        current = parent;
    }

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
    private Long length(EObject s, org.eclipse.emf.ecore.EStructuralFeature number, long value, Expr expr, Expr address) {
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
        warningExpectations(expects, first);
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
        warningExpectations(expects, first);
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
     * {@code expect warning ["text"]}: met when the statement made the kernel warn (with that text);
     * the warnings are then marked expected.
     */
    void warningExpectations(List<Expectation> expects, int first) {
        for (Expectation e : expects) {
            if (e instanceof org.mmdsl.mmdsl.WarningExpectation) {
                String text = ((org.mmdsl.mmdsl.WarningExpectation) e).getText();
                boolean met = false;
                for (int i = first; i < events.size(); i++) {
                    Event ev = events.get(i).event();
                    if (ev instanceof KernelMessage && ((KernelMessage) ev).warning()
                            && (text == null || ev.message().contains(text))) {
                        markExpected(i);
                        met = true;
                    }
                }
                expectation(e, met, met ? "the kernel warned as expected"
                        : "expected the kernel to warn" + (text == null ? "" : " with \"" + text + "\"") + ", but it did not");
            }
        }
    }

    // ------------------------------------------------------------ device mappings (issue 4 point 6)

    /**
     * mmap of a device file whose driver maps a kernel buffer: the buffer's frames come from the
     * kernel handle (kmalloc/kvmalloc and vmalloc by their kernel addresses, alloc_pages by its pfns).
     */
    /** The hint of an mmap: 0 without `at`, null (with a problem event) when it names a handle without an address. */
    private Long hint(Mmap m) {
        return m.getHint() == null ? Long.valueOf(0) : address(m.getHint());
    }

    /** MAP_* flags of an mmap statement as the kernel receives them. */
    private static int mmapFlags(Mmap m) {
        int flags = m.getSharing() == null ? 0 : switch (m.getSharing()) {
            case "private" -> Mman.MAP_PRIVATE;
            case "shared" -> Mman.MAP_SHARED;
            default -> Mman.MAP_SHARED_VALIDATE;
        };
        if (m.isAnon()) {
            flags |= Mman.MAP_ANONYMOUS;
        }
        for (MapFlag f : m.getFlags()) {
            flags |= switch (f) {
                case FIXED -> Mman.MAP_FIXED;
                case FIXED_NOREPLACE -> Mman.MAP_FIXED_NOREPLACE;
                case NORESERVE -> Mman.MAP_NORESERVE;
                case POPULATE -> Mman.MAP_POPULATE;
                case GROWSDOWN -> Mman.MAP_GROWSDOWN;
                case LOCKED -> Mman.MAP_LOCKED;
                case STACK -> Mman.MAP_STACK;
                case NONBLOCK -> Mman.MAP_NONBLOCK;
                case HUGETLB -> Mman.MAP_HUGETLB;
                case SYNC -> Mman.MAP_SYNC;
                case MAP32BIT -> Mman.MAP_32BIT;
            };
        }
        if (m.getBits() != null) {
            flags |= (int) Long.decode(m.getBits().replace("_", "")).longValue();
        }
        return flags;
    }

    private void mmapDevice(Mmap m, Task task, int first) {
        Handle src = m.getSource();
        Long value = src == null || src.eIsProxy() ? null : handleAddress.get(src);
        if (value == null) {
            record(new ScenarioProblem("'" + (src == null ? "?" : Exprs.nameOf(src)) + "' has no memory: its "
                    + "allocation failed or did not run, so this mmap is skipped", false));
            return;
        }
        long[] pfns;
        if (src instanceof AllocPages) {
            pfns = new long[1 << ((AllocPages) src).getOrder()];
            for (int i = 0; i < pfns.length; i++) {
                pfns[i] = value + i;
            }
        } else {
            long size = src instanceof Kmalloc ? ((Kmalloc) src).getSize() : ((Vmalloc) src).getSize();
            pfns = kernel.kmem().bufferPfns(value, size);
            if (pfns == null) {
                record(new ScenarioProblem("'" + Exprs.nameOf(src) + "' is not mapped in the kernel any more "
                        + "(freed?), so this mmap is skipped", false));
                return;
            }
        }
        Long hint = hint(m);
        if (hint == null) {
            return;
        }
        int flags = mmapFlags(m);
        org.mmdsl.runtime.vma.DeviceMap.How how = m.isInsert()
                ? org.mmdsl.runtime.vma.DeviceMap.How.VM_INSERT_PAGE : org.mmdsl.runtime.vma.DeviceMap.How.REMAP_PFN_RANGE;
        long r = task.mmapDevice(hint, m.getLength(), Mman.parseProt(m.getProt()), flags, m.getDevice(), m.getOffset(),
                pfns, how);
        if (!Errno.isError(r)) {
            handleAddress.put(m, r);
        }
        checkCall(m.getExpects(), first, r, true);
        addressExpectations(m.getExpects(), r, "mmap");
    }

}
