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

    private static final String[] TOPICS = {"walk", "zones", "vma", "kmap", "cow", "buddy", "tlb"};
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
        assertTrue(help.out().contains("cow (") && help.out().contains("buddy (") && help.out().contains("tlb ("), help.out());
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
        assertEquals((6 * 4 + 2) * 2 * 20, files.size());
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

    /**
     * generate cow, seeds 1..20 on each arch, read from the keys: right after fork() the child's pte of a
     * page the parent wrote is write-protected and the page is mapped twice; after every write the writer's
     * pte is writable and dirty and the page is its mm's alone (mapcount 1, refcount 1); a write through a
     * pte that is not writable misses the TLB (a walk, a fault). Where the page was present before the write,
     * mm/memory.c do_wp_page() either copied it (wp_page_copy(): another pfn) or, its mapcount down to 1,
     * reused it (wp_page_reuse(): the same pfn, the pte made writable); both occur among the seeds, as do
     * a second child and a thread.
     */
    @Test
    void cowKeysShowWriteProtectionCopiesAndReuse() throws IOException {
        int reused = 0;
        int copied = 0;
        int third = 0;
        for (String arch : ARCHES) {
            for (String key : keys("cow", arch)) {
                List<String> lines = key.lines().toList();
                third += key.contains("child2 = fork init") || key.contains("worker = clone init") ? 1 : 0;
                int fork = lines.indexOf("process child = fork init <");
                assertTrue(lines.get(fork + 4).matches("  expect pte buf\\S* flags \\? present user( accessed)? dirty( nx)?"), key);
                assertTrue(lines.get(fork + 3).matches("  expect page buf\\S* mapcount \\? 2"), key);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).matches("  write buf\\S* value \\d+") || !lines.get(i + 1).startsWith("    expect tlb")) {
                        continue;
                    }
                    int j = i - 1;
                    String pfnBefore = lines.get(j).contains(" pfn ? ") ? lines.get(j--).replaceAll(".* pfn \\? ", "") : null;
                    String before = lines.get(j);
                    assertTrue(before.startsWith("  expect pte buf") && before.contains(" flags ? "), key);
                    if (!before.contains(" rw ")) {
                        assertEquals("    expect tlb ? miss", lines.get(i + 1), key);
                    }
                    int k = i + 2;
                    assertTrue(lines.get(k++).matches("  expect pte buf\\S* flags \\? present rw user accessed dirty( nx)?"), key);
                    String pfnAfter = pfnBefore == null ? null : lines.get(k++).replaceAll(".* pfn \\? ", "");
                    assertTrue(lines.get(k++).endsWith(" refcount ? 1"), key);
                    assertTrue(lines.get(k).endsWith(" mapcount ? 1"), key);
                    if (pfnBefore != null && !before.contains(" rw ")) {
                        reused += pfnBefore.equals(pfnAfter) ? 1 : 0;
                        copied += pfnBefore.equals(pfnAfter) ? 0 : 1;
                    }
                }
            }
        }
        assertTrue(copied > 0 && reused > 0 && third > 0, "copies " + copied + ", reuses " + reused + ", a third task in " + third);
    }

    /**
     * generate buddy, seeds 1..20 on each arch: every block alloc_pages returns is aligned to its order
     * (the buddy system never hands out a block across a buddy boundary), GFP_DMA's below 16 MB, and the
     * exercise states the boot's buddyinfo and that the model has no per-cpu lists.
     */
    @Test
    void buddyKeysGiveAlignedBlocks() throws IOException {
        for (String arch : ARCHES) {
            for (String key : keys("buddy", arch)) {
                List<String> lines = key.lines().toList();
                assertTrue(key.contains("// After boot, /proc/buddyinfo (free blocks of order 0 1 2 ... 10):\n//   "
                        + (arch.equals("i386") || arch.equals("pae") ? "Normal  " : "DMA32   ")), key);
                assertTrue(key.contains("no per-cpu lists"), key);
                for (int i = 0; i < lines.size(); i++) {
                    java.util.regex.Matcher m = java.util.regex.Pattern
                            .compile("  alloc_pages p\\d+ order (\\d) (\\S+)").matcher(lines.get(i));
                    if (m.matches()) {
                        long pfn = Long.decode(lines.get(i + 1).replace("    expect address ? ", ""));
                        int order = Integer.parseInt(m.group(1));
                        assertEquals(0, pfn & ((1 << order) - 1), lines.get(i) + " -> " + pfn + "\n" + key);
                        if (m.group(2).equals("GFP_DMA")) {
                            assertTrue(pfn < 4096, key);
                        }
                    }
                }
            }
        }
    }

    /**
     * generate tlb, seeds 1..20 on each arch: the load after `mprotect` misses (flush_tlb_range()) and the
     * store faults SEGV_ACCERR, the load after `munmap` faults SEGV_MAPERR, the first access after
     * flush_tlb_all misses; without PCIDs (i386, PAE) the first access after a switch to the other process
     * always misses, while x86_64's and la57's PCIDs let some hit.
     */
    @Test
    void tlbKeysShowFlushesAndPcids() throws IOException {
        for (String arch : ARCHES) {
            int hitsAfterSwitch = 0;
            for (String key : keys("tlb", arch)) {
                List<String> lines = key.lines().toList();
                String mm = null;
                boolean switched = false;
                boolean flushed = false;
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l.startsWith("process p") || l.startsWith("thread p")) {
                        String now = l.replaceAll("^(process|thread) (p\\d).*", "$2");
                        switched = mm != null && !now.equals(mm);
                        mm = now;
                    } else if (l.equals("  flush_tlb_all")) {
                        flushed = true;
                    } else if (l.startsWith("  mprotect ")) {
                        assertEquals("    expect tlb ? miss", lines.get(i + 2), key);
                        assertEquals("    expect fault ? SIGSEGV SEGV_ACCERR", lines.get(i + 5), key);
                    } else if (l.startsWith("  munmap ")) {
                        assertEquals("    expect fault ? SIGSEGV SEGV_MAPERR", lines.get(i + 2), key);
                    } else if (l.startsWith("  read ") || l.startsWith("  write ")) {
                        // the first access after the switch or the flush
                        String tlb = lines.get(i + 1);
                        if (tlb.startsWith("    expect tlb ? ")) {
                            if (flushed) {
                                assertEquals("    expect tlb ? miss", tlb, key);
                            }
                            if (switched && !arch.equals("x86_64") && !arch.equals("la57")) {
                                assertEquals("    expect tlb ? miss", tlb, key);
                            }
                            hitsAfterSwitch += switched && tlb.endsWith("hit") ? 1 : 0;
                        }
                        switched = false;
                        flushed = false;
                    }
                }
            }
            assertEquals(arch.equals("x86_64") || arch.equals("la57"), hitsAfterSwitch > 0, arch);
        }
    }

    /** The keys of seeds 1..20 of {@code topic} on {@code arch}. */
    private List<String> keys(String topic, String arch) throws IOException {
        Path out = dir.resolve(topic + "-keys-" + arch);
        Cli g = Cli.run("generate", topic, "--seed", "1", "--count", "20", "--arch", arch, "--answers", "--out",
                out.toString());
        assertEquals(0, g.status(), g.err());
        List<String> keys = new ArrayList<>();
        for (int k = 1; k <= 20; k++) {
            keys.add(Files.readString(out.resolve(topic + "-1-" + k + ".key.mmdsl")));
        }
        return keys;
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
