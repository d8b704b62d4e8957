package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's neovim 0.7 (installed by .ci/run) headless with the README's Lua lines: on a scenario whose
 * write faults, the diagnostic neovim holds once settled (line, column, severity, message); on one with a
 * {@code show picture}, the text its "picture" code lens shows when run (neovim has no picture panel).
 */
class NeovimTest {

    @Test
    void neovimHoldsTheSigsegvDiagnosticOnTheWrite(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTools.onPath("nvim"),
                "nvim is not installed here: `apt-get install neovim` (.ci/run does) to run the neovim client test");
        Path file = dir.resolve("fault.mmdsl");
        Files.writeString(file, """
                boot ram 1536MB highmem
                process init <
                  mmap ro 4KB r-- private anon
                  write ro value 1
                >
                """);
        Path out = dir.resolve("diagnostics.txt");
        Path res = Path.of("src/test/resources/nvim").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("nvim", "--headless", "-u", "NORC", "--noplugin",
                "--cmd", "luafile " + res.resolve("mmdsl.lua"), "-c", "luafile " + res.resolve("settle.lua"),
                file.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nvim.log").toFile());
        pb.environment().put("MMDSL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("MMDSL_LS_JAR", LanguageServerTest.serverJar().toAbsolutePath().toString());
        pb.environment().put("MMDSL_LS", Path.of("../mmdsl.ide/mmdsl-ls").toAbsolutePath().toString());
        pb.environment().put("MMDSL_OUT", out.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvim did not finish");
        assertTrue(Files.exists(out), () -> "nvim wrote no diagnostics; log: " + ExternalTools.readOrNone(dir.resolve("nvim.log")));
        assertEquals(List.of("4:3 WARN SIGSEGV (SEGV_ACCERR) on write of 0xb7fff000 by pid 1: VMA lacks VM_WRITE; "
                + "VMA b7fff000-b8000000 r--p 00000000 00:00 0"), Files.readAllLines(out));
    }

    @Test
    void neovimRunsThePictureLensAndGetsItsText(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTools.onPath("nvim"),
                "nvim is not installed here: `apt-get install neovim` (.ci/run does) to run the neovim client test");
        Path file = dir.resolve("picture.mmdsl");
        Files.writeString(file, """
                boot ram 1536MB highmem
                process init <
                  mmap buf 16KB rw- private anon
                  write buf value 42
                  show picture maps
                >
                """);
        Path out = dir.resolve("lens.txt");
        Process p = nvim(dir, file, "picture-lens.lua", out).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "nvim did not finish");
        assertTrue(Files.exists(out), () -> "nvim wrote nothing; log: " + ExternalTools.readOrNone(dir.resolve("nvim.log")));
        assertEquals("""
                picture maps of init (pid 1), from TASK_SIZE down:
                  kernel             0xc0000000-0x100000000  kernel space  above TASK_SIZE 0xc0000000: the kernel's 1 GB
                  gap                0xb8000000-0xc0000000  unmapped  128 MB
                  vma anon           0xb7ffc000-0xb8000000  [anon]  rw-p  16 KB
                  gap                0x0-0xb7ffc000  unmapped  2.87 GB

                """, Files.readString(out));
    }

    /**
     * Issue 15 point 1, as neovim draws it: the code lenses of reclaim-oom (virtual text after
     * `vim.lsp.codelens.refresh()`) count every page fault `mmdsl run -v` counts, the range writes' too.
     */
    @Test
    void neovimDrawsTheLensesWithTheRunsFaultCounts(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTools.onPath("nvim"),
                "nvim is not installed here: `apt-get install neovim` (.ci/run does) to run the neovim client test");
        Path file = dir.resolve("reclaim-oom.mmdsl");
        Files.copy(Path.of("../examples/reclaim-oom.mmdsl"), file);
        Path out = dir.resolve("lenses.txt");
        Process p = nvim(dir, file, "lenses.lua", out).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "nvim did not finish");
        assertTrue(Files.exists(out), () -> "nvim wrote no lenses; log: " + ExternalTools.readOrNone(dir.resolve("nvim.log")));
        // as neovim draws them: a line's lenses joined by " | ", the "picture" lens beside each block's summary
        assertEquals(List.of("12: 7 VMAs · 12,288 page faults — show /proc/1/maps | picture", "22: 2 kernel calls",
                "29: exited, mm freed · 1 page fault | picture",
                "36: 7 VMAs · 10,240 page faults — show /proc/3/maps | picture"),
                Files.readAllLines(out).stream().sorted(java.util.Comparator.comparingInt(
                        (String l) -> Integer.parseInt(l.substring(0, l.indexOf(':'))))).toList());
    }

    /** nvim headless with the README's set-up and the driver {@code lua}, which writes to {@code out}. */
    private static ProcessBuilder nvim(Path dir, Path file, String lua, Path out) {
        Path res = Path.of("src/test/resources/nvim").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("nvim", "--headless", "-u", "NORC", "--noplugin",
                "--cmd", "luafile " + res.resolve("mmdsl.lua"), "-c", "luafile " + res.resolve(lua),
                file.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nvim.log").toFile());
        pb.environment().put("MMDSL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("MMDSL_LS_JAR", LanguageServerTest.serverJar().toAbsolutePath().toString());
        pb.environment().put("MMDSL_LS", Path.of("../mmdsl.ide/mmdsl-ls").toAbsolutePath().toString());
        pb.environment().put("MMDSL_OUT", out.toString());
        return pb;
    }
}
