package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.validation.MmdslIssue;

import com.google.inject.Inject;

/**
 * Issue 12 point 3: the validators ask ast.StatementResult which {@code expect} may follow a statement
 * instead of each keeping its own instanceof chain. This table holds, for every statement that takes
 * expectations, the kinds the validators accept after it (no {@code expectation-misplaced}), as they
 * were before the change; a statement kind added later gets a row here.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue12DispatchTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    /** The expectation kinds whose placement is checked, by name. */
    private static final Map<String, String> EXPECTS = new LinkedHashMap<>();
    static {
        EXPECTS.put("fault", "expect fault SIGSEGV");
        EXPECTS.put("errno", "expect errno EINVAL");
        EXPECTS.put("value", "expect value 1");
        EXPECTS.put("address", "expect address 0x1000");
        EXPECTS.put("fail", "expect fail");
        EXPECTS.put("tlb", "expect tlb hit");
        EXPECTS.put("notpresent", "expect notpresent pte");
        EXPECTS.put("vma", "expect vma none");
    }

    /** Statements of a process block. */
    private static final List<String> PROCESS = List.of("exec \"/bin/x\" text 4KB", "mmap b 4KB rw- private anon",
            "munmap 0x1000 4KB", "mprotect 0x1000 4KB r--", "brk +4KB", "read 0x1000", "write 0x1000 value 1",
            "exec 0x1000", "call 0x1000", "mremap m 0x1000 4KB 8KB maymove", "madvise 0x1000 4KB dontneed",
            "mlock 0x1000 4KB", "mlockall current", "msync 0x1000 4KB sync", "open f \"/x\" O_RDWR",
            "memfd_create mf \"b\" 4KB", "fcntl 3 F_ADD_SEALS F_SEAL_WRITE", "ftruncate 3 4KB", "close 3",
            "pread 3 0", "pwrite 3 0 value 1", "mincore 0x1000 4KB", "mseal 0x1000 4KB",
            "setrlimit RLIMIT_STACK 8MB", "setuid 1", "fork c < >", "read 0x1000 for 8KB", "translate 0x1000",
            "find_vma 0x1000", "find_vma_intersection 0x1000 0x2000", "set_mempolicy bind 0", "mbind 0x1000 4KB bind 0");

    /** Statements of a kernel block. */
    private static final List<String> KERNEL = List.of("kmap page 0x100", "kunmap page 0x100",
            "kmalloc o 64 GFP_KERNEL", "kvmalloc o 64 GFP_KERNEL", "kfree 0x1000", "alloc_pages a order 0 GFP_KERNEL",
            "free_pages 0x100", "vmalloc v 4KB", "vmalloc_to_page 0x1000", "vmap w pages 1", "vunmap 0x1000",
            "ioremap i 4KB at 0xfee00000", "iounmap 0x1000", "kmap_atomic page 0x100", "kmap_local_page page 0x100",
            "__pa 0x1000", "virt_to_page 0x1000", "set_pte p 0x1000 readonly", "read 0x1000",
            "write 0x1000 value 1");

    @Test
    void theExpectationsEachStatementTakes() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String s : PROCESS) {
            rows.add(s + ": " + accepted("process p <\n  " + s + "\n  %s\n>\n"));
        }
        for (String s : KERNEL) {
            rows.add("kernel " + s + ": " + accepted("process p < >\nkernel <\n  " + s + "\n  %s\n>\n"));
        }
        rows.add("process fork: " + accepted("process p < >\nprocess c = fork p < >\n  %s\n"));
        assertEquals("""
                exec "/bin/x" text 4KB: errno
                mmap b 4KB rw- private anon: errno address
                munmap 0x1000 4KB: errno
                mprotect 0x1000 4KB r--: errno
                brk +4KB: errno address
                read 0x1000: fault value tlb
                write 0x1000 value 1: fault tlb
                exec 0x1000: fault tlb
                call 0x1000: fault errno
                mremap m 0x1000 4KB 8KB maymove: errno address
                madvise 0x1000 4KB dontneed: errno
                mlock 0x1000 4KB: errno
                mlockall current: errno
                msync 0x1000 4KB sync: errno
                open f "/x" O_RDWR: errno
                memfd_create mf "b" 4KB: errno
                fcntl 3 F_ADD_SEALS F_SEAL_WRITE: errno
                ftruncate 3 4KB: errno
                close 3: errno
                pread 3 0: errno value
                pwrite 3 0 value 1: errno
                mincore 0x1000 4KB: errno
                mseal 0x1000 4KB: errno
                setrlimit RLIMIT_STACK 8MB: errno
                setuid 1: errno
                fork c < >: errno
                read 0x1000 for 8KB: fault value
                translate 0x1000: address notpresent
                find_vma 0x1000: vma
                find_vma_intersection 0x1000 0x2000: vma
                set_mempolicy bind 0: errno
                mbind 0x1000 4KB bind 0: errno
                kernel kmap page 0x100: errno address
                kernel kunmap page 0x100: errno
                kernel kmalloc o 64 GFP_KERNEL: errno address fail
                kernel kvmalloc o 64 GFP_KERNEL: errno address fail
                kernel kfree 0x1000: errno fail
                kernel alloc_pages a order 0 GFP_KERNEL: errno address fail
                kernel free_pages 0x100: errno fail
                kernel vmalloc v 4KB: errno address fail
                kernel vmalloc_to_page 0x1000: errno address fail
                kernel vmap w pages 1: errno address fail
                kernel vunmap 0x1000: errno fail
                kernel ioremap i 4KB at 0xfee00000: errno address fail
                kernel iounmap 0x1000: errno fail
                kernel kmap_atomic page 0x100: errno address fail
                kernel kmap_local_page page 0x100: errno address fail
                kernel __pa 0x1000: errno address fail
                kernel virt_to_page 0x1000: errno address fail
                kernel set_pte p 0x1000 readonly: errno
                kernel read 0x1000: errno value
                kernel write 0x1000 value 1: errno
                process fork: errno
                """, String.join("\n", rows) + "\n");
    }

    /** The expectation kinds the validators accept after the statement in {@code template} (%s: the expect). */
    private String accepted(String template) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : EXPECTS.entrySet()) {
            Scenario s = parser.parse(String.format(template, e.getValue()));
            List<Issue> issues = validator.validate(s.eResource(), CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
            List<String> syntax = issues.stream().filter(Issue::isSyntaxError).map(Issue::getMessage).toList();
            assertEquals(List.of(), syntax, template);
            if (issues.stream().noneMatch(i -> MmdslIssue.EXPECTATION_MISPLACED.id.equals(i.getCode()))) {
                out.append(out.length() == 0 ? "" : " ").append(e.getKey());
            }
        }
        return out.toString();
    }
}
