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
import org.mmdsl.runtime.uapi.KernelFact;
import org.mmdsl.runtime.uapi.KernelFeature;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Madv;
import org.mmdsl.runtime.uapi.MapFlag;
import org.mmdsl.runtime.uapi.MapType;
import org.mmdsl.runtime.uapi.MlockallFlag;
import org.mmdsl.runtime.uapi.MremapFlag;
import org.mmdsl.runtime.uapi.ShowTarget;

/**
 * Checks statements against the kernel the scenario plays ({@code boot ... kernel 2.6|6.1}): a
 * statement, flag or advice the chosen kernel does not have is an error that names the model and
 * what to write instead. The 2.6 model is 2.6.24 ({@link KernelModel}); which kernel has what, and
 * each "arrived in", is the vocabulary's version table (runtime uapi: the words' releases and
 * KernelFeature), read here; this class keeps only where a statement shows the thing and the advice.
 *
 * <p>The rules are keyed on grammar rule names (the EClass of the statement), feature names and
 * enum literals, not on generated classes; KernelModelValidatorTest fails when a key names a rule,
 * feature or literal the grammar does not have, so a renamed rule cannot silently turn a check off.
 */
public class KernelModelValidator extends MmdslCheckBase {

    /**
     * One thing a kernel may lack, {@code what}, as a statement shows it: statement rule {@code rule};
     * when {@code feature} is given, only when that feature is set (a boolean true, a non-empty value),
     * and when {@code value} is given too, only when the feature holds that literal (or a list of them
     * contains it). Which models lack it is the vocabulary's version table
     * ({@link KernelVersion#has(KernelFact)}), not this list; {@code only} narrows a rule to one model
     * where the advice differs per model. In {@code message}, {@code {name}}, {@code {since}} and
     * {@code {removed}} are what's kernel spelling and releases.
     */
    record Missing(String rule, String feature, String value, KernelFact what, KernelModel only, String message) {
        Missing(String rule, String feature, String value, KernelFact what, String message) {
            this(rule, feature, value, what, null, message);
        }

        /** Whether this rule speaks for {@code model}: the model lacks {@code what} and the rule is not another model's. */
        boolean appliesTo(KernelModel model) {
            return !model.processRules.has(what) && (only == null || only == model);
        }

        /** The message with the vocabulary's spelling and releases filled in. */
        String text() {
            return message.replace("{name}", what.kernelName()).replace("{since}", String.valueOf(what.since()))
                    .replace("{removed}", String.valueOf(what.removedIn()));
        }
    }

    private static Missing advice(Madv a, String message) {
        return new Missing("Madvise", "advice", a.word(), a, message);
    }

