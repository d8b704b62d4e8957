package org.mmdsl.interpreter;

import org.mmdsl.runtime.event.Event;

/** The verdict on one expectation of the scenario. */
public record ExpectationEvent(boolean met, String message) implements Event {

    @Override
    public Kind kind() {
        return met ? Kind.INFO : Kind.FAILED_EXPECTATION;
    }
}
