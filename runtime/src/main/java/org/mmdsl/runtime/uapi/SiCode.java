package org.mmdsl.runtime.uapi;

/**
 * si_code values of a memory fault's siginfo (include/uapi/asm-generic/siginfo.h).
 * Each belongs to one signal, except SI_KERNEL which the kernel sends for a #GP
 * (a non-canonical address on x86_64) with si_addr 0.
 */
public enum SiCode implements KernelWord {
    SEGV_MAPERR(1, Signal.SIGSEGV, "Address not mapped to an object (no VMA covers it)"),
    SEGV_ACCERR(2, Signal.SIGSEGV, "Invalid permissions for a mapped object"),
    BUS_ADRALN(1, Signal.SIGBUS, "Invalid address alignment"),
    BUS_ADRERR(2, Signal.SIGBUS, "Non-existent physical address (e.g. a file page beyond EOF)"),
    BUS_OBJERR(3, Signal.SIGBUS, "Object-specific hardware error"),
    SI_KERNEL(0x80, null, "Sent by the kernel from somewhere other than a fault handler (x86: general protection)");

    public final int number;
    /** The signal this code is defined for; {@code null} for SI_KERNEL, valid with any. */
    public final Signal signal;

    private final String doc;

    SiCode(int number, Signal signal, String doc) {
        this.number = number;
        this.signal = signal;
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

    /** The code called {@code name}, or {@code null}. */
    public static SiCode named(String name) {
        for (SiCode c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** True when this code can accompany {@code s}. */
    public boolean belongsTo(Signal s) {
        return signal == null || signal == s;
    }
}
