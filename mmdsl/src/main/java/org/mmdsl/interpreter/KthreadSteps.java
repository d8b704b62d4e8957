package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.KernelAccess;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.Kthread;
import org.mmdsl.mmdsl.OkExpectation;
import org.mmdsl.mmdsl.ValueExpectation;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.fault.AccessResult;

/**
 * Runs a {@code kthread NAME < ... >} block: the scheduler switches CPU 0 to a new kernel thread
 * (context_switch(): it borrows the previous task's mm as active_mm), then its kernel steps run in
 * that thread; a load or store is the thread's own ({@link org.mmdsl.runtime.Kthread}): at a user
 * address it oopses, and the thread's later steps do not run.
 */
final class KthreadSteps {
    private final Interpreter in;
    private final AccessResult access = new AccessResult();

    KthreadSteps(Interpreter in) {
        this.in = in;
    }

    /** Runs the block; false when the run must stop. */
    boolean run(Kthread block, Kernel kernel) {
        if (!in.step(block)) {
            return false;
        }
        org.mmdsl.runtime.Kthread t = kernel.kthread(block.getName());
        kernel.schedule(t);
        for (KernelStatement k : block.getStatements()) {
            if (!in.step(k)) {
                return false;
            }
            if (t.dead()) {
                in.record(new ScenarioProblem(t.comm() + " died in its oops: this statement does not run", false));
                continue;
            }
            if (k instanceof KernelAccess) {
                access((KernelAccess) k, t);
            } else {
                in.kernelStatement(k);
            }
            if (!in.observe(k, null)) {
                return false;
            }
        }
        return in.observe(block, null);
    }

    /** A load or store by the kernel thread, with its value, ok and warning expectations. */
    private void access(KernelAccess a, org.mmdsl.runtime.Kthread t) {
        int first = in.eventCount();
        Long addr = in.address(a.getAddress());
        if (addr == null) {
            return;
        }
        boolean ok;
        if ("write".equals(a.getKind())) {
            Long v = a.getValue() == null ? Long.valueOf(1) : in.address(a.getValue());
            if (v == null) {
                return;
            }
            ok = t.write(addr, v, access);
        } else {
            ok = t.read(addr, access);
        }
        for (Expectation e : a.getExpects()) {
            if (e instanceof ValueExpectation) {
                Long want = in.address(((ValueExpectation) e).getValue());
                if (want != null) {
                    in.expectation(e, ok && access.value == want, ok ? String.format("kernel read %d%s", access.value,
                            access.value == want ? "" : ", expected " + want) : "the kernel access oopsed");
                }
            } else if (e instanceof OkExpectation) {
                in.expectation(e, ok, ok ? "kernel access succeeded" : "expected the kernel access to succeed");
            }
        }
        in.warningExpectations(a.getExpects(), first);
    }
}
