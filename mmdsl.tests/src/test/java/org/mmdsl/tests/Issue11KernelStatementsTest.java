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

import com.google.inject.Inject;

/**
 * Issue 11, points 12 and 16: addresses wider than an i386 unsigned long, and the arguments of invlpg,
 * flush_tlb_all and vmap.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11KernelStatementsTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    private String run(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        return RunText.eventsWithRawBodies(r);
    }

    // ---- point 12: i386 has no canonical form; an address wider than 32 bits is a static error
    // in every address statement, x86_64 accepts it (its #GP is the run's)

    @Test
    void anAddressWiderThan32BitsIsAnErrorOnI386Only() throws Exception {
        String i386 = issues("""
                boot ram 1536MB highmem
                process init <
                  mmap buf 16KB rw- private anon
                  write 0xffffffffffffffff
                  read 0x100000000
                  translate 0x1000000000
                  mmap at 0x100000000 4KB rw- private anon fixed
                  munmap 0x100000000 4KB
                  mprotect 0x100000000 4KB r--
                  show pagetables from 0x0 to 0x100001000
                >
                kernel <
                  write 0xffffffffc0000000 value 1
                  __pa 0x1c0000000
                  invlpg 0x100000000
                >
                """);
        String msg = " does not fit in 32 bits: an i386 virtual address is 0x0..0xffffffff (unsigned long is 32 "
                + "bits, and there is no canonical form as on x86_64); write an address below 0x100000000, or boot "
                + "`arch x86_64` for 64-bit addresses";
        assertEquals("4:9 error [address-too-wide] address 0xffffffffffffffff" + msg + "\n"
                + "5:8 error [address-too-wide] address 0x100000000" + msg + "\n"
                + "6:13 error [address-too-wide] address 0x1000000000" + msg + "\n"
                + "7:11 error [address-too-wide] address 0x100000000" + msg + "\n"
                + "8:10 error [address-too-wide] address 0x100000000" + msg + "\n"
                + "9:12 error [address-too-wide] address 0x100000000" + msg + "\n"
                + "10:31 error [address-too-wide] address 0x100001000" + msg + "\n"
                + "13:9 error [address-too-wide] address 0xffffffffc0000000" + msg + "\n"
                + "14:8 error [address-too-wide] address 0x1c0000000" + msg + "\n"
                + "15:10 error [address-too-wide] address 0x100000000" + msg + "\n", i386);
        String x64 = issues("""
                boot ram 1GB arch x86_64
                process init <
                  mmap buf 16KB rw- private anon
                  write 0xffff800000000000
                    expect fault SIGSEGV
                >
                """);
        assertTrue(!x64.contains("address-too-wide"), x64);
        // computed from a handle: known only when the statement runs, which skips it and says why
        String out = run("""
                boot ram 1536MB highmem
                process init <
                  mmap buf 16KB rw- private anon
                  write buf+0xffffffff00000000
                  write buf
                >
                """);
        assertTrue(out.contains("[statement-skipped] address 0xffffffffb7ffc000 does not fit in 32 bits (an i386 virtual address is "
                + "0x0..0xffffffff), so this statement is skipped\n"), out);
        assertTrue(!out.contains("non-canonical"), out);
    }

    // ---- point 16: invlpg needs an address, flush_tlb_all takes none; vmap of a frame without a
    // struct page is 6.1's WARN_ON(!pfn_valid()) in vmap_pages_pte_range() and a NULL return

    @Test
    void tlbStatementsNeedTheirArgumentsAndVmapRefusesAFrameBeyondRam() throws Exception {
        assertEquals("""
                2:3 error [tlb-flush-argument] invlpg needs an address: it drops one page's TLB entry \
                (__flush_tlb_one_kernel(addr)); write `invlpg ADDR`, or `flush_tlb_all` to drop every entry
                3:17 error [tlb-flush-argument] flush_tlb_all takes no address: it drops every TLB entry \
                (arch/x86/mm/tlb.c flush_tlb_all()); write `flush_tlb_all`, or `invlpg ADDR` for one page
                """, issues("""
                kernel <
                  invlpg
                  flush_tlb_all 0x1000
                  invlpg 0x1000
                  flush_tlb_all
                >
                """));
        String out = run("""
                boot ram 1536MB highmem
                kernel <
                  alloc_pages a order 0 GFP_KERNEL
                  vmap v pages a, 0x999999
                    expect fail
                  vmalloc w 1 page
                  show vmallocinfo
                >
                """);
        assertTrue(out.contains("[kernel-warning-expected] WARNING: mm/vmalloc.c: vmap_pages_pte_range(): "
                + "WARN_ON(!pfn_valid(page_to_pfn(page))): pfn 0x999999 (page 2 of 2) has no struct page (mem_map ends "
                + "at pfn 0x5ffe0); vmap() returns NULL\n"), out);
        assertTrue(out.contains("vmap(pages[2], 2, VM_MAP, PAGE_KERNEL) = NULL\n"), out);
        // vmap() vunmap()s the failed area: its range waits for the lazy purge, the next area follows it
        assertTrue(out.contains("vmalloc(4096) = 0xf7401000\n"), out);
        assertTrue(out.contains("0xf73fe000-0xf7401000   12288 unpurged vm_area\n"), out);
        assertTrue(!out.contains("[expectation-failed]"), out);
    }
}
