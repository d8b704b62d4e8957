package org.mmdsl.interpreter;

import java.util.function.Consumer;
import java.util.function.Function;

import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.event.Event;

/**
 * The context a kernel block runs in. {@code kernel < ... >} runs on no particular task: kernel
 * loads and stores walk swapper_pg_dir (init_mm, as a kernel thread would). {@code kernel in TASK
 * < ... >} makes TASK current with its mm's page tables loaded (switch_mm()) for the block, so a
 * {@code read}/{@code write} walks TASK's page directory: under {@code kernel 2.6} on i386 without
 * PAE an entry of the vmalloc area it lacks is copied from swapper_pg_dir by a vmalloc fault
 * (runtime {@code VmallocFault}). The previous context comes back after the block.
 */
final class KernelSteps {
    private KernelSteps() {
    }

    /**
     * Enters {@code block}'s context. Returns false, after recording why, when the block cannot run:
     * its task has exited or has no address space.
     */
    static boolean enter(Kernel kernel, KernelBlock block, Function<org.mmdsl.mmdsl.Task, Task> tasks,
            Consumer<Event> record) {
        if (block.getTask() == null) {
            kernel.setCurrent(null);
            return true;
        }
        Task t = tasks.apply(block.getTask());
        if (t == null || t.exited() || t.mm() == null) {
            String name = Tasks.name(block.getTask());
            record.accept(new ScenarioProblem("kernel in " + name + ": " + name
                    + (t == null ? " did not start" : t.exited() ? " has exited" : " has no address space")
                    + ", so this block does not run", false));
            return false;
        }
        kernel.setCurrent(t);
        return true;
    }

    /** Leaves a block's context: no task is current between statements at top level. */
    static void leave(Kernel kernel) {
        kernel.setCurrent(null);
    }
}
