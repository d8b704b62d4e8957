package org.mmdsl.interpreter;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.mmdsl.mmdsl.AddressExpectation;
import org.mmdsl.mmdsl.ErrnoExpectation;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.FailExpectation;
import org.mmdsl.mmdsl.FaultExpectation;
import org.mmdsl.mmdsl.KmapLocal;
import org.mmdsl.mmdsl.KmapLocalOp;
import org.mmdsl.mmdsl.NotPresentExpectation;
import org.mmdsl.mmdsl.OkExpectation;
import org.mmdsl.mmdsl.TlbExpectation;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.ValueExpectation;
import org.mmdsl.mmdsl.WarningExpectation;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.uapi.Errno;

/**
 * The one place that decides whether what a statement did meets what the scenario expected of it. A
 * step runs its statement and reports an {@link Outcome}; {@link #judge} then records one
 * {@link ExpectationEvent} (a verdict) per expectation, and marks the events an expectation announced
 * (an expected errno, fault or warning) so front ends show them as information. Every verdict of a run is
 * made here, so `run --strict` and "asserts nothing" (MmdslCli.strictProblems, which count verdicts and
 * unexpected events) see the same judgement as the report.
 *
 * <p>A blank ({@code expect address ?}, {@code expect fault ?}, {@code expect zone Normal start ?}: an
 * exercise, issue 13) gets no verdict; a question with its answer ({@code expect address ? 0xb7ff6000}, a
 * key) is judged as the answer alone. For a blank the judge records a {@link BlankAnswer}, what the run gave
 * there in the scenario's notation, and marks the errno or signal it answers expected, as the filled-in key will.
 *
 * <p>Two passes, in this order, as the verdict order of the output has always been: first what only the
 * outcome holds (a result, an address, a value, a fault of the access, a check's observation), then, on
 * the events the statement caused, every expectation the first pass left alone ({@code expect warning},
 * and {@code ok}, {@code fail}, {@code errno} on statements whose outcome says nothing of them). A
 * statement that was skipped (a problem event since its mark) judges nothing in the second pass: its
 * statement-skipped warning says why. The judge runs no statement and changes no machine state.
 */
final class ExpectationJudge {
    private final RunLog log;
    private final StepContext ctx;

    ExpectationJudge(RunLog log, StepContext ctx) {
        this.log = log;
        this.ctx = ctx;
    }

    /**
     * Judges {@code statement}'s expectations against {@code outcome} and the events recorded since
     * {@code first} (the statement's mark). A check statement ({@code expect read}, {@code expect zone})
     * is itself the expectation: its verdict comes from {@link Outcome.State} or
     * {@link Outcome.NothingToObserve}.
     */
    void judge(EObject statement, Outcome outcome, int first) {
        List<Expectation> expects = expects(statement);
        outcome.judgeBy(this, statement, expects, first);
        if (!expects.isEmpty()) {
            byEvents(statement, expects, first);
        }
    }

    /**
     * Whether the events since {@code first} show a failure: a system call returned an errno or a signal
     * was raised (repeat's loop breaks there, as a C loop that checks every call).
     */
    boolean failedSince(int first) {
        for (int i = first; i < log.size(); i++) {
            Event e = log.event(i);
            if (e instanceof SignalEvent || e instanceof CallResult && ((CallResult) e).errno() != null) {
                return true;
            }
        }
        return false;
    }

    /** The statement's expectations (every statement that can fail or warn has {@code expects}), else none. */
    @SuppressWarnings("unchecked")
    private static List<Expectation> expects(EObject statement) {
        EStructuralFeature f = statement.eClass().getEStructuralFeature("expects");
        return f == null ? List.of() : (List<Expectation>) statement.eGet(f);
    }

    // ------------------------------------------------------------ first pass: what the outcome holds
    // (called by each Outcome's judgeBy; each visits the expectation kinds its outcome can decide)

