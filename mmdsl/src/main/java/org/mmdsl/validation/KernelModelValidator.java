package org.mmdsl.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.KernelOption;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.parser.GrammarWords;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.Vocabulary.WordSet;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.uapi.KernelFact;
import org.mmdsl.runtime.uapi.KernelFeature;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.KernelWord;
import org.mmdsl.runtime.uapi.Madv;
import org.mmdsl.runtime.uapi.MapFlag;
import org.mmdsl.runtime.uapi.MapType;
import org.mmdsl.runtime.uapi.MlockallFlag;
import org.mmdsl.runtime.uapi.MremapFlag;
import org.mmdsl.runtime.uapi.ShowTarget;
import org.mmdsl.services.MmdslGrammarAccess;

import com.google.inject.Inject;

/**
 * Checks statements against the kernel the scenario plays ({@code boot ... kernel 2.6|6.1}): a
 * statement, flag or advice the chosen kernel does not have is an error that names the model and
 * what to write instead. The 2.6 model is 2.6.24 ({@link KernelModel}); which kernel has what, and
 * each "arrived in", is the vocabulary's version table (runtime uapi: the words' releases and
 * KernelFeature), read here; this class keeps only where a statement shows the thing and the advice.
 * A word without a line of its own is checked by its release alone ({@link #checkWords}).
 *
 * <p>The rules are keyed on grammar rule names (the EClass of the statement), feature names and
 * enum literals, not on generated classes; KernelModelValidatorTest fails when a key names a rule,
 * feature or literal the grammar does not have, so a renamed rule cannot silently turn a check off.
 */
public class KernelModelValidator extends MmdslCheckBase {

    @Inject
    private MmdslGrammarAccess grammar;

