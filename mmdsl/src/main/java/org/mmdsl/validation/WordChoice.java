package org.mmdsl.validation;

import java.util.List;

import org.mmdsl.parser.NearestWord;

/**
 * How a message names the words of a vocabulary set (runtime Vocabulary) a statement may use: as a list
 * ("O_RDONLY, O_WRONLY, O_RDWR or O_PATH") and by the one nearest a misspelt word ("did you mean
 * O_RDWR?"). Does not decide which set applies: the validator that reports does.
 */
public final class WordChoice {
    private WordChoice() {
    }

    /** The words joined by ", " with " or " before the last. */
    public static String orList(List<String> words) {
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    /**
     * The word of {@code words} nearest {@code typed} (edit distance, case ignored), or null when none is
     * near: at most a third of the longer word's letters differ.
     */
    public static String nearest(String typed, List<String> words) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String w : words) {
            int d = NearestWord.distance(typed.toUpperCase(java.util.Locale.ROOT), w.toUpperCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = w;
                bestDistance = d;
            }
        }
        return best != null && bestDistance * 3 <= Math.max(typed.length(), best.length()) ? best : null;
    }

    /** " (did you mean W?)" for the word nearest {@code typed}, or "" when none is near. */
    public static String didYouMean(String typed, List<String> words) {
        String w = nearest(typed, words);
        return w == null ? "" : " (did you mean " + w + "?)";
    }
}
