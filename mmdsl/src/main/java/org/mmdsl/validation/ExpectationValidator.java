package org.mmdsl.validation;

import java.util.List;

import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.ast.StatementResult;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.AddressExpectation;
import org.mmdsl.mmdsl.ErrnoExpectation;
import org.mmdsl.mmdsl.FaultExpectation;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.ValueExpectation;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;
import org.mmdsl.runtime.zone.ZoneType;

/**
 * Checks expectations: names of signals, si_codes (include/uapi/asm-generic/siginfo.h), errnos
 * (errno-base.h) and zones (include/linux/mmzone.h, per architecture), and that an expectation
 * follows a statement that can produce what it expects ({@link StatementResult}).
 */
public class ExpectationValidator extends MmdslCheckBase {

    /** The zone types each architecture's kernel configures (the words: the vocabulary's ZoneType). */
    private static final List<String> I386_ZONES = words(ZoneType.DMA, ZoneType.NORMAL, ZoneType.HIGHMEM, ZoneType.MOVABLE);
    private static final List<String> X86_64_ZONES = words(ZoneType.DMA, ZoneType.DMA32, ZoneType.NORMAL, ZoneType.MOVABLE,
            ZoneType.DEVICE);

    private static List<String> words(ZoneType... zones) {
        return java.util.Arrays.stream(zones).map(ZoneType::word).toList();
    }

    /**
     * Every answerable expectation says something: its answer, or {@code ?} (a blank of an exercise), or both
     * ({@code ? ANSWER}: a key's question). {@code worth N} gives a question its points, at least 1; on an
     * expectation without {@code ?} it has no effect (a student who fills a blank may leave it).
     */
    @Check
    public void checkAnswered(org.mmdsl.mmdsl.Expectation e) {
        answered(e, switch (e.eClass().getName()) {
            case "FaultExpectation" -> "the signal and si_code, e.g. `expect fault SIGSEGV SEGV_MAPERR`";
            case "ErrnoExpectation" -> "the errno, e.g. `expect errno ENOMEM`";
            case "AddressExpectation" -> "the address, e.g. `expect address 0xb7ff6000`";
            case "ValueExpectation" -> "the value, e.g. `expect value 42`";
            case "TlbExpectation" -> "hit or miss, e.g. `expect tlb hit`";
            case "NotPresentExpectation" -> "the level, e.g. `expect notpresent pte`";
            case "VmaExpectation" -> "the VMA, e.g. `expect vma 0x08048000-0x0804e000` (or `none` for NULL)";
            default -> null;
        });
    }

    @Check
    public void checkAnswered(org.mmdsl.mmdsl.ReadCheck r) {
        answered(r, "the value after `==`, e.g. `expect read buf == 42`");
    }

    @Check
    public void checkAnswered(ZoneCheck z) {
        answered(z, "the value, e.g. `expect zone Normal free 911`");
    }

    @Check
    public void checkAnswered(org.mmdsl.mmdsl.PteCheck p) {
        answered(p, p.isPfn() ? "the pfn, e.g. `expect pte buf pfn 0x3a000`"
                : "the flags, e.g. `expect pte buf flags present rw user accessed dirty` (or `none`)");
    }

    @Check
    public void checkAnswered(org.mmdsl.mmdsl.PageCheck p) {
        answered(p, p.isHasNode() ? "the node, e.g. `expect page buf node 1`"
                : p.getCounter() == null ? "the zone, e.g. `expect page buf zone Normal`"
                : "the count, e.g. `expect page buf " + p.getCounter() + " 1`");
    }

