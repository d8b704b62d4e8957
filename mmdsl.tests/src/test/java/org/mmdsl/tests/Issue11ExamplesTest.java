package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 11 point 18: an example states what it shows, so every warning, unexpected fault or errno and
 * error it produces must be announced in it (`expect warning ...`, `expect fault ...`, `expect errno ...`)
 * or not happen. Runs every example and lists each unannounced diagnostic as the CLI prints it
 * (file:line:column), all at once.
 */
class Issue11ExamplesTest {

    @Test
    void noExampleProducesAWarningItDoesNotExpect() throws Exception {
        List<String> unexpected = new ArrayList<>();
        for (Path f : ExamplesTest.examples()) {
            Cli run = Cli.run("run", f.toString());
            for (String line : (run.out() + run.err()).split("\n")) {
                if (line.matches(".*\\.mmdsl:\\d+:\\d+: (warning|error): .*")) {
                    unexpected.add(line.substring(line.lastIndexOf("examples")));
                }
            }
        }
        assertEquals("", String.join("\n", unexpected), "diagnostics the examples do not expect");
    }
}
