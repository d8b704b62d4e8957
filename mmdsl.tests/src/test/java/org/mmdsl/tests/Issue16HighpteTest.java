package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;


import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 16 point 5, the language side: {@code boot ... highpte} (CONFIG_HIGHPTE), where the validator
 * refuses it, and the fault path's pte_offset_map() of a HighMem pte table under 2.6 and 6.1.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue16HighpteTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    private String run(String text) throws Exception {
        return ValidatorTest.eventsFrom(parser, text, "p[1]: execve");
    }

    @Test
    void highpteIsAnI386HighmemOption() throws Exception {
        assertEquals("\n", issues("boot ram 1536MB highpte"));
        assertEquals("\n", issues("boot ram 1536MB kernel 2.6 arch i386 pae highpte"));
        assertEquals("""
                1:1 error [boot-option-conflict] highpte is an i386 option (CONFIG_HIGHPTE): x86_64 has no highmem
                """, issues("boot ram 2GB arch x86_64 highpte"));
        assertEquals("""
                1:1 error [boot-option-conflict] highpte needs a HIGHMEM kernel (CONFIG_HIGHPTE depends on HIGHMEM): remove `highmem off`
                """, issues("boot ram 1536MB highmem off highpte"));
    }

    private static final String FAULT = """
            boot ram 1536MB highmem highpte kernel %s
            process p <
              exec "/bin/sh"
              mmap buf 4KB rw- private anon
              write buf value 1
            >
            """;

    @Test
    void theFaultPathMapsTheHighMemPteTableToWalkIt() throws Exception {
        assertEquals("""
                p[1]: execve("/bin/sh") [text 0, data 0, bss 0] = 0
                p[1]: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb7ff9000
                pte_offset_map(): the pte page (pfn 0x5f800) is in HighMem: kmap_atomic() maps it at 0xfffbb000 to walk it, pte_unmap() unmaps it
                page fault on write of 0xb7ff9000 by pid 1: do_anonymous_page: new zeroed page, pfn 0x36bfe
                """, run(FAULT.formatted("6.1")));
        assertEquals("""
                p[1]: execve("/bin/sh") [text 0, data 0, bss 0] = 0
                p[1]: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb7fff000
                pte_offset_map(): the pte page (pfn 0x5f800) is in HighMem: kmap_atomic(KM_PTE0) maps it at 0xfffb3000 to walk it, pte_unmap() unmaps it
                page fault on write of 0xb7fff000 by pid 1: do_anonymous_page: new zeroed page (2.6.24 maps no zero page), pfn 0x5ffc0
                """, run(FAULT.formatted("2.6")));
    }
}
