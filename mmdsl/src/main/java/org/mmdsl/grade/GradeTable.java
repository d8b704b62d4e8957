package org.mmdsl.grade;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The summary a teacher reads on the terminal: one row per student (score and status), one row per
 * question (line, points, how many of the gradable submissions got it right), and a closing line;
 * with {@code feedback}, each student's feedback below. Column widths follow the longest entry.
 */
public final class GradeTable {
    private GradeTable() {
    }

    public static void print(Key key, List<Submission> subs, boolean feedback, PrintStream out) {
        int max = key.maxScore();
        out.println("key " + key.file() + ": " + key.questions().size() + " questions, " + max + " points; "
                + subs.size() + (subs.size() == 1 ? " submission" : " submissions"));
        out.println();
        int idWidth = "student".length();
        for (Submission s : subs) {
            idWidth = Math.max(idWidth, s.id().length());
        }
        String scoreWidth = String.valueOf(Math.max(5, (max + "/" + max).length()));
        out.printf("%-" + idWidth + "s  %" + scoreWidth + "s  %s%n", "student", "score", "status");
        for (Submission s : subs) {
            out.printf("%-" + idWidth + "s  %" + scoreWidth + "s  %s%n", s.id(),
                    s.gradable() ? s.score() + "/" + max : "-", s.status());
        }
        out.println();
        long gradable = subs.stream().filter(Submission::gradable).count();
        out.printf("%-8s  %4s  %6s  %7s  %s%n", "question", "line", "points", "right", "prompt");
        for (Question q : key.questions()) {
            long right = subs.stream().filter(Submission::gradable)
                    .filter(s -> s.scores().get(q.number() - 1).right()).count();
            out.printf("%-8s  %4d  %6d  %7s  %s%n", q.id(), q.line(), q.points(), right + "/" + gradable, q.prompt());
        }
        out.println();
        double total = subs.stream().filter(Submission::gradable).mapToInt(Submission::score).sum();
        out.println(gradable + " graded, " + (subs.size() - gradable) + " not gradable"
                + (gradable == 0 ? "" : String.format(Locale.ROOT, "; mean %.2f/%d", total / gradable, max)));
        if (feedback) {
            for (Submission s : subs) {
                out.println();
                out.println(s.id() + " (" + s.file() + "): " + (s.gradable() ? s.score() + "/" + max : "not gradable"));
                s.feedback().lines().forEach(l -> out.println("  " + l));
            }
        }
    }
}
