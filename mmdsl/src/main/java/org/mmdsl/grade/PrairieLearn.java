package org.mmdsl.grade;

import java.io.IOException;
import java.nio.file.Path;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * PrairieLearn's external grader {@code results.json} for one submission (PrairieLearn docs, "External
 * Grading", grading results): {@code gradable}; when gradable, {@code score} in [0, 1] (points over the
 * maximum), {@code message}, {@code output} (the feedback) and {@code tests[]} with {@code name},
 * {@code description}, {@code points}, {@code max_points}, {@code message}, {@code output}; when not
 * ({@code gradable: false}: the submission does not parse, which costs the student no attempt), the syntax
 * errors as {@code format_errors}, an array of strings, and no score. One submission per file, as
 * PrairieLearn grades one per job.
 */
public final class PrairieLearn {
    private PrairieLearn() {
    }

    public static JsonObject results(Key key, Submission s) {
        JsonObject root = new JsonObject();
        root.addProperty("gradable", s.gradable());
        if (!s.gradable()) {
            JsonArray errors = new JsonArray();
            s.formatErrors().forEach(errors::add);
            root.add("format_errors", errors);
            root.addProperty("message", "The submission does not parse: fix the errors and submit again.");
            return root;
        }
        int max = key.maxScore();
        root.addProperty("score", max == 0 ? 0.0 : (double) s.score() / max);
        root.addProperty("message", s.score() + "/" + max + " points" + (s.changes().isEmpty() ? ""
                : "; only the answers may change: " + s.changes().size() + " statement(s) differ from the exercise"));
        root.addProperty("output", s.feedback());
        JsonArray tests = new JsonArray();
        for (Score sc : s.scores()) {
            JsonObject t = new JsonObject();
            t.addProperty("name", sc.question().id() + " (line " + sc.question().line() + ")");
            t.addProperty("description", sc.question().prompt());
            t.addProperty("points", sc.points());
            t.addProperty("max_points", sc.question().points());
            t.addProperty("message", sc.message());
            t.addProperty("output", sc.answer().isEmpty() ? "(no answer)" : sc.answer());
            tests.add(t);
        }
        root.add("tests", tests);
        return root;
    }

    public static void write(Key key, Submission s, Path file) throws IOException {
        Gradescope.write(results(key, s), file);
    }
}
