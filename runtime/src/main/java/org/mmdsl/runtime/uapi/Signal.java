package org.mmdsl.runtime.uapi;

/** Signals a memory access can raise (include/uapi/asm-generic/signal.h, x86 numbers). */
public enum Signal implements KernelWord {
    SIGBUS(7, "bus error: an access to a page the mapping cannot provide (beyond the end of its file)"),
    SIGSEGV(11, "segmentation violation: an access no VMA allows"),
    SIGKILL(9, "killed: the OOM killer's signal, and a failed exec's past the point of no return");

    public final int number;
    private final String doc;

    Signal(int number, String doc) {
        this.number = number;
        this.doc = doc;
    }

    @Override
    public String word() {
        return name();
    }

    @Override
    public String kernelName() {
        return name();
    }

    @Override
    public long value() {
        return number;
    }

    @Override
    public String since() {
        return null;
    }

    @Override
    public String doc() {
        return doc;
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
