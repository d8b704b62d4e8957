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
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 16 point 3, the language side: {@code boot ... thp MODE}, {@code boot ... hugepages N},
 * {@code khugepaged} and {@code show folio}; where the validator refuses them (32-bit kernels, kernel 2.6).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue16HugePagesTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    private String run(String text) throws Exception {
        return ValidatorTest.eventsFrom(parser, text, "init[1]: execve");
    }

    @Test
    void thpAndHugepagesAreX86_64Options() throws Exception {
        assertEquals("""
                1:1 error [boot-option-conflict] the model plays transparent huge pages on x86_64 only (a 32-bit kernel maps them with 4 MB pmds, not modelled): use `arch x86_64`, or leave `thp` out
                """, issues("boot ram 1GB thp always\n"));
        assertEquals("""
                1:1 error [boot-option-conflict] the model reserves hugetlbfs pages on x86_64 only (a 32-bit kernel's are 2 MB pmd pages, not modelled): use `arch x86_64`
                """, issues("boot ram 1GB arch i386 pae hugepages 2\n"));
        assertEquals("""
                1:1 error [boot-option-conflict] transparent hugepages arrived in 2.6.38: the 2.6 model (2.6.24) has none
                """, issues("boot ram 1GB kernel 2.6 thp madvise\n"));
        assertEquals("\n", issues("boot ram 1GB thp never\n"));
        assertEquals("\n", issues("boot arch x86_64 ram 2GB thp madvise hugepages 2\nkhugepaged\n"));
    }

    @Test
    void showFolioAndKhugepagedAreNotIn26() throws Exception {
        String text = """
                boot ram 1536MB kernel 2.6
                process init <
                  exec "/sbin/init" text 4KB
                  show folio 0x08048000
                >
                khugepaged
                """;
        String got = issues(text);
        assertTrue(got.contains("4:3 error [not-in-kernel-model] kernel 2.6: struct folio arrived in 5.16: under kernel 2.6 use `show page PFN`"), got);
        assertTrue(got.contains("6:1 error [not-in-kernel-model] kernel 2.6: khugepaged arrived in 2.6.38 with transparent hugepages"), got);
    }

    @Test
    void madviseModeHugePagesOnlyAfterMadviseHugepage() throws Exception {
        String out = run("""
                boot arch x86_64 ram 2GB thp madvise
                process init <
                  exec "/sbin/init" text 4KB
                  mmap buf at 0x40000000 4MB rw- private anon fixed
                  write buf value 1
                  madvise buf + 2MB 2MB hugepage
                  write buf + 2MB value 2
                  show folio buf + 2MB
                >
                khugepaged
                """);
        assertTrue(out.contains("page fault on write of 0x40000000 by pid 1: do_anonymous_page: new zeroed page"), out);
        assertTrue(out.contains("page fault on write of 0x40200000 by pid 1: do_huge_pmd_anonymous_page: new 2 MB page, PMD-mapped (order 9)"), out);
        assertTrue(out.contains("  folio_order()     9 (a large folio: PG_head here, PG_tail on the rest)"), out);
        // khugepaged scans VM_HUGEPAGE VMAs only under madvise: the first 2 MB has no flag
        assertTrue(out.contains("khugepaged: one pass (khugepaged_do_scan)\nno 2 MB range of a THP-eligible VMA has a pte table to scan"), out);
    }
}
