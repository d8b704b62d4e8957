package org.mmdsl.validation;

import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.KmapLocal;
import org.mmdsl.mmdsl.KmapLocalOp;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.highmem.HighmemApi;

/**
 * Checks kmap_atomic / kmap_local statements against the kernel version's highmem API
 * ({@link HighmemApi}: the one place where versions differ) and the booted CPUs. Slot order,
 * depth and sleeping in atomic context are outcomes of the run, reported there.
 */
public class HighmemValidator extends MmdslCheckBase {

    @Check
    public void checkKmapLocal(KmapLocal k) {
        HighmemApi api = HighmemApi.DEFAULT;
        boolean atomic = k.getOp() == KmapLocalOp.KMAP_ATOMIC;
        // Documentation/mm/highmem.rst (6.1): "kmap_atomic() ... is deprecated", use kmap_local_page().
        if (atomic && api.kmapAtomicDeprecated) {
            report(MmdslIssue.DEPRECATED_API, api.kmapAtomicDeprecation, k, MmdslPackage.Literals.KMAP_LOCAL__OP);
        }
        if (k.eIsSet(MmdslPackage.Literals.KMAP_LOCAL__CPU)) {
            Scenario s = org.eclipse.xtext.EcoreUtil2.getContainerOfType(k, Scenario.class);
            int cpus = BootConfig.from(s == null ? null : s.getBoot()).cpus;
            if (k.getCpu() >= cpus) {
                report(MmdslIssue.NO_SUCH_CPU, "cpu " + k.getCpu() + " is not online: the machine boots " + cpus
                        + " CPU" + (cpus == 1 ? "" : "s") + " (cpus " + cpus + " gives cpu 0.." + (cpus - 1) + ")", k,
                        MmdslPackage.Literals.KMAP_LOCAL__CPU);
            }
        }
    }

    @Check
    public void checkWarning(org.mmdsl.mmdsl.WarningExpectation w) {
        if (!(w.eContainer() instanceof org.mmdsl.mmdsl.KernelStatement)) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only a kernel statement (kmalloc, kmap_atomic, __va, …) "
                    + "makes the kernel warn", w, null);
        }
    }
}
