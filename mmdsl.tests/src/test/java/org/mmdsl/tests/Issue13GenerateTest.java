package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 3, seeded problems: `mmdsl generate TOPIC --seed N` writes the same text for the same
 * arguments, other text for another seed, and every exercise it writes is a valid scenario whose key
 * passes `run --strict`. All in-process through the CLI's entry.
 */
class Issue13GenerateTest {

    private static final String[] TOPICS = {"walk", "zones", "vma"};
    private static final String[] ARCHES = {"i386", "pae", "x86_64", "la57"};

    @TempDir
    Path dir;

    @Test
    void theSameArgumentsWriteTheSameText() {
        for (String topic : TOPICS) {
            Cli a = Cli.run("generate", topic, "--seed", "42", "--count", "3");
            Cli b = Cli.run("generate", topic, "--seed", "42", "--count", "3");
            assertEquals(0, a.status(), a.err());
            assertEquals(a.out(), b.out());
            assertEquals("", a.err());
        }
    }

    @Test
    void theSameArgumentsWriteTheSameFilesAcrossInvocations() throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        assertEquals(0, Cli.run("generate", "walk", "--seed", "7", "--count", "2", "--arch", "pae", "--answers", "--out",
                one.toString()).status());
        assertEquals(0, Cli.run("generate", "walk", "--seed", "7", "--count", "2", "--arch", "pae", "--answers", "--out",
                two.toString()).status());
        for (String f : List.of("walk-7-1.mmdsl", "walk-7-2.mmdsl", "walk-7-1.key.mmdsl", "walk-7-2.key.mmdsl")) {
            assertEquals(Files.readString(one.resolve(f)), Files.readString(two.resolve(f)));
        }
        // Exercise k does not depend on --count (beyond the header's "k of K").
        String alone = Cli.run("generate", "walk", "--seed", "7", "--count", "1", "--arch", "pae").out();
        assertEquals(body(alone), body(Files.readString(one.resolve("walk-7-1.mmdsl"))));
    }

    @Test
    void differentSeedsWriteDifferentText() {
        for (String topic : TOPICS) {
            for (String arch : ARCHES) {
                String a = body(Cli.run("generate", topic, "--seed", "1", "--arch", arch).out());
                String b = body(Cli.run("generate", topic, "--seed", "2", "--arch", arch).out());
                assertNotEquals(a, b, topic + " " + arch);
            }
        }
    }

    @Test
    void theHeaderRecordsTopicSeedOptionsAndVersion() {
        Cli c = Cli.run("generate", "walk", "--seed", "5", "--arch", "x86_64");
        assertEquals("""
                // mmdsl generate walk --seed 5 --arch x86_64
                // mmdsl 0.1.0 (the same command and version write the same text)
                // Task: split each address into its page-table indices, follow the \
                walks, and fill in the physical address each walk ends at, what each access reads and the signal of \
                each access that faults.

                boot ram 1536MB
                  arch x86_64
                """, String.join("\n", c.out().lines().limit(6).toList()) + "\n");
        Cli z = Cli.run("generate", "zones", "--seed", "9", "--count", "2");
        assertTrue(z.out().startsWith("// mmdsl generate zones --seed 9 --count 2: exercise 1 of 2\n// mmdsl 0.1.0 "), z.out());
        assertTrue(z.out().contains("\n\n// mmdsl generate zones --seed 9 --count 2: exercise 2 of 2\n"), z.out());
    }

    @Test
    void badArgumentsAreRefused() {
        assertEquals(2, Cli.run("generate", "cows", "--seed", "1").status());
        assertEquals(2, Cli.run("generate", "walk", "--seed", "1", "--arch", "arm64").status());
        assertEquals(2, Cli.run("generate", "walk").status());
        assertEquals(2, Cli.run("generate", "walk", "--seed", "1", "--count", "0").status());
        Cli help = Cli.run("generate", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("Topics: walk") && help.out().contains("--answers"), help.out());
    }

    /**
     * Seeds 1..20 x each topic x each arch: every exercise and every key checks clean and passes a strict run
     * (an exercise's blanks never fail it).
     */
    @Test
    void everyGeneratedKeyValidatesAndPassesStrict() throws IOException {
        List<String> files = new ArrayList<>();
        for (String topic : TOPICS) {
            for (String arch : ARCHES) {
                Path out = dir.resolve(topic + "-" + arch);
                Cli g = Cli.run("generate", topic, "--seed", "1", "--count", "20", "--arch", arch, "--answers", "--out",
                        out.toString());
                assertEquals(0, g.status(), g.err());
                try (var s = Files.list(out)) {
                    s.sorted().forEach(f -> files.add(f.toString()));
                }
            }
        }
        assertEquals(3 * 2 * 4 * 20, files.size());
        assertEquals(files.size() / 2, files.stream().filter(f -> f.endsWith(".key.mmdsl")).count());
        List<String> args = new ArrayList<>(List.of("run", "--strict"));
        args.addAll(files);
        Cli run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.out().lines().filter(l -> !l.contains(": PASS (") && !l.contains(": ok: ")
                && (l.contains("FAIL") || l.contains("error") || l.contains("warning"))).reduce("", (x, y) -> x + y + "\n"));
        Cli check = Cli.run(new ArrayList<>(List.of("check")) {{ addAll(files); }}.toArray(String[]::new));
        assertEquals(0, check.status(), check.out() + check.err());
        assertEquals("", check.out().lines().filter(l -> !l.endsWith(": ok")).reduce("", (x, y) -> x + y + "\n"));
    }

    /** The key is what `mmdsl answers` makes of the exercise, but for the header's "Key:" note. */
    @Test
    void theKeyIsTheAnswersOfTheExercise() throws IOException {
        for (String topic : TOPICS) {
            Cli g = Cli.run("generate", topic, "--seed", "3", "--answers", "--out", dir.toString());
            assertEquals(0, g.status(), g.err());
            Path exercise = dir.resolve(topic + "-3.mmdsl");
            assertTrue(Files.readString(exercise).contains("?"));
            Cli answers = Cli.run("answers", exercise.toString());
            assertEquals(0, answers.status(), answers.err());
            assertEquals(answers.out(), Files.readString(dir.resolve(topic + "-3.key.mmdsl"))
                    .replace("// Key: every ? filled in from a run. Task: ", "// Task: "));
        }
    }

    /** The text below the header's first line. */
    private static String body(String text) {
        return text.substring(text.indexOf('\n') + 1);
    }
}
