package org.mmdsl.grade;

import java.nio.file.Path;
import java.util.List;

/**
 * One graded submission. {@code id} is the student's (the file name without {@code .mmdsl}, or the name
 * of the student's folder). Not gradable ({@code gradable} false: it does not parse, or cannot be read):
 * {@code formatErrors} says why, there are no scores and no score (PrairieLearn's {@code gradable:
 * false}, which costs the student no attempt). Gradable: one {@link Score} per question of the key, in
 * order, and {@code changes}, each statement that differs from the key's beyond its answers, with its line.
 */
public record Submission(String id, Path file, boolean gradable, List<String> formatErrors, List<String> changes,
        List<Score> scores) {

    /** A submission that is not gradable, with why. */
    public static Submission notGradable(String id, Path file, List<String> errors) {
        return new Submission(id, file, false, List.copyOf(errors), List.of(), List.of());
    }

    /** The points scored (0 when not gradable). */
    public int score() {
        int s = 0;
        for (Score q : scores) {
            s += q.points();
        }
        return s;
    }

    /** How many questions have a status. */
    public long count(Score.Status status) {
        return scores.stream().filter(s -> s.status() == status).count();
    }

    /**
     * The status a report shows: "graded", "graded, 1 wrong, 2 unanswered, 1 changed statement", or
     * "NOT GRADABLE: 2 syntax errors".
     */
    public String status() {
        if (!gradable) {
            return "NOT GRADABLE: " + formatErrors.size() + (formatErrors.size() == 1 ? " error" : " errors");
        }
        StringBuilder s = new StringBuilder("graded");
        for (Score.Status st : Score.Status.values()) {
            long n = st == Score.Status.RIGHT || st == Score.Status.CHANGED ? 0 : count(st);
            if (n > 0) {
                s.append(", ").append(n).append(' ').append(st.word);
            }
        }
        if (!changes.isEmpty()) {
            s.append(", ").append(changes.size()).append(changes.size() == 1 ? " changed statement" : " changed statements");
        }
        return s.toString();
    }

    /**
     * The feedback for the student, one line each: the changed statements, then every question with its
     * points and message; for a submission that is not gradable, its errors.
     */
    public String feedback() {
        StringBuilder out = new StringBuilder();
        if (!gradable) {
            out.append("not gradable (no score, no attempt used): fix these and submit again\n");
            formatErrors.forEach(e -> out.append("  ").append(e).append('\n'));
            return out.toString();
        }
        if (!changes.isEmpty()) {
            out.append("statements changed (only the answers may change; their questions score 0):\n");
            changes.forEach(c -> out.append("  ").append(c).append('\n'));
        }
        for (Score s : scores) {
            out.append(s.question().title()).append(": ").append(s.points()).append('/').append(s.question().points())
                    .append(", ").append(s.message()).append('\n');
        }
        return out.toString();
    }
}
