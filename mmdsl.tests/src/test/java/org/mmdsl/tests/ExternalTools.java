package org.mmdsl.tests;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests that drive real editors (neovim, Emacs) ask of the machine and of their output files. */
final class ExternalTools {
    private ExternalTools() {
    }

    /** Whether {@code exe} is an executable on the PATH (the test says it was skipped when not). */
    static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    /** The text of a log or output file for a failure message, or "(none)" when it is missing. */
    static String readOrNone(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(none)";
        }
    }
}
