package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.arch.KernelModel;

import com.google.inject.Inject;

/** Issue 7: `kernel 2.6|6.1` and the statements each model has (KernelModelValidator). */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue7Test {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    String issues(String text) throws Exception {
        Scenario s = parser.parse(text);
        List<Issue> issues = validator.validate(s.eResource(), CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
        return ValidatorTest.snapshot(issues);
    }

    @Test
    void theDefaultIs61AndKernel26ParsesBeforeAKernelBlock() throws Exception {
        assertEquals(KernelModel.V6_1, BootConfig.model(parser.parse("boot ram 1536MB")));
        Scenario s = parser.parse("""
                boot ram 1536MB kernel 2.6
                kernel <
                  kmap page 0x100
                >
                """);
        assertEquals(KernelModel.V2_6, BootConfig.model(s));
        assertEquals(1, s.getStatements().size());
        assertEquals("\n", issues("""
                boot ram 1536MB kernel 2.6
                process init <
                  mmap buf 16KB rw- private anon
                  write buf
                  show mmap_cache
                >
                show mmap_cache init
                """));
    }

    @Test
    void statementsThe26ModelDoesNotHave() throws Exception {
        assertEquals("""
                1:24 error [unknown-kernel-model] mmdsl models kernel 2.6 (2.6.24, the course books' kernel) and 6.1 (the recorded one, the default): 3.10 is neither
                """, issues("boot ram 1536MB kernel 3.10\n"));
        assertEquals("""
                4:3 error [not-in-kernel-model] kernel 2.6: mlock2() arrived in 4.4: under kernel 2.6 use mlock (it faults the pages in)
                5:19 error [not-in-kernel-model] kernel 2.6: MADV_FREE arrived in 4.5: under kernel 2.6 use dontneed
                6:34 error [not-in-kernel-model] kernel 2.6: MREMAP_DONTUNMAP arrived in 5.7: under kernel 2.6 mremap always unmaps the old range
                9:3 error [not-in-kernel-model] kernel 2.6: kvmalloc() arrived in 4.12: under kernel 2.6 use kmalloc and, when it fails, vmalloc
                """, issues("""
                boot ram 1536MB kernel 2.6
                process init <
                  mmap buf 16KB rw- private anon
                  mlock2 buf 4KB
                  madvise buf 4KB free
                  mremap m buf 16KB 16KB maymove dontunmap
                >
                kernel <
                  kvmalloc k 64KB GFP_KERNEL
                >
                """));
    }

    @Test
    void mmapCacheUnder61NamesTheModel() throws Exception {
        assertEquals("""
                3:8 error [not-in-kernel-model] 6.1 has no mmap_cache: find_vma() walks the maple tree (vmacache, which replaced mmap_cache in 3.15, was removed in 6.1); choose `kernel 2.6` to see it
                """, issues("""
                boot ram 1536MB
                process init <
                  show mmap_cache
                >
                """));
        assertEquals("""
                1:1 error [boot-option-conflict] the 2.6 model is i386 only, as the books are (x86_64 is modelled on 6.1): use `arch i386` or `kernel 6.1`
                """, issues("boot ram 1536MB arch x86_64 kernel 2.6\n"));
    }
}
