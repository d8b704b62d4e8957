package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.validation.SimulationDiagnostics;

import com.google.inject.Inject;

/**
 * Issue 11, point 1: vmalloc, ioremap, vmap and kvmalloc's vmalloc fallback on every layout. On
 * x86_64 the vmalloc space (VMALLOC_START 0xffffc90000000000, 0xffa0000000000000 with la57) is
 * negative as a Java long; every call used to fail there with "vmap allocation for size 8192 failed".
 *
 * <pre>
 *   6.1:   S          S+8K              S+20K        S+28K
 *          | v | guard | io 2p  | guard | m | guard | kv 2048 pages | guard |
 *   2.6:   | v | guard | m | guard | io 2p | guard |     (io 16 KB-aligned: fls(8192) = 14)
 * </pre>
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11VmallocArchTest {

    @Inject
    private ParseHelper<Scenario> parser;

    /** boot options, VMALLOC_START, 64-bit, 2.6.24 (no kvmalloc, no /proc/vmallocinfo). */
    static Stream<Arguments> layouts() {
        // i386: VMALLOC_START = high_memory (0xdffe0000 with 512 MB) + 8 MB (6.1), rounded up to
        // 8 MB after adding 16 MB - 1 in 2.6.24; x86_64: vmalloc_base (nokaslr), 5-level with la57
        return Stream.of(
                Arguments.of("", 0xe07e0000L, false, false),
                Arguments.of("arch i386 pae", 0xe07e0000L, false, false),
                Arguments.of("kernel 2.6", 0xe0800000L, false, true),
                Arguments.of("arch i386 pae kernel 2.6", 0xe0800000L, false, true),
                Arguments.of("arch x86_64", 0xffffc90000000000L, true, false),
                Arguments.of("arch x86_64 la57", 0xffa0000000000000L, true, false),
                Arguments.of("arch x86_64 kernel 6.18", 0xffffc90000000000L, true, false),
                Arguments.of("arch x86_64 la57 kernel 6.18", 0xffa0000000000000L, true, false));
    }

    private String run(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        StringBuilder sb = new StringBuilder();
        r.events().forEach(e -> {
            var issue = SimulationDiagnostics.issueOf(e);
            if (issue == null || !issue.id.startsWith("boot")) {
                sb.append(issue == null ? "" : "[" + issue.id + "] ").append(e.event().message()).append('\n');
            if (e.event() instanceof org.mmdsl.runtime.event.Output o) {
                sb.append(o.text()); // the body: a /proc file, a page-table dump
            }
            }
        });
        return sb.toString();
    }

    @ParameterizedTest(name = "[{index}] boot ram 512MB {0}")
    @MethodSource("layouts")
    void vmallocVmapIoremapAndKvmallocTakeTheFirstFreeRangeFromVmallocStart(String boot, long s, boolean is64,
            boolean v26) throws Exception {
        String out = run("boot ram 512MB " + boot + "\n" + """
                kernel <
                  vmalloc v 1 page
                    expect ok
                  ioremap io 4KB at 0xfee00020
                    expect ok
                  alloc_pages a order 0 GFP_KERNEL
                  vmap m pages a
                    expect ok
                  kmap page 0x100
                    expect ok
                  kunmap page 0x100
                """ + (v26 ? "" : """
                  kvmalloc kv 8MB GFP_KERNEL
                    expect ok
                  show vmallocinfo
                  kvfree kv
                """) + """
                  vfree v
                  vunmap m
                  iounmap io
                >
                """);
        String ptr = is64 ? "0x%016x" : "0x%08x";
        long io = v26 ? s + 0x4000 : s + 0x2000;
        long m = v26 ? s + 0x2000 : s + 0x5000;
        StringBuilder want = new StringBuilder();
        want.append(String.format("vmalloc(4096) = 0x%x%n", s));
        want.append(String.format("ioremap(0xfee00020, 4096) = 0x%x%n", io + 0x20));
        want.append(String.format("vmap(pages[1], 1, VM_MAP, PAGE_KERNEL) = 0x%x%n", m));
        if (!v26) {
            want.append(String.format("kvmalloc(8388608, GFP_KERNEL) = 0x%x [vmalloc fallback]%n", s + 0x7000));
            want.append("/proc/vmallocinfo\n");
            want.append(String.format(ptr + "-" + ptr + "    8192 pages=1 vmalloc%n", s, s + 0x2000));
            want.append(String.format(ptr + "-" + ptr + "   12288 phys=0x%s ioremap%n", io, io + 0x3000,
                    is64 || boot.contains("pae") ? "00000000fee00000" : "fee00000"));
            want.append(String.format(ptr + "-" + ptr + "    8192 vmap%n", m, m + 0x2000));
            want.append(String.format(ptr + "-" + ptr + " 8392704 pages=2048 vmalloc%n", s + 0x7000, s + 0x808000));
            want.append(String.format("kvfree(0x%x) = void%n", s + 0x7000));
        }
        want.append(String.format("vfree(0x%x) = void%n", s));
        want.append(String.format("vunmap(0x%x) = void%n", m));
        want.append(String.format("iounmap(0x%x) = void%n", io + 0x20));
        assertEquals(want.toString(), out.lines().filter(l -> l.startsWith("vmalloc(") || l.startsWith("ioremap(")
                || l.startsWith("vmap(") || l.startsWith("kvmalloc(") || l.startsWith("kvfree(") || l.startsWith("vfree(")
                || l.startsWith("vunmap(") || l.startsWith("iounmap(") || l.startsWith("0x") || l.startsWith("/proc/")
                || l.contains("expectation-failed") || l.contains("vmap allocation"))
                .map(l -> l + "\n").reduce("", String::concat));
    }
}
