package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "One screen of it" stays true: its scenario, run through the CLI, prints exactly the
 * output the README shows.
 */
class ReadmeTest {

    @Test
    void readmeExampleOutputIsWhatTheCliPrints(@TempDir Path dir) throws Exception {
        String readme = Files.readString(ExamplesTest.root().resolve("README.md"));
        int section = readme.indexOf("## One screen of it");
        assertTrue(section >= 0, "README has no 'One screen of it' section");
        String[] blocks = codeBlocks(readme.substring(section), 2);
        String scenario = blocks[0];
        String shown = blocks[1];
        String command = "$ bin/mmdsl run readme.mmdsl\n";
        assertTrue(shown.startsWith(command), shown);

        Path file = dir.resolve("readme.mmdsl");
        Files.writeString(file, scenario);
        Cli c = Cli.run("run", file.toString());
        assertEquals(0, c.status(), c.out() + c.err());
        assertEquals(shown.substring(command.length()), c.out().replace(dir + "/", ""));
    }

    /** The first {@code n} fenced blocks of {@code text}, without their fences. */
    private static String[] codeBlocks(String text, int n) {
        String[] out = new String[n];
        int from = 0;
        for (int i = 0; i < n; i++) {
            int open = text.indexOf("```", from);
            int start = text.indexOf('\n', open) + 1;
            int close = text.indexOf("\n```", start);
            out[i] = text.substring(start, close + 1);
            from = close + 4;
        }
        return out;
    }
}
