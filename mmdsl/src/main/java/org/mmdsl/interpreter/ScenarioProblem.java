package org.mmdsl.interpreter;

import org.mmdsl.runtime.event.Event;

/**
 * Something in the scenario that stopped a statement or the whole run although the text was valid:
 * a handle whose mmap failed and so has no address, the step budget or time limit running out, an
 * internal error of the simulator (reported, never thrown at the user). {@code abortsRun} is true when
 * no later statement ran.
 */
public record ScenarioProblem(String message, boolean abortsRun) implements Event {

    @Override
    public Kind kind() {
        return Kind.PROBLEM;
    }
}
