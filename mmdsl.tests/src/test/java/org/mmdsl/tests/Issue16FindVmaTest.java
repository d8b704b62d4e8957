package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;


import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Blanks;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 16 point 2, the language side: find_vma, find_vma_prev and find_vma_intersection with
 * {@code expect vma} / {@code expect prev} (and their blanks), {@code show vma}, {@code show mm} and
 * {@code show pmap [-x|-d]}, on i386 under 2.6 and 6.1 and on x86_64; where the validator refuses them.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue16FindVmaTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    /** The run's events from the first exec on (the boot log before it is not this test's). */
    private String run(String text) throws Exception {
        return ValidatorTest.eventsFrom(parser, text, "init[1]: execve");
    }

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    private static final String LOOKUPS = """
            boot ram 1536MB highmem kernel %s
            process init <
              exec "/sbin/init" text 40KB data 8KB bss 12KB
              mmap buf 64KB rw- private anon
              find_vma 0x10000000
                expect vma 0xb7ff0000-0xb8000000
              find_vma_prev 0x10000000
                expect vma 0xb7ff0000-0xb8000000
                expect prev 0x08054000-0x08057000
              find_vma_intersection buf+4KB buf+4KB
                expect vma %s
              find_vma 0xc0000000
                expect vma none
            >
            """;

    @Test
    void theLookupsReturnWhatMmMmapCReturnsOn26() throws Exception {
        assertEquals("""
                init[1]: execve("/sbin/init") [text 40960, data 8192, bss 12288] = 0
                init[1]: mmap(NULL, 65536, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb7ff0000
                find_vma(0x10000000) in init
                returns b7ff0000-b8000000 rw-p, which does not contain 0x10000000: it starts above it
                find_vma(0x10000000) in init returned 0xb7ff0000-0xb8000000
                find_vma_prev(0x10000000) in init
                returns b7ff0000-b8000000 rw-p, which does not contain 0x10000000: it starts above it; *pprev = 08054000-08057000 rw-p
                find_vma_prev(0x10000000) in init returned 0xb7ff0000-0xb8000000
                find_vma_prev(0x10000000) in init stored *pprev = 0x8054000-0x8057000
                find_vma_intersection(0xb7ff1000, 0xb7ff1000) in init
                returns b7ff0000-b8000000 rw-p
                find_vma_intersection(0xb7ff1000, 0xb7ff1000) in init returned 0xb7ff0000-0xb8000000
                find_vma(0xc0000000) in init
                returns NULL
                find_vma(0xc0000000) in init returned NULL
                """, run(LOOKUPS.formatted("2.6", "0xb7ff0000-0xb8000000")));
    }

    @Test
    void anEmptyIntersectionIsNullOn61AndAWrongAnswerFails() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 40KB data 8KB bss 12KB
                  mmap buf 64KB rw- private anon
                  find_vma_intersection buf+4KB buf+4KB
                    expect vma buf-(buf+64KB)
                  find_vma_intersection buf+4KB buf+8KB
                    expect vma buf-(buf+64KB)
                >
                """);
        assertEquals("""
                [expectation-failed] find_vma_intersection(0xb7feb000, 0xb7feb000) in init returned NULL, expected 0xb7fea000-0xb7ffa000
                find_vma_intersection(0xb7feb000, 0xb7fec000) in init returned 0xb7fea000-0xb7ffa000
                """, RunText.linesContaining(out, "returned"));
    }

    @Test
    void aBlankRecordsTheVmaOrNone() throws Exception {
        String text = """
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 40KB data 8KB bss 12KB
                  find_vma_prev 0x1000
                    expect vma ?
                    expect prev ?
                >
                """;
        Scenario s = parser.parse(text);
        Run r = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals("""
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 40KB data 8KB bss 12KB
                  find_vma_prev 0x1000
                    expect vma ? 0x8048000-0x8052000
                    expect prev ? none
                >
                """, Blanks.key(text, s, r, f -> { }));
    }

    @Test
    void showVmaMmAndPmapPrintTheStructsAndProcpsFormats() throws Exception {
        String out = run("""
                boot ram 1536MB highmem kernel 2.6
                process init <
                  exec "/sbin/init" text 40KB data 8KB bss 12KB
                  show vma 0x08049000
                  show pmap -d
                  show pmap
                >
                show mm init
                """);
        assertEquals("""
                init[1]: execve("/sbin/init") [text 40960, data 8192, bss 12288] = 0
                vm_area_struct at 0x8049000 in init
                vm_start      0x08048000
                vm_end        0x08052000
                vm_page_prot  0x25 _PAGE_PRESENT|_PAGE_USER|_PAGE_ACCESSED
                vm_flags      0x00000075 VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
                anon_vma      none
                vm_pgoff      0x0
                vm_file       /sbin/init
                pmap -d 1
                1:   init
                Address   Kbytes Mode  Offset           Device    Mapping
                08048000      40 r-x-- 0000000000000000 0fe:00000 init
                08052000       8 rw--- 000000000000a000 0fe:00000 init
                08054000      12 rw--- 0000000008054000 000:00000   [ anon ]
                bffeb000      84 rw--- 00000000bffeb000 000:00000   [ stack ]
                ffffe000       4 r-x-- 0000000000000000 000:00000   [ anon ]
                mapped: 148K    writeable/private: 104K    shared: 0K
                pmap 1
                1:   init
                08048000     40K r-x--  /sbin/init
                08052000      8K rw---  /sbin/init
                08054000     12K rw---    [ anon ]
                bffeb000     84K rw---    [ stack ]
                ffffe000      4K r-x--    [ anon ]
                 total      148K
                mm_struct of init (pid 1)
                mmap          08048000-08052000 r-xp (the first VMA of the vm_next list)
                mm_rb         4 VMAs in the red-black tree
                mmap_cache    bffeb000-c0000000 rw-p
                map_count     4
                mm_users      1
                mm_count      1
                pgd           0xc1402000 (pfn 0x1402)
                total_vm      36 pages
                locked_vm     0 pages
                start_code    0x08048000
                end_code      0x08052000
                start_data    0x08052000
                end_data      0x08054000
                start_brk     0x08057000
                brk           0x08057000
                start_stack   0xbffff000
                arg_start     0 (argv and envp are not modelled), arg_end, env_start, env_end likewise
                rss           0 pages: _file_rss 0, _anon_rss 0
                """, out);
    }

    @Test
    void theValidatorPlacesTheExpectationsAndNamesPmapsOptions() throws Exception {
        assertEquals("""
                4:12 error [expectation-misplaced] only find_vma_prev stores a *pprev: write `find_vma_prev ADDR` to ask for it
                5:12 error [expectation-misplaced] a VMA lookup returns a VMA or NULL, never an errno: use `expect vma START-END` or `expect vma none`
                7:12 error [expectation-misplaced] only find_vma, find_vma_prev and find_vma_intersection return a VMA
                8:14 error [unknown-option] pmap -q is not modelled: `show pmap`, `show pmap -x` or `show pmap -d`
                9:14 error [unknown-option] `show maps` takes no option (only `show pmap -x` and `show pmap -d` do)
                11:6 error [statement-outside-task] at top level, say whose memory to show: `show mm TASK`
                """, issues("""
                boot ram 1536MB highmem
                process init <
                  find_vma 0x1000
                    expect prev none
                    expect errno EINVAL
                  read 0x1000
                    expect vma none
                  show pmap -q
                  show maps -x
                >
                show mm
                """));
    }
}
