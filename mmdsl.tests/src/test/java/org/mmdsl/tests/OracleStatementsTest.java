package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.oracle.OracleTranslator;
import org.mmdsl.runtime.proc.ProcMapsOracle;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * The statements the proc-maps oracle needs (issue 4 point 9) as a scenario writer uses them: files and
 * descriptors, byte accesses and calls, fork blocks, loops, the task-state atoms, kernel 6.18; their
 * static checks; and `import-oracle` / `run --oracle` on a small script.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class OracleStatementsTest {

    @Inject
    private ParseHelper<Scenario> parser;
    @Inject
    private IResourceValidator validator;
    @Inject
    private Provider<IFormatter2> formatter;
    @Inject
    private Provider<TextRegionAccessBuilder> regions;
    @Inject
    private Provider<FormatterRequest> requests;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    @Test
    void filesDescriptorsForksAndLoopsDoWhatTheKernelDoes() throws Exception {
        Path f = write("files.mmdsl", """
                boot ram 256MB arch x86_64 kernel 6.18
                file "/srv/data" size 8KB letters
                process p <
                  exec "/bin/p" text 16KB data 4KB bss 4KB
                  open blob "/srv/data" O_RDWR
                    expect ok
                  mmap m 8KB rw- shared fd blob offset 0
                  read byte m+4KB
                    expect value 0x42
                  ftruncate blob 4KB
                  read byte m+4KB
                    expect fault SIGBUS BUS_ADRERR at m+4KB
                  close blob
                  close blob
                    expect errno EBADF
                  mmap x 4KB --x private anon
                  call x
                    expect fault SIGSEGV SEGV_ACCERR at x
                  write byte m value 7
                  fork child <
                    write byte m value 9
                    read byte m
                      expect value 9
                  >
                  read byte m
                    expect value 9
                  let top = vma_end "[stack]"
                  brk mm->brk+8KB
                    expect address mm->start_brk+8KB
                  mseal x 4KB
                  munmap x 4KB
                    expect errno EPERM
                  setrlimit RLIMIT_AS 32MB
                  repeat 100 <
                    mmap 1MB rw- private anon
                  >
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertTrue(c.out().endsWith(f + ": PASS (9 expectations met, 0 failed)\n"), c.out());
        assertTrue(c.out().contains("mmap(NULL, 1048576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM")
                && c.out().contains("[errno-unexpected]"), c.out());
    }

    @Test
    void staticChecks() throws Exception {
        assertEquals("""
                1:1 error [boot-option-conflict] the 6.18 model is the proc-maps oracle's x86_64 kernel: use `arch x86_64` (or `kernel 6.1` for i386)
                """, issues("boot ram 256MB kernel 6.18\n"));
        assertEquals("""
                3:3 error [not-in-kernel-model] kernel 6.1: mseal() arrived in 6.10: choose `kernel 6.18`
                """, issues("boot ram 256MB arch x86_64\nprocess p <\n  mseal 0x1000 4KB\n>\n"));
        assertEquals("""
                3:19 error [unknown-open-flag] 'O_RDWX' is not an access mode of open(2): O_RDONLY, O_WRONLY, O_RDWR or O_PATH (did you mean O_RDWR?)
                4:13 error [unknown-rlimit] 'RLIMIT_NOFILE' is not a limit mmdsl models: RLIMIT_STACK, RLIMIT_AS, RLIMIT_DATA or RLIMIT_MEMLOCK
                5:11 error [unknown-mm-field] mm->foo is not an mm_struct field mmdsl models: brk, start_brk, start_stack, start_code, end_code, start_data, end_data, mmap_base, task_size, map_count, total_vm, locked_vm, pinned_vm, data_vm, exec_vm, stack_vm
                7:13 error [statement-outside-task] vma_start reads the address space of the task the statement runs in: use it inside a process
                """, issues("""
                boot ram 256MB arch x86_64 kernel 6.18
                process p <
                  open f "/srv/x" O_RDWX
                  setrlimit RLIMIT_NOFILE 5
                  brk mm->foo
                >
                translate p vma_start "[stack]"
                """));
    }

    @Test
    void importOracleAndRunAsTheDriverPrints() throws Exception {
        Path script = write("t.script", """
                # a small case
                mmap A - 0x2000 rw- private,anon
                touch A w 0x41
                fork
                  touch A w 0x42
                  touch A r
                endfork
                touch A r
                let B A+0x1000
                munmap B A+0x2000-B
                touch B r
                mmap C A 0x1000 rw- private,anon,fixed_noreplace
                dump count
                """);
        Cli imported = Cli.run("import-oracle", script.toString());
        assertEquals(0, imported.status(), imported.err());
        Path scenario = write("t.mmdsl", imported.out());
        Cli run = Cli.run("run", "--oracle", scenario.toString());
        assertEquals("""
                # driver: 64-bit, personality=0x40000, RLIMIT_STACK=0x800000, uid=0
                > mmap A - 0x2000 rw- private,anon
                mmap(0x0, 0x2000, rw-, private,anon, fd=-1, off=0x0) = 0x7ffff7ff5000
                > touch A w 0x41
                touch(0x7ffff7ff5000, w) = ok wrote=0x41
                > fork
                fork:
                  [child] > touch A w 0x42
                  [child] touch(0x7ffff7ff5000, w) = ok wrote=0x42
                  [child] > touch A r
                  [child] touch(0x7ffff7ff5000, r) = ok value=0x42
                fork: child exited status=0
                > touch A r
                touch(0x7ffff7ff5000, r) = ok value=0x41
                > let B A+0x1000
                let B = 0x7ffff7ff6000
                > munmap B A+0x2000-B
                munmap(0x7ffff7ff6000, 0x1000) = 0
                > touch B r
                touch(0x7ffff7ff6000, r) = FAULT SIGSEGV SEGV_MAPERR addr=0x7ffff7ff6000
                > mmap C A 0x1000 rw- private,anon,fixed_noreplace
                mmap(0x7ffff7ff5000, 0x1000, rw-, private,anon,fixed_noreplace, fd=-1, off=0x0) = -1 EEXIST
                > dump count
                dump count = 13
                """, run.out());
        assertEquals(2, Cli.run("import-oracle", write("bad.script", "frobnicate 1\n").toString()).status());
    }

    /** The translator writes scenarios as the formatter lays them out (so a translated case can be an example). */
    @Test
    void translatedScenariosAreFormatted() throws Exception {
        Path cases = ProcMapsOracle.casesDirectory(ExamplesTest.root());
        for (String name : ProcMapsOracle.cases(cases)) {
            String text = OracleTranslator.translate(Files.readString(cases.resolve(name + ".script")),
                    Files.readString(cases.resolve(name + ".expected")));
            assertEquals(text, format(text), name);
        }
    }

    /** The operations no public case uses translate to valid, formatted scenarios too. */
    @Test
    void everyDriverOperationTranslates() throws Exception {
        String text = OracleTranslator.translate("""
                #! ulimit -s unlimited
                #! user nobody
                file M memfd:buf 0x3000
                file F /srv/oracle/f8 wo
                mmap A - 0x3000 rw- shared M 0
                mmap W - 0x1000 rw- shared,anon,0x80000 F 0
                mmap-many 5 0x1000 rw- private,anon alt
                mmap-many 0 0x1000 r-- private,anon
                rlimit memlock unlimited
                rlimit as 16m
                mseal A 0x1000
                mincore A @heap_end-@heap
                pagemap A 3
                mprotect A 0x1000 0x7
                mremap B A 0x1000 0x2000 maymove fixed 0x20000000 0x10
                fork
                  fork
                    exit
                  endfork
                  close M
                endfork
                fork-and-dump
                brk-child brk-0x1000
                touch A x
                info
                status
                exit
                """, null);
        assertEquals("\n", issues(text), text);
        assertEquals(text, format(text));
    }

    private String format(String text) throws Exception {
        XtextResource r = (XtextResource) parser.parse(text).eResource();
        assertTrue(r.getErrors().isEmpty(), () -> "syntax errors: " + r.getErrors());
        ITextRegionAccess access = regions.get().forNodeModel(r).create();
        FormatterRequest request = requests.get();
        request.setTextRegionAccess(access);
        return access.getRewriter().renderToString(formatter.get().format(request));
    }
}
