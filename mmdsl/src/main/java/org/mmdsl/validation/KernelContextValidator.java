package org.mmdsl.validation;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.Tasks;
import org.mmdsl.mmdsl.Exit;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.ProcessStatement;
import org.mmdsl.mmdsl.Task;

/**
 * Checks {@code kernel in TASK < ... >}, the kernel block that runs with TASK current (its page
 * tables loaded, as after switch_mm()). That the task exists and comes before the block is the
 * scoping's (an unknown name); here: a task whose own block exits is gone (kernel/exit.c do_exit()
 * drops its mm), so no kernel code can run in its context afterwards.
 */
public class KernelContextValidator extends MmdslCheckBase {

    @Check
    public void checkKernelIn(KernelBlock block) {
        Task task = block.getTask();
        if (task == null || task.eIsProxy()) {
            return;
        }
        for (ProcessStatement s : Tasks.statements(task)) {
            if (s instanceof Exit) {
                int line = NodeModelUtils.getNode(s) == null ? 0 : NodeModelUtils.getNode(s).getStartLine();
                report(MmdslIssue.TASK_EXITED, "kernel in " + Tasks.name(task) + ": " + Tasks.name(task)
                        + " exits on line " + line + ", so it cannot be current here and this block does not run",
                        block, MmdslPackage.Literals.KERNEL_BLOCK__TASK);
                return;
            }
        }
    }
}
