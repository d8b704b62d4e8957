package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mmdsl.oracle.OracleTranslator;
import org.mmdsl.runtime.proc.ProcMapsOracle;

/**
 * Behaviour held still: the full `mmdsl run -v` output (every event, every /proc dump, the verdict and the
 * exit status) of every example and of every proc-maps oracle case as `import-oracle` translates it, byte
 * for byte against the files in src/test/resources/golden. A refactoring must leave them identical; a
 * change that is meant to change what users see updates them on purpose:
 *
 * <pre>mvn -B -pl runtime,mmdsl,mmdsl.ide,mmdsl.tests -am verify -Dtest=GoldenOutputTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true</pre>
 *
 * and the diff of the golden files is reviewed with the change. An oracle case found in the cases
 * directory without a golden file (a case recorded after the files were written) is skipped: the
 * conformance tests judge it; an example without one fails.
 */
class GoldenOutputTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Path goldenDir() {
        return ExamplesTest.root().resolve("mmdsl.tests/src/test/resources/golden");
    }

    @TestFactory
    Stream<DynamicTest> examples() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : ExamplesTest.examples()) {
            String name = f.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name, () -> compare("examples/" + name.replace(".mmdsl", ".out"),
                    f, "examples/" + name)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> oracleCases() throws IOException {
        Path cases = ProcMapsOracle.casesDirectory(ExamplesTest.root());
        Path work = Files.createDirectories(Path.of("target", "golden-oracle"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : ProcMapsOracle.cases(cases)) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                String script = Files.readString(cases.resolve(name + ".script"));
                String expected = Files.readString(cases.resolve(name + ".expected"));
                Path scenario = work.resolve(name + ".mmdsl");
                Files.writeString(scenario, OracleTranslator.translate(script, expected));
                Assumptions.assumeTrue(UPDATE || Files.exists(goldenDir().resolve("oracle/" + name + ".out")),
                        () -> name + " was recorded after the golden files were written: no golden output to hold");
                compare("oracle/" + name + ".out", scenario, "oracle/" + name + ".mmdsl");
            }));
        }
        return tests.stream();
    }

    /** Runs `run -v FILE`, names the file `shownAs` in the output, and compares with the golden file. */
    private static void compare(String goldenName, Path file, String shownAs) throws IOException {
        Cli run = Cli.run("run", "-v", "--max-steps", "100000000", "--timeout", "600", file.toString());
        String actual = ("exit " + run.status() + "\n" + run.out() + run.err()).replace(file.toString(), shownAs);
        Path golden = goldenDir().resolve(goldenName);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("no golden file " + golden + " for " + shownAs + ": write it with -Dgolden.update=true and review it");
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                shownAs + ": the output differs from " + golden + " (if the change is intended, rerun with -Dgolden.update=true)");
    }
}
