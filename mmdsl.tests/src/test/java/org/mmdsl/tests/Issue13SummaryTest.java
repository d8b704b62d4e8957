package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 13 point 4, strict verdicts: a run over several files ends with one line counting PASS / FAIL /
 * ERROR / BUDGET, exits with the worst (ERROR 2 > FAIL, BUDGET 1 > PASS 0), and `--json` carries the
 * verdicts and counts but the boot log only when asked (`--boot-log`).
 */
class Issue13SummaryTest {

    @TempDir
    Path dir;

    private void file(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @BeforeEach
    void fourFiles() throws IOException {
        file("a-pass.mmdsl", """
                process init <
                  mmap buf 16KB rw- private anon
                  write buf value 7
                  read buf expect value 7
                >
                """);
        file("b-fail.mmdsl", """
                process init <
                  mmap buf 16KB rw- private anon
                  write buf value 7
                  read buf expect value 8
                >
                """);
        file("c-error.mmdsl", "process init < mmap buf 16KB rw- privat anon >\n");
        file("d-budget.mmdsl", """
                boot arch x86_64 ram 2GB
                process init <
                  mmap big 64MB rw- private anon
                  write big for 64MB
                >
                """);
    }

    private String verdictLines(Cli c) {
        return c.out().lines().filter(l -> l.matches(".*: (PASS|FAIL|BUDGET) \\(.*|\\d+ scenarios?: .*"))
                .reduce("", (a, b) -> a + b + "\n").replace(dir.toString() + "/", "");
    }

    @Test
    void aRunOverAFolderEndsWithTheCountsAndExitsWithTheWorst() {
        Cli c = Cli.run("run", "--max-steps", "10000", dir.toString());
        assertEquals(2, c.status(), c.out() + c.err());
        assertEquals("""
                a-pass.mmdsl: PASS (1 expectation met, 0 failed)
                b-fail.mmdsl: FAIL (0 expectations met, 1 failed)
                d-budget.mmdsl: BUDGET (0 expectations met, 0 failed, run stopped early)
                4 scenarios: 1 PASS, 1 FAIL, 1 ERROR, 1 BUDGET
                """, verdictLines(c));
        assertTrue(c.out().endsWith("4 scenarios: 1 PASS, 1 FAIL, 1 ERROR, 1 BUDGET\n"), c.out());
    }

    @Test
    void theExitStatusFollowsTheWorstVerdict() {
        Path pass = dir.resolve("a-pass.mmdsl");
        Path fail = dir.resolve("b-fail.mmdsl");
        Path budget = dir.resolve("d-budget.mmdsl");
        Cli passes = Cli.run("run", "--max-steps", "10000", pass.toString(), pass.toString());
        assertEquals(0, passes.status());
        assertTrue(passes.out().endsWith("PASS (1 expectation met, 0 failed)\n2 scenarios: 2 PASS, 0 FAIL, 0 ERROR, 0 BUDGET\n"),
                passes.out());
        assertEquals(1, Cli.run("run", "--max-steps", "10000", pass.toString(), budget.toString()).status());
        assertEquals(1, Cli.run("run", "--max-steps", "10000", budget.toString(), fail.toString()).status());
    }

    @Test
    void aSingleFileRunPrintsNoSummaryLine() {
        Cli c = Cli.run("run", "--max-steps", "10000", dir.resolve("d-budget.mmdsl").toString());
        assertEquals(1, c.status());
        assertTrue(c.out().endsWith("d-budget.mmdsl: BUDGET (0 expectations met, 0 failed, run stopped early)\n"), c.out());
        assertTrue(c.out().contains("run stopped: the step budget of 10000 steps is used up"), c.out());
    }

    @Test
    void jsonCarriesVerdictsAndCountsAndNoBootLog() {
        Cli c = Cli.run("run", "--json", "--max-steps", "10000", dir.toString());
        assertEquals(2, c.status(), c.err());
        JsonObject root = JsonParser.parseString(c.out()).getAsJsonObject();
        assertEquals(2, root.get("status").getAsInt());
        assertEquals(4, root.get("scenarios").getAsInt());
        assertEquals("{\"PASS\":1,\"FAIL\":1,\"ERROR\":1,\"BUDGET\":1}", root.get("counts").toString());
        StringBuilder verdicts = new StringBuilder();
        for (JsonElement e : root.getAsJsonArray("files")) {
            JsonObject f = e.getAsJsonObject();
            verdicts.append(Path.of(f.get("file").getAsString()).getFileName()).append(' ')
                    .append(f.get("verdict").getAsString()).append(' ').append(f.get("passed").getAsBoolean()).append('\n');
        }
        assertEquals("""
                a-pass.mmdsl PASS true
                b-fail.mmdsl FAIL false
                c-error.mmdsl ERROR false
                d-budget.mmdsl BUDGET false
                """, verdicts.toString());
        JsonArray passEvents = root.getAsJsonArray("files").get(0).getAsJsonObject().getAsJsonArray("events");
        assertFalse(passEvents.toString().contains("Zone ranges:"), passEvents.toString());
        assertTrue(passEvents.toString().contains("\"met\":true"), passEvents.toString());
    }

    @Test
    void jsonListsTheBootLogWhenAsked() {
        Path pass = dir.resolve("a-pass.mmdsl");
        Cli plain = Cli.run("run", "--json", pass.toString());
        Cli withBoot = Cli.run("run", "--json", "--boot-log", pass.toString());
        assertEquals(0, withBoot.status(), withBoot.err());
        JsonArray plainEvents = events(plain);
        JsonArray bootEvents = events(withBoot);
        assertTrue(bootEvents.toString().contains("Zone ranges:"), bootEvents.toString());
        assertFalse(plainEvents.toString().contains("Zone ranges:"), plainEvents.toString());
        assertTrue(bootEvents.size() > plainEvents.size() + 10, bootEvents.size() + " vs " + plainEvents.size());
    }

    private static JsonArray events(Cli c) {
        return JsonParser.parseString(c.out()).getAsJsonObject().getAsJsonArray("files").get(0).getAsJsonObject()
                .getAsJsonArray("events");
    }
}
