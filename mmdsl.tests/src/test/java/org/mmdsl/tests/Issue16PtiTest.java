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
 * Issue 16 point 4, the language side: {@code boot ... pti on|off}, where the validator refuses it, and
 * what {@code translate} prints and judges under page-table isolation (both pgds, both CR3 values).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue16PtiTest {

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
    void ptiIsAnX86_64OptionAndNotThe2_6Models() throws Exception {
        assertEquals("\n", issues("boot ram 2GB arch x86_64 pti on"));
        assertEquals("\n", issues("boot ram 2GB arch x86_64 pti off"));
        assertEquals("""
                1:1 error [boot-option-conflict] pti is modelled on x86_64 only (6.1's i386 PTI needs PAE and is not modelled): use `arch x86_64`
                """, issues("boot ram 1GB arch i386 pae pti on"));
        assertEquals("""
                1:1 error [boot-option-conflict] page-table isolation arrived in 4.15: the 2.6 model (2.6.24) has none
                """, issues("boot ram 1GB kernel 2.6 pti on"));
        assertEquals("""
                1:25 error [boot-option-duplicate] 'pti' is given twice; the kernel would take the last one, say it once
                """, issues("boot arch x86_64 pti on pti off"));
    }

    @Test
    void aKernelAddressIsNotPresentInTheUserPgd() throws Exception {
        String out = run("""
                boot ram 2GB arch x86_64 pti on
                process p <
                  exec "/bin/sh"
                  mmap buf 4KB rw- private anon
                  write buf value 1
                  translate 0xffff888000100000
                    expect notpresent pgd
                >
                """);
        String translate = out.substring(out.indexOf("translate p"));
        assertEquals("""
                translate p 0xffff888000100000
                kernel pgd (the kernel's side):
                0xffff888000100000 (x86_64 4-level paging) = sign 0xffff (bits 63-48) | pgd 273 (bits 47-39) | pud 0 (bits 38-30) | pmd 0 (bits 29-21) | pte 256 (bits 20-12) | offset 0x000 (bits 11-0)
                cr3 0x4012000: the pgd at pfn 0x4012
                pgd index 273 (0x111)  entry @0x4012888 = 0x4002063           [P RW A D]  -> pud table at pfn 0x4002
                pud index   0 (0x000)  entry @0x4002000 = 0x4003063           [P RW A D]  -> pmd table at pfn 0x4003
                pmd index   0 (0x000)  entry @0x4003000 = 0x80000000000000e3  [P RW A D PS NX]  -> 2 MB page (_PAGE_PSE) at pfn 0x0
                physical address 0x100000 = 2 MB page 0x0 + offset 0x100000 (bits 20-0)
                user pgd (kernel_to_user_pgdp(): what user mode runs on):
                0xffff888000100000 (x86_64 4-level paging) = sign 0xffff (bits 63-48) | pgd 273 (bits 47-39) | pud 0 (bits 38-30) | pmd 0 (bits 29-21) | pte 256 (bits 20-12) | offset 0x000 (bits 11-0)
                cr3 0x4013000: the pgd at pfn 0x4013
                pgd index 273 (0x111)  entry @0x4013888 = 0x0  [not present]
                the walk stops at the pgd (not present): an access raises a page fault (#PF, not present)
                CR3 in the kernel (on entry): 0x4012001 = pgd 0x4012000 | PCID 1; in user mode (on exit): 0x4013801 = user pgd 0x4013000 (bit 12) | PCID 0x801 (X86_CR3_PTI_PCID_USER_BIT 0x800)
                """, translate.substring(0, translate.indexOf("0x800)\n") + "0x800)\n".length()));
    }
}
