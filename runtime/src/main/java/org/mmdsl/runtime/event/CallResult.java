package org.mmdsl.runtime.event;

import org.mmdsl.runtime.uapi.Errno;

/**
 * The result of a system call or kernel service: {@code call} is the call as the kernel sees it with
 * every argument resolved (strace style), {@code result} is the value it returned, {@code -errno} on
 * failure.
 */
public record CallResult(String call, long result, boolean pointerResult) implements Event {

    /** The errno of a failed call, or {@code null}. */
    public Errno errno() {
        return pointerResult || result < 0 ? Errno.fromResult(result) : null;
    }

    @Override
    public Kind kind() {
        return errno() != null ? Kind.PROBLEM : Kind.INFO;
    }

    @Override
    public String message() {
        Errno e = errno();
        if (e != null) {
            return call + " = -1 " + e.name() + " (" + e.description + ")";
        }
        return call + " = " + (pointerResult ? String.format("0x%x", result) : Long.toString(result));
    }
}
