package org.mmdsl.runtime.uapi;

/**
 * si_code values of a memory fault's siginfo (include/uapi/asm-generic/siginfo.h).
 * Each belongs to one signal, except SI_KERNEL which the kernel sends for a #GP
 * (a non-canonical address on x86_64) with si_addr 0.
 */
public enum SiCode {
    /** Address not mapped to an object (no VMA covers it). */
    SEGV_MAPERR(1, Signal.SIGSEGV),
    /** Invalid permissions for a mapped object. */
    SEGV_ACCERR(2, Signal.SIGSEGV),
    /** Invalid address alignment. */
    BUS_ADRALN(1, Signal.SIGBUS),
    /** Non-existent physical address (e.g. a file page beyond EOF). */
    BUS_ADRERR(2, Signal.SIGBUS),
    /** Object-specific hardware error. */
    BUS_OBJERR(3, Signal.SIGBUS),
    /** Sent by the kernel from somewhere other than a fault handler (x86: general protection). */
    SI_KERNEL(0x80, null);

    public final int number;
    /** The signal this code is defined for; {@code null} for SI_KERNEL, valid with any. */
    public final Signal signal;

    SiCode(int number, Signal signal) {
        this.number = number;
        this.signal = signal;
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
