package org.mmdsl.interpreter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.PageFaultEvent;

/**
 * The ordered record of a run: every event tied to the statement that caused it (the cause is the
 * statement that runs now, set by {@link StepContext#step}). While a range access runs, resolved page
 * faults are counted by kind instead of recorded one by one (a gigabyte is 262,144 faults). The verdicts
 * on expectations are added by {@link ExpectationJudge} only; this class decides nothing.
 */
final class RunLog {
    private final List<RunEvent> events = new ArrayList<>();
    private EObject cause;
    /** While a range access runs: resolved page faults counted by kind; null otherwise. */
    private Map<String, long[]> rangeFaults;

    /** The events recorded so far, for {@link Run}. */
    List<RunEvent> events() {
        return events;
    }

    /** Makes {@code statement} the cause of the events that follow. */
    void setCause(EObject statement) {
        cause = statement;
    }

    /** Records {@code e}, caused by the current statement (a page fault inside a range access is only counted). */
    void record(Event e) {
        if (rangeFaults != null && e instanceof PageFaultEvent) {
            rangeFault(((PageFaultEvent) e).how());
            return;
        }
        events.add(new RunEvent(cause, e, false));
    }

    /** Records {@code e} as caused by {@code where} (an expectation, a check, a kmap left open), not by the current statement. */
    void recordFor(EObject where, Event e) {
        events.add(new RunEvent(where, e, false));
    }

    /** The number of events so far: the index the next one gets. */
    int size() {
        return events.size();
    }

    Event event(int index) {
        return events.get(index).event();
    }

    EObject cause(int index) {
        return events.get(index).cause();
    }

    /** Marks the event at {@code index} as announced by an expectation (front ends show it as information). */
    void markExpected(int index) {
        RunEvent e = events.get(index);
        events.set(index, new RunEvent(e.cause(), e.event(), true));
    }

    /** Starts counting the page faults of a range access instead of recording them. */
    void beginRange() {
        rangeFaults = new TreeMap<>();
        lastHow = null;
    }

    /** Whether a range access is counting faults now (its accesses record no event each). */
    boolean inRange() {
        return rangeFaults != null;
    }

    /** Ends a range access: the faults it resolved, by kind; events are recorded one by one again. */
    Map<String, long[]> endRange() {
        Map<String, long[]> faults = rangeFaults;
        rangeFaults = null;
        return faults;
    }

    /** Inside a range access, one more fault of this kind for its RangeSummary. */
    private void rangeFault(String how) {
        if (how != lastHow) { // the same constant string fault after fault: no map lookup then
            long[] n = rangeFaults.get(how);
            if (n == null) {
                rangeFaults.put(how, n = new long[1]);
            }
            lastHow = how;
            lastCount = n;
        }
        lastCount[0]++;
    }

    /** The kind of the range's last fault and its counter in {@code rangeFaults}. */
    private String lastHow;
    private long[] lastCount;

    /**
     * The runtime's sink: every event is recorded, except that the faults of a range access are only
     * counted, without a PageFaultEvent each (FaultBench: 40 B per fault before, none now).
     */
    final EventSink sink = new EventSink() {
        @Override
        public void emit(Event event) {
            record(event);
        }

        @Override
        public void pageFault(int pid, long vaddr, org.mmdsl.runtime.arch.Access access, String how, long pfn) {
            if (rangeFaults != null) {
                rangeFault(how);
            } else {
                record(new PageFaultEvent(pid, vaddr, access, how, pfn));
            }
        }
    };
}
