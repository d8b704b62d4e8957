package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario in examples/ parses, validates, runs with all its expectations met, and faults only
 * where it says it will (no `fault-unexpected`): examples are what newcomers copy.
 */
class ExamplesTest {

    static Path root() {
        return Path.of(System.getProperty("mmdsl.root", ".."));
    }

    /** The scenarios `mmdsl run examples/` runs (not those in a `_` folder: the graded submissions of a lab). */
    static List<Path> examples() throws IOException {
        return org.mmdsl.cli.MmdslCli.scenarioFiles(root().resolve("examples"));
    }

    @TestFactory
    Stream<DynamicTest> everyExamplePasses() throws IOException {
        List<Path> files = examples();
        assertFalse(files.isEmpty(), "examples/ has no scenarios");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Cli check = Cli.run("check", f.toString());
            assertEquals(0, check.status(), () -> "check failed:\n" + check.out() + check.err());
            Cli run = Cli.run("run", f.toString());
            assertEquals(0, run.status(), () -> "run failed:\n" + run.out() + run.err());
            assertTrue(run.out().contains(": PASS ("), run.out());
            assertFalse(run.out().contains("[fault-unexpected]"), () -> "an example faults unannounced:\n" + run.out());
            assertFalse(run.out().contains("[errno-unexpected]"), () -> "an example fails a call unannounced:\n" + run.out());
        }));
    }
}
