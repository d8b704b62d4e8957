package org.mmdsl.interpreter;

import org.mmdsl.runtime.event.Event;

/**
 * What the run gave where an exercise left its answer blank ({@code expect address ?}, {@code expect
 * fault ?}, {@code expect zone Normal start ?}, ...): the answer in the scenario's own notation (an
 * address in hex, an errno name, {@code SIGSEGV SEGV_MAPERR}, a value), or {@code null} when the run has
 * none there (the call succeeded, nothing was mapped). Not a verdict: a blank never fails a run.
 * {@code mmdsl answers} writes the answers into the text ({@link Blanks}).
 */
public record BlankAnswer(String answer, String why) implements Event {

    @Override
    public Kind kind() {
        return Kind.INFO;
    }

    @Override
    public String message() {
        return answer != null ? "blank: the run gives " + answer : "blank: no answer, " + why;
    }
}
