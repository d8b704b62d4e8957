package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.event.KernelMessage;

import com.google.inject.Inject;

/**
 * The interpreter's one ordered stream of events, each tied to the statement that caused it, and the
 * bounds of a run (step budget, time, cancellation).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class InterpreterTest {

    @Inject
    private ParseHelper<Scenario> parser;

    /** "line: message" for every event except the boot log, in run order. */
    private static String stream(Run run) {
        return run.events().stream()
                .filter(e -> !(e.event() instanceof KernelMessage) || ((KernelMessage) e.event()).warning())
                .map(InterpreterTest::line)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String line(RunEvent e) {
        int line = NodeModelUtils.findActualNodeFor(e.cause()).getStartLine();
        return line + (e.expected() ? " (expected) " : " ") + e.event().message();
    }

    @Test
    void eventsComeInOrderTiedToTheirStatements() throws Exception {
        Scenario s = parser.parse("""
                process init <
                  mmap buf 8KB rw- private anon
                  read buf
                  write buf+4KB value 5
                  mprotect buf 4KB ---
                  read buf
                    expect fault SIGSEGV SEGV_ACCERR
                  munmap buf 8KB
                  write buf
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertFalse(run.aborted());
        assertEquals("""
                2 init[1]: mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb7ffe000
                3 page fault on read of 0xb7ffe000 by pid 1: do_anonymous_page: zero page mapped read-only, pfn 0x2002
                4 page fault on write of 0xb7fff000 by pid 1: do_anonymous_page: new zeroed page, pfn 0x36bfe
                5 init[1]: mprotect(0xb7ffe000, 4096, PROT_NONE) = 0
                6 (expected) SIGSEGV (SEGV_ACCERR) on read of 0xb7ffe000 by pid 1: VMA has no access rights (PROT_NONE); VMA b7ffe000-b7fff000 ---p 00000000 00:00 0
                7 the read of 0xb7ffe000 raised SIGSEGV SEGV_ACCERR at 0xb7ffe000 as expected
                8 init[1]: munmap(0xb7ffe000, 8192) = 0
                9 SIGSEGV (SEGV_MAPERR) on write of 0xb7ffe000 by pid 1: no VMA covers the address
                """, stream(run));
    }

    @Test
    void stepBudgetStopsTheRunWithAMessage() throws Exception {
        Scenario s = parser.parse("""
                process init <
                  mmap buf 8KB rw- private anon
                  write buf
                  write buf
                  write buf
                >
                """);
        Run run = Interpreter.run(s, new Interpreter.Limits(3, 10_000), null);
        assertTrue(run.aborted());
        String last = line(run.events().get(run.events().size() - 1));
        assertEquals("4 run stopped: the step budget of 3 steps is used up", last);
    }

    @Test
    void cancellationStopsTheRun() throws Exception {
        Scenario s = parser.parse("process init < mmap buf 8KB rw- private anon write buf >");
        Run run = Interpreter.run(s, Interpreter.Limits.EDITOR, () -> true);
        assertTrue(run.aborted());
        assertEquals("run cancelled", run.events().get(run.events().size() - 1).event().message());
    }

    @Test
    void aHandleWhoseMmapFailedSkipsItsUsersWithAReason() throws Exception {
        Scenario s = parser.parse("""
                process init <
                  mmap big 3GB rw- private anon
                    expect errno ENOMEM
                  write big
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals("""
                2 (expected) init[1]: mmap(NULL, 3221225472, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Out of memory)
                3 the call failed with ENOMEM as expected
                4 'big' has no address: its mmap failed or did not run, so this statement is skipped
                """, stream(run));
    }

    @Test
    void aKernelHandleWhoseAllocationFailedNamesItsAllocator() throws Exception {
        Scenario s = parser.parse("""
                kernel <
                  alloc_pages blk order 11 GFP_KERNEL
                  kmap page blk
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertTrue(stream(run).contains("3 'blk' has no address: its alloc_pages failed or did not run, so this statement is skipped"),
                stream(run));
    }

    @Test
    void aRangeAccessTouchesEveryStrideAndStopsAtTheFirstFault() throws Exception {
        Scenario s = parser.parse("""
                process init <
                  mmap buf 64KB rw- private anon
                  mprotect buf+48KB 16KB r--
                  write buf for 64KB stride 8KB value 3
                    expect fault SIGSEGV SEGV_ACCERR at buf+48KB
                  read buf+40KB
                    expect value 3
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals("""
                2 init[1]: mmap(NULL, 65536, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb7ff0000
                3 init[1]: mprotect(0xb7ffc000, 16384, PROT_READ) = 0
                4 (expected) SIGSEGV (SEGV_ACCERR) on write of 0xb7ffc000 by pid 1: VMA lacks VM_WRITE; VMA b7ffc000-b8000000 r--p 00000000 00:00 0
                4 write of 0xb7ff0000..0xb8000000 every 8192 bytes: 6 accesses, 6 page faults (6 × do_anonymous_page: new zeroed page)
                5 the write of 0xb7ff0000..0xb8000000 raised SIGSEGV SEGV_ACCERR at 0xb7ffc000 as expected
                7 read of 0xb7ffa000 gave 3
                """, stream(run));
    }

    @Test
    void aGigabyteRangeIsBoundedByTheStepBudget() throws Exception {
        Scenario s = parser.parse("""
                boot arch x86_64 ram 2GB
                process init <
                  mmap big 1GB rw- private anon
                  write big for 1GB
                >
                """);
        Run run = Interpreter.run(s, new Interpreter.Limits(10_000, 60_000), null);
        assertTrue(run.aborted());
        String all = stream(run);
        assertTrue(all.contains("run stopped: the step budget of 10000 steps is used up"), all);
    }
}
