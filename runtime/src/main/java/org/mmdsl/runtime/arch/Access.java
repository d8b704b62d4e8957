package org.mmdsl.runtime.arch;

/**
 * The kind of a memory access, as the page-fault error code tells it (arch/x86/include/asm/trap_pf.h:
 * X86_PF_WRITE for a write, X86_PF_INSTR for an instruction fetch, neither for a read). Lives in
 * arch, below both the MMU that checks it and the events that report it.
 */
public enum Access {
    READ("read"),
    WRITE("write"),
    EXEC("exec");

    /** The word the language and the reports use. */
    public final String word;

    Access(String word) {
        this.word = word;
    }
}
