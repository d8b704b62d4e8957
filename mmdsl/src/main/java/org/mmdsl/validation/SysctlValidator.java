package org.mmdsl.validation;

import java.util.Map;

import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Sysctl;
import org.mmdsl.runtime.arch.KernelModel;

/**
 * {@code sysctl NAME = VALUE}: the /proc/sys/vm files mmdsl models and the values their handlers
 * accept (kernel/sysctl.c and mm/util.c's tables: overcommit_memory is proc_dointvec_minmax over
 * 0..2, the others take any unsigned long; a refused write is EINVAL). overcommit_kbytes arrived
 * in 3.14, admin_reserve_kbytes and user_reserve_kbytes in 3.10: not under {@code kernel 2.6}.
 */
public class SysctlValidator extends MmdslCheckBase {

    /** The modelled sysctls and what each controls. */
    static final Map<String, String> SYSCTLS = Map.of(
            "vm.overcommit_memory", "0 heuristic, 1 always, 2 strict",
            "vm.overcommit_ratio", "percent of RAM in CommitLimit",
            "vm.overcommit_kbytes", "CommitLimit's RAM part in kB (instead of the ratio)",
            "vm.admin_reserve_kbytes", "kept from a process without CAP_SYS_ADMIN in mode 2",
            "vm.user_reserve_kbytes", "kept from a large process in mode 2");

    @Check
    public void checkSysctl(Sysctl s) {
        String name = s.getName();
        if (name == null) {
            return;
        }
        if (!SYSCTLS.containsKey(name)) {
            report(MmdslIssue.UNKNOWN_SYSCTL, "'" + name + "' is not a sysctl mmdsl models: vm.overcommit_memory, "
                    + "vm.overcommit_ratio, vm.overcommit_kbytes, vm.admin_reserve_kbytes or vm.user_reserve_kbytes",
                    s, MmdslPackage.Literals.SYSCTL__NAME);
            return;
        }
        if (name.equals("vm.overcommit_memory") && (s.getValue() < 0 || s.getValue() > 2)) {
            report(MmdslIssue.UNKNOWN_SYSCTL, "vm.overcommit_memory is 0 (heuristic), 1 (always) or 2 (strict): "
                    + "the kernel refuses " + s.getValue() + " with EINVAL", s, MmdslPackage.Literals.SYSCTL__VALUE);
        } else if (s.getValue() < 0) {
            report(MmdslIssue.UNKNOWN_SYSCTL, name + " takes an unsigned number", s, MmdslPackage.Literals.SYSCTL__VALUE);
        }
        KernelModel model = BootConfig.model(EcoreUtil2.getContainerOfType(s, Scenario.class));
        if (model == KernelModel.V2_6 && !name.equals("vm.overcommit_memory") && !name.equals("vm.overcommit_ratio")) {
            report(MmdslIssue.UNKNOWN_SYSCTL, "kernel 2.6: " + name + " arrived in "
                    + (name.equals("vm.overcommit_kbytes") ? "3.14" : "3.10")
                    + ": under kernel 2.6 only vm.overcommit_memory and vm.overcommit_ratio exist", s,
                    MmdslPackage.Literals.SYSCTL__NAME);
        }
    }
}
