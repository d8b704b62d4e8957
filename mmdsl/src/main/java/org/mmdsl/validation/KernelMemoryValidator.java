package org.mmdsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.ast.StatementResult;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.FailExpectation;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Checks the kernel's own memory statements: GFP flag names (include/linux/gfp_types.h) and where
 * `expect fail` may stand. Domain outcomes (an allocation that fails, a double kfree) are left to the
 * run, which reports them in kernel words.
 */
public class KernelMemoryValidator extends MmdslCheckBase {

    @Check
    public void checkGfp(Kmalloc k) {
        checkGfp(k, k.getGfp(), MmdslPackage.Literals.KMALLOC__GFP);
    }

    @Check
    public void checkGfp(AllocPages a) {
        checkGfp(a, a.getGfp(), MmdslPackage.Literals.ALLOC_PAGES__GFP);
    }

    private void checkGfp(EObject owner, java.util.List<String> names, org.eclipse.emf.ecore.EAttribute feature) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (Gfp.valueOf(name) < 0) {
                error("'" + name + "' is not a GFP flag (e.g. GFP_KERNEL, GFP_ATOMIC, GFP_DMA, __GFP_ZERO, __GFP_NOWARN)",
                        owner, feature, i, MmdslIssue.UNKNOWN_GFP_FLAG.id);
            }
        }
    }

    @Check
    public void checkFail(FailExpectation f) {
        if (!StatementResult.FAIL.reportableBy(f.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only a kernel allocation (kmalloc, alloc_pages, vmalloc…) "
                    + "or kfree can fail", f, null);
        }
    }
}