    /**
     * The assignment of a feature in a rule, by "rule.feature" (empty when the rule has none): the grammar
     * never changes, and finding the rule and walking it for every attribute of every statement was a third
     * of an edit's validation on a 1,000-line scenario (issue 15, JFR profile of LspLatency).
     */
    private final Map<String, java.util.Optional<Assignment>> assignments = new java.util.concurrent.ConcurrentHashMap<>();

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
            new Missing("ShowFolio", null, null, ShowTarget.FOLIO,
                    "struct folio arrived in {since}: under kernel 2.6 use `show page PFN` (dump_page() of a struct page)"),
            new Missing("Khugepaged", null, null, Madv.HUGEPAGE,
                    "khugepaged arrived in {since} with transparent hugepages: kernel 2.6 (2.6.24) has none, leave it out"),
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
            // ---- the address space's state checks (issue 13 point 5): 2.6.24 kept file_rss and anon_rss only
            new Missing("RssCheck", "counter", org.mmdsl.runtime.vma.MmCounter.SHMEM.word(),
                    org.mmdsl.runtime.vma.MmCounter.SHMEM, "{name} arrived in {since}: 2.6.24 counts a shmem page in "
                            + "file_rss, check `rss file`"),
            new Missing("RssCheck", "counter", org.mmdsl.runtime.vma.MmCounter.SWAP.word(),
                    org.mmdsl.runtime.vma.MmCounter.SWAP, "{name} arrived in {since}: 2.6.24 does not count an mm's swap "
                            + "entries; check `rss anon` (a swapped-out page leaves it)"),
            new Missing("MmCheck", "field", org.mmdsl.runtime.vma.MmStructField.DATA_VM.word(),
                    org.mmdsl.runtime.vma.MmStructField.DATA_VM, "{name} arrived in {since}: 2.6.24's VmData (`show "
                            + "status`) is total_vm - shared_vm - stack_vm; check `mm total_vm` and `mm stack_vm`"),
            new Missing("MmCheck", "field", org.mmdsl.runtime.vma.MmStructField.PINNED_VM.word(),
                    org.mmdsl.runtime.vma.MmStructField.PINNED_VM, "{name} arrived in {since}: 2.6.24 counts mlocked "
                            + "pages only, check `mm locked_vm`"),
            // ---- the oracle's statements (issue 4 point 9) that older kernels lack
            new Missing("Mseal", null, null, KernelFeature.MSEAL, "{name} arrived in {since}: choose `kernel 6.18`"),
            new Missing("Memfd", null, null, KernelFeature.MEMFD_CREATE,
                    "{name} arrived in {since}: under kernel 2.6 open a file (or map shared anonymous memory)"),
            new Missing("AddSeals", null, null, KernelFeature.FILE_SEALS,
                    "file seals ({name}) arrived with memfd_create() in {since}: choose `kernel 6.1` or `kernel 6.18`"),
            // MAP_HUGETLB, MAP_SYNC, MAP_STACK: no line, checkWords() derives them from their releases (2.6.24's
            // mmap() ignores them: a warning)
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
        checkWords(o);
    }

    /**
     * The sets whose words a kernel without them ignores, with the call that does: do_mmap() ignores the
     * MAP_ bits it does not know (only MAP_SHARED_VALIDATE, 4.15, refuses one), build_open_flags() the
     * O_ bits; the runtime does the same (uapi MapFlag.unknownTo(), OpenFileDescription.fModeOf()).
     * Every other call refuses a word it does not know (madvise, mremap, mlockall, fcntl: EINVAL), and a
     * kernel API or /proc file that is not there yet is no program at all.
     */
    private static final Map<WordSet, String> IGNORED_BY = Map.of(Vocabulary.MAP_FLAGS, "mmap()", Vocabulary.OPEN_FLAGS,
            "open()");

    /** Sets whose releases a validator of their own checks with its advice (SysctlValidator). */
    private static final Set<WordSet> CHECKED_ELSEWHERE = Set.of(Vocabulary.SYSCTLS);

    /**
     * The generic rule, for a statement no line of {@link #RULES} spoke for: a vocabulary word it uses (an
     * enum literal, a boolean keyword such as {@code dontunmap}, a word a datatype rule spells, an ID
     * feature of {@link GrammarWords}) that the model's release does not have yet, or no longer has, per
     * the word's own {@code since()}/{@code removedIn()}: a new word needs no line here. A word the call
     * ignores ({@link #IGNORED_BY}) is a warning; any other is an error, unless the statement expects an
     * errno (it shows the kernel refusing the word). Where two sets share a word (sync: MAP_SYNC and
     * MS_SYNC), it is reported only when the model has neither.
     */
    private void checkWords(EObject o) {
        String ruleName = o.eClass().getName();
        KernelModel model = null;
        for (EAttribute f : o.eClass().getEAllAttributes()) {
            Object v = o.eGet(f);
            if (v == null || Boolean.FALSE.equals(v) || v instanceof List<?> l && l.isEmpty()) {
                continue;
            }
            if (model == null) {
                model = BootConfig.model(EcoreUtil2.getContainerOfType(o, Scenario.class));
            }
            WordSet idSet = GrammarWords.idSet(ruleName, f.getName());
            Assignment a = assignments.computeIfAbsent(ruleName + '.' + f.getName(), k -> java.util.Optional.ofNullable(
                    assignment(GrammarUtil.findRuleForName(grammar.getGrammar(), ruleName), f.getName()))).orElse(null);
            for (Object e : v instanceof List<?> list ? list : List.of(v)) {
                String word = e instanceof Enumerator en ? en.getLiteral()
                        : e instanceof Boolean && a != null && a.getTerminal() instanceof Keyword k ? k.getValue()
                        : e instanceof String s && (idSet != null || a != null && a.getTerminal() instanceof RuleCall rc
                                && rc.getRule() instanceof ParserRule && GrammarUtil.isDatatypeRule(rc.getRule())) ? s
                        : null;
                KernelWord missing = word == null ? null : missing(word, idSet, model);
                if (missing != null) {
                    report(o, f, missing, model);
                    return;
                }
            }
        }
    }

    /** The word {@code word} of {@code set} (or of any set when null) if {@code model} lacks every such word. */
    private static KernelWord missing(String word, WordSet set, KernelModel model) {
        KernelWord found = null;
        for (WordSet s : set != null ? List.of(set) : Vocabulary.SETS) {
            KernelWord w = s.byWord(word);
            if (w == null || CHECKED_ELSEWHERE.contains(s)) {
                continue;
            }
            if (model.processRules.has(w)) {
                return null;
            }
            found = found == null ? w : found;
        }
        return found;
    }

    private void report(EObject o, EAttribute f, KernelWord w, KernelModel model) {
        String what = w.since() != null && !model.processRules.has(new Since(w.since()))
                ? w.kernelName() + " arrived in " + w.since() : w.kernelName() + " was removed in " + w.removedIn();
        String call = null;
        for (Map.Entry<WordSet, String> e : IGNORED_BY.entrySet()) {
            if (e.getKey().words().contains(w)) {
                call = e.getValue();
            }
        }
        String msg = "kernel " + model.label + ": " + what;
        if (call != null) {
            report(MmdslIssue.IGNORED_BY_KERNEL_MODEL, msg + "; " + model.processRules.release + "'s " + call
                    + " ignores it", o, f);
        } else if (!expectsErrno(o)) {
            report(MmdslIssue.NOT_IN_KERNEL_MODEL, msg, o, f);
        }
    }

    /** A release as a fact, to ask the version table whether the model is that new. */
    private record Since(String since) implements KernelFact {
        @Override
        public String kernelName() {
            return since;
        }

        @Override
        public String doc() {
            return since;
        }
    }

    private static boolean expectsErrno(EObject o) {
        EStructuralFeature expects = o.eClass().getEStructuralFeature("expects");
        if (expects != null && o.eGet(expects) instanceof List<?> l) {
            for (Object e : l) {
                if (e instanceof org.mmdsl.mmdsl.ErrnoExpectation) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The assignment of {@code feature} in {@code rule}, or null. */
    private static Assignment assignment(AbstractRule rule, String feature) {
        if (rule != null) {
            for (Assignment a : GrammarUtil.containedAssignments(rule)) {
                if (a.getFeature().equals(feature)) {
                    return a;
                }
            }
        }
        return null;
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