    private void answered(org.eclipse.emf.ecore.EObject e, String example) {
        if (example != null && !org.mmdsl.interpreter.Blanks.isQuestion(e) && !org.mmdsl.interpreter.Blanks.isAnswered(e)) {
            report(MmdslIssue.MISSING_ANSWER, "this expectation has no answer: write " + example
                    + ", or `?` to leave it blank for an exercise", e, null);
        }
        org.eclipse.emf.ecore.EStructuralFeature points = e.eClass().getEStructuralFeature("points");
        // `worth 0` leaves the attribute at its default (unset): the node says whether `worth` was written
        if (points != null && (Integer) e.eGet(points) < 1
                && !org.eclipse.xtext.nodemodel.util.NodeModelUtils.findNodesForFeature(e, points).isEmpty()) {
            report(MmdslIssue.BAD_POINTS, "a question is worth at least 1 point: write `worth 1` or more, or leave "
                    + "`worth` out (1 point)", e, points);
        }
    }

    @Check
    public void checkFault(FaultExpectation f) {
        if (f.getSignal() == null) { // a blank (`expect fault ?`): only where it stands is judged
            if (!StatementResult.FAULT.reportableBy(f.eContainer())) {
                report(MmdslIssue.EXPECTATION_MISPLACED, cannotFault(f), f, null);
            }
            return;
        }
        Signal signal = Signal.named(f.getSignal());
        if (signal == null || signal == Signal.SIGKILL) {
            report(MmdslIssue.UNKNOWN_SIGNAL, "'" + f.getSignal() + "' is not a signal a memory access raises: "
                    + "use SIGSEGV or SIGBUS", f, MmdslPackage.Literals.FAULT_EXPECTATION__SIGNAL);
            return;
        }
        if (f.getCode() != null) {
            SiCode code = SiCode.named(f.getCode());
            if (code == null) {
                report(MmdslIssue.UNKNOWN_SI_CODE, "'" + f.getCode() + "' is not an si_code; " + signal + " uses "
                        + codesOf(signal), f, MmdslPackage.Literals.FAULT_EXPECTATION__CODE);
            } else if (!code.belongsTo(signal)) {
                report(MmdslIssue.UNKNOWN_SI_CODE, code + " goes with " + code.signal + ", not " + signal + "; "
                        + signal + " uses " + codesOf(signal), f, MmdslPackage.Literals.FAULT_EXPECTATION__CODE);
            }
        }
        if (!StatementResult.FAULT.reportableBy(f.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, cannotFault(f), f, null);
        }
    }

    /** Why {@code f} is misplaced: translate is a walk in software, everything else does not access memory. */
    private static String cannotFault(FaultExpectation f) {
        if (f.eContainer() instanceof org.mmdsl.mmdsl.Translate || f.eContainer() instanceof org.mmdsl.mmdsl.TopTranslate) {
            return "translate walks the page tables in software and raises no fault: write `expect notpresent LEVEL` "
                    + "(where the walk stops) or `expect address PADDR` (where it ends)";
        }
        return "only a read, write, exec or call of memory can fault";
    }

    @Check
    public void checkErrno(ErrnoExpectation e) {
        if (e.getErrno() != null && Errno.named(e.getErrno()) == null) {
            report(MmdslIssue.UNKNOWN_ERRNO, "'" + e.getErrno() + "' is not an errno the simulator knows "
                    + "(e.g. EINVAL, ENOMEM, EEXIST, EFAULT, EACCES, EPERM, EAGAIN)", e,
                    MmdslPackage.Literals.ERRNO_EXPECTATION__ERRNO);
        }
        if (StatementResult.VMA.reportableBy(e.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "a VMA lookup returns a VMA or NULL, never an errno: use "
                    + "`expect vma START-END` or `expect vma none`", e, null);
        } else if (!StatementResult.ERRNO.reportableBy(e.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "a memory access does not return an errno: it succeeds or "
                    + "faults (use `expect fault SIGSEGV ...`)", e, null);
        }
    }

    /**
     * {@code expect vma ...} follows a VMA lookup (find_vma, find_vma_prev, find_vma_intersection);
     * {@code expect prev ...} only find_vma_prev, the one that stores a *pprev (mm/mmap.c).
     */
    @Check
    public void checkVma(org.mmdsl.mmdsl.VmaExpectation v) {
        if (!StatementResult.VMA.reportableBy(v.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only find_vma, find_vma_prev and find_vma_intersection return a"
                    + " VMA", v, null);
        } else if ("prev".equals(v.getWhich()) && !"find_vma_prev".equals(((org.mmdsl.mmdsl.FindVma) v.eContainer()).getOp())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only find_vma_prev stores a *pprev: write `find_vma_prev "
                    + "ADDR` to ask for it", v, null);
        }
    }

