package org.mmdsl.cli;

import java.util.List;

import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.interpreter.ScenarioProblem;

/**
 * One file's verdict in {@code mmdsl run}, and the counts a run over several files ends with:
 * <pre>
 * 4 scenarios: 1 PASS, 1 FAIL, 1 ERROR, 1 BUDGET
 * </pre>
 * The exit status follows the worst verdict: ERROR 2, FAIL and BUDGET 1, PASS 0. The per-file line and
 * the strict rules live in {@link MmdslCli} ({@link MmdslCli#strictProblems}); the JSON document in
 * {@link JsonReport}.
 */
public enum Verdict {
    /** Every expectation held (and, with --strict, nothing unannounced happened). */
    PASS(MmdslCli.OK),
    /** An expectation failed, a strict rule was broken, or the run stopped for another reason than its budget. */
    FAIL(MmdslCli.EXPECTATION_FAILED),
    /** The file does not parse, does not validate, or cannot be read: it did not run. */
    ERROR(MmdslCli.INVALID),
    /** The run was stopped by its step budget (--max-steps) or time limit (--timeout). */
    BUDGET(MmdslCli.EXPECTATION_FAILED);

    /** The exit status this verdict asks for; a run over files exits with the largest. */
    public final int status;

    Verdict(int status) {
        this.status = status;
    }

    /**
     * The verdict of a file that ran. A run stopped by its budget is BUDGET even if an expectation
     * failed before it stopped (the per-file line still counts the failures); an internal error of the
     * simulator also stops a run, and stays FAIL.
     */
    public static Verdict of(Run run, boolean strict) {
        if (run.aborted() && stoppedByBudget(run)) {
            return BUDGET;
        }
        if (run.failedExpectations() > 0 || run.aborted() || strict && !MmdslCli.strictProblems(run).isEmpty()) {
            return FAIL;
        }
        return PASS;
    }

    /**
     * Whether the problem that stopped the run is the step budget or the time limit (the interpreter's
     * StepContext.withinBounds() words them "run stopped: ..."). Does not look at anything else.
     */
    static boolean stoppedByBudget(Run run) {
        List<RunEvent> events = run.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).event() instanceof ScenarioProblem p && p.abortsRun()) {
                return p.message().startsWith("run stopped: ");
            }
        }
        return false;
    }

    /** The summary line of a run over several files: "N scenarios: a PASS, b FAIL, c ERROR, d BUDGET". */
    public static String summary(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        StringBuilder s = new StringBuilder().append(total).append(total == 1 ? " scenario: " : " scenarios: ");
        for (Verdict v : values()) {
            s.append(v.ordinal() == 0 ? "" : ", ").append(counts[v.ordinal()]).append(' ').append(v.name());
        }
        return s.toString();
    }
}
