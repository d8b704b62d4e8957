package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 point 3: every syntax error names what was expected at that point, stands on the word where the
 * scenario went wrong, suggests the nearest word, and comes alone (no second error, no validation error,
 * about the same mistake). Each case is what `mmdsl check` prints; the last test shows the language server
 * publishes the same message on the same range.
 */
class Issue15SyntaxErrorsTest {

    @TempDir
    Path dir;

    /** What `mmdsl check` prints for {@code text}, the file's path written as t.mmdsl. */
    private String check(String text) throws Exception {
        Path f = dir.resolve("t.mmdsl");
        Files.writeString(f, text);
        Cli c = Cli.run("check", f.toString());
        return (c.out() + c.err()).replace(f.toString(), "t.mmdsl");
    }

    @Test
    void aHalfTypedMmapIsReportedOnTheMmapWithWhatComesNext() throws Exception {
        assertEquals("""
                t.mmdsl:2:3: error: incomplete mmap: expected a NAME, 'at', a number (4096, 0x3a000, 16KB) or '(' after 'mmap'; \
                it is written `mmap [NAME] [at ADDR] SIZE PROT private|shared|shared_validate anon|file "PATH" [offset N] \
                [fixed|fixed_noreplace|noreserve|populate|growsdown|locked|stack|nonblock|hugetlb|sync|32bit]` [syntax]
                """, check("""
                process p <
                  mmap
                  show maps
                >
                """));
    }

    @Test
    void anUnterminatedStringIsOneErrorOnItsQuote() throws Exception {
        assertEquals("""
                t.mmdsl:1:6: error: unterminated string: expected a closing '"' on the same line [syntax]
                """, check("""
                file "/srv/a size 4KB
                process p <
                  mmap buf 4KB rw- private anon
                >
                """));
    }

    @Test
    void aMissingCloseNamesTheBlockLeftOpen() throws Exception {
        assertEquals("""
                t.mmdsl:4:1: error: expected '>' before 'process': `process p <` (line 1) is not closed [syntax]
                """, check("""
                process p <
                  mmap buf 4KB rw- private anon

                process q <
                  exit
                >
                """));
        assertEquals("""
                t.mmdsl:3:30: error: expected '>' before the end of file: `process p <` (line 2) is not closed [syntax]
                """, check("boot ram 1GB\nprocess p <\n  mmap b 4KB rw- private anon\n"));
    }

    @Test
    void forkWithoutAName() throws Exception {
        assertEquals("""
                t.mmdsl:2:8: error: unexpected '<' in fork: expected a NAME after 'fork'; it is written `fork NAME < ... >` [syntax]
                """, check("""
                process p <
                  fork <
                    exit
                  >
                >
                """));
    }

    @Test
    void kmapWithoutPage() throws Exception {
        assertEquals("""
                t.mmdsl:2:8: error: unexpected '0x36bfe' in kmap: expected 'page' after 'kmap'; it is written `kmap page PFN`; \
                did you mean `kmap page 0x36bfe`? [syntax]
                """, check("""
                kernel <
                  kmap 0x36bfe
                >
                """));
    }

    @Test
    void aHexTypoIsOneErrorOnTheWholeNumber() throws Exception {
        assertEquals("""
                t.mmdsl:2:15: error: '0xb7ffg000' is no number: 'g' is no hex digit (0-9, a-f) [syntax]
                """, check("""
                process p <
                  mmap buf at 0xb7ffg000 4KB rw- private anon
                >
                """));
    }

    @Test
    void rwForRwDashSuggestsTheProtectionFirst() throws Exception {
        assertEquals("""
                t.mmdsl:2:16: error: unexpected 'rw' in mmap: expected a protection (r--, rw-, r-x, rwx, ---) or 'prot' after '4KB'; \
                did you mean 'rw-'? [syntax]
                """, check("""
                process p <
                  mmap buf 4KB rw private anon
                >
                """));
    }

    @Test
    void misspelledWordsGetTheNearestWord() throws Exception {
        assertEquals("""
                t.mmdsl:2:18: error: unexpected 'privat' in mmap: expected 'private', 'shared', 'shared_validate', 'anon', 'file', \
                'fd' or 'device' after 'rw-'; did you mean 'private'? [syntax]
                t.mmdsl:5:10: error: unexpected 'pgae' in kunmap: expected 'page' after 'kunmap'; it is written `kunmap page PFN`; \
                did you mean 'page'? [syntax]
                """, check("""
                process p <
                  mmap b 4KB rw- privat anon
                >
                kernel <
                  kunmap pgae 1
                >
                """));
    }

    @Test
    void aWordAfterACompleteStatementSaysWhatTheStatementTakesThere() throws Exception {
        assertEquals("""
                t.mmdsl:3:15: error: unexpected 'vaule' in write: after '4KB' comes 'for', 'value', 'expect' or the end \
                of the statement; did you mean 'value'? [syntax]
                """, check("""
                process p <
                  mmap a 16KB rw- private anon
                  write a+4KB vaule 3
                >
                """));
        assertEquals("""
                t.mmdsl:2:8: error: unexpected '1' in exit: after 'exit' comes the end of the statement [syntax]
                """, check("process p <\n  exit 1\n>\n"));
    }

    @Test
    void aKernelServiceInAProcessAndASystemCallInTheKernelSayWhereTheyBelong() throws Exception {
        assertEquals("""
                t.mmdsl:2:3: error: 'kmalloc' is a kernel service: it is written in `kernel < ... >` or a \
                `kthread NAME < ... >`; a process reaches the kernel through its system calls (mmap, brk, munmap, ...) [syntax]
                """, check("process p <\n  kmalloc 100\n>\n"));
        String kernel = check("kernel <\n  mmap a 4KB rw- private anon\n>\n");
        assertEquals("t.mmdsl:2:3: error: 'mmap' is a process's system call: it is written in `process NAME < ... >`; "
                + "inside `kernel < ... >` the steps are kmap, ", kernel.substring(0, kernel.indexOf("kmap, ") + 6));
    }

    @Test
    void theServerPublishesTheSameMessageOnTheMmap() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open("process p <\n  mmap\n  show maps\n>\n");
            PublishDiagnosticsParams p = null;
            for (int i = 0; i < 3000 && p == null; i++) {
                p = h.diagnostics.stream().filter(d -> !d.getDiagnostics().isEmpty()).findFirst().orElse(null);
                Thread.sleep(10);
            }
            assertNotNull(p, "no diagnostics");
            assertEquals("""
                    1:2-1:6 'mmap' incomplete mmap: expected a NAME, 'at', a number (4096, 0x3a000, 16KB) or '(' after 'mmap'; \
                    it is written `mmap [NAME] [at ADDR] SIZE PROT private|shared|shared_validate anon|file "PATH" [offset N] \
                    [fixed|fixed_noreplace|noreserve|populate|growsdown|locked|stack|nonblock|hugetlb|sync|32bit]`""",
                    p.getDiagnostics().stream().map(d -> render(h, d)).collect(Collectors.joining("\n")));
        }
    }

    private static String render(LspHarness h, Diagnostic d) {
        return d.getRange().getStart().getLine() + ":" + d.getRange().getStart().getCharacter() + "-"
                + d.getRange().getEnd().getLine() + ":" + d.getRange().getEnd().getCharacter() + " '" + h.at(d.getRange())
                + "' " + d.getMessage().getLeft();
    }
}
