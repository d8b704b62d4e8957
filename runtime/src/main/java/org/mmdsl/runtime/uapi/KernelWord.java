package org.mmdsl.runtime.uapi;

/**
 * A word the language shares with the kernel: a mmap flag ({@code fixed} for MAP_FIXED), an advice,
 * an errno, a GFP flag, a zone, a show target. Each set is one Java enum implementing this interface
 * (listed in {@code org.mmdsl.runtime.Vocabulary}); the grammar, validators, interpreter, editor services,
 * the TextMate grammar and the docs read the set or are checked against it by a test.
 *
 * <p>Does not hold behaviour: the runtime's rules use the {@link #value()} (or the int constants it
 * was defined from, on the hot path).
 */
public interface KernelWord extends KernelFact {
    /** The word a scenario writes: {@code fixed}, {@code dontneed}, {@code ENOMEM}, {@code GFP_KERNEL}. */
    String word();

    /** Its bit, mask or number as the kernel defines it (for a set without numbers, its position). */
    long value();

    /** The word of {@code words} a scenario spells {@code word}, or null. */
    static <W extends KernelWord> W byWord(W[] words, String word) {
        for (W w : words) {
            if (w.word().equals(word)) {
                return w;
            }
        }
        return null;
    }
}
