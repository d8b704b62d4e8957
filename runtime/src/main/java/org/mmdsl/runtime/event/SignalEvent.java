package org.mmdsl.runtime.event;

import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;

/**
 * A user access the kernel answered with a signal (force_sig_fault() from the fault path).
 *
 * @param pid     the task that faulted
 * @param vaddr   the faulting address as si_addr reports it (0 for SI_KERNEL)
 * @param access  what the task tried to do
 * @param signal  SIGSEGV or SIGBUS
 * @param code    the si_code
 * @param vma     the maps line of the VMA involved, or {@code null} when no VMA covers the address (the
 *                message shows it with the name column's padding collapsed)
 * @param reason  one sentence in kernel words on why (e.g. "VMA lacks VM_WRITE")
 */
public record SignalEvent(int pid, long vaddr, Access access, Signal signal, SiCode code, String vma,
        String reason) implements Event {

    @Override
    public Kind kind() {
        return Kind.PROBLEM;
    }

    @Override
    public String message() {
        String where = vma == null ? "" : "; VMA " + vma.strip().replaceAll(" {2,}", " ");
        return String.format("%s (%s) on %s of 0x%x by pid %d: %s%s", signal, code, access.word, vaddr, pid,
                reason, where);
    }
}
