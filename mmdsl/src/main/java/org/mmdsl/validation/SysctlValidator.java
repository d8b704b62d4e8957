package org.mmdsl.validation;

import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Sysctl;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.vma.Overcommit;

/**
 * {@code sysctl NAME = VALUE}: the write is checked by the runtime's rule (Overcommit.checkSysctl(): the
 * /proc/sys/vm files mmdsl models, the values their handlers accept, the versions that have them); this
 * validator only reports it on the name or the value.
 */
public class SysctlValidator extends MmdslCheckBase {

    @Check
    public void checkSysctl(Sysctl s) {
        String name = s.getName();
        if (name == null) {
            return;
        }
        KernelModel model = BootConfig.model(EcoreUtil2.getContainerOfType(s, Scenario.class));
        String why = Overcommit.checkSysctl(name, s.getValue(), model == KernelModel.V2_6);
        if (why != null) {
            boolean aboutValue = Overcommit.SYSCTLS.contains(name) && !why.startsWith("kernel 2.6");
            report(MmdslIssue.UNKNOWN_SYSCTL, why, s,
                    aboutValue ? MmdslPackage.Literals.SYSCTL__VALUE : MmdslPackage.Literals.SYSCTL__NAME);
        }
    }
}
