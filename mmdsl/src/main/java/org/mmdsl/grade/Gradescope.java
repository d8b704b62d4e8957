package org.mmdsl.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Gradescope's autograder {@code results.json} for one submission (gradescope-autograders.readthedocs.io,
 * "Autograder Specifications", output format): {@code score} (a number, the total), {@code output} (the
 * feedback), {@code visibility} and {@code stdout_visibility}, and {@code tests[]} with one test per
 * question: {@code name}, {@code number}, {@code score}, {@code max_score}, {@code output},
 * {@code visibility}. Gradescope has no "not gradable": such a submission scores 0, its {@code output} lists
 * the syntax errors and every test says it was not graded. Gradescope runs the autograder once per
 * submission, so the command writes this file for exactly one submission.
 */
public final class Gradescope {
    private Gradescope() {
    }

    public static JsonObject results(Key key, Submission s) {
        JsonObject root = new JsonObject();
        root.addProperty("score", (double) s.score());
        root.addProperty("output", s.feedback());
        root.addProperty("visibility", "visible");
        root.addProperty("stdout_visibility", "hidden");
        JsonArray tests = new JsonArray();
        for (int i = 0; i < key.questions().size(); i++) {
            Question q = key.questions().get(i);
            Score sc = s.gradable() ? s.scores().get(i) : null;
            JsonObject t = new JsonObject();
            t.addProperty("name", q.title());
            t.addProperty("number", String.valueOf(q.number()));
            t.addProperty("score", sc == null ? 0.0 : sc.points());
            t.addProperty("max_score", (double) q.points());
            t.addProperty("output", sc == null ? "not graded: the submission does not parse" : sc.message());
            t.addProperty("visibility", "visible");
            tests.add(t);
        }
        root.add("tests", tests);
        return root;
    }

    public static void write(Key key, Submission s, Path file) throws IOException {
        write(results(key, s), file);
    }

    static void write(JsonObject json, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n");
    }
}
