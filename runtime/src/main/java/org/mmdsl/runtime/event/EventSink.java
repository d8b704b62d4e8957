package org.mmdsl.runtime.event;

import org.mmdsl.runtime.arch.Access;


/**
 * Receives events in the order they happen. Implementations must not call back into the runtime.
 *
 * <p>A resolved page fault, the one event of the hot path (a 1 GB range write resolves 262,144),
 * arrives through {@link #pageFault}: by default it becomes a {@link PageFaultEvent} for
 * {@link #emit}, and a sink that only sums faults (the interpreter over a range) overrides it and
 * allocates nothing per fault. Measured with mmdsl.bench FaultBench -prof gc: 40 B/fault for the
 * event, 0 B/fault with the override.
 */
@FunctionalInterface
public interface EventSink {
    void emit(Event event);

    /**
     * A page fault the kernel resolved (handle_mm_fault() without a signal); the parameters are
     * those of {@link PageFaultEvent}, {@code how} a constant string. Must not call into the runtime.
     */
    default void pageFault(int pid, long vaddr, Access access, String how, long pfn) {
        emit(new PageFaultEvent(pid, vaddr, access, how, pfn));
    }

    /**
     * Whether this sink wants a {@link CallResult} for each system call (the interpreter records every
     * one); {@link #NONE} does not, and then the runtime builds none (org.mmdsl.runtime.Task).
     */
    default boolean wantsCalls() {
        return true;
    }

    /** A sink that drops everything (for benchmarks and for callers that only want state). */
    EventSink NONE = new EventSink() {
        @Override
        public void emit(Event event) {
        }

        @Override
        public void pageFault(int pid, long vaddr, Access access, String how, long pfn) {
        }

        @Override
        public boolean wantsCalls() {
            return false;
        }
    };
}
