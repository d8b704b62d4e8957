package org.mmdsl.validation;

import java.util.List;

import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.KernelOption;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.arch.KernelModel;

/**
 * Checks statements against the kernel the scenario plays ({@code boot ... kernel 2.6|6.1}): a
 * statement, flag or advice the chosen kernel does not have is an error that names the model and
 * what to write instead. The 2.6 model is 2.6.24 ({@link KernelModel}); each "arrived in" is the
 * release that added the call or flag (its include/uapi header or mm/ file, per the kernel's git
 * history).
 *
 * <p>The rules are keyed on grammar rule names (the EClass of the statement), feature names and
 * enum literals, not on generated classes; KernelModelValidatorTest fails when a key names a rule,
 * feature or literal the grammar does not have, so a renamed rule cannot silently turn a check off.
 */
public class KernelModelValidator extends MmdslCheckBase {

    /**
     * One thing a model lacks: statement rule {@code rule}; when {@code feature} is given, only when
     * that feature is set (a boolean true, a non-empty value), and when {@code value} is given too,
     * only when the feature holds that literal (or a list of them contains it).
     */
    record Missing(KernelModel in, String rule, String feature, String value, String message) {
    }

    static final List<Missing> RULES = List.of(
            // ---- not in 2.6 (2.6.24)
            new Missing(KernelModel.V2_6, "KmapLocal", "op", "kmap_local_page",
                    "kmap_local_page arrived in 5.11: under kernel 2.6 use kmap_atomic(page, KM_USER0)"),
            new Missing(KernelModel.V2_6, "KmapLocal", "op", "kunmap_local",
                    "kunmap_local arrived in 5.11: under kernel 2.6 use kunmap_atomic(addr, KM_USER0)"),
            new Missing(KernelModel.V2_6, "Mlock", "op", "mlock2",
                    "mlock2() arrived in 4.4: under kernel 2.6 use mlock (it faults the pages in)"),
            new Missing(KernelModel.V2_6, "Mlockall", "mclOnfault", null,
                    "MCL_ONFAULT arrived in 4.4: under kernel 2.6 use mlockall current|future"),
            new Missing(KernelModel.V2_6, "Mmap", "flags", "fixed_noreplace",
                    "MAP_FIXED_NOREPLACE arrived in 4.17: under kernel 2.6 give the address as a hint (no flag) "
                            + "and expect the address"),
            new Missing(KernelModel.V2_6, "Mmap", "sharing", "shared_validate",
                    "MAP_SHARED_VALIDATE arrived in 4.15: under kernel 2.6 use shared"),
            new Missing(KernelModel.V2_6, "Mremap", "dontunmap", null,
                    "MREMAP_DONTUNMAP arrived in 5.7: under kernel 2.6 mremap always unmaps the old range"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "free",
                    "MADV_FREE arrived in 4.5: under kernel 2.6 use dontneed"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "wipeonfork",
                    "MADV_WIPEONFORK arrived in 4.14: under kernel 2.6 use dontfork"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "keeponfork",
                    "MADV_KEEPONFORK arrived in 4.14: under kernel 2.6 use dofork"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "dontdump",
                    "MADV_DONTDUMP arrived in 3.4: kernel 2.6 has no replacement (every VMA but VM_IO is dumped)"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "dodump",
                    "MADV_DODUMP arrived in 3.4: kernel 2.6 dumps the VMA anyway, leave it out"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "mergeable",
                    "MADV_MERGEABLE (KSM) arrived in 2.6.32: the 2.6 model is 2.6.24, leave it out"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "unmergeable",
                    "MADV_UNMERGEABLE (KSM) arrived in 2.6.32: the 2.6 model is 2.6.24, leave it out"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "hugepage",
                    "MADV_HUGEPAGE arrived in 2.6.38 with transparent hugepages: kernel 2.6 (2.6.24) has none, leave it out"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "nohugepage",
                    "MADV_NOHUGEPAGE arrived in 2.6.38 with transparent hugepages: kernel 2.6 (2.6.24) has none, leave it out"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "cold",
                    "MADV_COLD arrived in 5.4: kernel 2.6 has no replacement that keeps the pages; dontneed drops them"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "pageout",
                    "MADV_PAGEOUT arrived in 5.4: under kernel 2.6 use dontneed (which drops the pages instead)"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "populate_read",
                    "MADV_POPULATE_READ arrived in 5.14: under kernel 2.6 touch the range (`read ADDR for SIZE`)"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "populate_write",
                    "MADV_POPULATE_WRITE arrived in 5.14: under kernel 2.6 touch the range (`write ADDR for SIZE`)"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "dontneed_locked",
                    "MADV_DONTNEED_LOCKED arrived in 5.18: under kernel 2.6 munlock the range, then dontneed"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "guard_install",
                    "MADV_GUARD_INSTALL arrived in 6.13: under kernel 2.6 mprotect the page PROT_NONE (SEGV_ACCERR)"),
            new Missing(KernelModel.V2_6, "Madvise", "advice", "guard_remove",
                    "MADV_GUARD_REMOVE arrived in 6.13: kernel 2.6 has no guard regions, leave it out"),
            new Missing(KernelModel.V2_6, "Kmalloc", "kind", "kvmalloc",
                    "kvmalloc() arrived in 4.12: under kernel 2.6 use kmalloc and, when it fails, vmalloc"),
            new Missing(KernelModel.V2_6, "Kfree", "kind", "kvfree",
                    "kvfree() arrived in 3.15: under kernel 2.6 use kfree or vfree, as the memory came"),
            new Missing(KernelModel.V2_6, "KernelShow", "what", "vmallocinfo",
                    "/proc/vmallocinfo arrived in 2.6.25: the 2.6 model is 2.6.24, use show meminfo (VmallocUsed)"),
            // ---- not in 6.1
            new Missing(KernelModel.V6_1, "Show", "what", "mmap_cache",
                    "6.1 has no mmap_cache: find_vma() walks the maple tree (vmacache, which replaced mmap_cache "
                            + "in 3.15, was removed in 6.1); choose `kernel 2.6` to see it"),
            new Missing(KernelModel.V6_1, "Madvise", "advice", "guard_install",
                    "MADV_GUARD_INSTALL arrived in 6.13: under kernel 6.1 mprotect the page PROT_NONE "
                            + "(SEGV_ACCERR instead of SEGV_MAPERR, and the VMA splits)"),
            new Missing(KernelModel.V6_1, "Madvise", "advice", "guard_remove",
                    "MADV_GUARD_REMOVE arrived in 6.13: kernel 6.1 has no guard regions, leave it out"),
            // arch/x86/mm/highmem_32.c lost enum km_type in 2.6.37 ("mm: stack based kmap_atomic()")
            new Missing(KernelModel.V6_1, "KmapLocal", "kmType", null,
                    "6.1 has no km_type slots: kmap_atomic(page) takes a per-CPU stack slot; prefer kmap_local_page"),
            // ---- the oracle's statements (issue 4 point 9) that older kernels lack
            new Missing(KernelModel.V2_6, "Mseal", null, null, "mseal() arrived in 6.10: choose `kernel 6.18`"),
            new Missing(KernelModel.V6_1, "Mseal", null, null, "mseal() arrived in 6.10: choose `kernel 6.18`"),
            new Missing(KernelModel.V2_6, "Memfd", null, null,
                    "memfd_create() arrived in 3.17: under kernel 2.6 open a file (or map shared anonymous memory)"),
            new Missing(KernelModel.V2_6, "AddSeals", null, null,
                    "file seals (F_ADD_SEALS) arrived with memfd_create() in 3.17: choose `kernel 6.1` or `kernel 6.18`"),
            new Missing(KernelModel.V2_6, "Mmap", "flags", "hugetlb", "MAP_HUGETLB arrived in 2.6.32"),
            new Missing(KernelModel.V2_6, "Mmap", "flags", "sync", "MAP_SYNC arrived in 4.15"),
            // ---- not in 6.18 either
            new Missing(KernelModel.V6_18, "Show", "what", "mmap_cache",
                    "6.18 has no mmap_cache: find_vma() walks the maple tree; choose `kernel 2.6` to see it"),
            new Missing(KernelModel.V6_18, "KmapLocal", "kmType", null,
                    "6.18 has no km_type slots: kmap_atomic(page) takes a per-CPU stack slot; prefer kmap_local_page"));

