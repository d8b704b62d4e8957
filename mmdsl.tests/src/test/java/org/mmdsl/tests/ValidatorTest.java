package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Static validation: the whole issue list of a scenario as a sorted snapshot
 * ({@code line:col severity [code] message}), so a new or lost diagnostic fails the test.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class ValidatorTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    /** Static issues only (the CLI's `check`). */
    String issues(String text) throws Exception {
        Scenario s = parser.parse(text);
        List<Issue> issues = validator.validate(s.eResource(), CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
        return snapshot(issues);
    }

    /** The validator's issues on {@code text}, as {@link #snapshot} writes them: what a user sees listed. */
    static String issues(ParseHelper<Scenario> parser, IResourceValidator validator, String text) throws Exception {
        Scenario s = parser.parse(text);
        return snapshot(validator.validate(s.eResource(), CheckMode.FAST_ONLY, CancelIndicator.NullImpl));
    }

    /**
     * The events of a batch run of {@code text} as {@code mmdsl run -v} lists them, from the first line
     * holding {@code from} on (the boot log before it is not the test's).
     */
    static String eventsFrom(ParseHelper<Scenario> parser, String text, String from) throws Exception {
        String out = RunText.events(org.mmdsl.interpreter.Interpreter.run(parser.parse(text),
                org.mmdsl.interpreter.Interpreter.Limits.BATCH, null));
        return out.substring(out.indexOf(from));
    }

    static String snapshot(List<Issue> issues) {
        return issues.stream()
                .sorted((a, b) -> a.getOffset() != b.getOffset() ? Integer.compare(a.getOffset(), b.getOffset())
                        : a.getMessage().compareTo(b.getMessage()))
                .map(i -> i.getLineNumber() + ":" + i.getColumn() + " " + i.getSeverity().name().toLowerCase() + " ["
                        + (i.getCode() != null && i.getCode().startsWith("org.eclipse") ? "xtext" : i.getCode()) + "] "
                        + i.getMessage())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void cleanScenarioHasNoIssues() throws Exception {
        assertEquals("\n", issues("""
                boot ram 1536MB highmem
                process init <
                  mmap buf 16KB rw- private anon
                  write buf value 1
                >
                """));
    }

    @Test
    void unknownHandleAndProcess() throws Exception {
        assertEquals("""
                3:9 error [unknown-name] no mapping named 'nope' is visible here: a handle is the name an earlier `mmap NAME ...` of this process (or of the process it was forked or cloned from) gave
                5:11 error [unknown-name] no process or thread named 'ghost' is defined before this line
                """, issues("""
                process init <
                  mmap buf 16KB rw- private anon
                  write nope
                >
                translate ghost 0x1000
                """));
    }

    @Test
    void handleUsedBeforeItsMmap() throws Exception {
        assertEquals("""
                2:9 error [unknown-name] 'buf' is not visible here: 'buf' is on line 3, and a name is visible only after the statement that defines it: move line 3 above line 2
                """, issues("""
                process init <
                  write buf
                  mmap buf 16KB rw- private anon
                >
                """));
    }

    @Test
    void mmapArgumentsTheKernelRejects() throws Exception {
        assertEquals("""
                2:13 error [unaligned-address] MAP_FIXED address 0x40000123 is not page-aligned: the kernel returns EINVAL (use 0x40000000, or add `expect errno EINVAL`)
                3:10 error [size-zero] mmap of length 0: the kernel returns EINVAL
                4:10 error [size-overflow] length 0x100000000 is larger than the task's address space (TASK_SIZE 0xc0000000): the call cannot succeed
                5:31 error [bad-flags] MAP_FIXED needs an address: write `mmap NAME at ADDR ...`
                6:14 error [bad-flags] mmap needs `private` or `shared`: without MAP_PRIVATE or MAP_SHARED the kernel returns EINVAL (add `expect errno EINVAL` to show that)
                7:3 error [unaligned-address] munmap address 0x1001 is not page-aligned: the kernel returns EINVAL (use 0x1000, or add `expect errno EINVAL`)
                """, issues("""
                process init <
                  mmap a at 0x40000123 4KB rw- private anon fixed
                  mmap b 0 rw- private anon
                  mmap c 4GB rw- private anon
                  mmap d 4KB rw- private anon fixed
                  mmap e 4KB rw- anon
                  munmap 0x1001 4KB
                >
                """));
    }

    @Test
    void expectedErrnoTurnsTheErrorIntoAScenario() throws Exception {
        assertEquals("\n", issues("""
                process init <
                  mmap a at 0x40000123 4KB rw- private anon fixed expect errno EINVAL
                  munmap 0x1001 4KB expect errno EINVAL
                >
                """));
    }

    /** Xtext 2.42 loses (and logs) a syntax error that ends at a final lone '\r': MmdslResourceValidator keeps it, where a file with \n line ends has it too. */
    @Test
    void aSyntaxErrorAtTheEndOfAFileWithOldMacLineEndsIsReported() throws Exception {
        assertEquals("""
                2:32 error [syntax] expected '>' before the end of file: `process a <` (line 1) is not closed
                """, issues("process a <\r  mmap buf 4KB rw- private anon\r"));
    }

    @Test
    void bootOptionsContradictingTheArchitecture() throws Exception {
        assertEquals("""
                1:1 warning [ram-not-addressable] a non-PAE kernel addresses only 4 GB: 2048 MB of the 6144 MB of RAM are never used; PAE is required above 4 GB (`arch i386 pae`)
                """, issues("boot ram 6GB arch i386"));
                assertEquals("""
                1:1 error [boot-option-conflict] VMSPLIT is an i386 option: x86_64 always puts the direct map at page_offset_base
                """, issues("boot ram 2GB arch x86_64 split 2G/2G"));
        assertEquals("""
                1:1 error [boot-option-conflict] reservetop= is an i386 parameter: x86_64 keeps its fixmap at a fixed address
                """, issues("boot ram 2GB arch x86_64 reservetop 16MB"));
        assertEquals("\n", issues("boot ram 1536MB arch i386 pae reservetop 16MB"));
        assertEquals("""
                1:26 error [boot-option-conflict] PAE is an i386 paging mode; x86_64 always uses 64-bit entries (4-level, or 5-level with `la57`)
                """, issues("boot ram 2GB arch x86_64 pae"));
        assertEquals("""
                1:14 error [boot-option-duplicate] 'ram' is given twice; the kernel would take the last one, say it once
                """, issues("boot ram 1GB ram 2GB"));
    }

    @Test
    void absurdSizeIsAClearErrorNotACrash() throws Exception {
        assertEquals("""
                1:10 error [xtext] '99999999TB' does not fit in 64 bits: the largest address or size is 0xffffffffffffffff (16 EB - 1)
                """, issues("boot ram 99999999TB"));
        assertEquals("\n", issues("boot ram 4TB arch x86_64 la57"));
        assertEquals("""
                1:1 error [boot-option-conflict] the simulator boots at most 4 TB (x86_64 itself allows 64 TB): its page frame numbers are 31-bit
                """, issues("boot ram 5TB arch x86_64"));
        assertEquals("""
                1:1 error [boot-option-conflict] x86_64 with 4-level paging addresses at most 64 TB of RAM (MAX_PHYSMEM_BITS 46): use `arch la57`, or less RAM
                """, issues("boot ram 65TB arch x86_64"));
    }

    @Test
    void expectationNames() throws Exception {
        assertEquals("""
                4:18 error [unknown-signal] 'SIGFPE' is not a signal a memory access raises: use SIGSEGV or SIGBUS
                6:26 error [unknown-si-code] BUS_ADRERR goes with SIGBUS, not SIGSEGV; SIGSEGV uses SEGV_MAPERR, SEGV_ACCERR
                7:44 error [unknown-errno] 'ENOPE' is not an errno the simulator knows (e.g. EINVAL, ENOMEM, EEXIST, EFAULT, EACCES, EPERM, EAGAIN)
                9:13 error [unknown-zone] 'Highmem' is not a zone of i386 (its zones: DMA, Normal, HighMem, Movable)
                """, issues("""
                process init <
                  mmap buf 16KB rw- private anon
                  write buf
                    expect fault SIGFPE
                  write buf
                    expect fault SIGSEGV BUS_ADRERR
                  mmap b 4KB rw- private anon expect errno ENOPE
                >
                expect zone Highmem start 0x36ffe000
                """));
    }

    @Test
    void zoneWatermarkChecksTakeTheZoneinfoWords() throws Exception {
        assertEquals("\n", issues("expect zone Normal min 911\nexpect zone DMA low 20\nexpect zone DMA high 24\n"
                + "expect zone DMA free 3840\n"));
        assertEquals("""
                1:17 error [unknown-zone] 'lowest' is not a zone field (start, end, spanned, present, managed, or min, low, high, free)
                """, issues("expect zone DMA lowest 5\n"));
    }

    @Test
    void syntaxErrorsSayHowTheStatementIsWritten() throws Exception {
        assertEquals("""
                1:34 error [syntax] unexpected 'privat' in mmap: expected 'private', 'shared', 'shared_validate', 'anon', 'file', 'fd' or 'device' after 'rw-'; did you mean 'private'?
                """, issues("process init < mmap buf 16KB rw- privat anon >\n"));
        assertEquals("""
                1:1 error [syntax] unexpected 'proces'; a statement starts with boot, process, thread, kthread, kernel, file, a kernel step (kmap, kmalloc, ...), translate, show pagetables|slabinfo|vmallocinfo|tlb|active_mm|page|maps|dmesg|zoneinfo|buddyinfo|meminfo|smaps|status|pmap|mmap_cache|early_pagetables|vmstat|stat|mm|pagetypeinfo|numa_maps|picture or expect; did you mean 'process'?
                """, issues("proces init < >\n"));
        assertEquals("""
                3:1 error [syntax] unexpected 'frobnicate'; inside `process NAME < ... >` the steps are exec, mmap, munmap, mprotect, brk, read, write, translate, mremap, madvise, mlock, mlock2, munlock, mlockall, munlockall, msync, open, memfd_create, fcntl, ftruncate, close, pread, pwrite, mincore, mseal, setrlimit, setuid, call, let, fork, repeat, find_vma, find_vma_prev, find_vma_intersection, set_mempolicy, mbind, show pagetables|maps|dmesg|zoneinfo|buddyinfo|meminfo|smaps|status|pmap|mmap_cache|early_pagetables|vmstat|stat|mm|pagetypeinfo|numa_maps|pagemap|picture|vma|folio, expect and exit
                """, issues("process init <\n  mmap buf 16KB rw- private anon\nfrobnicate\n>\n"));
        assertEquals("""
                2:12 error [syntax] expected '>' before the end of file: `process init <` (line 1) is not closed
                """, issues("process init <\n  write 0x0\n"));
    }
}
