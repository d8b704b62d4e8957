package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 5, the address space's half: expectations about state that a VMA or COW lab asks, each a
 * blank or an answer: {@code expect [TASK] maps """..."""} (the whole /proc/PID/maps), {@code maps has "LINE"},
 * {@code vmas N} (mm->map_count), {@code rss [file|anon|swap|shmem] N} (rss_stat, pages) and {@code mm FIELD V}.
 * Through the CLI: the key {@code mmdsl answers} writes, the key's strict run, the failure messages of a run and
 * the validator's errors of {@code mmdsl check}.
 */
class Issue13StateVmaTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String rel(String s) {
        return s.replace(dir.toString() + "/", "");
    }

    private static String summary(String out) {
        return out.lines().filter(l -> l.contains(": PASS (") || l.contains(": FAIL (")).reduce("", (a, b) -> a + b + "\n");
    }

    /** i386, 6.1: every check as a blank, in a process and at top level. */
    private static final String I386 = """
            boot ram 1536MB highmem
            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
              write buf value 1
              write buf+4KB value 2
              mmap sh 4KB rw- shared anon
              write sh value 3
              expect maps ?
              expect vmas ?
              expect rss ?
              expect rss anon ?
              expect rss file ?
              expect rss shmem ?
              expect rss swap ?
              expect mm total_vm ?
              expect mm data_vm ?
              expect mm brk ?
            >
            expect init vmas ? worth 2
            """;

    private static final String I386_KEY = """
            boot ram 1536MB highmem
            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
              write buf value 1
              write buf+4KB value 2
              mmap sh 4KB rw- shared anon
              write sh value 3
              expect maps ? \"""
                08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                b7ff5000-b7ff6000 rw-s 00000000 00:01 1          /dev/zero (deleted)
                b7ff6000-b7ffa000 rw-p 00000000 00:00 0
                b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]
                \"""
              expect vmas ? 6
              expect rss ? 3
              expect rss anon ? 2
              expect rss file ? 0
              expect rss shmem ? 1
              expect rss swap ? 0
              expect mm total_vm ? 50
              expect mm data_vm ? 4
              expect mm brk ? 0x804e000
            >
            expect init vmas ? 6 worth 2
            """;

    @Test
    void answersFillsEveryBlankAndTheKeyPassesStrict() throws IOException {
        Cli a = Cli.run("answers", file("ex.mmdsl", I386).toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(I386_KEY, a.out());
        assertEquals("", a.err());
        Cli k = Cli.run("run", "--strict", file("key.mmdsl", I386_KEY).toString());
        assertEquals(0, k.status(), k.out());
        assertEquals("key.mmdsl: PASS (11 expectations met, 0 failed)\n", rel(summary(k.out())));
        Cli ex = Cli.run("run", "--strict", file("ex.mmdsl", I386).toString());
        assertEquals(0, ex.status(), ex.out());
        assertEquals("ex.mmdsl: PASS (0 expectations met, 0 failed, 11 blanks)\n", rel(summary(ex.out())));
    }

    /**
     * x86_64 (6.18): in a fork block the check is the child's (a COW child maps the parent's 4 anon pages too: its
     * rss counts them, also after its write); a thread shares its process's mm; [vsyscall] is a maps line but no
     * VMA of map_count.
     */
    @Test
    void theTaskIsTheBlocksAndTheGateVmaIsNoVma() throws IOException {
        String ex = """
                boot ram 1GB arch x86_64 kernel 6.18
                process init <
                  exec "/sbin/init" text 24KB
                  mmap buf 16KB rw- private anon
                  write buf for 16KB
                  expect rss anon ?
                  fork temp <
                    write buf value 9
                    expect rss anon ?
                    expect vmas ?
                  >
                >
                process child = fork init <
                  munmap buf 4KB
                  expect rss anon ?
                  expect maps ?
                >
                thread worker = clone init <
                  mmap more 4KB rw- private anon
                  expect vmas ?
                  expect mm total_vm ?
                >
                expect init vmas ?
                expect init maps has "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]"
                expect child rss ?
                """;
        String key = """
                boot ram 1GB arch x86_64 kernel 6.18
                process init <
                  exec "/sbin/init" text 24KB
                  mmap buf 16KB rw- private anon
                  write buf for 16KB
                  expect rss anon ? 4
                  fork temp <
                    write buf value 9
                    expect rss anon ? 4
                    expect vmas ? 7
                  >
                >
                process child = fork init <
                  munmap buf 4KB
                  expect rss anon ? 3
                  expect maps ? \"""
                    00400000-00401000 r--p 00000000 fe:00 1000000                            /sbin/init
                    00401000-00407000 r-xp 00001000 fe:00 1000000                            /sbin/init
                    7ffff7ff4000-7ffff7ff7000 rw-p 00000000 00:00 0
                    7ffff7ff7000-7ffff7ffb000 r--p 00000000 00:00 0                          [vvar]
                    7ffff7ffb000-7ffff7ffd000 r--p 00000000 00:00 0                          [vvar_vclock]
                    7ffff7ffd000-7ffff7fff000 r-xp 00000000 00:00 0                          [vdso]
                    7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
                    ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
                    \"""
                >
                thread worker = clone init <
                  mmap more 4KB rw- private anon
                  expect vmas ? 7
                  expect mm total_vm ? 53
                >
                expect init vmas ? 7
                expect init maps has "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]"
                expect child rss ? 3
                """;
        Cli a = Cli.run("answers", file("ex64.mmdsl", ex).toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(key, a.out());
        Cli k = Cli.run("run", "--strict", file("key64.mmdsl", key).toString());
        assertEquals("key64.mmdsl: PASS (10 expectations met, 0 failed)\n", rel(summary(k.out())));
    }

    /**
     * kernel 2.6 (2.6.24): the gate VMA ends maps as [vdso] but is no VMA; file_rss holds the shmem pages; exec_vm
     * and stack_vm by its vm_stat_account() (VmExe + VmLib, VmStk of its status).
     */
    @Test
    void kernel26CountsAs2624() throws IOException {
        Path f = file("k26.mmdsl", """
                boot ram 1536MB highmem kernel 2.6
                process init <
                  exec "/sbin/init" text 24KB
                  mmap sh 8KB rw- shared anon
                  write sh for 8KB
                  mmap buf 4KB rw- private anon
                  write buf value 1
                  expect maps \"""
                    08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                    b7ffd000-b7ffe000 rw-p b7ffd000 00:00 0
                    b7ffe000-b8000000 rw-s 00000000 00:01 1          /dev/zero (deleted)
                    bffeb000-c0000000 rw-p bffeb000 00:00 0          [stack]
                    ffffe000-fffff000 r-xp 00000000 00:00 0          [vdso]
                    \"""
                  expect vmas 4
                  expect rss 3
                  expect rss file 2
                  expect rss anon 1
                  expect mm exec_vm 6
                  expect mm stack_vm 21
                  expect mm total_vm 30
                >
                """);
        Cli c = Cli.run("run", "--strict", "-v", f.toString());
        assertEquals(0, c.status(), c.out());
        assertEquals("""
                k26.mmdsl:8:3: ok: init's /proc/1/maps is the expected block (5 lines)
                k26.mmdsl:15:3: ok: init has 4 VMAs (mm->map_count)
                k26.mmdsl:16:3: ok: init's rss is 3 pages (get_mm_rss())
                k26.mmdsl:17:3: ok: init's rss file is 2 pages (MM_FILEPAGES)
                k26.mmdsl:18:3: ok: init's rss anon is 1 page (MM_ANONPAGES)
                k26.mmdsl:19:3: ok: init's mm->exec_vm is 6 pages
                k26.mmdsl:20:3: ok: init's mm->stack_vm is 21 pages
                k26.mmdsl:21:3: ok: init's mm->total_vm is 30 pages
                k26.mmdsl: PASS (8 expectations met, 0 failed)
                """, rel(c.out().lines().filter(l -> l.contains(": ok: ") || l.contains(": PASS"))
                .reduce("", (x, y) -> x + y + "\n")));
    }

    /** What a failed check says: the maps as a unified diff (expected to actual), the line not found, the counts. */
    @Test
    void failuresSayWhatWasObservedAndWhatWasExpected() throws IOException {
        Path f = file("fail.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB
                  mmap buf 16KB rw- private anon
                  expect maps \"""
                      08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                      b7ff5000-b7ffa000 rw-p 00000000 00:00 0
                      b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                      b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                      bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]
                      \"""
                  expect maps has "b7ff5000-b7ffa000 rw-p 00000000 00:00 0"
                  expect maps has "b7ff6000-b7ffa000    rw-p 00000000 00:00 0   "
                  expect vmas 4
                  expect rss anon 1
                  expect mm brk 0x804f000
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertEquals(1, c.status());
        assertEquals("""
                fail.mmdsl:5:3: error: init's /proc/1/maps is not the expected block (- expected, + actual):
                --- expected
                +++ /proc/1/maps
                @@ -1,3 +1,3 @@
                 08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                -b7ff5000-b7ffa000 rw-p 00000000 00:00 0
                +b7ff6000-b7ffa000 rw-p 00000000 00:00 0
                 b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar] [expectation-failed]
                fail.mmdsl:12:3: error: no line of init's /proc/1/maps is "b7ff5000-b7ffa000 rw-p 00000000 00:00 0"; it has:
                08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                b7ff6000-b7ffa000 rw-p 00000000 00:00 0
                b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                bffdf000-c0000000 rw-p 00000000 00:00 0          [stack] [expectation-failed]
                fail.mmdsl:14:3: error: init has 5 VMAs (mm->map_count), expected 4 [expectation-failed]
                fail.mmdsl:15:3: error: init's rss anon is 0 pages (MM_ANONPAGES), expected 1 [expectation-failed]
                fail.mmdsl:16:3: error: init's mm->brk is 0x804e000, expected 0x804f000 [expectation-failed]
                fail.mmdsl: FAIL (1 expectation met, 5 failed)
                """, rel(c.out()));
    }

    /** Bad input: each error names the line, what is wrong and what to write. */
    @Test
    void theValidatorSaysWhatToWrite() throws IOException {
        Path f = file("bad.mmdsl", """
                boot ram 1536MB highmem kernel 2.6
                process init <
                  exec "/sbin/init" text 24KB
                  expect maps has ?
                  expect rss anon 12KB
                  expect rss shmem 3
                  expect rss swap 0
                  expect vmas 3 pages
                  expect mm data_vm 3
                  expect mm pinned_vm 0
                  expect mm total 3
                  expect maps
                  expect vmas
                >
                expect vmas 3
                expect maps has "x"
                """);
        Cli c = Cli.run("check", f.toString());
        assertEquals(2, c.status());
        assertEquals("""
                bad.mmdsl:4:19: error: `expect maps has` checks a line you write, it has no blank: ask for the whole maps with `expect maps ?`, or write the line, e.g. `expect maps has "b7ff6000-b7ffa000 rw-p 00000000 00:00 0"` [no-blank-form]
                bad.mmdsl:5:19: error: the kernel counts rss in pages, a bare number: write 3 instead of 12KB [count-in-pages]
                bad.mmdsl:6:14: error: kernel 2.6: MM_SHMEMPAGES arrived in 4.5: 2.6.24 counts a shmem page in file_rss, check `rss file` [not-in-kernel-model]
                bad.mmdsl:7:14: error: kernel 2.6: MM_SWAPENTS arrived in 2.6.34: 2.6.24 does not count an mm's swap entries; check `rss anon` (a swapped-out page leaves it) [not-in-kernel-model]
                bad.mmdsl:8:15: error: `expect vmas` counts VMAs, a bare number: write 3 instead of 3 pages [count-in-pages]
                bad.mmdsl:9:13: error: kernel 2.6: mm->data_vm arrived in 4.5: 2.6.24's VmData (`show status`) is total_vm - shared_vm - stack_vm; check `mm total_vm` and `mm stack_vm` [not-in-kernel-model]
                bad.mmdsl:10:13: error: kernel 2.6: mm->pinned_vm arrived in 3.2: 2.6.24 counts mlocked pages only, check `mm locked_vm` [not-in-kernel-model]
                bad.mmdsl:11:13: error: 'total' is not an mm_struct field mmdsl models: brk, start_brk, start_stack, start_code, end_code, start_data, end_data, mmap_base, task_size, map_count, total_vm, locked_vm, pinned_vm, data_vm, exec_vm, stack_vm [unknown-mm-field]
                bad.mmdsl:12:10: error: this expectation has no answer: write the maps as a text block, `expect maps \"""` then its lines and `\"""`, or `?` to leave it blank for an exercise [missing-answer]
                bad.mmdsl:13:10: error: this expectation has no answer: write the number of VMAs, e.g. `expect vmas 12`, or `?` to leave it blank for an exercise [missing-answer]
                bad.mmdsl:15:8: error: at top level, say whose address space to check: `expect TASK vmas N` [statement-outside-task]
                bad.mmdsl:16:8: error: at top level, say whose address space to check: `expect TASK maps has "LINE"` [statement-outside-task]
                """, rel(c.out() + c.err()));
    }

    /**
     * The text block's terminal leaves the other quotes alone: a block comment holding three quotes is a comment,
     * "" is an empty string; a block may start on the line of its quotes and end with them on its last line.
     */
    @Test
    void textBlocksStringsAndCommentsLexApart() throws IOException {
        Path f = file("lex.mmdsl", """
                boot ram 1536MB highmem
                /* a \""" inside a comment */
                process init <
                  exec "/sbin/init" text 24KB
                  expect maps has ""
                  expect maps \"""08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                    b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                    b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                    bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]\"""
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertEquals("""
                lex.mmdsl:5:3: error: no line of init's /proc/1/maps is ""; it has:
                08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                bffdf000-c0000000 rw-p 00000000 00:00 0          [stack] [expectation-failed]
                lex.mmdsl: FAIL (1 expectation met, 1 failed)
                """, rel(c.out()));
    }
    /** Editors colour a text block as a string on each of its lines (semantic tokens split it), its keywords as keywords. */
    @Test
    void aTextBlockIsAStringTokenOnEveryLine() throws Exception {
        String text = """
                process init <
                  expect maps \"""
                    08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init
                    \"""
                  expect rss anon ?
                >
                """;
        try (LspHarness h = new LspHarness()) {
            h.open(text);
            List<Integer> data = h.server.semanticTokensFull(new org.eclipse.lsp4j.SemanticTokensParams(h.doc()))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).getData();
            List<String> types = org.mmdsl.ide.semantictokens.SemanticTokenLegend.TYPES;
            String[] lines = text.split("\n");
            StringBuilder sb = new StringBuilder();
            int line = 0;
            int col = 0;
            for (int i = 0; i < data.size(); i += 5) {
                line += data.get(i);
                col = data.get(i) == 0 ? col + data.get(i + 1) : data.get(i + 1);
                if (line >= 1 && line <= 4) {
                    sb.append(line).append(' ').append(lines[line], col, col + data.get(i + 2)).append(':')
                            .append(types.get(data.get(i + 3))).append('\n');
                }
            }
            assertEquals("""
                    1 expect:keyword
                    1 maps:keyword
                    1 \""":string
                    2     08048000-0804e000 r-xp 00000000 fe:00 1000000    /sbin/init:string
                    3     \""":string
                    4 expect:keyword
                    4 rss:keyword
                    4 anon:enumMember
                    4 ?:operator
                    """, sb.toString());
        }
    }
}
