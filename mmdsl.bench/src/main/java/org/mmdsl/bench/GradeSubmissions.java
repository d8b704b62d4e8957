package org.mmdsl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes N varied submissions of a lab for the grading measurement (docs/teaching.md, "Grading: mmdsl
 * grade"): each is the KEY's text with every question's answer ({@code ? ANSWER}) kept, written another
 * way (hex as decimal and back), made wrong, or left blank, and some submissions also carry comments, a
 * changed statement, a removed line or a syntax error. The same seed writes the same files. JDK only, so
 * it also runs as a single source file:
 *
 * <pre>java mmdsl.bench/src/main/java/org/mmdsl/bench/GradeSubmissions.java KEY OUT_DIR N [SEED]</pre>
 *
 * The mix (per submission): 3% a syntax error, 5% a changed statement, 3% a removed line, 10% comments
 * and blank lines; per question: 55% the key's answer, 10% an equivalent one, 20% a wrong one, 15% blank.
 */
public final class GradeSubmissions {
    private static final Pattern QUESTION = Pattern.compile("\\?[ \\t]+([^\\n]*?)([ \\t]+worth[ \\t]+\\d+)?[ \\t]*(//[^\\n]*)?$",
            Pattern.MULTILINE);

    private GradeSubmissions() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: GradeSubmissions KEY OUT_DIR N [SEED]");
            System.exit(2);
        }
        String key = Files.readString(Path.of(args[0]));
        Path out = Files.createDirectories(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        SplittableRandom random = new SplittableRandom(args.length > 3 ? Long.parseLong(args[3]) : 13);
        for (int i = 0; i < n; i++) {
            Files.writeString(out.resolve(String.format("student%04d.mmdsl", i)), submission(key, random.split()));
        }
        System.out.println("wrote " + n + " submissions of " + args[0] + " to " + out);
    }

    static String submission(String key, SplittableRandom r) {
        Matcher m = QUESTION.matcher(key);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            String answer = m.group(1).trim();
            int p = r.nextInt(100);
            String mine = p < 55 ? "? " + answer : p < 65 ? equivalent(answer) : p < 85 ? wrong(answer, r) : "?";
            m.appendReplacement(text, Matcher.quoteReplacement(mine + (m.group(2) == null ? "" : m.group(2))));
        }
        m.appendTail(text);
        List<String> lines = new ArrayList<>(List.of(text.toString().split("\n", -1)));
        int p = r.nextInt(100);
        if (p < 3) {
            lines.add(r.nextInt(lines.size()), "  mmap (");
        } else if (p < 8) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*write \\S+ value \\d+\\s*")) {
                    lines.set(i, lines.get(i).replaceAll("\\d+\\s*$", String.valueOf(r.nextInt(1000))));
                    break;
                }
            }
        } else if (p < 11) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).trim().startsWith("write ") || lines.get(i).trim().startsWith("read ")) {
                    lines.remove(i);
                    break;
                }
            }
        } else if (p < 21) {
            lines.add(r.nextInt(lines.size()), "  // my notes: the frame is shared until a write");
            lines.add(r.nextInt(lines.size()), "");
        }
        return String.join("\n", lines);
    }

    /** The same answer written another way: a hex number in decimal and the other way round. */
    static String equivalent(String answer) {
        try {
            if (answer.startsWith("0x")) {
                return String.valueOf(Long.parseLong(answer.substring(2), 16));
            }
            return "0x" + Long.toHexString(Long.parseLong(answer));
        } catch (NumberFormatException e) {
            return answer.replace(" ", "  ");
        }
    }

    /** A wrong answer of the same kind: a number off by a page or by one, another signal or si_code. */
    static String wrong(String answer, SplittableRandom r) {
        try {
            if (answer.startsWith("0x")) {
                return "0x" + Long.toHexString(Long.parseLong(answer.substring(2), 16) + 4096L * (1 + r.nextInt(4)));
            }
            return String.valueOf(Long.parseLong(answer) + 1 + r.nextInt(9));
        } catch (NumberFormatException e) {
            if (answer.contains("SEGV_ACCERR")) {
                return answer.replace("SEGV_ACCERR", "SEGV_MAPERR");
            }
            if (answer.contains("SEGV_MAPERR")) {
                return answer.replace("SEGV_MAPERR", "SEGV_ACCERR");
            }
            return r.nextBoolean() ? "SIGBUS BUS_ADRERR" : "SIGSEGV SEGV_MAPERR";
        }
    }
}
