package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.KernelAccess;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.Kthread;
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
                int first = in.events.size();
                access((KernelAccess) k, t);
                in.judgeExpectations(k, first);
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
        in.kernelMemory.kernelAccess(a, new KernelMemorySteps.KernelAccessor() {
            @Override
            public boolean read(long vaddr, AccessResult out) {
                return t.read(vaddr, out);
            }

            @Override
            public boolean write(long vaddr, long value, AccessResult out) {
                return t.write(vaddr, value, out);
            }
        });
    }
}
