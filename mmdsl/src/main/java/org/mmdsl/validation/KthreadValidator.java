package org.mmdsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.ast.Block;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.mmdsl.Kthread;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;

/**
 * {@code kthread NAME < ... >}: the name is a comm the run's messages use to tell tasks apart
 * ("context_switch: app[1] → kworker[2]"), so it may not be the name of a process, thread or other
 * kernel thread of the scenario.
 */
public class KthreadValidator extends MmdslCheckBase {

    @Check
    public void nameIsUnique(Kthread k) {
        if (!(k.eContainer() instanceof Scenario) || k.getName() == null) {
            return;
        }
        for (EObject s : ((Scenario) k.eContainer()).getStatements()) {
            if (s == k) {
                continue;
            }
            Block block = Block.of(s);
            String other = block == null || block == Block.KERNEL ? null : Exprs.nameOf(s); // a task or kthread
            if (k.getName().equals(other)) {
                report(MmdslIssue.DUPLICATE_NAME, "'" + k.getName() + "' already names a "
                        + (block == Block.KTHREAD ? "kernel thread" : "task") + "; give the kernel thread a name of its own",
                        k, MmdslPackage.Literals.KTHREAD__NAME);
                return;
            }
        }
    }
}
