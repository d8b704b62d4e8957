package org.mmdsl.runtime.event;

/**
 * Text a {@code show} statement produced, exactly as the kernel would print it (e.g. /proc/PID/maps).
 * {@code title} names what was shown ("/proc/1/maps").
 */
public record Output(String title, String text) implements Event {

    @Override
    public Kind kind() {
        return Kind.OUTPUT;
    }

    @Override
    public String message() {
        return title;
    }
}
