package org.mmdsl.parser;

import java.util.Map;

import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.Vocabulary.WordSet;

/**
 * Where the grammar takes a word of a vocabulary set ({@link Vocabulary}) as a plain ID that the
 * validators check, keyed "Rule.feature": the errno of {@code expect errno}, the GFP flags of kmalloc, the
 * advice of madvise, open's flag, the seals of F_ADD_SEALS, setrlimit's resource, a zone's watermark, the field of {@code mm->},
 * a pte's flags ({@code expect pte ADDR flags}).
 * Completion proposes the set's words there and semantic tokens colour them as enum members. The sets the grammar spells as keywords or enum literals (mmap flags, msync flags, show
 * targets, the boot statement's words) are compared with the vocabulary by Issue12VocabularyTest.
 */
public final class GrammarWords {
    private GrammarWords() {
    }

    /** The vocabulary set each ID feature takes, by "Rule.feature". */
    public static final Map<String, WordSet> ID_SETS = Map.ofEntries(
            Map.entry("ErrnoExpectation.errno", Vocabulary.ERRNOS),
            Map.entry("FaultExpectation.signal", Vocabulary.SIGNALS),
            Map.entry("FaultExpectation.code", Vocabulary.SI_CODES),
            Map.entry("ZoneCheck.zone", Vocabulary.ZONES),
            Map.entry("ZoneCheck.mark", Vocabulary.ZONE_MARKS),
            Map.entry("PteCheck.flags", Vocabulary.PTE_FLAGS),
            Map.entry("PageCheck.zone", Vocabulary.ZONES),
            Map.entry("Kmalloc.gfp", Vocabulary.GFP_FLAGS),
            Map.entry("AllocPages.gfp", Vocabulary.GFP_FLAGS),
            Map.entry("Madvise.advice", Vocabulary.MADVISE),
            Map.entry("Sysctl.name", Vocabulary.SYSCTLS),
            Map.entry("OpenFile.mode", Vocabulary.OPEN_FLAGS),
            Map.entry("AddSeals.seals", Vocabulary.FILE_SEALS),
            Map.entry("Setrlimit.resource", Vocabulary.RLIMITS),
            Map.entry("MmField.field", Vocabulary.MM_FIELDS),
            Map.entry("MmCheck.field", Vocabulary.MM_FIELDS));

    /** The set the feature {@code feature} of rule {@code rule} takes, or null. */
    public static WordSet idSet(String rule, String feature) {
        return ID_SETS.get(rule + "." + feature);
    }
}
