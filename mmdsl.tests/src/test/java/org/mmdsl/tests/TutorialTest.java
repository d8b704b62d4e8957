package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tutorial.md stays true (issue 13 point 7): every scenario block it shows ({@code ```mmdsl} starting
 * with {@code // file: NAME}) is written to a folder, and every command it shows ({@code ```console}
 * starting with {@code $ bin/mmdsl ...}) is run there through the CLI and prints exactly what the page
 * shows after it. A line {@code ...} in the shown output stands for lines the page cuts (the boot log of
 * {@code -v}); nothing else is skipped. A student who follows the page sees what it says.
 */
class TutorialTest {
    private static final Pattern BLOCK = Pattern.compile("```(mmdsl|console)\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyCommandOfTheTutorialPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
        Path root = ExamplesTest.root();
        String page = Files.readString(root.resolve("docs/tutorial.md"));
        Matcher m = BLOCK.matcher(page);
        int commands = 0;
        int files = 0;
        while (m.find()) {
            String body = m.group(2);
            if (m.group(1).equals("mmdsl")) {
                assertTrue(body.startsWith("// file: "), "a scenario block of the tutorial names its file:\n" + body);
                String name = body.substring("// file: ".length(), body.indexOf('\n'));
                Files.writeString(dir.resolve(name), body);
                files++;
                continue;
            }
            assertTrue(body.startsWith("$ bin/mmdsl "), "a console block starts with the command:\n" + body);
            String command = body.substring(0, body.indexOf('\n'));
            String shown = body.substring(command.length() + 1);
            List<String> args = new ArrayList<>();
            for (String a : command.substring("$ bin/mmdsl ".length()).split(" ")) {
                args.add(a.startsWith("examples/") ? root.resolve(a).toString()
                        : a.endsWith(".mmdsl") ? dir.resolve(a).toString() : a);
            }
            Cli c = Cli.run(args.toArray(String[]::new));
            String printed = (c.out() + c.err()).replace(dir + "/", "").replace(root + "/", "");
            assertTrue(matches(shown, printed), command + "\n--- the tutorial shows:\n" + shown + "--- the CLI prints:\n"
                    + printed);
            commands++;
        }
        assertTrue(files >= 4 && commands >= 5, "the tutorial lost its steps: " + files + " files, " + commands
                + " commands");
    }

    /** Whether {@code printed} is {@code shown}, each {@code ...} line of it standing for any lines. */
    private static boolean matches(String shown, String printed) {
        StringBuilder re = new StringBuilder();
        for (String line : shown.split("\n", -1)) {
            if (line.equals("...")) {
                re.append("(?:[^\n]*\n)*?");
            } else {
                re.append(Pattern.quote(line)).append("\n");
            }
        }
        String regex = re.substring(0, re.length() - 1); // the split's last piece is the text after the last newline
        assertFalse(regex.isEmpty());
        return Pattern.compile(regex).matcher(printed).matches();
    }
}
