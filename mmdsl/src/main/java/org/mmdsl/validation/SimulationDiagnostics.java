package org.mmdsl.validation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.mmdsl.interpreter.ExpectationEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.interpreter.ScenarioProblem;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.HandleRef;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.SignalEvent;

/**
 * Turns a run's events into diagnostics on the statements that caused them: the one mapping from
 * simulated outcomes to what the CLI, the language server and the Eclipse plug-in show. An unexpected
 * fault or errno is a warning, an expected one is information, a failed expectation is an error
 * (architecture.md, "Diagnostics").
 */
public final class SimulationDiagnostics {
    private SimulationDiagnostics() {
    }

    /**
     * A diagnostic with its text range in the scenario (offset and length in characters) and the places
     * it is about (LSP's related information): the mmap of the VMA a fault hit, the mmap of a handle a
     * failing call used, the statement a failed expectation belongs to.
     */
    public record SimDiagnostic(EObject cause, MmdslIssue issue, String message, int offset, int length,
            List<Related> related) {
        public SimDiagnostic(EObject cause, MmdslIssue issue, String message, int offset, int length) {
            this(cause, issue, message, offset, length, List.of());
        }
    }

    /** A place a diagnostic points at, with a sentence saying why. */
    public record Related(EObject target, String message, int offset, int length) {
        static Related of(EObject target, String message) {
            int[] r = range(target);
            return new Related(target, message, r[0], r[1]);
        }
    }

    /** A mapping some statement created: [start, end) as the call returned it. */
    private record Mapped(EObject statement, long start, long end) {
    }

    public static List<SimDiagnostic> of(Run run) {
        List<SimDiagnostic> out = new ArrayList<>();
        List<Mapped> mapped = new ArrayList<>();
        for (RunEvent re : run.events()) {
            remember(re, mapped);
            MmdslIssue issue = issueOf(re);
            if (issue != null && re.cause() != null) {
                int[] range = range(re.cause());
                out.add(new SimDiagnostic(re.cause(), issue, re.event().message(), range[0], range[1],
                        related(re, mapped)));
            }
        }
        return out;
    }

    private static void remember(RunEvent re, List<Mapped> mapped) {
        if (!(re.event() instanceof CallResult call) || call.errno() != null) {
            return;
        }
        long length = re.cause() instanceof Mmap m ? m.getLength()
                : re.cause() instanceof Mremap r ? r.getNewLength() : 0;
        if (length > 0) {
            long end = call.result() + PagingMode.pageAlign(length);
            mapped.add(new Mapped(re.cause(), call.result(), end));
        }
    }

    /** Where a diagnostic's cause points: see {@link SimDiagnostic}. */
    private static List<Related> related(RunEvent re, List<Mapped> mapped) {
        List<Related> out = new ArrayList<>();
        if (re.event() instanceof SignalEvent sig) {
            for (int i = mapped.size() - 1; i >= 0; i--) {
                Mapped m = mapped.get(i);
                if (Long.compareUnsigned(sig.vaddr(), m.start()) >= 0 && Long.compareUnsigned(sig.vaddr(), m.end()) < 0) {
                    out.add(Related.of(m.statement(), String.format("0x%x is in the mapping 0x%x-0x%x created here",
                            sig.vaddr(), m.start(), m.end())));
                    break;
                }
            }
            return out;
        }
        EObject cause = re.cause();
        if (re.event() instanceof ExpectationEvent && cause instanceof Expectation
                && cause.eContainer() != null && !(cause.eContainer() instanceof Scenario)) {
            out.add(Related.of(cause.eContainer(), "the statement this expectation is about"));
        }
        if (re.event() instanceof CallResult || re.event() instanceof ExpectationEvent
                || re.event() instanceof ScenarioProblem || re.event() instanceof KernelMessage) {
            EObject about = cause instanceof Expectation && cause.eContainer() != null ? cause.eContainer() : cause;
            java.util.Set<EObject> seen = new java.util.HashSet<>();
            for (java.util.Iterator<EObject> it = about.eAllContents(); it.hasNext();) {
                EObject e = it.next();
                if (e instanceof HandleRef ref && ref.getHandle() != null && !ref.getHandle().eIsProxy()
                        && seen.add(ref.getHandle())) {
                    String name = NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(ref));
                    out.add(Related.of(ref.getHandle(), "'" + name + "' is defined here"));
                }
            }
        }
        return out;
    }

    /** The issue an event is shown as, or {@code null} when it is not a diagnostic (output, a mapped frame). */
    public static MmdslIssue issueOf(RunEvent re) {
        Event e = re.event();
        if (e instanceof SignalEvent) {
            return re.expected() ? MmdslIssue.FAULT_EXPECTED : MmdslIssue.FAULT_UNEXPECTED;
        }
        if (e instanceof CallResult && ((CallResult) e).errno() != null) {
            return re.expected() ? MmdslIssue.ERRNO_EXPECTED : MmdslIssue.ERRNO_UNEXPECTED;
        }
        if (e instanceof ExpectationEvent && !((ExpectationEvent) e).met()) {
            return MmdslIssue.EXPECTATION_FAILED;
        }
        if (e instanceof KernelMessage && ((KernelMessage) e).warning()) {
            return re.expected() ? MmdslIssue.KERNEL_WARNING_EXPECTED : MmdslIssue.KERNEL_WARNING;
        }
        if (e instanceof org.mmdsl.runtime.event.VmallocFault) {
            return MmdslIssue.VMALLOC_FAULT;
        }
        if (e instanceof org.mmdsl.interpreter.KmapLeak) {
            return MmdslIssue.KMAP_NOT_UNMAPPED;
        }
        if (e instanceof ScenarioProblem) {
            return ((ScenarioProblem) e).abortsRun() ? MmdslIssue.RUN_ABORTED : MmdslIssue.STATEMENT_SKIPPED;
        }
        return null;
    }

    /**
     * The range a diagnostic on {@code cause} covers: the statement's text on its first line, without
     * the expectations that follow it (those get their own diagnostics) and without a comment after its
     * last token, never empty. Inlay hints are written at its end.
     */
    public static int[] range(EObject cause) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(cause);
        if (node == null) {
            return new int[] {0, 1};
        }
        String text = node.getRootNode().getText();
        int start = node.getOffset();
        int end = node.getEndOffset();
        if (!(cause instanceof Expectation)) {
            for (EObject child : cause.eContents()) {
                if (child instanceof Expectation) {
                    ICompositeNode c = NodeModelUtils.findActualNodeFor(child);
                    if (c != null && c.getOffset() < end) {
                        end = c.getOffset();
                    }
                }
            }
        }
        int newline = text.indexOf('\n', start);
        if (newline >= 0 && newline < end) {
            end = newline;
        }
        // the statement ends at its last token: a comment after it on the line is no part of it
        int lastToken = start;
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden() && leaf.getEndOffset() <= end) {
                lastToken = Math.max(lastToken, leaf.getEndOffset());
            }
        }
        end = lastToken;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end <= start) {
            end = Math.min(text.length(), start + 1);
        }
        return new int[] {start, end - start};
    }
}
