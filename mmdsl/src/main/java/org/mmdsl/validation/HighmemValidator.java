package org.mmdsl.validation;

import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.KmapLocal;
import org.mmdsl.mmdsl.KmapLocalOp;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.highmem.HighmemApi;
import org.mmdsl.runtime.highmem.KmType;

/**
 * Checks kmap_atomic / kmap_local statements against the kernel version's highmem API
 * ({@link HighmemApi}: the one place where versions differ: 6.1's deprecation, 2.6's km_type slot
 * names) and the booted CPUs. A statement the model lacks altogether is KernelModelValidator's. Slot order,
 * depth and sleeping in atomic context are outcomes of the run, reported there.
 */
public class HighmemValidator extends MmdslCheckBase {

    @Check
    public void checkKmapLocal(KmapLocal k) {
        Scenario scenario = org.eclipse.xtext.EcoreUtil2.getContainerOfType(k, Scenario.class);
        HighmemApi api = HighmemApi.of(BootConfig.model(scenario));
        boolean atomic = k.getOp() == KmapLocalOp.KMAP_ATOMIC;
        // Documentation/mm/highmem.rst (6.1): "kmap_atomic() ... is deprecated", use kmap_local_page().
        if (atomic && api.kmapAtomicDeprecated) {
            report(MmdslIssue.DEPRECATED_API, api.kmapAtomicDeprecation, k, MmdslPackage.Literals.KMAP_LOCAL__OP);
        }
        // 2.6.24 arch/x86/mm/highmem_32.c: kmap_atomic(page, type), kunmap_atomic(kvaddr, type), with
        // type an enum km_type of include/asm-x86/kmap_types.h (6.1's case is KernelModelValidator's).
        boolean atomicOp = atomic || k.getOp() == KmapLocalOp.KUNMAP_ATOMIC;
        if (api.slotTypeArgument && atomicOp) {
            if (k.getKmType() == null) {
                report(MmdslIssue.KM_TYPE, "kernel 2.6: " + k.getOp().getLiteral() + "() names its km_type slot: write `"
                        + k.getOp().getLiteral() + " page PFN KM_USER0` (KM_USER0/KM_USER1 in process context, as "
                        + "LDD3 15.1.3 does)", k, MmdslPackage.Literals.KMAP_LOCAL__OP);
            } else if (KmType.byName(k.getKmType()) == null) {
                report(MmdslIssue.KM_TYPE, k.getKmType() + " is not an enum km_type of 2.6.24 i386 "
                        + "(include/asm-x86/kmap_types.h): " + KmType.names(), k,
                        MmdslPackage.Literals.KMAP_LOCAL__KM_TYPE);
            }
        }
        if (k.eIsSet(MmdslPackage.Literals.KMAP_LOCAL__CPU)) {
            int cpus = BootConfig.from(scenario == null ? null : scenario.getBoot()).cpus;
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
