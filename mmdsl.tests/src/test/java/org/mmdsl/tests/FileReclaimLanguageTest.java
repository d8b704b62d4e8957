package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.event.Output;

import com.google.inject.Inject;

/** Page-cache reclaim seen from a scenario: meminfo's file lists, the refault, a swap entry in `translate`. */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class FileReclaimLanguageTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private static String lines(Run run, String... containing) {
        return run.events().stream().filter(e -> NodeModelUtils.findActualNodeFor(e.cause()).getStartLine() > 1)
                .filter(e -> List.of(containing).stream().anyMatch(c -> e.event().message().contains(c)))
                .map(e -> NodeModelUtils.findActualNodeFor(e.cause()).getStartLine() + " " + e.event().message()
                        + (e.event() instanceof Output ? "\n" + ((Output) e.event()).text().stripTrailing() : ""))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void withoutSwapPressureTakesThePageCacheAndADirtyPageComesBackFromTheFile() throws Exception {
        Scenario s = parser.parse("""
                boot ram 64MB
                process db <
                  mmap rows at 0x40000000 64KB rw- shared file "/var/db/data"
                  write rows value 42
                >
                process hog <
                  mmap buf 47872KB rw- private anon
                  write buf for 47872KB value 1
                >
                process reader <
                  mmap view at 0x40000000 4KB r-- shared file "/var/db/data"
                  read view
                    expect value 42
                  translate view
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals(0, run.failedExpectations());
        // no swap: kswapd can take only the 16 page-cache pages (the dirty one written back first); the hog
        // fills what the boot leaves free (MemTotal 49004 kB at 64 MB, the recorded 6.1 kernel's)
        assertEquals("""
                8 kswapd0: reclaimed 16 pages
                12 page fault on read of 0x40000000 by pid 3: do_read_fault: file page 0 (refault: reclaim had evicted it, read again from the file), pfn 0x1e11
                """, lines(run, "reclaimed 16", "refault", "Out of memory"));
    }

    @Test
    void translateShowsTheSwapEntryOfASwappedOutPage() throws Exception {
        Scenario s = parser.parse("""
                boot ram 64MB swap 16MB
                process init <
                  mmap buf at 0x40000000 8KB rw- private anon
                  write buf value 42
                  madvise buf 8KB pageout
                  translate buf
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals("""
                6 translate init 0x40000000
                0x40000000 (i386 2-level paging) = pgd 256 (bits 31-22) | pte 0 (bits 21-12) | offset 0x000 (bits 11-0)
                cr3 0x2003000: the pgd at pfn 0x2003
                pgd index  256 (0x100)  entry @0x2003400 = 0x2004067  [P RW US A D]  -> pte table at pfn 0x2004
                pte index    0 (0x000)  entry @0x2004000 = 0x1000     [not present]
                the walk stops at the pte (not present; it holds swap entry type 0 offset 1): an access raises a page fault (#PF, not present) that reads the page back from swap (do_swap_page())
                """, lines(run, "translate"));
    }
}
