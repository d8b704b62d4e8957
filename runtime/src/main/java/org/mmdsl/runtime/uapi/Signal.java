package org.mmdsl.runtime.uapi;

/** Signals a memory access can raise (include/uapi/asm-generic/signal.h, x86 numbers). */
public enum Signal {
    SIGBUS(7),
    SIGSEGV(11),
    SIGKILL(9);

    public final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The signal called {@code name}, or {@code null}. */
    public static Signal named(String name) {
        for (Signal s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
