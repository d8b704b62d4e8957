package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 point 3 on the first line of every scenario: a mistake in `boot` is reported on the word where
 * it is, in boot's words (the option's shape, read from the grammar, and every option the grammar has),
 * never as "a statement starts with ..." or ANTLR's "no viable alternative at character". Each case is
 * what `mmdsl check` prints.
 */
class BootSyntaxErrorsTest {

    @TempDir
    Path dir;

    private static final String OPTIONS = "boot options are ram SIZE, arch i386|i386 pae|x86_64|x86_64 la57, "
            + "split 3G/1G|2G/2G|1G/3G, highmem [off|on|SIZE], vmalloc SIZE, mem SIZE, cpus N, kernel 2.6|6.1|6.18, "
            + "tlb N entries N ways, swap SIZE, reservetop SIZE, kernelcore SIZE, movablecore SIZE, pti on|off, "
            + "highpte, thp always|madvise|never, hugepages N, nodes N [, N]... [distance N]";

    /** What `mmdsl check` prints for a scenario whose first line is {@code boot}. */
    private String check(String boot) throws Exception {
        Path f = dir.resolve("t.mmdsl");
        Files.writeString(f, boot + "\nprocess p <\n  mmap a 4KB rw- private anon\n>\n");
        Cli c = Cli.run("check", f.toString());
        return (c.out() + c.err()).replace(f.toString(), "t.mmdsl");
    }

    @Test
    void anArchitectureWithoutArchSuggestsTheOption() throws Exception {
        assertEquals("t.mmdsl:1:6: error: unexpected 'x86_64' in boot; " + OPTIONS
                + "; did you mean `arch x86_64`? [syntax]\n", check("boot x86_64 ram 1GB"));
        assertEquals("t.mmdsl:1:14: error: unexpected 'madvise' in boot; " + OPTIONS
                + "; did you mean `thp madvise`? [syntax]\n", check("boot ram 1GB madvise"));
    }

    @Test
    void aMisspelledOptionGetsTheNearestOption() throws Exception {
        assertEquals("t.mmdsl:1:14: error: unexpected 'hugepage' in boot; " + OPTIONS
                + "; did you mean 'hugepages'? [syntax]\n", check("boot ram 1GB hugepage 4"));
    }

    @Test
    void aWrongValueNamesTheOptionsValues() throws Exception {
        assertEquals("""
                t.mmdsl:1:18: error: unexpected 'sometimes' in boot: expected 'always', 'madvise' or 'never' after 'thp'; \
                it is written `thp always|madvise|never` [syntax]
                """, check("boot ram 1GB thp sometimes"));
        assertEquals("""
                t.mmdsl:1:19: error: unexpected 'two' in boot: expected a number (4096, 0x3a000, 16KB) after 'cpus'; \
                it is written `cpus N` [syntax]
                """, check("boot ram 1GB cpus two"));
    }

    @Test
    void anOptionWithoutItsValueAtTheEndOfTheLineIsReportedOnTheOption() throws Exception {
        assertEquals("""
                t.mmdsl:1:26: error: incomplete boot: expected 'on' or 'off' after 'pti'; it is written `pti on|off` [syntax]
                """, check("boot ram 1GB arch x86_64 pti"));
        assertEquals("""
                t.mmdsl:1:21: error: incomplete boot: expected a number (4096, 0x3a000, 16KB) after 'entries'; \
                it is written `tlb N entries N ways` [syntax]
                """, check("boot ram 1GB tlb 64 entries"));
    }

    @Test
    void aSizeOrSplitCutShortNamesItsUnits() throws Exception {
        assertEquals("t.mmdsl:1:10: error: '1G' is no size: a size ends in B, KB, MB, GB or TB (1GB) [syntax]\n",
                check("boot ram 1G"));
        assertEquals("t.mmdsl:1:20: error: '3G' is no split: a split is written 3G/1G|2G/2G|1G/3G [syntax]\n",
                check("boot ram 1GB split 3G"));
    }

    @Test
    void aVersionWithoutItsDotSaysHowVersionsAreWritten() throws Exception {
        assertEquals("""
                t.mmdsl:1:21: error: unexpected '6' after 'kernel': a kernel version is written with its dot, \
                2.6, 6.1 or 6.18 (`boot ... kernel 6.1`); a kernel block is `kernel < ... >` [syntax]
                """, check("boot ram 1GB kernel 6"));
    }
}
