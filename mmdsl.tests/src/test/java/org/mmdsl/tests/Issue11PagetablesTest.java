package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 11, points 3 and 4: `show pagetables` without a task printed nothing, and the last line of a
 * page-table dump printed a size of 2^54 M.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11PagetablesTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private String run(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        return RunText.eventsWithRawBodies(r);
    }

    /** The lines from {@code header} to the end of that dump (the next line that is not part of it). */
    private static String dump(String out, String header) {
        int at = out.indexOf(header + "\n");
        assertTrue(at >= 0, out);
        StringBuilder sb = new StringBuilder();
        for (String l : out.substring(at + header.length() + 1).split("\n")) {
            if (!l.startsWith("0x") && !l.startsWith("---[")) {
                break;
            }
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    // ---- point 3: `show pagetables` with no task and no range printed nothing (the parser made no
    // object for a rule with nothing assigned); a process shows its own, top level shows swapper_pg_dir

    @Test
    void showPagetablesWithoutTaskShowsTheProcessOwnOrSwapperPgDir() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB data 4KB bss 16KB
                  show pagetables
                >
                show pagetables
                """);
        String own = dump(out, "page tables of init (pid 1)");
        String kernel = dump(out, "kernel page tables (swapper_pg_dir)");
        assertTrue(own.startsWith("---[ User Space ]---\n0x00000000-0xc0000000           3G"), own);
        assertTrue(kernel.contains("---[ Kernel Mapping ]---\n"
                + "0xc0000000-0xf6800000         872M     RW         PSE     GLB x  pmd\n"), kernel); // 2-level: the walker's pmd
    }

    // ---- point 4: mm/ptdump.c flushes the last run with addr 0; dump_pagetables.c's note_page()
    // prints that end as 0 and the size as an unsigned long difference (12M on i386, not 2^54 M)

    @Test
    void theLastRunEndsAtZeroWithItsSizeModuloTheWordSize() throws Exception {
        String i386 = dump(run("""
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB data 4KB bss 16KB
                >
                show pagetables init
                """), "page tables of init (pid 1)");
        // note_page() prints one marker per entry, so with empty 4 MB entries each marker follows the line of
        // the entry at its address: the cpu_entry_area's after 0xff400000-0xff800000
        assertTrue(i386.endsWith("---[ CPU entry area ]---\n"
                + "0xff800000-0x00000000           8M                               pmd\n"), i386);
        String pae = dump(run("""
                boot ram 1536MB highmem arch i386 pae
                show pagetables
                """), "kernel page tables (swapper_pg_dir)");
        String last = pae.substring(pae.lastIndexOf("\n0x") + 1);
        assertTrue(last.matches("0xff[0-9a-f]{6}-0x00000000 +[0-9]+[KM] .*\n") && !last.contains("17592186"), pae);
        String x64 = dump(run("""
                boot ram 1GB arch x86_64
                show pagetables
                """), "kernel page tables (swapper_pg_dir)");
        last = x64.substring(x64.lastIndexOf("\n0x") + 1);
        // 2^64 - 0xffffff0000000000: the ESPfix pgd entry and above, 1T (the model maps no kernel image)
        assertTrue(last.matches("0xffffff0000000000-0x0000000000000000 +1T .*\n"), x64);
    }
}
