package org.mmdsl.runtime.event;

/**
 * A line the kernel prints (printk) or a warning it would give; {@code warning} marks WARN_ON-style
 * misuse and places where a real kernel would be silently wrong.
 */
public record KernelMessage(String text, boolean warning) implements Event {

    @Override
    public Kind kind() {
        return warning ? Kind.KERNEL_WARNING : Kind.INFO;
    }

    @Override
    public String message() {
        return text;
    }
}
