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
                1:24 error [unknown-kernel-model] mmdsl models kernel 2.6 (2.6.24, the course books' kernel), 6.1 (the recorded one, the default) and 6.18 (the proc-maps oracle's, x86_64): 3.10 is none of them
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

    @Test
    void kmapAtomicNamesItsKmTypeUnder26Only() throws Exception {
        assertEquals("""
                4:3 error [not-in-kernel-model] kernel 2.6: kmap_local_page arrived in 5.11: under kernel 2.6 use kmap_atomic(page, KM_USER0)
                5:3 error [not-in-kernel-model] kernel 2.6: kunmap_local arrived in 5.11: under kernel 2.6 use kunmap_atomic(addr, KM_USER0)
                6:3 error [km-type] kernel 2.6: kmap_atomic() names its km_type slot: write `kmap_atomic page PFN KM_USER0` (KM_USER0/KM_USER1 in process context, as LDD3 15.1.3 does)
                7:30 error [km-type] KM_USER2 is not an enum km_type of 2.6.24 i386 (include/asm-x86/kmap_types.h): KM_BOUNCE_READ, KM_SKB_SUNRPC_DATA, KM_SKB_DATA_SOFTIRQ, KM_USER0, KM_USER1, KM_BIO_SRC_IRQ, KM_BIO_DST_IRQ, KM_PTE0, KM_PTE1, KM_IRQ0, KM_IRQ1, KM_SOFTIRQ0, KM_SOFTIRQ1
                """, issues("""
                boot ram 1536MB kernel 2.6
                kernel <
                  kmap_atomic page 0x38000 KM_USER0 on cpu 0
                  kmap_local_page page 0x38001
                  kunmap_local page 0x38001
                  kmap_atomic page 0x38002
                  kunmap_atomic page 0x38000 KM_USER2
                >
                """));
        assertEquals("""
                3:3 warning [deprecated-api] kmap_atomic() is deprecated (Documentation/mm/highmem.rst, checkpatch): use kmap_local_page(); it does not disable preemption or page faults, only migration
                4:3 warning [deprecated-api] kmap_atomic() is deprecated (Documentation/mm/highmem.rst, checkpatch): use kmap_local_page(); it does not disable preemption or page faults, only migration
                4:28 error [not-in-kernel-model] 6.1 has no km_type slots: kmap_atomic(page) takes a per-CPU stack slot; prefer kmap_local_page
                5:30 error [not-in-kernel-model] 6.1 has no km_type slots: kmap_atomic(page) takes a per-CPU stack slot; prefer kmap_local_page
                """, issues("""
                boot ram 1536MB
                kernel <
                  kmap_atomic page 0x38000
                  kmap_atomic page 0x38001 KM_USER0
                  kunmap_atomic page 0x38001 KM_USER0
                >
                """));
    }

    @Test
    void kmapAtomicUnder26TakesTheTypesSlot() throws Exception {
        Scenario s = parser.parse("""
                boot ram 1536MB kernel 2.6 cpus 2
                kernel <
                  kmap_atomic page 0x38000 KM_USER0
                    expect address 0xfffb7000
                  kmap_atomic page 0x38001 KM_IRQ0 on cpu 1
                    expect address 0xfffa4000
                  kunmap_atomic page 0x38000 KM_USER0
                  kunmap_atomic page 0x38001 KM_IRQ0 on cpu 1
                >
                """);
        org.mmdsl.interpreter.Run run = org.mmdsl.interpreter.Interpreter.run(s,
                org.mmdsl.interpreter.Interpreter.Limits.BATCH, null);
        String text = run.events().stream().map(e -> e.event().message() + "\n").reduce("", String::concat);
        for (String line : List.of(
                "kmap_atomic(pfn_to_page(0x38000), KM_USER0) = 0xfffb7000 [fixmap FIX_KMAP_BEGIN+3: KM_USER0 + KM_TYPE_NR*0]",
                "kmap_atomic(pfn_to_page(0x38001), KM_IRQ0) on cpu 1 = 0xfffa4000 [fixmap FIX_KMAP_BEGIN+22: KM_IRQ0 + KM_TYPE_NR*1]",
                "kunmap_atomic(pfn_to_page(0x38000), KM_USER0) = void")) {
            org.junit.jupiter.api.Assertions.assertTrue(text.contains(line + "\n"), () -> "missing <" + line + "> in\n" + text);
        }
        org.junit.jupiter.api.Assertions.assertFalse(text.contains("expected 0x"), text);
    }
}
