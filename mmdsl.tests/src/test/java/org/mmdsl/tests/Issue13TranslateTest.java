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
import org.mmdsl.runtime.event.Output;

import com.google.inject.Inject;

/**
 * Issue 13 point 6: `translate` as a scenario prints it, on each paging mode a boot can choose (the runtime's
 * PageWalkRenderTest holds the format on hand-built tables): a user page, and a kernel address the direct map
 * covers with a large page.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue13TranslateTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private String translate(String boot, String address) throws Exception {
        Scenario s = parser.parse(boot + """

                process init <
                  mmap buf at 0x40000000 8KB rw- private anon
                  write buf+4KB value 42
                  translate %s
                >
                """.formatted(address));
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        return run.events().stream().filter(e -> e.event() instanceof Output)
                .map(e -> e.event().message() + "\n" + ((Output) e.event()).text())
                .collect(Collectors.joining());
    }

    @Test
    void i386TwoLevel() throws Exception {
        assertEquals("""
                translate init 0x40001010
                0x40001010 (i386 2-level paging) = pgd 256 (bits 31-22) | pte 1 (bits 21-12) | offset 0x010 (bits 11-0)
                cr3 0x2003000: the pgd at pfn 0x2003
                pgd index  256 (0x100)  entry @0x2003400 = 0x2004067   [P RW US A D]  -> pte table at pfn 0x2004
                pte index    1 (0x001)  entry @0x2004004 = 0x36bfe067  [P RW US A D]  -> 4 KB page at pfn 0x36bfe
                physical address 0x36bfe010 = 4 KB page 0x36bfe000 + offset 0x010 (bits 11-0)
                """, translate("boot ram 1536MB highmem", "buf+4KB+0x10"));
        assertEquals("""
                translate init 0xc0123456
                0xc0123456 (i386 2-level paging) = pgd 768 (bits 31-22) | pte 291 (bits 21-12) | offset 0x456 (bits 11-0)
                cr3 0x2003000: the pgd at pfn 0x2003
                pgd index  768 (0x300)  entry @0x2003c00 = 0x1e3  [P RW A D PS G]  -> 4 MB page (_PAGE_PSE) at pfn 0x0
                physical address 0x123456 = 4 MB page 0x0 + offset 0x123456 (bits 21-0)
                """, translate("boot ram 1536MB highmem", "0xc0123456"));
    }

    @Test
    void pae() throws Exception {
        assertEquals("""
                translate init 0x40001010
                0x40001010 (i386 PAE paging) = pgd 1 (bits 31-30) | pmd 0 (bits 29-21) | pte 1 (bits 20-12) | offset 0x010 (bits 11-0)
                cr3 0x2004000: the pgd at pfn 0x2004
                pgd index   1 (0x001)  entry @0x2004008 = 0x2006001           [P]  -> pmd table at pfn 0x2006
                pmd index   0 (0x000)  entry @0x2006000 = 0x2008067           [P RW US A D]  -> pte table at pfn 0x2008
                pte index   1 (0x001)  entry @0x2008008 = 0x8000000036ffe067  [P RW US A D NX]  -> 4 KB page at pfn 0x36ffe
                physical address 0x36ffe010 = 4 KB page 0x36ffe000 + offset 0x010 (bits 11-0)
                """, translate("boot ram 1536MB highmem arch i386 pae", "buf+4KB+0x10"));
        assertEquals("""
                translate init 0xc0123456
                0xc0123456 (i386 PAE paging) = pgd 3 (bits 31-30) | pmd 0 (bits 29-21) | pte 291 (bits 20-12) | offset 0x456 (bits 11-0)
                cr3 0x2004000: the pgd at pfn 0x2004
                pgd index   3 (0x003)  entry @0x2004018 = 0x2001001           [P]  -> pmd table at pfn 0x2001
                pmd index   0 (0x000)  entry @0x2001000 = 0x80000000000001e3  [P RW A D PS G NX]  -> 2 MB page (_PAGE_PSE) at pfn 0x0
                physical address 0x123456 = 2 MB page 0x0 + offset 0x123456 (bits 20-0)
                """, translate("boot ram 1536MB highmem arch i386 pae", "0xc0123456"));
    }

    @Test
    void x8664() throws Exception {
        assertEquals("""
                translate init 0x40001010
                0x40001010 (x86_64 4-level paging) = sign 0x0 (bits 63-48) | pgd 0 (bits 47-39) | pud 1 (bits 38-30) | pmd 0 (bits 29-21) | pte 1 (bits 20-12) | offset 0x010 (bits 11-0)
                cr3 0x4006000: the pgd at pfn 0x4006
                pgd index   0 (0x000)  entry @0x4006000 = 0x4007067           [P RW US A D]  -> pud table at pfn 0x4007
                pud index   1 (0x001)  entry @0x4007008 = 0x4008067           [P RW US A D]  -> pmd table at pfn 0x4008
                pmd index   0 (0x000)  entry @0x4008000 = 0x4009067           [P RW US A D]  -> pte table at pfn 0x4009
                pte index   1 (0x001)  entry @0x4009008 = 0x8000000003c33067  [P RW US A D NX]  -> 4 KB page at pfn 0x3c33
                physical address 0x3c33010 = 4 KB page 0x3c33000 + offset 0x010 (bits 11-0)
                """, translate("boot ram 2GB arch x86_64", "buf+4KB+0x10"));
        assertEquals("""
                translate init 0xffff888040123456
                0xffff888040123456 (x86_64 4-level paging) = sign 0xffff (bits 63-48) | pgd 273 (bits 47-39) | pud 1 (bits 38-30) | pmd 0 (bits 29-21) | pte 291 (bits 20-12) | offset 0x456 (bits 11-0)
                cr3 0x4006000: the pgd at pfn 0x4006
                pgd index 273 (0x111)  entry @0x4006888 = 0x4001063           [P RW A D]  -> pud table at pfn 0x4001
                pud index   1 (0x001)  entry @0x4001008 = 0x4003063           [P RW A D]  -> pmd table at pfn 0x4003
                pmd index   0 (0x000)  entry @0x4003000 = 0x80000000400001e3  [P RW A D PS G NX]  -> 2 MB page (_PAGE_PSE) at pfn 0x40000
                physical address 0x40123456 = 2 MB page 0x40000000 + offset 0x123456 (bits 20-0)
                """, translate("boot ram 2GB arch x86_64", "0xffff888040123456"));
    }

    @Test
    void la57() throws Exception {
        assertEquals("""
                translate init 0x40001010
                0x40001010 (x86_64 la57 5-level paging) = sign 0x0 (bits 63-57) | pgd 0 (bits 56-48) | p4d 0 (bits 47-39) | pud 1 (bits 38-30) | pmd 0 (bits 29-21) | pte 1 (bits 20-12) | offset 0x010 (bits 11-0)
                cr3 0x4007000: the pgd at pfn 0x4007
                pgd index   0 (0x000)  entry @0x4007000 = 0x4008067           [P RW US A D]  -> p4d table at pfn 0x4008
                p4d index   0 (0x000)  entry @0x4008000 = 0x4009067           [P RW US A D]  -> pud table at pfn 0x4009
                pud index   1 (0x001)  entry @0x4009008 = 0x400a067           [P RW US A D]  -> pmd table at pfn 0x400a
                pmd index   0 (0x000)  entry @0x400a000 = 0x400b067           [P RW US A D]  -> pte table at pfn 0x400b
                pte index   1 (0x001)  entry @0x400b008 = 0x8000000003c33067  [P RW US A D NX]  -> 4 KB page at pfn 0x3c33
                physical address 0x3c33010 = 4 KB page 0x3c33000 + offset 0x010 (bits 11-0)
                """, translate("boot ram 2GB arch x86_64 la57", "buf+4KB+0x10"));
        assertEquals("""
                translate init 0x40000000
                0x40000000 (x86_64 la57 5-level paging) = sign 0x0 (bits 63-57) | pgd 0 (bits 56-48) | p4d 0 (bits 47-39) | pud 1 (bits 38-30) | pmd 0 (bits 29-21) | pte 0 (bits 20-12) | offset 0x000 (bits 11-0)
                cr3 0x4007000: the pgd at pfn 0x4007
                pgd index   0 (0x000)  entry @0x4007000 = 0x4008067  [P RW US A D]  -> p4d table at pfn 0x4008
                p4d index   0 (0x000)  entry @0x4008000 = 0x4009067  [P RW US A D]  -> pud table at pfn 0x4009
                pud index   1 (0x001)  entry @0x4009008 = 0x400a067  [P RW US A D]  -> pmd table at pfn 0x400a
                pmd index   0 (0x000)  entry @0x400a000 = 0x400b067  [P RW US A D]  -> pte table at pfn 0x400b
                pte index   0 (0x000)  entry @0x400b000 = 0x0        [not present]
                the walk stops at the pte (not present): an access raises a page fault (#PF, not present)
                """, translate("boot ram 2GB arch x86_64 la57", "buf"));
    }
}
