package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.KernelShowWhat;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.ShowWhat;
import org.mmdsl.parser.ShowTargets;
import org.mmdsl.services.MmdslGrammarAccess;
import org.mmdsl.validation.SimulationDiagnostics;

import com.google.inject.Inject;

/**
 * Issue 11, the language side: show targets, the kunmap_local WARN, keywords written as names, the
 * mm field code, the km_type word on the next line, one expectation set for every statement that can
 * warn or fail, the lowmem kmap lint.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11LanguageTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    @Inject
    private MmdslGrammarAccess grammar;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    /** "line [code] message" of every diagnostic the run gives, in run order. */
    private String run(String text) throws Exception {
        Run run = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        return SimulationDiagnostics.of(run).stream()
                .map(d -> NodeModelUtils.findActualNodeFor(d.cause()).getStartLine() + " [" + d.issue().id + "] "
                        + d.message().lines().findFirst().orElse(""))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    // ---- point 8

    @Test
    void showBuddyinfoRunsInAKernelBlockAndAKthread() throws Exception {
        String text = """
                kernel <
                  show buddyinfo
                  show active_mm
                >
                kthread k <
                  show meminfo
                >
                """;
        assertEquals("\n", issues(text));
        Run run = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        String out = run.events().stream().map(e -> e.event().message()).collect(Collectors.joining("\n"));
        assertTrue(out.contains("/proc/buddyinfo") && out.contains("/proc/meminfo"), out);
    }

    @Test
    void theSyntaxErrorListsEveryShowTargetTheGrammarHas() throws Exception {
        assertEquals("""
                2:3 error [syntax] unexpected 'shwo'; inside `kernel < ... >` the steps are kmap, kunmap, kmalloc, kzalloc, kvmalloc, kfree, vfree, kvfree, alloc_pages, free_pages, vmalloc, vmalloc_to_page, vmap, vunmap, ioremap, iounmap, kmap_atomic, kunmap_atomic, kmap_local_page, kunmap_local, __pa, __va, virt_to_page, pfn_to_page, page_to_pfn, page_address, pfn_valid, set_pte, invlpg, flush_tlb_all, read, write, khugepaged and show slabinfo|vmallocinfo|tlb|active_mm|page|maps|dmesg|zoneinfo|buddyinfo|meminfo|smaps|status|pmap|mmap_cache|early_pagetables|vmstat|stat|mm|pagetypeinfo|numa_maps|picture; did you mean 'show'?
                """, issues("""
                kernel <
                  shwo buddyinfo
                >
                """));
        List<String> kernel = ShowTargets.list(grammar.getKernelStatementRule());
        List<String> process = ShowTargets.list(grammar.getProcessStatementRule());
        for (KernelShowWhat w : KernelShowWhat.VALUES) {
            assertTrue(kernel.contains(w.getLiteral()), w.getLiteral());
        }
        for (ShowWhat w : ShowWhat.VALUES) {
            assertTrue(kernel.contains(w.getLiteral()) && process.contains(w.getLiteral()), w.getLiteral());
        }
        assertTrue(process.containsAll(List.of("pagetables", "pagemap")), process.toString());
    }

    // ---- point 9

    @Test
    void anOutOfOrderKunmapLocalPrintsTheWarnWithHexPfns() throws Exception {
        assertEquals("""
                6 [kernel-warning] kunmap_local(pfn_to_page(0x5f800)): WARNING: CPU: 0 at mm/highmem.c kunmap_local_indexed(): WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx)): unmaps must be LIFO; the top slot 1 (pfn 0x5f801 at 0xfffba000) was cleared instead, and pfn 0x5f800 stays mapped in slot 0 (0xfffbb000)
                """, run("""
                kernel <
                  alloc_pages a order 0 GFP_HIGHUSER
                  alloc_pages b order 0 GFP_HIGHUSER
                  kmap_local_page page a
                  kmap_local_page page b
                  kunmap_local page a
                  kunmap_local page a
                >
                """));
    }

    // ---- point 10

    @Test
    void aKeywordWrittenAsANameIsSaidToBeReserved() throws Exception {
        assertEquals("""
                2:8 error [syntax] 'off' is a keyword of mmdsl and cannot name a mapping; write e.g. `mmap off_buf ...`
                """, issues("""
                process init <
                  mmap off 16KB rw- private anon
                >
                """));
        assertEquals("""
                2:8 error [syntax] 'data' is a keyword of mmdsl and cannot name a file descriptor; write e.g. `open data_fd ...`
                """, issues("""
                process init <
                  open data "/srv/f" O_RDWR
                >
                """));
        assertEquals("""
                2:7 error [syntax] 'fd' is a keyword of mmdsl and cannot name a value; write e.g. `let fd_val ...`
                """, issues("""
                process init <
                  let fd = 3
                >
                """));
        assertEquals("""
                2:11 error [syntax] 'text' is a keyword of mmdsl and cannot name a kernel buffer; write e.g. `kmalloc text_buf ...`
                """, issues("""
                kernel <
                  kmalloc text 64 GFP_KERNEL
                >
                """));
    }

    // ---- point 11

    @Test
    void anUnknownMmFieldHasItsOwnCode() throws Exception {
        assertEquals("""
                2:15 error [unknown-mm-field] mm->hiwater_rss is not an mm_struct field mmdsl models: brk, start_brk, start_stack, start_code, end_code, start_data, end_data, mmap_base, task_size, map_count, total_vm, locked_vm, pinned_vm, data_vm, exec_vm, stack_vm
                """, issues("""
                process init <
                  let t = mm->hiwater_rss
                >
                """));
    }

    // ---- point 15

    @Test
    void anUnknownWordOnTheLineAfterKmapAtomicIsReportedOnItsLine() throws Exception {
        String steps = "inside `kernel < ... >` the steps are kmap, kunmap, kmalloc, kzalloc, kvmalloc, kfree, vfree, kvfree, "
                + "alloc_pages, free_pages, vmalloc, vmalloc_to_page, vmap, vunmap, ioremap, iounmap, kmap_atomic, "
                + "kunmap_atomic, kmap_local_page, kunmap_local, __pa, __va, virt_to_page, pfn_to_page, page_to_pfn, "
                + "page_address, pfn_valid, set_pte, invlpg, flush_tlb_all, read, write, khugepaged and show slabinfo|vmallocinfo|tlb|"
                + "active_mm|page|maps|dmesg|zoneinfo|buddyinfo|meminfo|smaps|status|pmap|mmap_cache|early_pagetables|"
                + "vmstat|stat|mm|pagetypeinfo|numa_maps|picture";
        assertEquals("3:3 warning [deprecated-api] kmap_atomic() is deprecated (Documentation/mm/highmem.rst, checkpatch): "
                + "use kmap_local_page(); it does not disable preemption or page faults, only migration\n"
                + "4:3 error [syntax] unexpected 'kunmpa_atomic': it is no kernel step, nor the km_type slot of the "
                + "kmap_atomic on line 3 (a slot is written on that line, and named KM_USER0, KM_IRQ0, ...); " + steps + "\n",
                issues("""
                        kernel <
                          alloc_pages a order 0 GFP_HIGHUSER
                          kmap_atomic page a
                          kunmpa_atomic
                        >
                        """));
        assertEquals("4:3 error [km-type] kernel 2.6: kunmap_atomic() names its km_type slot: write `kunmap_atomic page "
                + "PFN KM_USER0` (KM_USER0/KM_USER1 in process context, as LDD3 15.1.3 does)\n"
                + "5:3 error [syntax] unexpected 'foo': it is no kernel step, nor the km_type slot of the "
                + "kunmap_atomic on line 4 (a slot is written on that line, and named KM_USER0, KM_IRQ0, ...); " + steps + "\n",
                issues("""
                        boot ram 1536MB kernel 2.6
                        kernel <
                          kmap_atomic page 0x38000 KM_USER0
                          kunmap_atomic page 0x38000
                          foo
                        >
                        """));
    }

    // ---- point 17

    @Test
    void kmapAndKunmapJudgeTheSameExpectationsAsEveryKernelCall() throws Exception {
        assertEquals("\n", issues("""
                kernel <
                  kmap page 0x40000
                    expect warning
                  kunmap page 0x40000
                    expect ok
                  kunmap page 0x40000
                    expect warning "no kmap to drop"
                >
                """));
        assertEquals("""
                3 [expectation-failed] expected the kernel to warn, but it did not
                6 [kernel-warning-expected] kunmap(pfn_to_page(0x40000)): kernel BUG at mm/highmem.c: the page has no kmap to drop
                """, run("""
                kernel <
                  kmap page 0x40000
                    expect warning
                  kunmap page 0x40000
                    expect ok
                  kunmap page 0x40000
                    expect warning "no kmap to drop"
                >
                """));
        assertEquals("""
                4 [kernel-warning-expected] kunmap(pfn_to_page(0x40000)): kernel BUG at mm/highmem.c: the page has no kmap to drop
                5 [expectation-failed] expected kunmap to succeed, but the kernel warned
                """, run("""
                kernel <
                  kmap page 0x40000
                  kunmap page 0x40000
                  kunmap page 0x40000
                    expect ok
                    expect fail
                >
                """));
    }

    @Test
    void execTakesExpectationsAndHasThemJudged() throws Exception {
        String text = """
                process init <
                  exec "/sbin/init" text 24KB data 4KB bss 16KB
                    expect errno ENOMEM
                    expect ok
                >
                """;
        assertEquals("\n", issues(text));
        assertEquals("""
                3 [expectation-failed] expected ENOMEM, but exec did not fail
                """, run(text));
    }

    @Test
    void aProcessStatementCanExpectTheOomKillItCauses() throws Exception {
        String text = """
                boot ram 64MB swap 16MB
                process hog <
                  mmap buf 48MB rw- private anon
                  write buf for 48MB value 3
                >
                process glutton <
                  mmap big 40MB rw- private anon
                  write big for 40MB value 1
                    expect warning "Out of memory: Killed process 1 (hog)"
                >
                """;
        assertEquals("\n", issues(text));
        assertEquals("""
                8 [kernel-warning-expected] Out of memory: Killed process 1 (hog) total-vm:49152kB, anon-rss:
                """, run(text).replaceAll("anon-rss:.*", "anon-rss:"));
    }

    // ---- point 18

    @Test
    void aLowmemKmapNeverUnmappedHoldsNoPkmapSlot() throws Exception {
        assertEquals("""
                2 [kmap-not-unmapped] kmap of pfn 0x100 is never kunmap'ed: kmap and kunmap come in pairs; this lowmem page took no pkmap slot (kmap returned page_address(), the direct map), so nothing is held, but the same code leaks a slot with a highmem page
                3 [kmap-not-unmapped] kmap of pfn 0x40000 is never kunmap'ed: kmap and kunmap come in pairs; this highmem page keeps its pkmap slot, and once every slot is held kmap sleeps forever
                """, run("""
                kernel <
                  kmap page 0x100
                  kmap page 0x40000
                >
                """));
    }
}
