package org.mmdsl.parser;

import java.util.Map;

import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.Vocabulary.WordSet;

/**
 * Where the grammar takes a word of a vocabulary set ({@link Vocabulary}) as a plain ID that the
 * validators check, keyed "Rule.feature": the errno of {@code expect errno}, the GFP flags of kmalloc, the
 * advice of madvise. Completion proposes the set's words there and semantic tokens colour them as enum
 * members. The sets the grammar spells as keywords or enum literals (mmap flags, msync flags, show
 * targets) are compared with the vocabulary by VocabularyGrammarTest.
 */
public final class GrammarWords {
    private GrammarWords() {
    }

    /** The vocabulary set each ID feature takes, by "Rule.feature". */
    public static final Map<String, WordSet> ID_SETS = Map.of(
            "ErrnoExpectation.errno", Vocabulary.ERRNOS,
            "FaultExpectation.signal", Vocabulary.SIGNALS,
            "FaultExpectation.code", Vocabulary.SI_CODES,
            "ZoneCheck.zone", Vocabulary.ZONES,
            "Kmalloc.gfp", Vocabulary.GFP_FLAGS,
            "AllocPages.gfp", Vocabulary.GFP_FLAGS,
            "Madvise.advice", Vocabulary.MADVISE,
            "Sysctl.name", Vocabulary.SYSCTLS);

    /** The set the feature {@code feature} of rule {@code rule} takes, or null. */
    public static WordSet idSet(String rule, String feature) {
        return ID_SETS.get(rule + "." + feature);
    }
}