    @Check
    public void checkKernelOption(KernelOption k) {
        if (KernelModel.byLabel(k.getVersion()) == null) {
            report(MmdslIssue.UNKNOWN_KERNEL_MODEL, "mmdsl models kernel 2.6 (2.6.24, the course books' kernel), "
                    + "6.1 (the recorded one, the default) and 6.18 (the proc-maps oracle's, x86_64): " + k.getVersion()
                    + " is none of them", k,
                    MmdslPackage.Literals.KERNEL_OPTION__VERSION);
        }
    }

    @Check
    public void checkStatement(EObject o) {
        String rule = o.eClass().getName();
        KernelModel model = null;
        for (Missing m : RULES) {
            if (!m.rule().equals(rule)) {
                continue;
            }
            if (model == null) {
                model = BootConfig.model(EcoreUtil2.getContainerOfType(o, Scenario.class));
            }
            if (m.in() != model || o instanceof org.mmdsl.mmdsl.KmapLocal k && HighmemValidator.kmTypeIsNextStatement(k)) {
                continue;
            }
            EStructuralFeature f = m.feature() == null ? null : o.eClass().getEStructuralFeature(m.feature());
            if (m.feature() != null && (f == null || !matches(o.eGet(f), m.value()))) {
                continue;
            }
            String msg = m.message().startsWith(model.label + " ") ? m.message() : "kernel " + model.label + ": " + m.message();
            report(MmdslIssue.NOT_IN_KERNEL_MODEL, msg, o, f);
            return;
        }
    }

    /** Whether a feature's value is set (value null) or holds the literal {@code value}. */
    private static boolean matches(Object v, String value) {
        if (v instanceof List<?>) {
            for (Object e : (List<?>) v) {
                if (matches(e, value)) {
                    return true;
                }
            }
            return false;
        }
        if (v == null || Boolean.FALSE.equals(v) || "".equals(v)) {
            return false;
        }
        if (value == null) {
            return true;
        }
        String s = v instanceof Enumerator ? ((Enumerator) v).getLiteral() : v.toString();
        return value.equals(s);
    }
}
