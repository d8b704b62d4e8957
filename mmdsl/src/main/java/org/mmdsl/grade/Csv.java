package org.mmdsl.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The grade book: one row per student, one column per question (its points), then the total and the
 * maximum, as RFC 4180 CSV (a field with a comma, quote or line break is quoted). A submission that is
 * not gradable has its status and empty points.
 */
public final class Csv {
    private Csv() {
    }

    public static String of(Key key, List<Submission> subs) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("student", "status"));
        key.questions().forEach(q -> header.add(q.id() + " (" + q.points() + ")"));
        header.add("total");
        header.add("max");
        row(out, header);
        for (Submission s : subs) {
            List<String> row = new ArrayList<>(List.of(s.id(), s.gradable() ? "graded" : "not gradable"));
            for (int i = 0; i < key.questions().size(); i++) {
                row.add(s.gradable() ? String.valueOf(s.scores().get(i).points()) : "");
            }
            row.add(s.gradable() ? String.valueOf(s.score()) : "");
            row.add(String.valueOf(key.maxScore()));
            row(out, row);
        }
        return out.toString();
    }

    public static void write(Key key, List<Submission> subs, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, of(key, subs));
    }

    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                f = "\"" + f.replace("\"", "\"\"") + "\"";
            }
            out.append(i == 0 ? "" : ",").append(f);
        }
        out.append("\r\n");
    }
}