    /** A system call's errno and ok expectations; an errno that was expected marks its call event expected. */
    void syscall(List<Expectation> expects, int first, long result) {
        Errno errno = Errno.fromResult(result);
        new ExpectationVisitor() {
            @Override
            public void errno(ErrnoExpectation e) {
                if (Blanks.isBlank(e)) {
                    if (errno != null) {
                        markCallExpected(first);
                    }
                    blank(e, errno == null ? null : errno.name(), "the call succeeded");
                    return;
                }
                String want = e.getErrno();
                if (errno != null && errno.name().equals(want)) {
                    markCallExpected(first);
                    verdict(e, true, "the call failed with " + want + " as expected");
                } else {
                    verdict(e, false, "expected " + want + ", but the call "
                            + (errno == null ? "succeeded" : "failed with " + errno.name()));
                }
            }

            @Override
            public void ok(OkExpectation e) {
                verdict(e, errno == null, errno == null ? "the call succeeded"
                        : "expected the call to succeed, but it failed with " + errno.name());
            }
        }.visitAll(expects);
    }

    /** mmap, mremap, brk: errno and ok as every call, then {@code expect address A}. */
    void addressReturned(List<Expectation> expects, int first, Outcome.AddressReturned a) {
        syscall(expects, first, a.result());
        new ExpectationVisitor() {
            @Override
            public void address(AddressExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, Errno.isError(a.result()) ? null : hex(a.result()), a.call() + " failed");
                    return;
                }
                Long want = ctx.address(e.getAddress());
                if (want != null) {
                    verdict(e, want == a.result(), String.format("%s returned 0x%x%s", a.call(), a.result(),
                            want == a.result() ? "" : String.format(", expected 0x%x", want)));
                }
            }
        }.visitAll(expects);
    }

    /** pread/pwrite: errno and ok as every call, then {@code expect value V} on the word read (a pwrite reads 0). */
    void fileRead(List<Expectation> expects, int first, Outcome.FileRead r) {
        syscall(expects, first, r.result());
        new ExpectationVisitor() {
            @Override
            public void value(ValueExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, r.result() < 0 ? null : number(r.value()), "pread failed");
                    return;
                }
                Long want = ctx.address(e.getValue());
                if (want != null) {
                    verdict(e, r.result() >= 0 && r.value() == want, r.result() < 0
                            ? "expected value " + want + ", but pread failed"
                            : String.format("pread of offset %d gave %d%s", r.offset(), r.value(),
                                    r.value() == want ? "" : ", expected " + want));
                }
            }
        }.visitAll(expects);
    }

    /**
     * An allocation's {@code expect address}, {@code expect ok} and {@code expect fail} (which marks the
     * failure's warnings and kernel calls as expected).
     */
    void allocation(List<Expectation> expects, int first, Outcome.Allocation a) {
        String what = a.what();
        boolean ok = a.ok();
        long value = a.value();
        new ExpectationVisitor() {
            @Override
            public void address(AddressExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, ok ? hex(value) : null, what + " failed");
                    return;
                }
                Long want = ctx.address(e.getAddress());
                if (want != null) {
                    verdict(e, ok && want == value, !ok ? what + " failed, expected " + String.format("0x%x", want)
                            : String.format("%s returned 0x%x%s", what, value,
                                    want == value ? "" : String.format(", expected 0x%x", want)));
                }
            }

            @Override
            public void ok(OkExpectation e) {
                verdict(e, ok, ok ? what + " succeeded" : "expected " + what + " to succeed, but it failed");
            }

            @Override
            public void fail(FailExpectation e) {
                if (!ok) {
                    for (int i = first; i < log.size(); i++) {
                        Event ev = log.event(i);
                        if (ev instanceof KernelMessage || ev instanceof KernelCall) {
                            log.markExpected(i);
                        }
                    }
                }
                verdict(e, !ok, !ok ? what + " failed as expected"
                        : String.format("expected %s to fail, but it returned 0x%x", what, value));
            }
        }.visitAll(expects);
    }

    /** {@code expect ok} / {@code expect fail} after a kernel call without a result: whether the kernel warned. */
    void kernelCall(List<Expectation> expects, int first, String what) {
        boolean warned = warnedSince(first);
        new ExpectationVisitor() {
            @Override
            public void ok(OkExpectation e) {
                verdict(e, !warned, warned ? "expected " + what + " to succeed, but the kernel warned"
                        : what + " succeeded");
            }

            @Override
            public void fail(FailExpectation e) {
                if (warned) {
                    for (int i = first; i < log.size(); i++) {
                        if (log.event(i) instanceof KernelMessage) {
                            log.markExpected(i);
                        }
                    }
                }
                verdict(e, warned, warned ? what + " was refused as expected" : "expected " + what
                        + " to be refused, but it succeeded");
            }
        }.visitAll(expects);
    }

    /** kmap's {@code expect address} and {@code expect ok}. */
    void kmap(List<Expectation> expects, Outcome.Kmap k) {
        long vaddr = k.vaddr();
        new ExpectationVisitor() {
            @Override
            public void address(AddressExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, k.ok() ? hex(vaddr) : null, "kmap failed");
                    return;
                }
                Long want = ctx.address(e.getAddress());
                if (want != null) {
                    verdict(e, want == vaddr, String.format("kmap returned 0x%x%s", vaddr,
                            want == vaddr ? "" : String.format(", expected 0x%x", want)));
                }
            }

            @Override
            public void ok(OkExpectation e) {
                verdict(e, k.ok(), k.ok() ? "kmap succeeded" : "expected kmap to succeed");
            }
        }.visitAll(expects);
    }

    /**
     * A user access's {@code expect fault SIG [CODE] [at A]} (the first signal since {@code first}, marked
     * expected when it matches), {@code expect value V} and {@code expect ok}.
     */
    void userAccess(List<Expectation> expects, int first, Outcome.UserAccess a) {
        String what = a.what();
        new ExpectationVisitor() {
            @Override
            public void fault(FaultExpectation f) {
                if (Blanks.isBlank(f)) {
                    blankFault(f, first, "the " + what + " succeeded");
                    return;
                }
                Long at = f.getAddress() == null ? null : ctx.address(f.getAddress());
                int idx = findSignal(first);
                String wanted = f.getSignal() + (f.getCode() == null ? "" : " " + f.getCode())
                        + (at == null ? "" : String.format(" at 0x%x", at));
                if (idx < 0) {
                    verdict(f, false, "expected " + wanted + ", but the " + what + " succeeded");
                    return;
                }
                SignalEvent sig = (SignalEvent) log.event(idx);
                boolean met = sig.signal().name().equals(f.getSignal())
                        && (f.getCode() == null || sig.code().name().equals(f.getCode()))
                        && (at == null || at == sig.vaddr());
                String got = sig.signal() + " " + sig.code() + String.format(" at 0x%x", sig.vaddr());
                if (met) {
                    log.markExpected(idx);
                    verdict(f, true, "the " + what + " raised " + got + " as expected");
                } else {
                    verdict(f, false, "expected " + wanted + ", got " + got);
                }
            }

            @Override
            public void value(ValueExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, a.ok() ? number(a.value()) : null, "the read faulted");
                    return;
                }
                Long want = ctx.address(e.getValue());
                if (want == null) {
                    return;
                }
                if (!a.ok()) {
                    verdict(e, false, String.format("expected value %d, but the read faulted", want));
                } else {
                    verdict(e, a.value() == want, String.format("read of 0x%x gave %d%s", a.address(), a.value(),
                            a.value() == want ? "" : ", expected " + want));
                }
            }

            @Override
            public void ok(OkExpectation e) {
                verdict(e, a.ok(), a.ok() ? "the " + what + " succeeded"
                        : "expected the " + what + " to succeed, but it faulted");
            }

            @Override
            public void tlb(TlbExpectation e) {
                tlbExpectation(e, a.tlb(), "the " + what);
            }
        }.visitAll(expects);
    }

    /** call ADDR's {@code expect fault SIG [CODE]} (where it faulted is not compared) and {@code expect ok}. */
    void callInstruction(List<Expectation> expects, int first, boolean ok) {
        new ExpectationVisitor() {
            @Override
            public void fault(FaultExpectation f) {
                if (Blanks.isBlank(f)) {
                    blankFault(f, first, "the call returned");
                    return;
                }
                int idx = findSignal(first);
                boolean met = idx >= 0 && ((SignalEvent) log.event(idx)).signal().name().equals(f.getSignal())
                        && (f.getCode() == null || ((SignalEvent) log.event(idx)).code().name().equals(f.getCode()));
                if (met) {
                    log.markExpected(idx);
                }
                verdict(f, met, met ? "the call raised " + f.getSignal() + " as expected"
                        : "expected " + f.getSignal() + (idx < 0 ? ", but the call returned" : ", got another signal"));
            }

            @Override
            public void ok(OkExpectation e) {
                verdict(e, ok, ok ? "the call returned" : "expected the call to return, but it faulted");
            }
        }.visitAll(expects);
    }

    /** A kernel load or store's {@code expect value V} and {@code expect ok}. */
    void kernelAccess(List<Expectation> expects, Outcome.KernelAccess a) {
        new ExpectationVisitor() {
            @Override
            public void value(ValueExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, a.ok() ? number(a.value()) : null, "the kernel access oopsed");
                    return;
                }
                Long want = ctx.address(e.getValue());
                if (want != null) {
                    verdict(e, a.ok() && a.value() == want, a.ok() ? String.format("kernel read %d%s", a.value(),
                            a.value() == want ? "" : ", expected " + want) : "the kernel access oopsed");
                }
            }

            @Override
            public void ok(OkExpectation e) {
                verdict(e, a.ok(), a.ok() ? "kernel access succeeded" : "expected the kernel access to succeed");
            }
        }.visitAll(expects);
    }

    /** A check statement's observation against the value it wants; the check itself gets the verdict. */
    void state(EObject check, Outcome.State s) {
        if (Blanks.isBlank(check)) {
            blank(check, s.hex() ? hex(s.got()) : number(s.got()), null);
            return;
        }
        boolean met = s.got() == s.want();
        verdict(check, met, s.observed() + (met ? "" : String.format(s.hex() ? ", expected 0x%x" : ", expected %d",
                s.want())));
    }

    /** A check statement with nothing to look at: it fails, saying why. */
    void nothingToObserve(EObject check, String why) {
        if (Blanks.isBlank(check)) {
            blank(check, null, why);
            return;
        }
        verdict(check, false, why);
    }

    /** A check statement's observation in words (a pte's flags, a page's zone) against the words it wants. */
    void stateWords(EObject check, Outcome.StateWords s) {
        if (Blanks.isBlank(check)) {
            blank(check, s.got(), null);
            return;
        }
        boolean met = s.got().equals(s.want());
        verdict(check, met, s.observed() + (met ? "" : ", expected " + s.want()));
    }

    /**
     * translate's {@code expect address PADDR} (where the walk ends) and {@code expect notpresent LEVEL} (the
     * level whose entry is not present where it stops). A walk that stops has no address, one that ends has
     * no such level: the blank then records no answer, saying why.
     */
    void walk(List<Expectation> expects, Outcome.Walk w) {
        boolean mapped = w.paddr() >= 0;
        String ends = mapped ? String.format("the walk of %s ends at physical address 0x%x", w.what(), w.paddr())
                : "the walk of " + w.what() + " stops at the " + w.stoppedAt() + " (not present)";
        new ExpectationVisitor() {
            @Override
            public void address(AddressExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, mapped ? hex(w.paddr()) : null, ends);
                    return;
                }
                Long want = ctx.address(e.getAddress());
                if (want != null) {
                    verdict(e, mapped && want == w.paddr(), ends + (mapped && want == w.paddr() ? ""
                            : String.format(", expected physical address 0x%x", want)));
                }
            }

            @Override
            public void notPresent(NotPresentExpectation e) {
                if (Blanks.isBlank(e)) {
                    blank(e, mapped ? null : w.stoppedAt(), ends);
                    return;
                }
                boolean met = !mapped && w.stoppedAt().equals(e.getLevel());
                verdict(e, met, ends + (met ? "" : ", expected it to stop at the " + e.getLevel()));
            }
        }.visitAll(expects);
    }

    /**
     * find_vma's {@code expect vma START-END} (or {@code none}: NULL) and find_vma_prev's {@code expect prev ...}:
     * the VMA the lookup returned, compared by its bounds; a blank records "0x...-0x..." or "none".
     */
    void vmaFound(List<Expectation> expects, Outcome.VmaFound f) {
        new ExpectationVisitor() {
            @Override
            public void vma(org.mmdsl.mmdsl.VmaExpectation e) {
                boolean prev = "prev".equals(e.getWhich());
                if (prev && !f.hasPrev()) {
                    return; // only find_vma_prev has a *pprev: the validator says so
                }
                String got = prev ? f.prev() : f.vma();
                String says = f.what() + (prev ? " stored *pprev = " : " returned ") + (got == null ? "NULL" : got);
                if (Blanks.isBlank(e)) {
                    blank(e, got == null ? "none" : got, null);
                    return;
                }
                String want = null;
                if (!e.isNone()) {
                    Long start = ctx.address(e.getStart());
                    Long end = ctx.address(e.getEnd());
                    if (start == null || end == null) {
                        return;
                    }
                    want = hex(start) + "-" + hex(end);
                }
                boolean met = want == null ? got == null : want.equals(got);
                verdict(e, met, says + (met ? "" : ", expected " + (want == null ? "NULL" : want)));
            }
        }.visitAll(expects);
    }

    /**
     * {@code expect tlb hit|miss} of a single access: whether its translation hit the dTLB ({@code tlb}, an
     * Outcome.TLB_* value); an access over a range has no one answer (the validator refuses it there).
     */
    private void tlbExpectation(TlbExpectation e, int tlb, String what) {
        String got = tlb == Outcome.TLB_HIT ? "hit" : tlb == Outcome.TLB_MISS ? "miss" : null;
        if (Blanks.isBlank(e)) {
            blank(e, got, what + " made no single translation");
            return;
        }
        if (got == null) {
            verdict(e, false, "expected a TLB " + e.getResult() + ", but " + what + " made no single translation");
            return;
        }
        boolean met = got.equals(e.getResult());
        verdict(e, met, what + (got.equals("hit") ? " hit the TLB" : " missed the TLB (a page walk)")
                + (met ? "" : ", expected a " + e.getResult()));
    }

    /**
     * {@code expect maps """ ... """}: the maps equal the block line by line (blanks at either end of a line
     * ignored; a failure shows a unified diff, expected to actual); {@code expect maps has "LINE"}: some line
     * equals LINE, runs of blanks comparing as one. A blank is answered with the maps as a text block, indented
     * under its {@code expect}.
     */
    void maps(EObject check, Outcome.MapsText m) {
        List<String> actual = m.maps().lines().map(String::strip).toList();
        if (Blanks.isBlank(check)) {
            blank(check, textBlockAnswer(check, actual), null);
            return;
        }
        if (m.line()) {
            String want = oneSpace(m.want());
            boolean met = actual.stream().anyMatch(l -> oneSpace(l).equals(want));
            verdict(check, met, met ? m.task() + "'s " + m.file() + " has the line \"" + want + "\""
                    : "no line of " + m.task() + "'s " + m.file() + " is \"" + want + "\"; it has:\n"
                            + String.join("\n", actual));
            return;
        }
        List<String> want = m.want().lines().map(String::strip).toList();
        boolean met = want.equals(actual);
        verdict(check, met, met ? m.task() + "'s " + m.file() + " is the expected block (" + actual.size() + " lines)"
                : m.task() + "'s " + m.file() + " is not the expected block (- expected, + actual):\n"
                        + LineDiff.unified("expected", want, m.file(), actual).stripTrailing());
    }

    /** A maps line with its runs of blanks as one space, trimmed. */
    private static String oneSpace(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /**
     * The answer of {@code expect maps ?}: a text block whose lines and closing quotes stand two columns right
     * of the {@code expect}, so the key reads as the scenario is indented.
     */
    private static String textBlockAnswer(EObject check, List<String> lines) {
        String indent = "  " + indentation(check);
        StringBuilder sb = new StringBuilder("\"\"\"\n");
        for (String l : lines) {
            sb.append(indent).append(l).append('\n');
        }
        return sb.append(indent).append("\"\"\"").toString();
    }

    /** The indentation of the line {@code o} starts on (none without a node model). */
    private static String indentation(EObject o) {
        org.eclipse.xtext.nodemodel.ICompositeNode node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(o);
        if (node == null) {
            return "";
        }
        String text = node.getRootNode().getText();
        int i = text.lastIndexOf('\n', node.getOffset() - 1) + 1;
        int start = i;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(start, i);
    }

    // ------------------------------------------------------------ second pass: the statement's events

    /**
     * Every expectation the first pass did not judge, on the events since {@code first}: {@code expect
     * warning ["text"]}, and {@code expect ok}, {@code expect fail} and {@code expect errno} by the
     * warnings, failed calls and signals the statement caused. So every statement the grammar gives
     * expectations (docs/language.md, "Expectations") has them judged, none is silently ignored. Does not
     * judge expect address/value/fault: only an outcome holds what they compare (ExpectationValidator
     * rejects them elsewhere).
     */
    private void byEvents(EObject statement, List<Expectation> expects, int first) {
        boolean warned = false;
        boolean failed = false;
        for (int i = first; i < log.size(); i++) {
            Event ev = log.event(i);
            if (ev instanceof ScenarioProblem) {
                return;
            }
            warned |= ev instanceof KernelMessage && ((KernelMessage) ev).warning();
            failed |= ev instanceof CallResult && ((CallResult) ev).errno() != null || ev instanceof SignalEvent;
        }
        String what = statementName(statement);
        boolean wasWarned = warned;
        boolean wasFailed = failed;
        ExpectationVisitor byEvents = new ExpectationVisitor() {
            @Override
            public void warning(WarningExpectation w) {
                warningExpectation(w, statement, first);
            }

            @Override
            public void ok(OkExpectation e) {
                verdict(e, !wasWarned && !wasFailed, wasWarned ? "expected " + what + " to succeed, but the kernel warned"
                        : wasFailed ? "expected " + what + " to succeed, but it failed" : what + " succeeded");
            }

            @Override
            public void fail(FailExpectation e) {
                if (wasWarned || wasFailed) {
                    for (int i = first; i < log.size(); i++) {
                        Event ev = log.event(i);
                        if (ev instanceof KernelMessage || ev instanceof CallResult || ev instanceof SignalEvent) {
                            log.markExpected(i);
                        }
                    }
                }
                verdict(e, wasWarned || wasFailed, wasWarned || wasFailed ? what + " failed as expected"
                        : "expected " + what + " to fail, but it succeeded");
            }

            @Override
            public void errno(ErrnoExpectation e) {
                String want = e.getErrno();
                Errno got = null;
                for (int i = first; i < log.size() && got == null; i++) {
                    if (log.event(i) instanceof CallResult) {
                        got = ((CallResult) log.event(i)).errno();
                    }
                }
                if (Blanks.isBlank(e)) {
                    if (got != null) {
                        markCallExpected(first);
                    }
                    blank(e, got == null ? null : got.name(), what + " did not fail");
                    return;
                }
                boolean met = got != null && got.name().equals(want);
                if (met) {
                    markCallExpected(first);
                }
                verdict(e, met, met ? what + " failed with " + want + " as expected"
                        : "expected " + want + ", but " + what + (got == null ? " did not fail" : " failed with " + got.name()));
            }
        };
        for (Expectation e : expects) {
            if (!judged(e, first)) { // else by the first pass, or already on fork() before the child's steps ran
                byEvents.visit(e);
            }
        }
    }

    /**
     * {@code expect warning ["text"]}: met when the statement made the kernel warn (with that text), the
     * warnings are then marked expected; or, for a kmap_atomic under a kernel that deprecates it, when
     * the text is part of the deprecation (HighmemValidator then leaves its deprecated-api out).
     */
    private void warningExpectation(WarningExpectation w, EObject statement, int first) {
        String text = w.getText();
        boolean met = false;
        for (int i = first; i < log.size(); i++) {
            Event ev = log.event(i);
            if (ev instanceof KernelMessage && ((KernelMessage) ev).warning()
                    && (text == null || ev.message().contains(text))) {
                log.markExpected(i);
                met = true;
            }
        }
        boolean deprecated = false;
        if (!met && text != null && statement instanceof KmapLocal k && k.getOp() == KmapLocalOp.KMAP_ATOMIC) {
            org.mmdsl.runtime.highmem.HighmemApi api = ctx.kernel().highmem().api();
            deprecated = met = api.kmapAtomicDeprecated && api.kmapAtomicDeprecation.contains(text);
        }
        verdict(w, met, deprecated ? "kmap_atomic() is deprecated, as expected"
                : met ? "the kernel warned as expected"
                : "expected the kernel to warn" + (text == null ? "" : " with \"" + text + "\"") + ", but it did not");
    }

    /** Whether a verdict on {@code e} was recorded since {@code first}. */
    private boolean judged(Expectation e, int first) {
        for (int i = first; i < log.size(); i++) {
            if (log.cause(i) == e && (log.event(i) instanceof ExpectationEvent || log.event(i) instanceof BlankAnswer)) {
                return true;
            }
        }
        return false;
    }

    /** The statement's keyword as the scenario wrote it (kunmap, kmap_atomic, mmap...), for verdicts. */
    private static String statementName(EObject statement) {
        if (statement instanceof Process && ((Process) statement).getParent() != null) {
            return "fork"; // process c = fork p < ... >: its expectations are on fork()
        }
        org.eclipse.xtext.nodemodel.ICompositeNode node = org.eclipse.xtext.nodemodel.util.NodeModelUtils
                .findActualNodeFor(statement);
        if (node != null) {
            for (org.eclipse.xtext.nodemodel.ILeafNode leaf : node.getLeafNodes()) {
                if (!leaf.isHidden()) {
                    return leaf.getText();
                }
            }
        }
        return statement.eClass().getName();
    }

    // ------------------------------------------------------------ marks and verdicts

    /** Whether the kernel warned (a WARN, BUG or warning line) since {@code first}. */
    private boolean warnedSince(int first) {
        boolean warned = false;
        for (int i = first; i < log.size(); i++) {
            Event ev = log.event(i);
            warned |= ev instanceof KernelMessage && ((KernelMessage) ev).warning();
        }
        return warned;
    }

    /** The first signal raised since {@code first}, or -1. */
    private int findSignal(int first) {
        for (int i = first; i < log.size(); i++) {
            if (log.event(i) instanceof SignalEvent) {
                return i;
            }
        }
        return -1;
    }

    /** Marks every failed call since {@code first} expected (an {@code expect errno} was met). */
    private void markCallExpected(int first) {
        for (int i = first; i < log.size(); i++) {
            if (log.event(i) instanceof CallResult && ((CallResult) log.event(i)).errno() != null) {
                log.markExpected(i);
            }
        }
    }

    /**
     * {@code expect fault ?}: the first signal since {@code first} answers it with its signal and si_code
     * (marked expected, as the key's filled-in expectation will mark it); none, and the blank has no answer.
     */
    private void blankFault(FaultExpectation f, int first, String none) {
        int idx = findSignal(first);
        if (idx < 0) {
            blank(f, null, none);
            return;
        }
        SignalEvent sig = (SignalEvent) log.event(idx);
        log.markExpected(idx);
        blank(f, sig.signal().name() + " " + sig.code().name(), null);
    }

    /**
     * Records a blank's answer (null: the run has none there, {@code why}) instead of a verdict. A blank
     * is never a failure, also not under --strict.
     */
    private void blank(EObject where, String answer, String why) {
        log.recordFor(where, new BlankAnswer(answer, why));
    }

    private static String hex(long v) {
        return String.format("0x%x", v);
    }

    /** A value as the scenario writes one: decimal, or hex when it does not fit a signed long's positive half. */
    private static String number(long v) {
        return v >= 0 ? Long.toString(v) : hex(v);
    }

    /** Records the verdict on {@code where} (an expectation, or a check statement). */
    private void verdict(EObject where, boolean met, String message) {
        log.recordFor(where, new ExpectationEvent(met, message));
    }
}
