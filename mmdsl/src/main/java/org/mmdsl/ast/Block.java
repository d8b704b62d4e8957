package org.mmdsl.ast;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.Kthread;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.Task;
import org.mmdsl.mmdsl.Thread;
import org.mmdsl.mmdsl.util.MmdslSwitch;

/**
 * The four blocks whose statements run together: a {@code process} or a {@code thread} (one task, its
 * statements are the grammar's ProcessStatement), a {@code kernel} block or a {@code kthread} (kernel code,
 * KernelStatement). Code lenses, completion, the outline, semantic tokens and the kthread name check ask
 * here which block an object is or stands in. Does not say what a block does: the interpreter runs them.
 */
public enum Block {
    PROCESS, THREAD, KERNEL, KTHREAD;

    /** The block kind of each block statement; null for every other object. Stateless, so shared. */
    private static final MmdslSwitch<Block> KIND = new MmdslSwitch<>() {
        @Override
        public Block caseProcess(Process p) {
            return PROCESS;
        }

        @Override
        public Block caseThread(Thread t) {
            return THREAD;
        }

        @Override
        public Block caseKernelBlock(KernelBlock k) {
            return KERNEL;
        }

        @Override
        public Block caseKthread(Kthread k) {
            return KTHREAD;
        }
    };

    /** Whether the block is a task's (process or thread): its statements run in the task's mm. */
    public boolean isTask() {
        return this == PROCESS || this == THREAD;
    }

    /** Whether the block is kernel code (kernel block or kthread): its statements are kernel statements. */
    public boolean isKernel() {
        return this == KERNEL || this == KTHREAD;
    }

    /** The block {@code o} is, or null when it is no block (any other statement, a non-AST object, null). */
    public static Block of(EObject o) {
        return o == null ? null : KIND.doSwitch(o);
    }

    /** {@code o} as a task (a process or thread block), or null when it is none. */
    public static Task asTask(EObject o) {
        Block b = of(o);
        return b != null && b.isTask() ? (Task) o : null;
    }

    /**
     * {@code o} itself when it is a block, else its nearest container that is one; null for an object
     * outside every block (boot, a top-level statement). Blocks do not nest (a {@code fork} block inside a
     * process is a statement of that process), so this is the block whose task or context runs {@code o}.
     */
    public static EObject enclosing(EObject o) {
        for (EObject c = o; c != null; c = c.eContainer()) {
            if (of(c) != null) {
                return c;
            }
        }
        return null;
    }
}
