package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * "Bad input gets a clear error naming the line and what is wrong, never a stack trace; a run is
 * bounded": any text given to {@code mmdsl run} ends with status 0, 1 or 2 and no internal error,
 * whatever the parser, the validators, the interpreter or the runtime make of it.
 *
 * <p>Under {@code mvn verify} this replays the inputs in
 * src/test/resources/org/mmdsl/tests/ScenarioFuzzTestInputs/anyTextIsAnsweredInKernelWords (small
 * scenarios near the edges, and every input a fuzzing run once found failing). To fuzz (Jazzer, libFuzzer
 * mutations guided by coverage; new failing inputs are written to that directory):
 * <pre>
 *   JAZZER_FUZZ=1 mvn -B -pl mmdsl.tests -am verify -Dtest=ScenarioFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Djazzer.max_duration=10m
 * </pre>
 */
class ScenarioFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void anyTextIsAnsweredInKernelWords(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        Path file = Files.createTempFile("fuzz", ".mmdsl");
        try {
            Files.writeString(file, text);
            for (String[] args : new String[][] {{"run", "--max-steps", "20000", "--timeout", "2", file.toString()},
                    {"run", "--json", "--max-steps", "20000", "--timeout", "2", file.toString()}}) {
                Cli r = Cli.run(args);
                assertTrue(r.status() >= 0 && r.status() <= 2, () -> "status " + r.status() + " for:\n" + text + "\n" + r.err());
                assertFalse(r.err().contains("internal error") || r.err().contains("Exception"),
                        () -> "internal error for:\n" + text + "\n" + r.err());
                assertFalse(r.out().contains("\tat org.") || r.out().contains("Exception"),
                        () -> "a stack trace for:\n" + text + "\n" + r.out());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
