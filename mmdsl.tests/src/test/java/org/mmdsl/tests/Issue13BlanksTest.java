package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 1, blanks: an expectation written with {@code ?} in its answer's place makes the file an
 * exercise. Running it records each blank's answer and never fails for it (also not --strict); {@code mmdsl
 * answers} prints the key, the text with every {@code ?} filled in, and the key passes a strict run.
 */
class Issue13BlanksTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String summary(Cli c) {
        return c.out().lines().filter(l -> l.contains(": PASS (") || l.contains(": FAIL (")).reduce("", (a, b) -> a + b + "\n")
                .replace(dir.toString() + "/", "");
    }

    /** One blank of each kind: zone fields, a kernel address and value, mmap's address, an errno, a fault, a read check. */
    private static final String I386 = """
            boot ram 1536MB highmem
            expect zone HighMem start ?
            expect zone Normal managed ?

            kernel <
              vmalloc buf 3 pages
                expect address ?
              kmalloc obj 64 GFP_KERNEL
              write obj value 5
              read obj
                expect value ?
            >

            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
                expect address ?
              mprotect 0x40000001 4KB r--
                expect errno ?
              write buf+4KB value 42
              read buf+4KB
                expect value ?
              write 0x08048010
                expect fault ?
            >
            expect init read buf+4KB == ?
            """;

    private static final String I386_KEY = """
            boot ram 1536MB highmem
            expect zone HighMem start ? 0x36bfe000
            expect zone Normal managed ? 212497

            kernel <
              vmalloc buf 3 pages
                expect address ? 0xf73fe000
              kmalloc obj 64 GFP_KERNEL
              write obj value 5
              read obj
                expect value ? 5
            >

            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
                expect address ? 0xb7ff6000
              mprotect 0x40000001 4KB r--
                expect errno ? EINVAL
              write buf+4KB value 42
              read buf+4KB
                expect value ? 42
              write 0x08048010
                expect fault ? SIGSEGV SEGV_ACCERR
            >
            expect init read buf+4KB == ? 42
            """;

    /** x86_64 (6.18): the same kinds, a blank inside `repeat` (answered twice) and inside a fork block. */
    private static final String X86_64 = """
            boot ram 1GB arch x86_64 kernel 6.18
            expect zone DMA32 start ?
            expect zone Normal spanned ?

            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
                expect address ?
              munmap buf+1 4KB
                expect errno ?
              write buf value 7
              read buf
                expect value ?
              read 0x10
                expect fault ?
              repeat 2 <
                read buf
                  expect value ?
              >
            >

            process child = fork init <
              write buf value 9
              read buf
                expect == ?
              brk + 8KB
                expect address ?
            >
            expect init read buf == ?
            expect child read buf == ?
            """;

    private static final String X86_64_KEY = """
            boot ram 1GB arch x86_64 kernel 6.18
            expect zone DMA32 start ? 0x1000000
            expect zone Normal spanned ? 0

            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
                expect address ? 0x7ffff7ff3000
              munmap buf+1 4KB
                expect errno ? EINVAL
              write buf value 7
              read buf
                expect value ? 7
              read 0x10
                expect fault ? SIGSEGV SEGV_MAPERR
              repeat 2 <
                read buf
                  expect value ? 7
              >
            >

            process child = fork init <
              write buf value 9
              read buf
                expect == ? 9
              brk + 8KB
                expect address ? 0x409000
            >
            expect init read buf == ? 7
            expect child read buf == ? 9
            """;

    @Test
    void answersPrintsTheKeyOnI386() throws IOException {
        Cli a = Cli.run("answers", file("ex.mmdsl", I386).toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(I386_KEY, a.out());
        assertEquals("", a.err());
    }

    @Test
    void answersPrintsTheKeyOnX86_64WithBlanksInRepeatAndFork() throws IOException {
        Cli a = Cli.run("answers", file("ex.mmdsl", X86_64).toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(X86_64_KEY, a.out());
        assertEquals("", a.err());
    }

    @Test
    void theKeyPassesAStrictRun() throws IOException {
        Cli k32 = Cli.run("run", "--strict", file("key32.mmdsl", I386_KEY).toString());
        assertEquals(0, k32.status(), k32.out());
        assertEquals("key32.mmdsl: PASS (9 expectations met, 0 failed)\n", summary(k32));
        Cli k64 = Cli.run("run", "--strict", file("key64.mmdsl", X86_64_KEY).toString());
        assertEquals(0, k64.status(), k64.out());
        assertEquals("key64.mmdsl: PASS (12 expectations met, 0 failed)\n", summary(k64));
    }

    @Test
    void runningAnExerciseCountsItsBlanksAndNeverFailsForThem() throws IOException {
        Path ex32 = file("ex32.mmdsl", I386);
        Path ex64 = file("ex64.mmdsl", X86_64);
        for (String mode : new String[] {"--verbose", "--strict"}) {
            Cli c = Cli.run("run", mode, ex32.toString(), ex64.toString());
            assertEquals(0, c.status(), c.out());
            assertEquals("""
                    ex32.mmdsl: PASS (0 expectations met, 0 failed, 9 blanks)
                    ex64.mmdsl: PASS (0 expectations met, 0 failed, 11 blanks)
                    """, summary(c));
        }
        Cli v = Cli.run("run", "-v", ex32.toString());
        assertEquals("""
                ex32.mmdsl:2:1: blank: the run gives 0x36bfe000
                ex32.mmdsl:3:1: blank: the run gives 212497
                ex32.mmdsl:7:5: blank: the run gives 0xf73fe000
                ex32.mmdsl:11:5: blank: the run gives 5
                ex32.mmdsl:17:5: blank: the run gives 0xb7ff6000
                ex32.mmdsl:18:3: info: init[1]: mprotect(0x40000001, 4096, PROT_READ) = -1 EINVAL (Invalid argument) [errno-expected]
                ex32.mmdsl:19:5: blank: the run gives EINVAL
                ex32.mmdsl:22:5: blank: the run gives 42
                ex32.mmdsl:23:3: info: SIGSEGV (SEGV_ACCERR) on write of 0x8048010 by pid 1: VMA lacks VM_WRITE; VMA 08048000-0804e000 r-xp 00000000 fe:00 1000000 /sbin/init [fault-expected]
                ex32.mmdsl:24:5: blank: the run gives SIGSEGV SEGV_ACCERR
                ex32.mmdsl:26:1: blank: the run gives 42
                """, v.out().lines().filter(l -> l.contains("blank:") || l.contains("info:"))
                .map(l -> l.replace(dir.toString() + "/", "")).reduce("", (a, b) -> a + b + "\n"));
    }

    /** Filled-in expectations and blanks side by side: both counted; a wrong filled answer still fails. */
    @Test
    void blanksBesideOrdinaryExpectations() throws IOException {
        Path f = file("mixed.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB
                  mmap buf 4KB rw- private anon
                    expect ok
                  write buf value 3
                  read buf
                    expect value ?
                  read buf
                    expect value 4
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertEquals(1, c.status());
        assertEquals("mixed.mmdsl: FAIL (1 expectation met, 1 failed, 1 blank)\n", summary(c));
    }

    /**
     * A key's question (`? ANSWER`) is judged as the answer alone: a wrong one fails, and it is no blank;
     * `worth N` is accepted on a question (its points for `mmdsl grade`).
     */
    @Test
    void aQuestionWithItsAnswerIsJudged() throws IOException {
        Path f = file("key.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB
                  mmap buf 4KB rw- private anon
                    expect address ? 0xb7ff9000 worth 2
                  write buf value 3
                  read buf
                    expect value ? 4
                  write 0x08048010
                    expect fault ? SIGSEGV SEGV_ACCERR worth 3
                >
                expect init read buf == ? 3
                """);
        Cli c = Cli.run("run", "-v", f.toString());
        assertEquals(1, c.status());
        assertEquals("key.mmdsl: FAIL (3 expectations met, 1 failed)\n", summary(c));
        assertEquals("key.mmdsl:8:5: error: read of 0xb7ff9000 gave 3, expected 4 [expectation-failed]\n",
                c.out().lines().filter(l -> l.contains("[expectation-failed]")).map(l -> l.replace(dir.toString() + "/", "") + "\n")
                        .reduce("", String::concat));
    }

    /** An expectation with neither answer nor `?` is refused with what to write; `worth 0` too. */
    @Test
    void anExpectationWithoutAnswerOrBlankIsAnError() throws IOException {
        Path f = file("empty.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  mmap buf 4KB rw- private anon
                    expect address
                  read buf
                    expect value ? worth 0
                >
                expect zone Normal free
                """);
        Cli c = Cli.run("check", f.toString());
        assertEquals(2, c.status());
        assertEquals("""
                empty.mmdsl:4:12: error: this expectation has no answer: write the address, e.g. `expect address 0xb7ff6000`, or `?` to leave it blank for an exercise [missing-answer]
                empty.mmdsl:6:26: error: a question is worth at least 1 point: write `worth 1` or more, or leave `worth` out (1 point) [bad-points]
                empty.mmdsl:8:8: error: this expectation has no answer: write the value, e.g. `expect zone Normal free 911`, or `?` to leave it blank for an exercise [missing-answer]
                """, c.out().replace(dir.toString() + "/", "") + c.err().replace(dir.toString() + "/", ""));
    }

    @Test
    void aBlankTheRunNeverReachedOrLeftWithoutAnswerStaysBlank() throws IOException {
        String text = """
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB
                  mmap buf 16KB rw- private anon
                    expect address ?
                  mmap more 4KB rw- private anon
                    expect errno ?
                  repeat 100 <
                    write buf value 1
                  >
                  read buf
                    expect value ?
                >
                """;
        Path f = file("stop.mmdsl", text);
        Cli a = Cli.run("answers", "--max-steps", "20", f.toString());
        assertEquals(0, a.status());
        assertEquals(text.replace("expect address ?", "expect address ? 0xb7ff6000"), a.out());
        assertEquals("""
                stop.mmdsl:7:18: note: the run gives no answer here (the call succeeded); left as ?
                stop.mmdsl:12:18: note: blank not reached (the run stopped before it, or skipped its statement); left as ?
                """, a.err().replace(dir.toString() + "/", ""));
    }

    @Test
    void answersRefusesAnInvalidExercise() throws IOException {
        Path f = file("bad.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  mmap buf 4KB rw- private anon
                    expect fault ?
                >
                """);
        Cli a = Cli.run("answers", f.toString());
        assertEquals(2, a.status());
        assertEquals("", a.out());
        assertEquals("bad.mmdsl:4:12: error: only a read, write, exec or call of memory can fault [expectation-misplaced]\n",
                a.err().replace(dir.toString() + "/", ""));
        Cli syntax = Cli.run("answers", file("syntax.mmdsl", "boot ram 1536MB highmem\nexpect zone Normal start ? ?\n")
                .toString());
        assertEquals(2, syntax.status());
        assertEquals("", syntax.out());
    }

    /** The example pair: examples/lab-cow-key.mmdsl is exactly what `answers` prints for the exercise. */
    @Test
    void theExampleKeyIsTheExercisesAnswers() throws IOException {
        Path examples = ExamplesTest.root().resolve("examples");
        Cli a = Cli.run("answers", examples.resolve("lab-cow-exercise.mmdsl").toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(Files.readString(examples.resolve("lab-cow-key.mmdsl")), a.out());
        assertEquals("", a.err());
    }
}
