package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.Kthread;
import org.mmdsl.runtime.fault.AccessResult;

/**
 * Runs a {@code kthread NAME < ... >} block: the scheduler switches CPU 0 to a new kernel thread
 * (context_switch(): it borrows the previous task's mm as active_mm), then its kernel steps run in
 * that thread; a load or store is the thread's own ({@link org.mmdsl.runtime.Kthread}): at a user
 * address it oopses, and the thread's later steps do not run.
 */
final class KthreadSteps {
    private final StepContext in;
    private final KernelStatementSwitch kernelStatements;

    KthreadSteps(StepContext in, KernelStatementSwitch kernelStatements) {
        this.in = in;
        this.kernelStatements = kernelStatements;
    }

    /** Runs the block; false when the run must stop. */
    boolean run(Kthread block) {
        if (!in.step(block)) {
            return false;
        }
        org.mmdsl.runtime.Kthread t = in.kernel().kthread(block.getName());
        in.kernel().schedule(t);
        KernelMemorySteps.KernelAccessor byThread = new KernelMemorySteps.KernelAccessor() {
            @Override
            public boolean read(long vaddr, AccessResult out) {
                return t.read(vaddr, out);
            }

            @Override
            public boolean write(long vaddr, long value, AccessResult out) {
                return t.write(vaddr, value, out);
            }
        };
        for (KernelStatement k : block.getStatements()) {
            if (!in.step(k)) {
                return false;
            }
            if (t.dead()) {
                in.record(new ScenarioProblem(t.comm() + " died in its oops: this statement does not run", false));
                continue;
            }
            kernelStatements.run(k, byThread); // a load or store is the thread's own
            if (!in.observe(k, null)) {
                return false;
            }
        }
        return in.observe(block, null);
    }
}
