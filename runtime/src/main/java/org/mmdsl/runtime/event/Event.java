package org.mmdsl.runtime.event;

/** One thing that happened during a run. {@link #message()} is the one-line text every front end shows. */
public interface Event {

    /** How a front end should weigh the event when nothing expected it. */
    enum Kind {
        /** Something worth showing but not a problem (a frame mapped, a call's result). */
        INFO,
        /** The simulated program was hurt: a signal, a failed allocation, an errno. */
        PROBLEM,
        /** Output the scenario asked for ({@code show ...}). */
        OUTPUT,
        /** The scenario's own check failed. */
        FAILED_EXPECTATION,
        /** The kernel would warn or be silently wrong here (WARN_ON, BUG, misuse of an API). */
        KERNEL_WARNING
    }

    Kind kind();

    /** One line, in kernel words, without trailing newline. */
    String message();
}
