package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 5, the pages half of the state expectations, through the CLI: a pte's flags and pfn
 * ({@code expect pte ADDR flags|pfn}), struct page's refcount, mapcount and zone ({@code expect page ADDR|pfn N
 * ...}), a zone's free blocks of an order ({@code expect zone Z free order K}), a single access's TLB hit or
 * miss ({@code expect tlb}) and translate's end ({@code expect address}, {@code expect notpresent}). Each is a
 * question with {@code ?}: {@code mmdsl answers} fills it in, the key passes a strict run; a wrong answer
 * fails with what was observed; misplaced or misspelt ones are refused by {@code check}.
 */
class Issue13StatePagesTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String only(Cli c, String what) {
        return c.out().lines().filter(l -> l.contains(what)).map(l -> l.replace(dir.toString() + "/", "") + "\n")
                .reduce("", String::concat);
    }

    /** Copy-on-write on i386: before and after the first touch, after fork, after the child's write. */
    private static final String I386 = """
            boot ram 1536MB highmem
            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
              expect pte buf flags ?
              write buf value 42
                expect tlb ?
              read buf
                expect tlb ?
              expect pte buf flags ?
              expect pte buf pfn ?
              expect page buf refcount ?
              expect page buf zone ?
              translate buf+8
                expect address ?
              translate buf+4KB
                expect notpresent ?
            >
            process child = fork init <
              expect pte buf flags ?
              expect page buf mapcount ?
              expect page buf refcount ?
              write buf value 7
                expect tlb ?
              expect page buf mapcount ?
            >
            expect init pte buf flags ?
            expect init page buf mapcount ?
            expect zone Normal free order 10 ?
            expect page pfn 0x100 zone ?
            """;

    private static final String I386_KEY = """
            boot ram 1536MB highmem
            process init <
              exec "/sbin/init" text 24KB
              mmap buf 16KB rw- private anon
              expect pte buf flags ? none
              write buf value 42
                expect tlb ? miss
              read buf
                expect tlb ? hit
              expect pte buf flags ? present rw user accessed dirty
              expect pte buf pfn ? 0x36bfe
              expect page buf refcount ? 1
              expect page buf zone ? HighMem
              translate buf+8
                expect address ? 0x36bfe008
              translate buf+4KB
                expect notpresent ? pte
            >
            process child = fork init <
              expect pte buf flags ? present user dirty
              expect page buf mapcount ? 2
              expect page buf refcount ? 2
              write buf value 7
                expect tlb ? miss
              expect page buf mapcount ? 1
            >
            expect init pte buf flags ? present user accessed dirty
            expect init page buf mapcount ? 1
            expect zone Normal free order 10 ? 206
            expect page pfn 0x100 zone ? DMA
            """;

    /** x86_64 (6.18): nx in the flags, DMA32, a walk stopping at the pgd, a walk without an address. */
    private static final String X86_64 = """
            boot ram 1GB arch x86_64 kernel 6.18
            process init <
              exec "/sbin/init" text 24KB
              mmap buf 8KB rw- private anon
              write buf value 1
              expect pte buf flags ?
              expect page buf zone ?
              translate 0x10
                expect notpresent ?
              translate buf+4KB
                expect address ?
            >
            expect zone DMA32 free order 0 ?
            """;

    private static final String X86_64_KEY = """
            boot ram 1GB arch x86_64 kernel 6.18
            process init <
              exec "/sbin/init" text 24KB
              mmap buf 8KB rw- private anon
              write buf value 1
              expect pte buf flags ? present rw user accessed dirty nx
              expect page buf zone ? DMA32
              translate 0x10
                expect notpresent ? pgd
              translate buf+4KB
                expect address ?
            >
            expect zone DMA32 free order 0 ? 2
            """;

    @Test
    void answersFillsEveryPageStateBlank() throws IOException {
        Cli a = Cli.run("answers", file("ex32.mmdsl", I386).toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(I386_KEY, a.out());
        assertEquals("", a.err());
        Cli b = Cli.run("answers", file("ex64.mmdsl", X86_64).toString());
        assertEquals(0, b.status(), b.err());
        assertEquals(X86_64_KEY, b.out());
        assertEquals("ex64.mmdsl:11:20: note: the run gives no answer here (the walk of 0x7ffff7ff6000 in init stops at "
                + "the pte (not present)); left as ?\n", b.err().replace(dir.toString() + "/", ""));
    }

    @Test
    void theKeysPassAStrictRunAndTheExercisesCountTheirBlanks() throws IOException {
        Cli k = Cli.run("run", "--strict", file("key32.mmdsl", I386_KEY).toString(), file("key64.mmdsl", X86_64_KEY).toString());
        assertEquals(0, k.status(), k.out());
        assertEquals("""
                key32.mmdsl: PASS (18 expectations met, 0 failed)
                key64.mmdsl: PASS (4 expectations met, 0 failed, 1 blank)
                """, only(k, ": PASS ("));
        Cli e = Cli.run("run", "--strict", file("ex32.mmdsl", I386).toString(), file("ex64.mmdsl", X86_64).toString());
        assertEquals(0, e.status(), e.out());
        assertEquals("""
                ex32.mmdsl: PASS (0 expectations met, 0 failed, 18 blanks)
                ex64.mmdsl: PASS (0 expectations met, 0 failed, 5 blanks)
                """, only(e, ": PASS ("));
    }

    /** Wrong answers fail saying what the run observed, in the kernel's terms. */
    @Test
    void aWrongAnswerSaysWhatWasObserved() throws IOException {
        Cli c = Cli.run("run", file("fail.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  mmap buf 16KB rw- private anon
                  write buf value 42
                    expect tlb hit
                  read buf
                    expect tlb miss
                  expect pte buf flags present rw user
                  expect pte buf+4KB flags present
                  expect pte buf+4KB pfn 5
                  expect pte buf pfn 5
                  expect page buf refcount 3
                  expect page buf+4KB refcount 3
                  expect page buf zone Normal
                  translate buf
                    expect address 0x1000
                    expect notpresent pte
                  translate buf+4KB
                    expect address 0x1000
                    expect notpresent pgd
                >
                expect zone Normal free order 3 4
                expect page pfn 0x100 mapcount 1
                expect page pfn 0xfffffff refcount 1
                """).toString());
        assertEquals(1, c.status());
        assertEquals("""
                fail.mmdsl:5:5: error: the write of 0xb7ffc000 missed the TLB (a page walk), expected a hit [expectation-failed]
                fail.mmdsl:7:5: error: the read of 0xb7ffc000 hit the TLB, expected a miss [expectation-failed]
                fail.mmdsl:8:3: error: the pte of 0xb7ffc000 in init has flags present rw user accessed dirty, expected present rw user [expectation-failed]
                fail.mmdsl:9:3: error: no present entry maps 0xb7ffd000 in init (the walk stops at the pte), expected present [expectation-failed]
                fail.mmdsl:10:3: error: no present entry maps 0xb7ffd000 in init (the walk stops at the pte), expected pfn 0x5 [expectation-failed]
                fail.mmdsl:11:3: error: the pte of 0xb7ffc000 in init points to pfn 0x36bfe, expected 0x5 [expectation-failed]
                fail.mmdsl:12:3: error: the page at 0xb7ffc000 in init (pfn 0x36bfe) has refcount 1, expected 3 [expectation-failed]
                fail.mmdsl:13:3: error: no page is mapped at 0xb7ffd000 in init (the walk stops at the pte) [expectation-failed]
                fail.mmdsl:14:3: error: the page at 0xb7ffc000 in init (pfn 0x36bfe) is in zone HighMem, expected Normal [expectation-failed]
                fail.mmdsl:16:5: error: the walk of 0xb7ffc000 in init ends at physical address 0x36bfe000, expected physical address 0x1000 [expectation-failed]
                fail.mmdsl:17:5: error: the walk of 0xb7ffc000 in init ends at physical address 0x36bfe000, expected it to stop at the pte [expectation-failed]
                fail.mmdsl:19:5: error: the walk of 0xb7ffd000 in init stops at the pte (not present), expected physical address 0x1000 [expectation-failed]
                fail.mmdsl:20:5: error: the walk of 0xb7ffd000 in init stops at the pte (not present), expected it to stop at the pgd [expectation-failed]
                fail.mmdsl:22:1: error: zone Normal has 2 free blocks of order 3, expected 4 [expectation-failed]
                fail.mmdsl:23:1: error: the page of pfn 0x100 has mapcount 0, expected 1 [expectation-failed]
                fail.mmdsl:24:1: error: pfn 0xfffffff has no struct page (pfn_valid() is false) [expectation-failed]
                """, only(c, "error:"));
    }

    /** Misplaced, misspelt or unanswered checks are refused before the run, each saying what to write. */
    @Test
    void badChecksAreRefusedWithWhatToWrite() throws IOException {
        Cli c = Cli.run("check", file("bad.mmdsl", """
                process init <
                  mmap buf 16KB rw- private anon
                  write buf value 42
                    expect tlb hit
                  write buf for 8KB
                    expect tlb miss
                  expect pte buf flags present rw dirt
                  expect pte buf flags none present
                  expect pte buf flags
                  translate buf
                    expect notpresent pmdx
                  read buf
                    expect notpresent pte
                  expect page buf zone Normall
                >
                expect pte 0x1000 pfn 3
                expect page 0x1000 refcount 1
                expect zone Normal min order 3 4
                expect zone Normal free order 11 4
                kernel <
                  read 0xc0000000
                    expect tlb hit
                >
                process other <
                  translate 0x1000
                    expect fault ?
                    expect tlb miss
                >
                """).toString());
        assertEquals(2, c.status());
        assertEquals("""
                bad.mmdsl:6:12: error: a range access translates every page it touches, some hit and some miss: write `expect tlb` after a single read, write or exec (drop `for ...`) [expectation-misplaced]
                bad.mmdsl:7:24: error: 'dirt' is not a pte flag (present, rw, user, pwt, pcd, accessed, dirty, pse, pat, global, special, nx, none) (did you mean dirty?) [unknown-pte-flag]
                bad.mmdsl:8:24: error: `none` means no present entry maps the address: write it alone [unknown-pte-flag]
                bad.mmdsl:9:10: error: this expectation has no answer: write the flags, e.g. `expect pte buf flags present rw user accessed dirty` (or `none`), or `?` to leave it blank for an exercise [missing-answer]
                bad.mmdsl:11:23: error: 'pmdx' is not a page-table level of this machine (its levels: pgd, pte) [unknown-pte-flag]
                bad.mmdsl:13:12: error: only translate walks the page tables and stops at a non-present entry (an access faults: use `expect fault SIGSEGV ...`) [expectation-misplaced]
                bad.mmdsl:14:24: error: 'Normall' is not a zone of i386 (its zones: DMA, Normal, HighMem, Movable) [unknown-zone]
                bad.mmdsl:16:8: error: at top level, say whose page tables to look at: `expect TASK pte ADDR flags ...` [statement-outside-task]
                bad.mmdsl:17:8: error: at top level, say whose page tables to look at: `expect TASK page ADDR ...`, or a frame by number: `expect page pfn N ...` [statement-outside-task]
                bad.mmdsl:18:30: error: `order K` counts free blocks: write `expect zone Normal free order 3 N` [bad-order]
                bad.mmdsl:19:31: error: order 11 has no free list: free_area[] has orders 0..10 (MAX_ORDER 11) [bad-order]
                bad.mmdsl:22:12: error: kernel loads and stores walk the kernel page tables in software: the modelled dTLB caches user translations only; `expect tlb` follows a process's read, write or exec [expectation-misplaced]
                bad.mmdsl:26:12: error: translate walks the page tables in software and raises no fault: write `expect notpresent LEVEL` (where the walk stops) or `expect address PADDR` (where it ends) [expectation-misplaced]
                bad.mmdsl:27:12: error: translate walks the page tables in software: it neither uses nor fills the TLB; `expect tlb` follows a process's read, write or exec [expectation-misplaced]
                """, c.out().replace(dir.toString() + "/", ""));
    }

    /**
     * A frame by number may be a kernel handle of an earlier statement: alloc_pages without __GFP_COMP gives the
     * first page of the block a reference, the others none (mm/page_alloc.c post_alloc_hook(),
     * set_page_refcounted() of the head only).
     */
    @Test
    void aFrameByNumberNamesAnEarlierKernelHandle() throws IOException {
        Cli c = Cli.run("answers", file("kp.mmdsl", """
                alloc_pages blk order 2 GFP_KERNEL
                expect page pfn blk refcount ?
                expect page pfn blk+1 refcount ?
                expect page pfn blk zone ?
                kernel <
                  alloc_pages high order 0 GFP_HIGHUSER
                >
                expect page pfn high zone ?
                """).toString());
        assertEquals(0, c.status(), c.err());
        assertEquals("""
                alloc_pages blk order 2 GFP_KERNEL
                expect page pfn blk refcount ? 1
                expect page pfn blk+1 refcount ? 0
                expect page pfn blk zone ? Normal
                kernel <
                  alloc_pages high order 0 GFP_HIGHUSER
                >
                expect page pfn high zone ? HighMem
                """, c.out());
    }
}
