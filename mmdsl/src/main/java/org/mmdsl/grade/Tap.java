package org.mmdsl.grade;

import java.io.PrintStream;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The grades as TAP version 14 (testanything.org): one test point per submission, {@code ok} when it has
 * full marks; each gradable submission's questions are a subtest before it (four spaces in, one test
 * point per question), each failed point with a YAML diagnostic block (status, points, message). A
 * submission that is not gradable is {@code not ok} with its errors in the block.
 */
public final class Tap {
    private static final Gson QUOTE = new GsonBuilder().disableHtmlEscaping().create();

    private Tap() {
    }

    public static void print(Key key, List<Submission> subs, PrintStream out) {
        int max = key.maxScore();
        out.println("TAP version 14");
        out.println("1.." + subs.size());
        int n = 0;
        for (Submission s : subs) {
            n++;
            if (!s.gradable()) {
                out.println("not ok " + n + " - " + s.id() + ": not gradable");
                out.println("  ---");
                out.println("  status: not gradable");
                out.println("  format_errors:");
                s.formatErrors().forEach(e -> out.println("    - " + QUOTE.toJson(e)));
                out.println("  ...");
                continue;
            }
            out.println("# Subtest: " + s.id());
            out.println("    1.." + s.scores().size());
            int q = 0;
            for (Score sc : s.scores()) {
                q++;
                out.println("    " + (sc.right() ? "ok " : "not ok ") + q + " - " + escape(sc.question().title()));
                if (!sc.right()) {
                    out.println("      ---");
                    out.println("      status: " + QUOTE.toJson(sc.status().word));
                    out.println("      points: " + sc.points());
                    out.println("      max_points: " + sc.question().points());
                    out.println("      message: " + QUOTE.toJson(sc.message()));
                    out.println("      ...");
                }
            }
            boolean full = s.score() == max;
            out.println((full ? "ok " : "not ok ") + n + " - " + s.id() + ": " + s.score() + "/" + max);
            if (!s.changes().isEmpty()) {
                out.println("  ---");
                out.println("  changes:");
                s.changes().forEach(c -> out.println("    - " + QUOTE.toJson(c)));
                out.println("  ...");
            }
        }
    }

    /** A description may not hold '#' unescaped (it would start a directive). */
    private static String escape(String description) {
        return description.replace("\\", "\\\\").replace("#", "\\#");
    }
}
