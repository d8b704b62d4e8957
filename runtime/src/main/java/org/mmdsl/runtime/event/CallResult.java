package org.mmdsl.runtime.event;

import java.util.function.Supplier;

import org.mmdsl.runtime.uapi.Errno;

/**
 * The result of a system call or kernel service: {@link #call()} is the call as the kernel sees it with
 * every argument resolved (strace style), {@link #result()} is the value it returned, {@code -errno} on
 * failure. {@link #args()} are the call's arguments as numbers, in the order of the system call (empty
 * where a front end has no use for them), and {@link #detail()} what the call wrote back besides its
 * result (mincore()'s vector as '0'/'1' per page), or null.
 *
 * <p>The strace-style text is built when someone reads it (a front end rendering the event, a failed
 * expectation quoting it), not when the call returns: a scenario's calls are recorded by the
 * interpreter, but most runs print none of them. A lazy event ({@link #lazy}) holds the caller's
 * process name and pid and a supplier of the call's text that captured the arguments' values, never a
 * live runtime object, so it renders the same after the run ended. Measured with mmdsl.bench
 * MmapBench (task, -prof gc): 4,477 B per mmap+munmap pair with the lines formatted eagerly.
 */
public final class CallResult implements Event {

    private static final long[] NO_ARGS = new long[0];

    private final String comm;
    private final int pid;
    private final Supplier<String> text;
    /** The full line, once built (a benign race: every thread builds the same string). */
    private String call;
    private final long result;
    private final boolean pointerResult;
    private final long[] args;
    private final String detail;

    private CallResult(String comm, int pid, Supplier<String> text, String call, long result, boolean pointerResult,
            long[] args, String detail) {
        this.comm = comm;
        this.pid = pid;
        this.text = text;
        this.call = call;
        this.result = result;
        this.pointerResult = pointerResult;
        this.args = args;
        this.detail = detail;
    }

    /** A call whose text is already built. */
    public CallResult(String call, long result, boolean pointerResult, long[] args, String detail) {
        this(null, 0, null, call, result, pointerResult, args, detail);
    }

    public CallResult(String call, long result, boolean pointerResult) {
        this(call, result, pointerResult, NO_ARGS, null);
    }

    /**
     * A call of process {@code comm[pid]} whose text {@code text} supplies when it is first read; the
     * supplier must capture values only (it runs later, perhaps on another thread); {@code args} null
     * for none.
     */
    public static CallResult lazy(String comm, int pid, Supplier<String> text, long result, boolean pointerResult,
            long[] args, String detail) {
        return new CallResult(comm, pid, text, null, result, pointerResult, args == null ? NO_ARGS : args, detail);
    }

    /** The call in strace style with its process, e.g. {@code a.out[1]: munmap(0x7f0000000000, 4096)}. */
    public String call() {
        String c = call;
        if (c == null) {
            c = comm + "[" + pid + "]: " + text.get();
            call = c;
        }
        return c;
    }

    public long result() {
        return result;
    }

    public boolean pointerResult() {
        return pointerResult;
    }

    public long[] args() {
        return args;
    }

    public String detail() {
        return detail;
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
            return call() + " = -1 " + e.name() + " (" + e.description + ")";
        }
        return call() + " = " + (pointerResult ? String.format("0x%x", result) : Long.toString(result));
    }

    @Override
    public String toString() {
        return "CallResult[" + message() + "]";
    }
}
