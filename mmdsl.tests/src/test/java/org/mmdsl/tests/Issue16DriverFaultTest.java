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
 * Issue 16 point 1, the language side: a device mapping whose pages come from the driver's fault
 * handler ({@code fault BUFFER}, {@code fault pfn BUFFER}; 2.6's nopage and nopfn), SIGBUS past the
 * buffer, and the vm_operations' open/close/fault counts ({@code expect device "PATH" opens N}).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue16DriverFaultTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    /** The run's events from the first exec on (the boot log before it is not this test's). */
    private String run(String text) throws Exception {
        return ValidatorTest.eventsFrom(parser, text, "[1]: execve");
    }

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    @Test
    void theFaultHandlerHandsOutPagesAndOpenAndCloseAreCounted() throws Exception {
        assertEquals("""
                [1]: execve("/usr/bin/app") [text 8192, data 4096, bss 4096] = 0
                app[1]: mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED, "/dev/ring", 0) [vm_ops->fault] = 0xb7ff7000
                page fault on read of 0xb7ff8000 by pid 1: do_read_fault: the driver's fault returned vmf->page = vmalloc_to_page(buf + 1 * PAGE_SIZE), finish_fault mapped it, pfn 0x5f801
                read of 0xb7ff8000 gave 5
                [fault-expected] SIGBUS (BUS_ADRERR) on read of 0xb7ff9000 by pid 1: the driver's fault: page offset 2 is beyond the 2-page buffer (VM_FAULT_SIGBUS); VMA b7ff7000-b7ffa000 rw-s 00000000 00:05 1000001 /dev/ring
                the read of 0xb7ff9000 raised SIGBUS BUS_ADRERR at 0xb7ff9000 as expected
                app[1]: fork() = 2
                page fault on write of 0xb7ff7000 by pid 2: do_shared_fault: the driver's fault returned vmf->page = vmalloc_to_page(buf + 0 * PAGE_SIZE), finish_fault mapped it, pfn 0x5f800
                child[2]: exit(0) = 0
                app[1]: mprotect(0xb7ff7000, 4096, PROT_READ) = 0
                the vm_operations' open of /dev/ring's mappings ran 3 times
                the vm_operations' close of /dev/ring's mappings ran 1 time
                the vm_operations' fault of /dev/ring's mappings ran 3 times
                READ_ONCE(*(u32 *)0xf73fe000) = 9 [phys 0x5f800000]
                kernel read 9
                """, run("""
                boot ram 1536MB
                kernel <
                  vmalloc ring 2 pages
                  write ring+4KB value 5
                >
                process app <
                  exec "/usr/bin/app" text 8KB data 4KB bss 4KB
                  mmap dev 12KB rw- shared device "/dev/ring" fault ring
                  read dev+4KB
                    expect value 5
                  read dev+8KB
                    expect fault SIGBUS BUS_ADRERR
                  fork child <
                    write dev value 9
                  >
                  mprotect dev 4KB r--
                  expect device "/dev/ring" opens 3
                  expect device "/dev/ring" closes 1
                  expect device "/dev/ring" faults 3
                >
                kernel <
                  read ring
                    expect value 9
                >
                """));
    }

    @Test
    void kernel26NamesNopageAndNopfn() throws Exception {
        assertEquals("""
                app[1]: mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED, "/dev/simple", 0) [vm_ops->nopage] = 0xb7ffd000
                app[1]: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED, "/dev/raw", 4096) [vm_ops->nopfn] = 0xb7ffc000
                page fault on read of 0xb7ffd000 by pid 1: do_linear_fault: the driver's nopage returned virt_to_page(buf + 0 * PAGE_SIZE), pfn 0x1408
                page fault on read of 0xb7ffc000 by pid 1: do_no_pfn: the driver's nopfn returned pfn 0x1409 = __pa(buf + 1 * PAGE_SIZE) >> PAGE_SHIFT, pfn 0x1409
                [fault-expected] SIGBUS (BUS_ADRERR) on read of 0xb7fff000 by pid 1: the driver's nopage: page offset 2 is beyond the 2-page buffer (NOPAGE_SIGBUS); VMA b7ffd000-b8000000 rw-s 00000000 00:05 1000001 /dev/simple
                the read of 0xb7fff000 raised SIGBUS BUS_ADRERR at 0xb7fff000 as expected
                [errno-expected] app[1]: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE, "/dev/raw", 0) [vm_ops->nopfn] = -1 EINVAL (Invalid argument)
                the vm_operations' open of /dev/raw's mappings ran 1 time
                """, RunText.linesContaining(run("""
                boot ram 1536MB kernel 2.6
                kernel <
                  kmalloc buf 8KB GFP_KERNEL
                >
                process app <
                  exec "/usr/bin/app" text 8KB data 4KB bss 4KB
                  mmap dev 12KB rw- shared device "/dev/simple" fault buf
                  mmap raw 4KB rw- shared device "/dev/raw" offset 4KB fault pfn buf
                  read dev
                  read raw
                  read dev+8KB
                    expect fault SIGBUS BUS_ADRERR
                  mmap cow 4KB rw- private device "/dev/raw" fault pfn buf
                    expect errno EINVAL
                >
                expect device "/dev/raw" opens 1
                """), "mmap(", "page fault", "SIGBUS", "vm_operations"));
    }

    @Test
    void aBlankRecordsTheCount() throws Exception {
        String text = """
                boot ram 1536MB
                kernel <
                  kmalloc buf 4KB GFP_KERNEL
                >
                process app <
                  exec "/usr/bin/app" text 8KB data 4KB bss 4KB
                  mmap dev 4KB rw- shared device "/dev/obj" fault buf
                  fork child <
                  >
                >
                expect device "/dev/obj" opens ?
                expect device "/dev/obj" closes ?
                expect device "/dev/unused" faults ?
                """;
        Scenario s = parser.parse(text);
        Run r = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals("""
                boot ram 1536MB
                kernel <
                  kmalloc buf 4KB GFP_KERNEL
                >
                process app <
                  exec "/usr/bin/app" text 8KB data 4KB bss 4KB
                  mmap dev 4KB rw- shared device "/dev/obj" fault buf
                  fork child <
                  >
                >
                expect device "/dev/obj" opens ? 2
                expect device "/dev/obj" closes ? 1
                expect device "/dev/unused" faults ? 0
                """, Blanks.key(text, s, r, f -> { }));
    }

    @Test
    void theValidatorAsksForTheCountAndAVmapAreaIsSkippedWithItsReason() throws Exception {
        assertEquals("""
                8:10 error [missing-answer] this expectation has no answer: write the count, e.g. `expect device "/dev/v" opens 2`, or `?` to leave it blank for an exercise
                9:20 error [bad-flags] a private mapping is copy-on-write, and vmf_insert_pfn() BUGs on one: the driver's mmap returns EINVAL (map it `shared`, or add `expect errno EINVAL`)
                """, issues("""
                boot ram 1536MB
                kernel <
                  vmap v pages 0x1000
                >
                process app <
                  exec "/usr/bin/app" text 8KB data 4KB bss 4KB
                  mmap dev 4KB rw- shared device "/dev/v" fault v
                  expect device "/dev/v" opens
                  mmap cow 4KB r-- private device "/dev/v" fault pfn v
                  mmap cow2 4KB r-- private device "/dev/v" fault pfn v
                    expect errno EINVAL
                >
                """));
        assertEquals("""
                [statement-skipped] 'v' is a vmap or ioremap area: a device mapping maps a kmalloc, vmalloc or alloc_pages buffer, so this mmap is skipped
                """, RunText.linesContaining(run("""
                boot ram 1536MB
                kernel <
                  vmap v pages 0x1000
                >
                process app <
                  exec "/usr/bin/app" text 8KB data 4KB bss 4KB
                  mmap dev 4KB rw- shared device "/dev/v" fault v
                >
                """), "'v'"));
    }
}
