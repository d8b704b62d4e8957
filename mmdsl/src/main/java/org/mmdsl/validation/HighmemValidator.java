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

    @com.google.inject.Inject
    private org.mmdsl.services.MmdslGrammarAccess grammar;

    /**
     * Whether the word the grammar took as {@code k}'s km_type slot is the next statement the user meant:
     * it stands on a later line than {@code page PFN} and is no km_type name (any ID parses there, and
     * line breaks carry no meaning, so `kmap_atomic page a` followed by a mistyped step swallowed it).
     */
    public static boolean kmTypeIsNextStatement(KmapLocal k) {
        String word = k.getKmType();
        if (word == null || KmType.byName(word) != null || word.startsWith("KM_")) {
            return false;
        }
        java.util.List<org.eclipse.xtext.nodemodel.INode> nodes = org.eclipse.xtext.nodemodel.util.NodeModelUtils
                .findNodesForFeature(k, MmdslPackage.Literals.KMAP_LOCAL__KM_TYPE);
        org.eclipse.xtext.nodemodel.INode pfn = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(k.getPfn());
        return !nodes.isEmpty() && pfn != null && nodes.get(0).getStartLine() > pfn.getEndLine();
    }

    /** Whether {@code k} says `expect warning "TEXT"` with TEXT part of {@code message}. */
    static boolean expectsWarning(KmapLocal k, String message) {
        for (org.mmdsl.mmdsl.Expectation e : k.getExpects()) {
            if (e instanceof org.mmdsl.mmdsl.WarningExpectation w && w.getText() != null
                    && message.contains(w.getText())) {
                return true;
            }
        }
        return false;
    }

    @Check
    public void checkKmapLocal(KmapLocal k) {
        Scenario scenario = org.eclipse.xtext.EcoreUtil2.getContainerOfType(k, Scenario.class);
        HighmemApi api = HighmemApi.of(BootConfig.model(scenario));
        boolean atomic = k.getOp() == KmapLocalOp.KMAP_ATOMIC;
        String kmType = k.getKmType();
        if (kmTypeIsNextStatement(k)) {
            kmType = null;
            int line = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(k).getStartLine();
            report(MmdslIssue.SYNTAX, "unexpected '" + k.getKmType() + "': it is no kernel step, nor the km_type slot of the "
                    + k.getOp().getLiteral() + " on line " + line + " (a slot is written on that line, and named KM_USER0, "
                    + "KM_IRQ0, ...); " + org.mmdsl.parser.MmdslSyntaxErrorMessages.kernelSteps(grammar), k,
                    MmdslPackage.Literals.KMAP_LOCAL__KM_TYPE);
        }
        // Documentation/mm/highmem.rst (6.1): "kmap_atomic() ... is deprecated", use kmap_local_page().
        // `expect warning "deprecated"` on the statement says the scenario shows it on purpose.
        if (atomic && api.kmapAtomicDeprecated && !expectsWarning(k, api.kmapAtomicDeprecation)) {
            report(MmdslIssue.DEPRECATED_API, api.kmapAtomicDeprecation, k, MmdslPackage.Literals.KMAP_LOCAL__OP);
        }
        // 2.6.24 arch/x86/mm/highmem_32.c: kmap_atomic(page, type), kunmap_atomic(kvaddr, type), with
        // type an enum km_type of include/asm-x86/kmap_types.h (6.1's case is KernelModelValidator's).
        boolean atomicOp = atomic || k.getOp() == KmapLocalOp.KUNMAP_ATOMIC;
        if (api.slotTypeArgument && atomicOp) {
            if (kmType == null) {
                report(MmdslIssue.KM_TYPE, "kernel 2.6: " + k.getOp().getLiteral() + "() names its km_type slot: write `"
                        + k.getOp().getLiteral() + " page PFN KM_USER0` (KM_USER0/KM_USER1 in process context, as "
                        + "LDD3 15.1.3 does)", k, MmdslPackage.Literals.KMAP_LOCAL__OP);
            } else if (KmType.byName(kmType) == null) {
                report(MmdslIssue.KM_TYPE, kmType + " is not an enum km_type of 2.6.24 i386 "
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
}
