package org.mmdsl.interpreter;

import java.util.Collections;
import java.util.List;

import org.mmdsl.runtime.Kernel;

/**
 * The outcome of interpreting a scenario: the ordered events, each tied to its statement, and the
 * machine in its final state (for hovers and for tests that look at state after the run).
 */
public final class Run {
    private final List<RunEvent> events;
    private final Kernel kernel;
    private final boolean aborted;

    Run(List<RunEvent> events, Kernel kernel, boolean aborted) {
        this.events = Collections.unmodifiableList(events);
        this.kernel = kernel;
        this.aborted = aborted;
    }

    public List<RunEvent> events() {
        return events;
    }

    /** The machine after the last statement that ran; {@code null} if boot itself failed. */
    public Kernel kernel() {
        return kernel;
    }

    /** True when the run stopped early (budget, time, cancellation or internal error). */
    public boolean aborted() {
        return aborted;
    }

    public long failedExpectations() {
        return events.stream().filter(e -> e.event() instanceof ExpectationEvent && !((ExpectationEvent) e.event()).met())
                .count();
    }

    public long metExpectations() {
        return events.stream().filter(e -> e.event() instanceof ExpectationEvent && ((ExpectationEvent) e.event()).met())
                .count();
    }
}
