package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;

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
 * Issue 11, follow-up: what a user tried one step aside from the issue's own tests. Each test states
 * the kernel's answer as the run prints it.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11FollowUpTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private String run(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        return RunText.events(r);
    }

    private static String lines(String out, String... needles) {
        return RunText.linesContaining(out, needles);
    }

    // `expect ok` after let, or `expect fail` after invlpg, is a syntax error that says the statement
    // before takes none and what a standalone expect is, not the list of steps
    @Test
    void expectationAfterAStatementThatTakesNoneSaysSo() throws Exception {
        Scenario s = parser.parse("""
                boot ram 512MB
                process p <
                  exec "/bin/p" text 8KB
                  let x = 5
                    expect ok
                >
                kernel <
                  invlpg 0xc0000000
                    expect fail
                >
                """);
        String why = ": `expect ok|fail|errno|fault|value|address|warning` belongs to the statement before it, and "
                + "that statement takes none (let, show, translate, invlpg, flush_tlb_all, exit); standing alone an expectation is `expect [TASK] read ADDR == V` or "
                + "`expect zone NAME start|end|spanned|present|managed|min|low|high|free N`";
        assertEquals("""
                5: unexpected 'ok'%1$s
                9: unexpected 'expect'%1$s
                9: unexpected 'fail'%1$s
                """.formatted(why), s.eResource().getErrors().stream().map(d -> d.getLine() + ": " + d.getMessage())
                .collect(Collectors.joining("\n", "", "\n")));
    }

    // 6.1 mm/vmalloc.c __vmalloc_node_range(): more pages than totalram_pages() (16496 kB = 4124 pages
    // on this 64 MB x86_64 machine) is refused before any area or page is taken, "exceeds total pages";
    // the size as given, shifted: 4124 pages + 4095 bytes passes that check and fails page by page
    @Test
    void vmallocAboveTotalramIsRefusedUpFront() throws Exception {
        String out = run("""
                boot ram 64MB arch x86_64
                kernel <
                  vmalloc a 16896000
                    expect fail
                  vmalloc b 16895999
                    expect fail
                  kvmalloc k 32MB GFP_KERNEL
                  vmalloc c 4MB
                    expect ok
                >
                """);
        assertEquals("""
                [kernel-warning-expected] vmalloc error: size 16896000, exceeds total pages, mode:0xcc0(GFP_KERNEL), nodemask=(null)
                vmalloc(16896000) = NULL
                [kernel-warning-expected] vmalloc error: size 16896000, failed to allocate pages, mode:0xcc0(GFP_KERNEL), nodemask=(null)
                vmalloc(16895999) = NULL
                [kernel-warning] vmalloc error: size 33554432, exceeds total pages, mode:0xcc0(GFP_KERNEL), nodemask=(null)
                kvmalloc(33554432, GFP_KERNEL) = NULL
                vmalloc(4194304) = 0xffffc90000000000
                """, lines(out, "vmalloc error", "vmalloc("));
    }

    // 2.6.24 mm/vmalloc.c __vmalloc_node(): PAGE_ALIGN(size) above num_physpages (highend_pfn, here
    // max_pfn 65504 without highmem) is NULL without a word; one byte less is tried page by page, and
    // __vmalloc_area_node() asks alloc_page() without __GFP_NOWARN and prints nothing of its own: the
    // page allocator's failure is the message (no 6.1 "vmalloc error: ... failed to allocate pages")
    @Test
    void vmalloc26AboveNumPhyspagesIsQuietNull() throws Exception {
        String out = run("""
                boot ram 256MB kernel 2.6
                kernel <
                  vmalloc a 268304385
                    expect fail
                  vmalloc b 268304384
                    expect fail
                >
                """);
        assertEquals("""
                vmalloc(268304385) = NULL
                [kernel-warning-expected] page allocation failure: order:0, mode:0xcc2(GFP_KERNEL|__GFP_HIGHMEM), nodemask=(null)
                vmalloc(268304384) = NULL
                """, lines(out, "vmalloc error", "page allocation failure", "vmalloc("));
    }

    // kernel/sys.c __sys_setuid(): a task that left root has no CAP_SETUID, so it may only switch to its
    // real or saved uid (both the new one): setuid(0) is EPERM, and setuid takes expectations like any call
    @Test
    void aTaskThatLeftRootCannotTakeItBack() throws Exception {
        String out = run("""
                boot ram 512MB
                process p <
                  exec "/bin/p" text 8KB
                  setuid 1000
                    expect ok
                  setuid 0
                    expect errno EPERM
                  setuid 1000
                    expect ok
                >
                """);
        assertEquals("""
                p[1]: setuid(1000) = 0
                [errno-expected] p[1]: setuid(0) = -1 EPERM (Operation not permitted)
                p[1]: setuid(1000) = 0
                """, lines(out, "setuid("));
    }
}
