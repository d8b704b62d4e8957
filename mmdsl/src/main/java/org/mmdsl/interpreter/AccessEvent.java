package org.mmdsl.interpreter;

import org.mmdsl.runtime.event.Event;

/**
 * A byte access ({@code read byte ADDR}, {@code write byte ADDR value V}, {@code call ADDR}) at its
 * resolved address: whether it completed (a fault is its own event) and the byte read, written, or
 * fetched as the first instruction byte.
 */
public record AccessEvent(String access, long address, int size, long value, boolean ok) implements Event {

    @Override
    public Kind kind() {
        return Kind.INFO;
    }

    @Override
    public String message() {
        if (!ok) {
            return String.format("%s at 0x%x faulted", access, address);
        }
        return switch (access) {
            case "write" -> String.format("wrote 0x%02x at 0x%x", value, address);
            case "call" -> String.format("called 0x%x (first byte 0x%02x)", address, value);
            default -> String.format("%s 0x%02x at 0x%x", access, value, address);
        };
    }
}
