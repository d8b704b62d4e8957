package org.mmdsl.interpreter;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two lists of lines (as {@code diff -U1} prints one, without file dates), for a failed
 * {@code expect maps """ ... """}: the longest common subsequence of the lines, then hunks with one line of
 * context. JDK only; quadratic in the number of lines, which is fine for /proc files of a few hundred lines
 * (not a general-purpose diff: no heuristics for large inputs).
 */
final class LineDiff {
    private static final int CONTEXT = 1;

    private LineDiff() {
    }

    /** The diff from {@code a} (labelled {@code aName}) to {@code b}; "" when they are equal. */
    static String unified(String aName, List<String> a, String bName, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // the edit script: ' ' kept, '-' only in a, '+' only in b, with each line's index in a and b
        StringBuilder ops = new StringBuilder();
        List<int[]> at = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.append(' ');
                at.add(new int[] {i++, j++});
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.append('-'); // removals before additions, as diff prints a changed line
                at.add(new int[] {i++, j});
            } else {
                ops.append('+');
                at.add(new int[] {i, j++});
            }
        }
        StringBuilder out = new StringBuilder();
        int k = 0;
        while (k < ops.length()) {
            if (ops.charAt(k) == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // extend the hunk while the next change is within 2 * CONTEXT kept lines
            while (true) {
                while (end < ops.length() && ops.charAt(end) != ' ') {
                    end++;
                }
                int next = end;
                while (next < ops.length() && ops.charAt(next) == ' ') {
                    next++;
                }
                if (next < ops.length() && next - end <= 2 * CONTEXT) {
                    end = next;
                } else {
                    end = Math.min(ops.length(), end + CONTEXT);
                    break;
                }
            }
            if (out.length() == 0) {
                out.append("--- ").append(aName).append('\n').append("+++ ").append(bName).append('\n');
            }
            int aStart = at.get(start)[0];
            int bStart = at.get(start)[1];
            int aLen = 0;
            int bLen = 0;
            for (int x = start; x < end; x++) {
                char op = ops.charAt(x);
                aLen += op != '+' ? 1 : 0;
                bLen += op != '-' ? 1 : 0;
            }
            out.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
            for (int x = start; x < end; x++) {
                char op = ops.charAt(x);
                int[] idx = at.get(x);
                out.append(op).append(op == '+' ? b.get(idx[1]) : a.get(idx[0])).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    /** A hunk's range as diff writes it: "start,len" (1-based), "start" for one line, "start-1,0" for none. */
    private static String range(int start, int len) {
        return len == 1 ? Integer.toString(start + 1) : (len == 0 ? start : start + 1) + "," + len;
    }
}
