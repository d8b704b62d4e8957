package org.mmdsl.runtime.fault;

import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;

/**
 * The outcome of one user access, owned and reused by the caller (no allocation per access).
 * On success {@code ok} is true and {@code value}/{@code pfn}/{@code paddr} describe it; on a
 * signal {@code signal}, {@code siCode}, {@code faultAddr} (si_addr) and {@code vmaLine} (the maps
 * line of the VMA involved, or null) describe it.
 */
public final class AccessResult {
    public boolean ok;
    /** The value read (or written), zero-extended to the task's word size. */
    public long value;
    public Signal signal;
    public SiCode siCode;
    /** si_addr: the faulting byte address; 0 for SI_KERNEL. */
    public long faultAddr;
    /** The maps line of the VMA involved, or null when none covers the address. */
    public String vmaLine;
    /** Why, in kernel words ("VMA lacks VM_WRITE"), or null on success. */
    public String reason;
    /** The frame of the (first) page accessed; -1 on a signal. */
    public long pfn;
    /** The physical address of the first byte; -1 on a signal. */
    public long paddr;
    /** Number of page faults the kernel resolved during the access. */
    public int faultsResolved;

    /** Clears every field for the next access (callers outside {@code fault} peek with it too). */
    public void reset() {
        ok = false;
        value = 0;
        signal = null;
        siCode = null;
        faultAddr = 0;
        vmaLine = null;
        reason = null;
        pfn = -1;
        paddr = -1;
        faultsResolved = 0;
    }

    @Override
    public String toString() {
        return ok ? String.format("ok value=0x%x pfn=0x%x", value, pfn)
                : String.format("%s %s addr=0x%x (%s)", signal, siCode, faultAddr, reason);
    }
}