    @Check
    public void checkValue(ValueExpectation v) {
        if (!StatementResult.VALUE.reportableBy(v.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only a read has a value to compare", v, null);
        }
    }

    @Check
    public void checkAddress(AddressExpectation a) {
        if (!StatementResult.ADDRESS.reportableBy(a.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only mmap, mremap, brk, kmap, the address helpers, kernel "
                    + "allocations and translate (the physical address) return an address", a, null);
        }
    }

    /**
     * {@code expect tlb}: after a single user read, write or exec. A range access makes one translation per
     * page (no one answer); kernel loads and stores walk the kernel tables in software (the modelled dTLB
     * caches user translations only, mmu/Tlb).
     */
    @Check
    public void checkTlb(org.mmdsl.mmdsl.TlbExpectation t) {
        org.eclipse.emf.ecore.EObject s = t.eContainer();
        if (s instanceof org.mmdsl.mmdsl.Access a && a.eIsSet(MmdslPackage.Literals.ACCESS__LENGTH)) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "a range access translates every page it touches, some hit and "
                    + "some miss: write `expect tlb` after a single read, write or exec (drop `for ...`)", t, null);
        } else if (s instanceof org.mmdsl.mmdsl.KernelAccess) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "kernel loads and stores walk the kernel page tables in software:"
                    + " the modelled dTLB caches user translations only; `expect tlb` follows a process's read, write"
                    + " or exec", t, null);
        } else if (s instanceof org.mmdsl.mmdsl.Translate || s instanceof org.mmdsl.mmdsl.TopTranslate) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "translate walks the page tables in software: it neither uses nor "
                    + "fills the TLB; `expect tlb` follows a process's read, write or exec", t, null);
        } else if (!StatementResult.TLB.reportableBy(s)) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only a read, write or exec of memory goes through the TLB", t, null);
        }
    }

    /** {@code expect notpresent LEVEL}: after translate, a level of the machine's paging mode. */
    @Check
    public void checkNotPresent(org.mmdsl.mmdsl.NotPresentExpectation n) {
        if (!StatementResult.NOT_PRESENT.reportableBy(n.eContainer())) {
            report(MmdslIssue.EXPECTATION_MISPLACED, "only translate walks the page tables and stops at a non-present"
                    + " entry (an access faults: use `expect fault SIGSEGV ...`)", n, null);
            return;
        }
        List<String> levels = levels(n);
        if (n.getLevel() != null && !levels.contains(n.getLevel())) {
            report(MmdslIssue.UNKNOWN_PTE_FLAG, "'" + n.getLevel() + "' is not a page-table level of this machine (its "
                    + "levels: " + String.join(", ", levels) + ")" + WordChoice.didYouMean(n.getLevel(), levels), n,
                    MmdslPackage.Literals.NOT_PRESENT_EXPECTATION__LEVEL);
        }
    }

    /** The level names of the scenario's paging mode, root first (pgd .. pte, folded levels left out). */
    private static List<String> levels(org.eclipse.emf.ecore.EObject o) {
        Scenario s = EcoreUtil2.getContainerOfType(o, Scenario.class);
        org.mmdsl.runtime.arch.PagingMode mode = org.mmdsl.runtime.Kernel.pagingMode(BootConfig.from(s == null ? null
                : s.getBoot()));
        List<String> out = new java.util.ArrayList<>();
        for (int l = 0; l <= mode.pteLevel(); l++) {
            out.add(mode.levelName(l));
        }
        return out;
    }

    /**
     * {@code expect pte ADDR flags ...}: the vocabulary's pte flags (or {@code none} alone); at top level the
     * task is named.
     */
    @Check
    public void checkPte(org.mmdsl.mmdsl.PteCheck p) {
        needsTask(p, p.getTask(), "`expect TASK pte ADDR flags ...`");
        List<String> words = org.mmdsl.runtime.Vocabulary.PTE_FLAGS.spellings();
        for (int i = 0; i < p.getFlags().size(); i++) {
            String w = p.getFlags().get(i);
            if (org.mmdsl.runtime.arch.PteFlag.byWord(w) == null) {
                report(MmdslIssue.UNKNOWN_PTE_FLAG, "'" + w + "' is not a pte flag (" + String.join(", ", words) + ")"
                        + WordChoice.didYouMean(w, words), p, MmdslPackage.Literals.PTE_CHECK__FLAGS);
            } else if (w.equals(org.mmdsl.runtime.arch.PteFlag.NONE.word()) && p.getFlags().size() > 1) {
                report(MmdslIssue.UNKNOWN_PTE_FLAG, "`none` means no present entry maps the address: write it alone",
                        p, MmdslPackage.Literals.PTE_CHECK__FLAGS);
            }
        }
    }

    /** {@code expect page ADDR ...} names its task at top level; {@code zone} takes a zone of the architecture. */
    @Check
    public void checkPage(org.mmdsl.mmdsl.PageCheck p) {
        if (p.getPfn() == null) {
            needsTask(p, p.getTask(), "`expect TASK page ADDR ...`, or a frame by number: `expect page pfn N ...`");
        }
        if (p.getZone() != null) {
            checkZoneName(p, p.getZone(), MmdslPackage.Literals.PAGE_CHECK__ZONE);
        }
    }

    private void needsTask(org.eclipse.emf.ecore.EObject check, org.mmdsl.mmdsl.Task task, String instead) {
        if (task == null && EcoreUtil2.getContainerOfType(check, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "at top level, say whose page tables to look at: " + instead,
                    check, null);
        }
    }

    private void checkZoneName(org.eclipse.emf.ecore.EObject o, String zone, org.eclipse.emf.ecore.EStructuralFeature f) {
        Scenario s = EcoreUtil2.getContainerOfType(o, Scenario.class);
        BootParams p = BootConfig.from(s == null ? null : s.getBoot());
        List<String> zones = p.arch.is32() ? I386_ZONES : X86_64_ZONES;
        if (!zones.contains(zone)) {
            report(MmdslIssue.UNKNOWN_ZONE, "'" + zone + "' is not a zone of " + (p.arch.is32() ? "i386" : "x86_64")
                    + " (its zones: " + String.join(", ", zones) + ")", o, f);
        }
    }

    @Check
    public void checkZone(ZoneCheck z) {
        if (z.isByOrder() && !"free".equals(z.getMark())) {
            report(MmdslIssue.BAD_ORDER, "`order K` counts free blocks: write `expect zone " + z.getZone()
                    + " free order " + z.getOrder() + " N`", z, MmdslPackage.Literals.ZONE_CHECK__ORDER);
        } else if (z.isByOrder() && z.getOrder() >= org.mmdsl.runtime.zone.Zone.MAX_ORDER) {
            report(MmdslIssue.BAD_ORDER, "order " + z.getOrder() + " has no free list: free_area[] has orders 0.."
                    + (org.mmdsl.runtime.zone.Zone.MAX_ORDER - 1) + " (MAX_ORDER " + org.mmdsl.runtime.zone.Zone.MAX_ORDER
                    + ")", z, MmdslPackage.Literals.ZONE_CHECK__ORDER);
        }
        Scenario s = EcoreUtil2.getContainerOfType(z, Scenario.class);
        BootParams p = BootConfig.from(s == null ? null : s.getBoot());
        if (z.isHasNode() && z.getNode() >= p.nrNodes()) {
            report(MmdslIssue.UNKNOWN_ZONE, "this machine has no node " + z.getNode() + ": its nodes are 0.." + (p.nrNodes() - 1)
                    + (p.nrNodes() == 1 ? " (`boot ... nodes 2` makes a NUMA machine)" : ""), z,
                    MmdslPackage.Literals.ZONE_CHECK__NODE);
        }
        List<String> zones = p.arch.is32() ? I386_ZONES : X86_64_ZONES;
        if (!zones.contains(z.getZone())) {
            report(MmdslIssue.UNKNOWN_ZONE, "'" + z.getZone() + "' is not a zone of " + (p.arch.is32() ? "i386" : "x86_64")
                    + " (its zones: " + String.join(", ", zones) + ")", z, MmdslPackage.Literals.ZONE_CHECK__ZONE);
        }
        if (z.getMigratetype() != null) {
            // mm/page_alloc.c migratetype_names[] of the model (MIGRATE_RESERVE in 2.6.24, HighAtomic and CMA in 6.1)
            List<String> names = org.mmdsl.runtime.pagealloc.MigrateTypes.of(p.model).names();
            if (!names.contains(z.getMigratetype())) {
                report(MmdslIssue.UNKNOWN_MIGRATETYPE, "'" + z.getMigratetype() + "' is not a migrate type of this kernel ("
                        + String.join(", ", names) + ")" + WordChoice.didYouMean(z.getMigratetype(), names), z,
                        MmdslPackage.Literals.ZONE_CHECK__MIGRATETYPE);
            }
        }
        if (z.getMark() != null && !ZONE_MARKS.contains(z.getMark())) {
            report(MmdslIssue.UNKNOWN_ZONE, "'" + z.getMark() + "' is not a zone field (" + String.join(", ", ZONE_FIELDS)
                    + ", or " + String.join(", ", ZONE_MARKS) + ")" + WordChoice.didYouMean(z.getMark(), ZONE_MARKS), z,
                    MmdslPackage.Literals.ZONE_CHECK__MARK);
        }
    }

    /** The ZoneCheck words that are plain IDs: the watermarks and the free count of /proc/zoneinfo (the vocabulary's). */
    static final List<String> ZONE_MARKS = org.mmdsl.runtime.Vocabulary.ZONE_MARKS.spellings();
    /** The ZoneCheck words the grammar spells (enum ZoneField). */
    private static final List<String> ZONE_FIELDS = org.mmdsl.mmdsl.ZoneField.VALUES.stream()
            .map(org.mmdsl.mmdsl.ZoneField::getLiteral).toList();

    /** The si_codes defined for a signal, for messages. */
    private static String codesOf(Signal signal) {
        StringBuilder sb = new StringBuilder();
        for (SiCode c : SiCode.values()) {
            if (c.signal == signal) {
                sb.append(sb.length() == 0 ? "" : ", ").append(c.name());
            }
        }
        return sb.toString();
    }
    // ------------------------------------------------------------ the address space's state (issue 13 point 5)

    @Check
    public void checkAnswered(org.mmdsl.mmdsl.MapsCheck m) {
        answered(m, "the maps as a text block, `expect maps \"\"\"` then its lines and `\"\"\"`");
        stateOfATask(m, m.getTask(), "maps \"\"\"...\"\"\"");
    }

    /** {@code expect maps has "LINE"} asks about one line: it has no blank form (which line would it be?). */
    @Check
    public void checkAnswered(org.mmdsl.mmdsl.MapsLineCheck m) {
        if (m.isBlank()) {
            report(MmdslIssue.NO_BLANK_FORM, "`expect maps has` checks a line you write, it has no blank: ask for the "
                    + "whole maps with `expect maps ?`, or write the line, e.g. `expect maps has \"b7ff6000-b7ffa000 rw-p "
                    + "00000000 00:00 0\"`", m, m.eClass().getEStructuralFeature("blank"));
        } else if (m.getLine() == null) {
            report(MmdslIssue.MISSING_ANSWER, "this expectation has no line: write it in quotes, e.g. `expect maps has "
                    + "\"b7ff6000-b7ffa000 rw-p 00000000 00:00 0\"`", m, null);
        }
        stateOfATask(m, m.getTask(), "maps has \"LINE\"");
    }

    @Check
    public void checkAnswered(org.mmdsl.mmdsl.VmaCountCheck v) {
        answered(v, "the number of VMAs, e.g. `expect vmas 12`");
        stateOfATask(v, v.getTask(), "vmas N");
        inPages(v.getValue(), "`expect vmas` counts VMAs", false);
    }

    @Check
    public void checkAnswered(org.mmdsl.mmdsl.RssCheck r) {
        answered(r, "the pages, e.g. `expect rss anon 3`");
        stateOfATask(r, r.getTask(), "rss [file|anon|swap|shmem] N");
        inPages(r.getValue(), "the kernel counts rss in pages", true);
    }

    @Check
    public void checkAnswered(org.mmdsl.mmdsl.MmCheck m) {
        org.mmdsl.runtime.vma.MmStructField f = org.mmdsl.runtime.vma.MmStructField.byWord(m.getField());
        answered(m, f != null && !f.pages() ? "the address, e.g. `expect mm " + f.word() + " 0x804e000`"
                : "the pages, e.g. `expect mm total_vm 42`");
        stateOfATask(m, m.getTask(), "mm FIELD V");
        if (f == null) {
            report(MmdslIssue.UNKNOWN_MM_FIELD, "'" + m.getField() + "' is not an mm_struct field mmdsl models: "
                    + String.join(", ", org.mmdsl.runtime.Vocabulary.MM_FIELDS.spellings())
                    + WordChoice.didYouMean(m.getField(), org.mmdsl.runtime.Vocabulary.MM_FIELDS.spellings()), m,
                    org.mmdsl.mmdsl.MmdslPackage.Literals.MM_CHECK__FIELD);
        } else if (f.pages()) {
            boolean vmas = f == org.mmdsl.runtime.vma.MmStructField.MAP_COUNT;
            inPages(m.getValue(), "mm->" + f.word() + " counts " + (vmas ? "VMAs" : "pages"), !vmas);
        }
    }

    /** {@code expect device "PATH" opens N}: a count of the driver's vm_operations calls, machine-wide (no task). */
    @Check
    public void checkAnswered(org.mmdsl.mmdsl.DeviceCheck d) {
        answered(d, "the count, e.g. `expect device \"" + (d.getPath() == null ? "/dev/scullp" : d.getPath()) + "\" "
                + (d.getCounter() == null ? "opens" : d.getCounter()) + " 2`");
    }

    /** At top level a check of an address space names its task ({@code expect init vmas 12}), as {@code expect TASK read}. */
    private void stateOfATask(org.eclipse.emf.ecore.EObject check, org.mmdsl.mmdsl.Task task, String form) {
        if (task == null && EcoreUtil2.getContainerOfType(check, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "at top level, say whose address space to check: `expect TASK "
                    + form + "`", check, null);
        }
    }

    /**
     * A count the kernel keeps in pages (or VMAs) is a bare number: {@code 12KB} or {@code 3 pages} would be
     * converted to bytes, so it is refused with the number to write ({@code why} says what is counted;
     * {@code pages}: whether a size converts to pages).
     */
    private void inPages(org.mmdsl.mmdsl.Expr value, String why, boolean pages) {
        if (value == null) {
            return;
        }
        List<org.mmdsl.mmdsl.NumberLiteral> numbers = value instanceof org.mmdsl.mmdsl.NumberLiteral l ? List.of(l)
                : EcoreUtil2.getAllContentsOfType(value, org.mmdsl.mmdsl.NumberLiteral.class);
        for (org.mmdsl.mmdsl.NumberLiteral n : numbers) {
            String text = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
                    org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(n));
            if (text.matches("0[xX][0-9a-fA-F_]+|[0-9]+")) {
                continue;
            }
            long size = org.mmdsl.runtime.arch.PagingMode.PAGE_SIZE;
            String write = text.matches("[0-9]+\\s*pages?") ? text.replaceAll("\\D", "")
                    : pages && n.getValue() % size == 0 ? Long.toString(n.getValue() / size) : null;
            report(MmdslIssue.COUNT_IN_PAGES, why + ", a bare number: " + (write == null ? "write it without a unit"
                    : "write " + write + " instead of " + text), n, null);
        }
    }
}
