package org.mmdsl.generate;

import java.util.SplittableRandom;

/**
 * One kind of exercise. A topic writes a scenario's body (from {@code boot} on) with its questions as blanks
 * ({@code ?}, answered by {@link Keys}); it draws every choice from {@code rng} and nothing else, so the
 * same random sequence gives the same text.
 */
interface Topic {

    /** The word on the command line ({@code walk}). */
    String name();

    /** One sentence for the header: what the student answers. */
    String task();

    /** Whether the topic can be played on {@code arch} ({@code generate --arch}); all by default. */
    default boolean takes(GenArch arch) {
        return true;
    }

    /** The scenario text from {@code boot} on, with blanks; {@code arch} null: the topic draws one. */
    String body(SplittableRandom rng, GenArch arch);
}
