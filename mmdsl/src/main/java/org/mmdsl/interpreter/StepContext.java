package org.mmdsl.interpreter;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.Binary;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.HandleRef;
import org.mmdsl.mmdsl.Ioremap;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.MmField;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.mmdsl.VmaBound;
import org.mmdsl.mmdsl.Vmalloc;
import org.mmdsl.mmdsl.Vmap;
import org.mmdsl.mmdsl.util.MmdslSwitch;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;

/**
 * What a step of a run may see and do, and nothing more: the machine, the tasks the scenario started,
 * the values its handles got, the evaluation of expressions (handles, {@code mm->FIELD}, lengths), the
 * run's record and its bounds (step budget, time limit, cancellation, the observer that may stop it).
 * The step classes ({@code *Steps}) get this object instead of the {@link Interpreter}; they report
 * outcomes to {@link ExpectationJudge} and never judge, and nothing here judges either.
 */
final class StepContext {
    private final Interpreter.Limits limits;
    private final BooleanSupplier cancelled;
    private final Interpreter.StepObserver observer;
    private final RunLog log;
    private final Map<org.mmdsl.mmdsl.Task, Task> tasks = new HashMap<>();
    private final Map<Handle, Long> handleAddress = new HashMap<>();
    private final Map<Handle, Long> handleView = Collections.unmodifiableMap(handleAddress);
    private Kernel kernel;
    /** The task a process statement runs in (for mm->FIELD and vma_start/vma_end), or null at top level. */
    private Task current;
    private long steps;
    private long deadline;
    private boolean aborted;
    private boolean stopped;

    StepContext(Interpreter.Limits limits, BooleanSupplier cancelled, Interpreter.StepObserver observer, RunLog log) {
        this.limits = limits;
        this.cancelled = cancelled == null ? () -> false : cancelled;
        this.observer = observer;
        this.log = log;
    }

    // ------------------------------------------------------------ the machine and the tasks

    /** Boots the machine; the time limit runs from now. */
    void boot(BootParams params) {
        deadline = System.nanoTime() + limits.timeoutMillis() * 1_000_000L;
        kernel = SpareKernels.boot(params, log.sink, limits); // Kernel.boot(), or the same machine booted ahead
    }

    /** The machine; null until {@link #boot} returned. */
    Kernel kernel() {
        return kernel;
    }

    /** The runtime task a task statement started, or null (not started yet, failed fork, null name). */
    Task task(org.mmdsl.mmdsl.Task t) {
        return tasks.get(t);
    }

    void started(org.mmdsl.mmdsl.Task t, Task task) {
        tasks.put(t, task);
    }

    /** Makes {@code task} the one whose state {@code mm->FIELD} and {@code vma_start} read. */
    void setCurrent(Task task) {
        current = task;
    }

    // ------------------------------------------------------------ handles

    /** {@code h} now stands for {@code value} (an address, a pfn, an fd, a let's value). */
    void bind(Handle h, long value) {
        handleAddress.put(h, value);
    }

    /** The value {@code h} stands for, or null when its statement failed or did not run. */
    Long valueOf(Handle h) {
        return handleAddress.get(h);
    }

    // ------------------------------------------------------------ the record

    /** Records {@code e}, caused by the statement that runs now. */
    void record(Event e) {
        log.record(e);
    }

    /** Records {@code e} as caused by {@code where} instead of the statement that runs now. */
    void recordFor(EObject where, Event e) {
        log.recordFor(where, e);
    }

    /** Makes {@code statement} the cause of the events that follow, without counting a step. */
    void setCause(EObject statement) {
        log.setCause(statement);
    }

    /** The index the next event gets: a statement's events are those from its mark on. */
    int mark() {
        return log.size();
    }

    /** Starts a range access: its page faults are counted, not recorded one by one. */
    void beginRange() {
        log.beginRange();
    }

    /** Whether a range access runs now. */
    boolean inRange() {
        return log.inRange();
    }

    /** Ends a range access: the faults it resolved, by kind. */
    Map<String, long[]> endRange() {
        return log.endRange();
    }

    // ------------------------------------------------------------ bounds

    /** Accounts one step for {@code s} and makes it the cause of the events that follow; false when the run must stop. */
    boolean step(EObject s) {
        log.setCause(s);
        if (aborted) {
            return false;
        }
        steps++;
        return withinBounds();
    }

    /** One more step inside a long statement (a range access), without a new cause. */
    void countStep() {
        steps++;
    }

    /** Whether the run was stopped by a limit (a problem event says which). */
    boolean aborted() {
        return aborted;
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

    /** Shows the machine after {@code statement} ran to the observer; false once the observer stopped the run. */
    boolean observe(EObject statement, Task task) {
        if (!stopped && !observer.afterStep(statement, task, kernel, handleView)) {
            stopped = true;
        }
        return !stopped;
    }

    // ------------------------------------------------------------ expressions: handles, state atoms, lengths

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
            record(new ScenarioProblem(atom instanceof VmaBound
                    ? "no VMA is named " + ((VmaBound) atom).getName() + " now, so this statement is skipped"
                    : "this task has no mm_struct field " + ((MmField) atom).getField()
                            + ", so this statement is skipped", false));
            return null;
        }
        long value;
        try {
            value = Exprs.eval(e, handleAddress::get, this::stateValue);
        } catch (Exprs.Undefined u) {
            record(new ScenarioProblem(u.getMessage() + ", so this statement is skipped", false));
            return null;
        }
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

    /** The call that gives a handle its address, as the scenario wrote it (mmap, kzalloc, alloc_pages, ...). */
    private static String callOf(Handle h) {
        String call = new MmdslSwitch<String>() {
            @Override
            public String caseKmalloc(Kmalloc k) {
                return k.getKind() == null ? null : k.getKind().getLiteral();
            }

            @Override
            public String caseMremap(Mremap m) {
                return "mremap";
            }

            @Override
            public String caseAllocPages(AllocPages a) {
                return "alloc_pages";
            }

            @Override
            public String caseVmalloc(Vmalloc v) {
                return "vmalloc";
            }

            @Override
            public String caseVmap(Vmap v) {
                return "vmap";
            }

            @Override
            public String caseIoremap(Ioremap i) {
                return "ioremap";
            }

            @Override
            public String caseLet(org.mmdsl.mmdsl.Let l) {
                return "let";
            }
        }.doSwitch(h);
        return call != null ? call : "mmap"; // mmap, and what has no call of its own (open, memfd, let)
    }

    /** The first handle {@code e} names that has no value (its statement failed or did not run), or null. */
    private Handle firstUnmapped(Expr e) {
        if (e == null) {
            return null;
        }
        return new MmdslSwitch<Handle>() {
            @Override
            public Handle caseHandleRef(HandleRef r) {
                Handle h = r.getHandle();
                return h == null || h.eIsProxy() || !handleAddress.containsKey(h) ? h : null;
            }

            @Override
            public Handle caseBinary(Binary b) {
                Handle l = firstUnmapped(b.getLeft());
                return l != null ? l : firstUnmapped(b.getRight());
            }
        }.doSwitch(e);
    }

    /**
     * A statement's length: the expression in parentheses when it has one (null after a problem event
     * when that names a handle without an address), the number when it is written, else the length of
     * the mapping the address expression starts from.
     */
    Long length(EObject s, EStructuralFeature number, long value, Expr expr, Expr address) {
        if (expr != null) {
            return address(expr);
        }
        return given(s, number) ? value : handleLength(address);
    }

    /** Whether the statement writes {@code feature} (a length of 0 is written, yet EMF calls it unset). */
    private static boolean given(EObject s, EStructuralFeature feature) {
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
}
