package org.mmdsl.grade;

import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Everything about a grading as one JSON document ({@code mmdsl grade --json}): the key and its questions
 * (with how many got each right; the key's and the run's answers only with {@code --show-answers}), and
 * per submission its id, file, whether it is gradable, its score, status, format errors, changed statements
 * and per question its status, points, answer and message. In the submissions' order.
 */
public final class GradeJson {
    private GradeJson() {
    }

    public static String of(Key key, List<Submission> subs, boolean showAnswers) {
        JsonObject root = new JsonObject();
        root.addProperty("key", key.file().toString());
        root.addProperty("max_score", key.maxScore());
        JsonArray questions = new JsonArray();
        long gradable = subs.stream().filter(Submission::gradable).count();
        for (Question q : key.questions()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", q.id());
            o.addProperty("line", q.line());
            o.addProperty("prompt", q.prompt());
            o.addProperty("points", q.points());
            if (showAnswers) {
                o.addProperty("key", q.key());
                o.addProperty("run_answer", q.runAnswer());
            }
            o.addProperty("right", subs.stream().filter(Submission::gradable)
                    .filter(s -> s.scores().get(q.number() - 1).right()).count());
            o.addProperty("graded", gradable);
            questions.add(o);
        }
        root.add("questions", questions);
        JsonArray submissions = new JsonArray();
        for (Submission s : subs) {
            JsonObject o = new JsonObject();
            o.addProperty("id", s.id());
            o.addProperty("file", s.file().toString());
            o.addProperty("gradable", s.gradable());
            if (s.gradable()) {
                o.addProperty("score", s.score());
            }
            o.addProperty("max_score", key.maxScore());
            o.addProperty("status", s.status());
            JsonArray errors = new JsonArray();
            s.formatErrors().forEach(errors::add);
            o.add("format_errors", errors);
            JsonArray changes = new JsonArray();
            s.changes().forEach(changes::add);
            o.add("changes", changes);
            JsonArray scores = new JsonArray();
            for (Score sc : s.scores()) {
                JsonObject q = new JsonObject();
                q.addProperty("id", sc.question().id());
                q.addProperty("status", sc.status().word);
                q.addProperty("points", sc.points());
                q.addProperty("max_points", sc.question().points());
                q.addProperty("answer", sc.answer());
                q.addProperty("message", sc.message());
                scores.add(q);
            }
            o.add("questions", scores);
            submissions.add(o);
        }
        root.add("submissions", submissions);
        JsonObject counts = new JsonObject();
        counts.addProperty("submissions", subs.size());
        counts.addProperty("graded", gradable);
        counts.addProperty("not_gradable", subs.size() - gradable);
        root.add("counts", counts);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
    }
}
