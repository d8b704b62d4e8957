package org.mmdsl.interpreter;

import org.mmdsl.runtime.event.Event;

/** {@code let NAME = EXPR}: the value the name got when the statement ran. */
public record LetEvent(String name, long value) implements Event {

    @Override
    public Kind kind() {
        return Kind.INFO;
    }

    @Override
    public String message() {
        return String.format("%s = 0x%x", name, value);
    }
}
