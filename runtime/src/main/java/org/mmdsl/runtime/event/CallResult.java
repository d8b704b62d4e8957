package org.mmdsl.runtime.event;

import org.mmdsl.runtime.uapi.Errno;

/**
 * The result of a system call or kernel service: {@code call} is the call as the kernel sees it with
 * every argument resolved (strace style), {@code result} is the value it returned, {@code -errno} on
 * failure. {@code args} are the call's arguments as numbers, in the order of the system call (empty
 * where a front end has no use for them), and {@code detail} what the call wrote back besides its
 * result (mincore()'s vector as '0'/'1' per page), or null.
 */
public record CallResult(String call, long result, boolean pointerResult, long[] args, String detail) implements Event {

    private static final long[] NO_ARGS = new long[0];

    public CallResult(String call, long result, boolean pointerResult) {
        this(call, result, pointerResult, NO_ARGS, null);
    }

    /** Argument {@code i}, or 0 when the call did not record it. */
    public long arg(int i) {
        return i < args.length ? args[i] : 0;
    }

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
