package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/** The grammar parses the design card's forms exactly and the first set of statements (snapshots of the AST). */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class ParserTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private String parse(String text) throws Exception {
        Scenario s = parser.parse(text);
        assertTrue(s.eResource().getErrors().isEmpty(), () -> "syntax errors: " + s.eResource().getErrors());
        return AstDump.dump(s);
    }

    @Test
    void designCardForms() throws Exception {
        assertEquals("""
                Scenario
                  Boot
                    RamOption size=0x60000000
                    HighmemOption
                  Process name=init
                    Mmap name=buf length=0x4000 prot=rw- sharing=private anon=true
                  Kmap
                    NumberLiteral value=0x3a000
                """, parse("""
                boot ram 1536MB highmem
                process init < mmap buf 16KB rw- private anon >
                kmap page 0x3a000
                """));
    }

    @Test
    void bootOptions() throws Exception {
        assertEquals("""
                Scenario
                  Boot
                    RamOption size=0x180000000
                    ArchOption arch=i386 variant=pae
                    SplitOption split=2G/2G
                    HighmemOption size=0x20000000
                    VmallocOption size=0x4000000
                    MemOption size=0x100000000
                    CpusOption count=0x2
                """, parse("""
                boot ram 6GB
                  arch i386 pae
                  split 2G/2G
                  highmem 512MB
                  vmalloc 64MB
                  mem 4096MB
                  cpus 2
                """));
        assertEquals("""
                Scenario
                  Boot
                    ArchOption arch=x86_64 variant=la57
                    HighmemOption off=true
                """, parse("boot arch x86_64 la57 highmem off"));
    }

    @Test
    void processSteps() throws Exception {
        assertEquals("""
                Scenario
                  Process name=init
                    ExecImage path=/sbin/init text=0x6000 data=0x1000 bss=0x4000
                    Mmap name=buf length=0x4000 prot=rw- sharing=private anon=true
                    Mmap name=lib length=0x15000 prot=r-x sharing=private file=/lib/libc.so
                      NumberLiteral value=0x40000000
                    Mmap name=fx length=0x3000 prot=--- sharing=shared anon=true flags=[fixed, noreserve]
                      Binary op=+
                        HandleRef handle->lib
                        NumberLiteral value=0x15000
                """, parse("""
                process init <
                  exec "/sbin/init" text 24KB data 4KB bss 16KB
                  mmap buf 16KB rw- private anon
                  mmap lib at 0x40000000 84KB r-x private file "/lib/libc.so" offset 0
                  mmap fx at lib+0x15000 3 pages --- shared anon fixed noreserve
                >
                """));
    }

    @Test
    void accessesExpectationsAndObservation() throws Exception {
        assertEquals("""
                Scenario
                  Process name=init
                    Mmap name=buf length=0x4000 prot=rw- sharing=private anon=true
                    Access kind=write
                      Binary op=+
                        HandleRef handle->buf
                        NumberLiteral value=0x1000
                      NumberLiteral value=0x2a
                    Mprotect length=0x1000 prot=r--
                      HandleRef handle->buf
                    Access kind=write
                      HandleRef handle->buf
                      FaultExpectation signal=SIGSEGV code=SEGV_ACCERR
                    Munmap length=0x1000
                      Binary op=+
                        HandleRef handle->buf
                        NumberLiteral value=0x2000
                      ErrnoExpectation errno=EINVAL
                    Brk sign=+
                      NumberLiteral value=0x21000
                    Access kind=exec
                      NumberLiteral value=0x8048000
                      OkExpectation
                    ReadCheck
                      Binary op=+
                        HandleRef handle->buf
                        NumberLiteral value=0x1000
                      NumberLiteral value=0x2a
                    Show what=maps
                  TopTranslate task->init
                    NumberLiteral value=0x8048010
                  ReadCheck task->init
                    HandleRef handle->buf
                    NumberLiteral value=0x0
                  Show what=zoneinfo
                  ZoneCheck zone=HighMem field=start
                    NumberLiteral value=0x36ffe000
                """, parse("""
                process init <
                  mmap buf 16KB rw- private anon
                  write buf+4KB value 42
                  mprotect buf 4KB r--
                  write buf
                    expect fault SIGSEGV SEGV_ACCERR
                  munmap buf+8KB 4KB expect errno EINVAL
                  brk +132KB
                  exec 0x08048000 expect ok
                  expect read buf+4KB == 42
                  show maps
                >
                translate init 0x08048010
                expect init read buf == 0
                show zoneinfo
                expect zone HighMem start 0x36ffe000
                """));
    }

    @Test
    void numbersAndUnits() throws Exception {
        assertEquals("""
                Scenario
                  KernelBlock
                    Kmap
                      NumberLiteral value=0x3000
                    Kmap
                      NumberLiteral value=0x3a000
                    Kmap
                      NumberLiteral value=0x400
                """, parse("""
                kernel <
                  kmap page 3 pages
                  kmap page 0x3_a000
                  kmap page 1KB
                >
                """));
    }
}
