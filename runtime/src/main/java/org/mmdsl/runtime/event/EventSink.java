package org.mmdsl.runtime.event;

/** Receives events in the order they happen. Implementations must not call back into the runtime. */
@FunctionalInterface
public interface EventSink {
    void emit(Event event);

    /** A sink that drops everything (for benchmarks and for callers that only want state). */
    EventSink NONE = e -> { };
}
