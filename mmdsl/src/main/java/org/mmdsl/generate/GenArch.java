package org.mmdsl.generate;

import java.util.SplittableRandom;

/** The paging variants {@code generate --arch} takes, with the boot line's words and the walk's levels. */
public enum GenArch {
    I386("i386", "i386", 2),
    PAE("pae", "i386 pae", 3),
    X86_64("x86_64", "x86_64", 4),
    LA57("la57", "x86_64 la57", 5);

    /** The word of {@code --arch}. */
    public final String word;
    /** What follows {@code arch} in the boot statement. */
    public final String bootWords;
    /** Page-table levels of a walk. */
    public final int levels;

    GenArch(String word, String bootWords, int levels) {
        this.word = word;
        this.bootWords = bootWords;
        this.levels = levels;
    }

    boolean is32() {
        return this == I386 || this == PAE;
    }

    /** The variant of {@code word}, or null. */
    public static GenArch byWord(String word) {
        for (GenArch a : values()) {
            if (a.word.equals(word)) {
                return a;
            }
        }
        return null;
    }

    static GenArch draw(SplittableRandom rng) {
        return values()[rng.nextInt(values().length)];
    }
}
