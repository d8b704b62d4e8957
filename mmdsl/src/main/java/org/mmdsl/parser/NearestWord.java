package org.mmdsl.parser;

import java.util.Collection;

/**
 * The "did you mean" of a syntax error: the candidate nearest to a mistyped word by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours), when it is near enough to be a
 * typo: at most one edit for words up to four letters, two up to eight, three beyond.
 */
public final class NearestWord {
    private NearestWord() {
    }

    /** The nearest candidate to {@code word}, or null when none is near enough (or {@code word} is one). */
    public static String of(String word, Collection<String> candidates) {
        if (word == null || word.isEmpty()) {
            return null;
        }
        int limit = word.length() <= 4 ? 1 : word.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = limit + 1;
        for (String c : candidates) {
            if (c.equals(word)) {
                return null;
            }
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring):
     * insertions, deletions, substitutions of one letter and swaps of two neighbours ("hihg" is 1 from
     * "high"). Case counts: callers fold it. The one distance of every "did you mean" (also WordChoice's).
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
