package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.validation.SimulationDiagnostics;

import com.google.inject.Inject;

/**
 * Issue 3: `kernel in TASK < ... >`, kernel code running with a task current, and the i386 vmalloc
 * fault it can take under kernel 2.6 (the lazy sync of kernel page-directory entries).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class KernelInTaskTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    /** The diagnostics of a run (events with an issue code), one a line. */
    private String diagnostics(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        StringBuilder sb = new StringBuilder();
        r.events().forEach(e -> {
            var issue = SimulationDiagnostics.issueOf(e);
            if (issue != null) {
                sb.append("[" + issue.id + "] ").append(e.event().message()).append('\n');
            }
        });
        return sb.toString();
    }

    private static final String SCENARIO = """
            boot ram 1536MB highmem kernel %s
            process init <
              exec "/sbin/init" text 24KB data 4KB bss 16KB
            >
            kernel <
              vmalloc ring 3 pages
            >
            kernel in init <
              write ring+8 value 42
              read ring+8
                expect value 42
            >
            kernel in init <
              read ring
            >
            """;

    @Test
    void underKernel26TheFirstAccessInAProcessTakesAVmallocFault() throws Exception {
        assertEquals("\n", issues(SCENARIO.formatted("2.6")));
        // the table's pfn comes after the two frames init's exec took: the compat vDSO page and the
        // fixmap page table it is mapped in (2.6.24 map_compat_vdso())
        assertEquals("""
                [vmalloc-fault] vmalloc fault at 0xf8800008 with init[1]'s page tables loaded: pgd[994] was empty, \
                copied 0x01405063 from swapper_pg_dir (vmalloc_fault(), arch/x86/mm/fault_32.c); the access is retried
                """, diagnostics(SCENARIO.formatted("2.6")));
    }

    @Test
    void under61TheEntryIsAlreadyThere() throws Exception {
        // arch_sync_kernel_mappings() copied it into init's pgd when vmalloc created the table
        assertEquals("", diagnostics(SCENARIO.formatted("6.1")));
    }

    @Test
    void theProcessPageTablesShowTheCopiedEntry() throws Exception {
        Run r = Interpreter.run(parser.parse("""
                boot ram 1536MB highmem kernel 2.6
                process init < exec "/sbin/init" >
                kernel < vmalloc ring 3 pages >
                show pagetables init from 0xf8800000 to 0xf8c00000
                kernel in init < read ring >
                show pagetables init from 0xf8800000 to 0xf8c00000
                """), Interpreter.Limits.BATCH, null);
        StringBuilder sb = new StringBuilder();
        r.events().forEach(e -> {
            if (e.event() instanceof org.mmdsl.runtime.event.Output o) {
                sb.append(o.title()).append('\n').append(o.text());
            }
        });
        assertEquals("""
                page tables of init (pid 1)
                ---[ vmalloc() Area ]---
                0xf8800000-0xf8c00000           4M                               pmd
                page tables of init (pid 1)
                ---[ vmalloc() Area ]---
                0xf8800000-0xf8803000          12K     RW                 GLB x  pte
                0xf8803000-0xf8c00000        4084K                               pte
                """, sb.toString());
    }

    @Test
    void aTaskThatExitedCannotBeCurrent() throws Exception {
        String text = """
                process init <
                  exit
                >
                kernel in init <
                  kmalloc obj 64 GFP_KERNEL
                >
                kernel in later <
                >
                process later < >
                """;
        assertEquals("""
                4:11 warning [task-exited] kernel in init: init exits on line 2, so it cannot be current here and \
                this block does not run
                7:11 error [unknown-name] no process or thread named 'later' is defined before this line
                """, issues(text));
        assertEquals("""
                [statement-skipped] kernel in init: init has exited, so this block does not run
                """, diagnostics(text.substring(0, text.indexOf("kernel in later"))));
    }
}
