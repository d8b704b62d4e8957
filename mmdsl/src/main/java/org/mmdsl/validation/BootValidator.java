package org.mmdsl.validation;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.ArchOption;
import org.mmdsl.mmdsl.Boot;
import org.mmdsl.mmdsl.BootOption;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.runtime.arch.ArchWord;
import org.mmdsl.runtime.arch.BootParams;

/**
 * Checks the boot statement. The rules of what a kernel can boot live in the runtime
 * ({@link BootParams#check}); this class only maps them onto the statement and adds the checks that
 * are about the text (an option given twice, a paging variant of the other architecture).
 */
public class BootValidator extends MmdslCheckBase {

    @Check
    public void checkOptions(Boot boot) {
        Map<EClass, BootOption> seen = new HashMap<>();
        for (BootOption o : boot.getOptions()) {
            BootOption before = seen.put(o.eClass(), o);
            if (before != null) {
                report(MmdslIssue.BOOT_OPTION_DUPLICATE, "'" + keyword(o) + "' is given twice; the kernel would take "
                        + "the last one, say it once", o, null);
            }
        }
        for (BootOption o : boot.getOptions()) {
            if (o instanceof ArchOption) {
                ArchOption a = (ArchOption) o;
                ArchWord variant = a.getVariant() == null ? null : ArchWord.byWord(a.getVariant());
                if (variant == ArchWord.PAE && variant.variantOf != ArchWord.byWord(a.getArch())) {
                    report(MmdslIssue.BOOT_OPTION_CONFLICT, "PAE is an i386 paging mode; x86_64 always uses 64-bit "
                            + "entries (4-level, or 5-level with `la57`)", a, MmdslPackage.Literals.ARCH_OPTION__VARIANT);
                    return;
                }
                if (variant == ArchWord.LA57 && variant.variantOf != ArchWord.byWord(a.getArch())) {
                    report(MmdslIssue.BOOT_OPTION_CONFLICT, "5-level paging (la57) needs x86_64; i386 offers "
                            + "2-level paging or `pae`", a, MmdslPackage.Literals.ARCH_OPTION__VARIANT);
                    return;
                }
            }
        }
        if (!boot.eResource().getErrors().isEmpty()) {
            return; // a number that did not convert reads as 0: judging the machine would only add noise
        }
        BootParams params = BootConfig.from(boot);
        String problem = BootParams.check(params);
        if (problem != null) {
            report(MmdslIssue.BOOT_OPTION_CONFLICT, problem, boot, null);
        }
        String warning = BootParams.warning(params);
        if (warning != null) {
            report(MmdslIssue.RAM_NOT_ADDRESSABLE, warning, boot, null);
        }
    }

    private static String keyword(BootOption o) {
        String name = o.eClass().getName();
        return name.substring(0, name.length() - "Option".length()).toLowerCase();
    }
}
