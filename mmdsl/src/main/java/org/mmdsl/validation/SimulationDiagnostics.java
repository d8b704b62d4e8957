package org.mmdsl.validation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.mmdsl.interpreter.ExpectationEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.interpreter.ScenarioProblem;
import org.mmdsl.mmdsl.Expectation;
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

    /** A diagnostic with its text range in the scenario (offset and length in characters). */
    public record SimDiagnostic(EObject cause, MmdslIssue issue, String message, int offset, int length) {
    }

    public static List<SimDiagnostic> of(Run run) {
        List<SimDiagnostic> out = new ArrayList<>();
        for (RunEvent re : run.events()) {
            MmdslIssue issue = issueOf(re);
            if (issue != null && re.cause() != null) {
                int[] range = range(re.cause());
                out.add(new SimDiagnostic(re.cause(), issue, re.event().message(), range[0], range[1]));
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
        if (e instanceof ScenarioProblem) {
            return ((ScenarioProblem) e).abortsRun() ? MmdslIssue.RUN_ABORTED : MmdslIssue.STATEMENT_SKIPPED;
        }
        return null;
    }

    /**
     * The range a diagnostic on {@code cause} covers: the statement's text on its first line, without
     * the expectations that follow it (those get their own diagnostics), never empty.
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
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end <= start) {
            end = Math.min(text.length(), start + 1);
        }
        return new int[] {start, end - start};
    }
}
