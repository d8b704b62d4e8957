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

    private static final String[] TOPICS = {"walk", "zones", "vma", "kmap"};
    private static final String[] ARCHES = {"i386", "pae", "x86_64", "la57"};
    private static final String[] ARCHES_32 = {"i386", "pae"};

    /** The arches a topic plays on: kmap's pkmap and fixmap slots are i386's. */
    private static String[] arches(String topic) {
        return topic.equals("kmap") ? ARCHES_32 : ARCHES;
    }

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
            for (String arch : arches(topic)) {
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

    /** A kmap exercise opens with its machine: the drawn RAM, the arch given, the CPUs, the kernel model. */
    @Test
    void aKmapExerciseStartsWithItsMachineAndItsFrames() {
        Cli c = Cli.run("generate", "kmap", "--seed", "7", "--arch", "pae");
        assertEquals(0, c.status(), c.err());
        assertEquals("""
                // mmdsl generate kmap --seed 7 --arch pae
                // mmdsl 0.1.0 (the same command and version write the same text)
                // Task: work out the address each kmap, kmap_local_page and kmap_atomic returns (pkmap slots, \
                fixmap slots, the direct map) and what page_address gives.

                boot ram 2GB highmem
                  arch i386 pae
                  cpus 4
                  kernel 2.6

                kernel <
                  // the frames (alloc_pages prints each pfn)
                """, String.join("\n", c.out().lines().limit(11).toList()) + "\n");
        assertTrue(c.out().contains("\n  kmap page h"), c.out());
        assertTrue(c.out().contains("\n  page_address page "), c.out());
        assertTrue(c.out().contains("\n  kmap_atomic page ") && c.out().contains(" KM_"), c.out());
        assertTrue(c.out().endsWith("\n>\n"), c.out());
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
        assertTrue(help.out().contains("kmap (i386: "), help.out());
        Cli kmap64 = Cli.run("generate", "kmap", "--seed", "1", "--arch", "x86_64");
        assertEquals(2, kmap64.status());
        assertEquals("", kmap64.out());
        assertEquals("mmdsl: generate kmap does not play on x86_64: write --arch i386 or pae, or leave --arch out\n",
                kmap64.err());
    }

    /**
     * Seeds 1..20 x each topic x each arch: every exercise and every key checks clean and passes a strict run
     * (an exercise's blanks never fail it).
     */
    @Test
    void everyGeneratedKeyValidatesAndPassesStrict() throws IOException {
        List<String> files = new ArrayList<>();
        for (String topic : TOPICS) {
            for (String arch : arches(topic)) {
                Path out = dir.resolve(topic + "-" + arch);
                Cli g = Cli.run("generate", topic, "--seed", "1", "--count", "20", "--arch", arch, "--answers", "--out",
                        out.toString());
                assertEquals(0, g.status(), g.err());
                try (var s = Files.list(out)) {
                    s.sorted().forEach(f -> files.add(f.toString()));
                }
            }
        }
        assertEquals((3 * 4 + 2) * 2 * 20, files.size());
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

    /**
     * generate kmap teaches the pkmap ring: on both arches and both kernel models (seeds 1..20 draw both),
     * a page kmapped again after its kunmap gets its old slot back, page_address() still finds it in
     * between, the page kmapped after the kunmap took a fresh slot above every earlier one (no reuse before
     * the ring wraps), and the lowmem frame's kmap is the direct map of the pfn the exercise states. The
     * answers are read from what `run -v` prints for each blank, not from a key's text.
     */
    @Test
    void kmapExercisesShowThePkmapRingAndTheDirectMap() throws IOException {
        for (String arch : ARCHES_32) {
            Path out = dir.resolve("kmap-" + arch);
            assertEquals(0, Cli.run("generate", "kmap", "--seed", "1", "--count", "20", "--arch", arch, "--out",
                    out.toString()).status());
            int k26 = 0;
            for (int k = 1; k <= 20; k++) {
                Path f = out.resolve("kmap-1-" + k + ".mmdsl");
                List<String> lines = Files.readAllLines(f);
                k26 += lines.contains("  kernel 2.6") ? 1 : 0;
                java.util.Map<Integer, String> answer = new java.util.HashMap<>();
                Cli run = Cli.run("run", "-v", f.toString());
                assertEquals(0, run.status(), run.out());
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+):\\d+: blank: the run gives (\\S+)")
                        .matcher(run.out());
                while (m.find()) {
                    answer.put(Integer.parseInt(m.group(1)) - 2, m.group(2)); // 0-based line of the statement
                }
                String where = f + "\n" + String.join("\n", lines);
                int pa = indexOfPrefix(lines, "  page_address page ", 0);
                String again = lines.get(pa).substring("  page_address page ".length());
                int firstKmap = lines.indexOf("  kmap page " + again);
                int unmap = lines.indexOf("  kunmap page " + again);
                int fresh = indexOfPrefix(lines, "  kmap page ", unmap);
                assertTrue(firstKmap > 0 && firstKmap < unmap && unmap < fresh && fresh < pa, where);
                String slot = answer.get(firstKmap);
                assertEquals(slot, answer.get(pa), where);
                assertEquals("  kmap page " + again, lines.get(pa + 2), where);
                assertEquals(slot, answer.get(pa + 2), where);
                long newSlot = Long.decode(answer.get(fresh));
                for (int i = 0; i < fresh; i++) {
                    if (lines.get(i).startsWith("  kmap page ")) {
                        assertTrue(Long.decode(answer.get(i)) < newSlot, where);
                    }
                }
                int low = lines.indexOf("  kmap page low");
                String lowPfn = lines.get(indexOfPrefix(lines, "  alloc_pages low ", 0)).replaceAll(".*// pfn ", "");
                long pageOffset = lines.contains("  split 2G/2G") ? 0x80000000L : 0xc0000000L;
                assertEquals("0x" + Long.toHexString(pageOffset + (Long.decode(lowPfn) << 12)), answer.get(low), where);
            }
            assertTrue(k26 > 0 && k26 < 20, arch + ": both kernel models among seeds 1..20, 2.6 in " + k26);
        }
    }

    private static int indexOfPrefix(List<String> lines, String prefix, int from) {
        for (int i = from + 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The text below the header's first line. */
    private static String body(String text) {
        return text.substring(text.indexOf('\n') + 1);
    }
}