    static final List<Missing> RULES = List.of(
            // ---- not in 2.6 (2.6.24)
            new Missing("KmapLocal", "op", "kmap_local_page", KernelFeature.KMAP_LOCAL,
                    "kmap_local_page arrived in {since}: under kernel 2.6 use kmap_atomic(page, KM_USER0)"),
            new Missing("KmapLocal", "op", "kunmap_local", KernelFeature.KMAP_LOCAL,
                    "kunmap_local arrived in {since}: under kernel 2.6 use kunmap_atomic(addr, KM_USER0)"),
            new Missing("Mlock", "op", "mlock2", KernelFeature.MLOCK2,
                    "{name} arrived in {since}: under kernel 2.6 use mlock (it faults the pages in)"),
            new Missing("Mlockall", "mclOnfault", null, MlockallFlag.ONFAULT,
                    "{name} arrived in {since}: under kernel 2.6 use mlockall current|future"),
            new Missing("Mmap", "flags", MapFlag.FIXED_NOREPLACE.word(), MapFlag.FIXED_NOREPLACE,
                    "{name} arrived in {since}: under kernel 2.6 give the address as a hint (no flag) and expect the address"),
            new Missing("Mmap", "sharing", MapType.SHARED_VALIDATE.word(), MapType.SHARED_VALIDATE,
                    "{name} arrived in {since}: under kernel 2.6 use shared"),
            new Missing("Mremap", "dontunmap", null, MremapFlag.DONTUNMAP,
                    "{name} arrived in {since}: under kernel 2.6 mremap always unmaps the old range"),
            advice(Madv.FREE, "{name} arrived in {since}: under kernel 2.6 use dontneed"),
            advice(Madv.WIPEONFORK, "{name} arrived in {since}: under kernel 2.6 use dontfork"),
            advice(Madv.KEEPONFORK, "{name} arrived in {since}: under kernel 2.6 use dofork"),
            advice(Madv.DONTDUMP, "{name} arrived in {since}: kernel 2.6 has no replacement (every VMA but VM_IO is dumped)"),
            advice(Madv.DODUMP, "{name} arrived in {since}: kernel 2.6 dumps the VMA anyway, leave it out"),
            advice(Madv.MERGEABLE, "{name} (KSM) arrived in {since}: the 2.6 model is 2.6.24, leave it out"),
            advice(Madv.UNMERGEABLE, "{name} (KSM) arrived in {since}: the 2.6 model is 2.6.24, leave it out"),
            advice(Madv.HUGEPAGE,
                    "{name} arrived in {since} with transparent hugepages: kernel 2.6 (2.6.24) has none, leave it out"),
            advice(Madv.NOHUGEPAGE,
                    "{name} arrived in {since} with transparent hugepages: kernel 2.6 (2.6.24) has none, leave it out"),
            advice(Madv.COLD, "{name} arrived in {since}: kernel 2.6 has no replacement that keeps the pages; dontneed drops them"),
            advice(Madv.PAGEOUT, "{name} arrived in {since}: under kernel 2.6 use dontneed (which drops the pages instead)"),
            advice(Madv.POPULATE_READ, "{name} arrived in {since}: under kernel 2.6 touch the range (`read ADDR for SIZE`)"),
            advice(Madv.POPULATE_WRITE, "{name} arrived in {since}: under kernel 2.6 touch the range (`write ADDR for SIZE`)"),
            advice(Madv.DONTNEED_LOCKED, "{name} arrived in {since}: under kernel 2.6 munlock the range, then dontneed"),
            new Missing("Madvise", "advice", Madv.GUARD_INSTALL.word(), Madv.GUARD_INSTALL, KernelModel.V2_6,
                    "{name} arrived in {since}: under kernel 2.6 mprotect the page PROT_NONE (SEGV_ACCERR)"),
            new Missing("Madvise", "advice", Madv.GUARD_REMOVE.word(), Madv.GUARD_REMOVE, KernelModel.V2_6,
                    "{name} arrived in {since}: kernel 2.6 has no guard regions, leave it out"),
            new Missing("Kmalloc", "kind", "kvmalloc", KernelFeature.KVMALLOC,
                    "{name} arrived in {since}: under kernel 2.6 use kmalloc and, when it fails, vmalloc"),
            new Missing("Kfree", "kind", "kvfree", KernelFeature.KVFREE,
                    "{name} arrived in {since}: under kernel 2.6 use kfree or vfree, as the memory came"),
            new Missing("KernelShow", "what", ShowTarget.VMALLOCINFO.word(), ShowTarget.VMALLOCINFO,
                    "{name} arrived in {since}: the 2.6 model is 2.6.24, use show meminfo (VmallocUsed)"),
            // ---- not in 6.1
            new Missing("Show", "what", ShowTarget.MMAP_CACHE.word(), ShowTarget.MMAP_CACHE, KernelModel.V6_1,
                    "6.1 has no mmap_cache: find_vma() walks the maple tree (vmacache, which replaced mmap_cache "
                            + "in {removed}, was removed in 6.1); choose `kernel 2.6` to see it"),
            new Missing("Madvise", "advice", Madv.GUARD_INSTALL.word(), Madv.GUARD_INSTALL, KernelModel.V6_1,
                    "{name} arrived in {since}: under kernel 6.1 mprotect the page PROT_NONE "
                            + "(SEGV_ACCERR instead of SEGV_MAPERR, and the VMA splits)"),
            new Missing("Madvise", "advice", Madv.GUARD_REMOVE.word(), Madv.GUARD_REMOVE, KernelModel.V6_1,
                    "{name} arrived in {since}: kernel 6.1 has no guard regions, leave it out"),
            // arch/x86/mm/highmem_32.c lost enum km_type in 2.6.37 ("mm: stack based kmap_atomic()")
            new Missing("KmapLocal", "kmType", null, KernelFeature.KM_TYPE, KernelModel.V6_1,
                    "6.1 has no km_type slots: kmap_atomic(page) takes a per-CPU stack slot; prefer kmap_local_page"),
            // ---- the oracle's statements (issue 4 point 9) that older kernels lack
            new Missing("Mseal", null, null, KernelFeature.MSEAL, "{name} arrived in {since}: choose `kernel 6.18`"),
            new Missing("Memfd", null, null, KernelFeature.MEMFD_CREATE,
                    "{name} arrived in {since}: under kernel 2.6 open a file (or map shared anonymous memory)"),
            new Missing("AddSeals", null, null, KernelFeature.FILE_SEALS,
                    "file seals ({name}) arrived with memfd_create() in {since}: choose `kernel 6.1` or `kernel 6.18`"),
            new Missing("Mmap", "flags", MapFlag.HUGETLB.word(), MapFlag.HUGETLB, "{name} arrived in {since}"),
            new Missing("Mmap", "flags", MapFlag.SYNC.word(), MapFlag.SYNC, "{name} arrived in {since}"),
            // ---- not in 6.18 either
            new Missing("Show", "what", ShowTarget.MMAP_CACHE.word(), ShowTarget.MMAP_CACHE, KernelModel.V6_18,
                    "6.18 has no mmap_cache: find_vma() walks the maple tree; choose `kernel 2.6` to see it"),
            new Missing("KmapLocal", "kmType", null, KernelFeature.KM_TYPE, KernelModel.V6_18,
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
            if (!m.appliesTo(model) || o instanceof org.mmdsl.mmdsl.KmapLocal k && HighmemValidator.kmTypeIsNextStatement(k)) {
                continue;
            }
            EStructuralFeature f = m.feature() == null ? null : o.eClass().getEStructuralFeature(m.feature());
            if (m.feature() != null && (f == null || !matches(o.eGet(f), m.value()))) {
                continue;
            }
            String text = m.text();
            String msg = text.startsWith(model.label + " ") ? text : "kernel " + model.label + ": " + text;
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
