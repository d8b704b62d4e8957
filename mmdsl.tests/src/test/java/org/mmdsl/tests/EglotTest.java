package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Emacs 28 with eglot 1.9 (elpa-eglot; .ci/run installs both) in {@code --batch}, set up with the
 * README's lines: the generated {@code mmdsl-mode}, {@code eglot-server-programs} naming {@code mmdsl-ls} and
 * {@code eglot-ensure} on the mode's hook. The driver (src/test/resources/emacs/eglot-mmdsl.el) opens a
 * scenario, types into it as a user would and writes down what eglot shows: flymake's diagnostics as eglot
 * formats them ({@code mmdsl [code]: message}, issue 15 point 10), the eldoc text of hovers on a handle and on
 * a step (point 8), the candidates of {@code completion-at-point} (point 2), and a typo's "did you mean"
 * (point 3). eglot 1.9 has no code lenses, inlay hints or semantic tokens: those are NeovimTest's and the
 * code-server test's.
 */
class EglotTest {

    /** Whether this Emacs finds eglot (Emacs 29 has it built in; on Debian 12's Emacs 28 it is elpa-eglot). */
    private static boolean hasEglot() throws Exception {
        Process p = new ProcessBuilder("emacs", "--batch", "-q", "--eval", "(require 'eglot)")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void eglotShowsTheFaultTheHoversTheTyposSuggestionAndTheProtections(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTools.onPath("emacs"),
                "emacs is not installed here: `apt-get install emacs-nox elpa-eglot` (.ci/run does) to run the eglot test");
        Assumptions.assumeTrue(hasEglot(),
                "this Emacs has no eglot: `apt-get install elpa-eglot` (.ci/run does) to run the eglot test");
        Path mode = Path.of("../mmdsl.ide/target/editors/emacs").toAbsolutePath();
        assertTrue(Files.exists(mode.resolve("mmdsl-mode.el")), "the build writes " + mode + "/mmdsl-mode.el");
        Path file = dir.resolve("fault.mmdsl");
        Files.writeString(file, """
                boot ram 1536MB highmem
                process init <
                  mmap ro 4KB r-- private anon
                  write ro value 1
                  mmap buf 8KB rw- private anon
                  write buf value 42
                >
                """);
        Path out = dir.resolve("eglot.txt");
        ProcessBuilder pb = new ProcessBuilder("emacs", "--batch", "-q", "-l",
                Path.of("src/test/resources/emacs/eglot-mmdsl.el").toAbsolutePath().toString(), file.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("emacs.log").toFile());
        // -q skips the user's init file but keeps Debian's site-start, which puts elpa-eglot on the load path
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("MMDSL_MODE_DIR", mode.toString());
        pb.environment().put("MMDSL_LS", Path.of("../mmdsl.ide/mmdsl-ls").toAbsolutePath().toString());
        pb.environment().put("MMDSL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("MMDSL_LS_JAR", LanguageServerTest.serverJar().toAbsolutePath().toString());
        pb.environment().put("MMDSL_OUT", out.toString());
        // hover on the handle `ro` and on the step `write`; type a typo for `private` on a new line 7 and
        // complete the word there; fix it; start an mmap on line 8 and complete after its size
        pb.environment().put("MMDSL_REQUESTS", String.join(" ", "hover:3:8", "hover:4:3",
                "edit:7:1:__mmap_x_4KB_rw-_privat_anon~", "complete:7:18", "edit:7:24:e",
                "edit:8:1:__mmap_y_4KB_", "complete:8:14"));
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "emacs did not finish");
        assertTrue(Files.exists(out), () -> "emacs wrote nothing; log: " + ExternalTools.readOrNone(dir.resolve("emacs.log")));
        assertEquals(0, p.exitValue(), () -> ExternalTools.readOrNone(out) + "\nlog: " + ExternalTools.readOrNone(dir.resolve("emacs.log")));
        String fault = "diagnostic 4:3-4:19 eglot-warning mmdsl [fault-unexpected]: SIGSEGV (SEGV_ACCERR) on write of "
                + "0xb7fff000 by pid 1: VMA lacks VM_WRITE; VMA b7fff000-b8000000 r--p 00000000 00:00 0\n";
        assertEquals(fault
                + "hover 3:8 **ro** = 0xb7fff000 in init (pid 1) /  / VMA `b7fff000-b8000000 r--p 00000000 00:00 0` "
                + "(4 KB) /  / pages present: 0 of 1 /  / _after line 3 ran_\n"
                + "hover 4:3 `write` — a store through the MMU: a first write faults in a zeroed frame "
                + "(do_anonymous_page) or copies (do_wp_page)\n"
                // the typo: one error on the word, naming what goes there and the nearest word
                + "diagnostic 7:18-7:24 eglot-error mmdsl [syntax]: unexpected 'privat' in mmap: expected 'private', "
                + "'shared', 'shared_validate', 'anon', 'file', 'fd' or 'device' after 'rw-'; did you mean 'private'?\n"
                // Emacs completes the word at point: `privat` has one candidate
                + "completion 7:18 private\n"
                // `privat` made `private`: the run's fault again
                + fault
                + "diagnostic 8:14-8:15 eglot-error mmdsl [syntax]: unexpected '>' in mmap: expected a protection "
                + "(r--, rw-, r-x, rwx, ---) or 'prot' after '4KB'\n"
                + "completion 8:14 r-- r-x rw- rwx ---\n", Files.readString(out));
    }
}
