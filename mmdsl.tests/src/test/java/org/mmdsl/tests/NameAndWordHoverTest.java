package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.ide.hover.KernelDocs;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.services.MmdslGrammarAccess;

import com.google.inject.Inject;

/**
 * Issue 15 point 8: hover where users point first. Handle and task names show the mapping or the task at
 * that step; read/write, the kernel functions (kmalloc, __va), GFP flags and zone names show their line of
 * the runtime's vocabulary. Through the language server (LspHarness), as an editor asks.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class NameAndWordHoverTest {

    @Inject
    private MmdslGrammarAccess grammar;

    private static final String SCENARIO = """
            boot ram 1536MB highmem
            process init <
              mmap buf 16KB rw- private anon
              write buf for 8KB value 42
              expect page buf zone HighMem
            >
            thread worker = clone init <
              read buf
            >
            kernel <
              kmalloc obj 64B GFP_KERNEL
              __va 0x1000
            >
            """;

    /** The hover at the first {@code at} in the scenario, the cursor {@code offset} characters into it. */
    private static String hover(String at, int offset) throws Exception {
        int i = SCENARIO.indexOf(at);
        String marked = SCENARIO.substring(0, i + offset) + "<|>" + SCENARIO.substring(i + offset);
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open(marked);
            Hover hover = h.server.hover(new HoverParams(h.doc(), cursor)).get(30, TimeUnit.SECONDS);
            return hover.getContents() == null ? "" : hover.getContents().getRight().getValue();
        }
    }

    /** A division by zero computed at run time (issue 16 point 9): the hover says so, never a protocol error. */
    @Test
    void anAddressDividedByZeroAtThatStepSaysSo() throws Exception {
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open("""
                    boot ram 1536MB highmem
                    process init <
                      mmap buf 16KB rw- private anon
                      let z = buf - buf
                      read <|>buf + 4KB / z
                    >
                    """);
            Hover hover = h.server.hover(new HoverParams(h.doc(), cursor)).get(30, TimeUnit.SECONDS);
            assertEquals("_division by zero in 0x1000 / 0_", hover.getContents().getRight().getValue());
        }
    }

    @Test
    void aHandleShowsItsMappingAtThatStep() throws Exception {
        assertEquals("""
                **buf** = 0xb7ffc000 in init (pid 1)

                VMA `b7ffc000-b8000000 rw-p 00000000 00:00 0` (16 KB)

                pages present: 0 of 4

                _after line 3 ran_""", hover("buf 16KB", 1));
    }

    @Test
    void aTaskShowsItsVmasResidentPagesAndMaps() throws Exception {
        assertEquals("""
                **init** (pid 1): 1 VMA, 2 pages resident (rss), mm_users 2

                ```
                b7ffc000-b8000000 rw-p 00000000 00:00 0\s
                ```

                _after the block of lines 7–9 ran_""", hover("clone init", 8));
    }

    @Test
    void accessesKernelFunctionsGfpFlagsAndZonesShowTheirDocumentation() throws Exception {
        assertEquals("`write` — " + KernelDocs.of("write"), hover("write buf", 2));
        assertEquals("`kmalloc` — kmalloc(): mm/slub.c: a small object from the kmalloc-N cache of its size "
                + "(__kmalloc() → slab_alloc_node()); above two pages, straight from the buddy allocator", hover("kmalloc", 2));
        assertEquals("`__va` — __va(): arch/x86/include/asm/page.h: a physical address plus PAGE_OFFSET, its "
                + "direct-map address; meaningless above lowmem", hover("__va", 3));
        assertEquals("`GFP_KERNEL` — " + Vocabulary.GFP_FLAGS.byWord("GFP_KERNEL").kernelName() + ": "
                + Vocabulary.GFP_FLAGS.byWord("GFP_KERNEL").doc(), hover("GFP_KERNEL", 4));
        assertEquals("`HighMem` — " + Vocabulary.ZONES.byWord("HighMem").kernelName() + ": "
                + Vocabulary.ZONES.byWord("HighMem").doc(), hover("HighMem", 2));
    }

    /** Every kernel function the grammar spells is a word of the runtime's KernelApi, and the reverse. */
    @Test
    void everyKernelFunctionOfTheGrammarHasItsDocumentation() {
        Set<String> grammarWords = new TreeSet<>();
        for (AbstractRule r : List.of(grammar.getKmallocKindRule(), grammar.getFreeKindRule(), grammar.getKmapLocalOpRule(),
                grammar.getAddressOpRule())) {
            for (Keyword k : GrammarUtil.containedKeywords(r)) {
                grammarWords.add(k.getValue());
            }
        }
        for (AbstractRule r : List.of(grammar.getVmallocRule(), grammar.getVmapRule(), grammar.getVunmapRule(),
                grammar.getIoremapRule(), grammar.getIounmapRule(), grammar.getVmallocToPageRule(),
                grammar.getAllocPagesRule(), grammar.getFreePagesRule(), grammar.getSetPteRule(), grammar.getTlbFlushRule())) {
            for (Keyword k : GrammarUtil.containedKeywords(r)) {
                if (k.getValue().matches("[a-z_]+") && !Set.of("pages", "at", "order", "noflush").contains(k.getValue())) {
                    grammarWords.add(k.getValue());
                }
            }
        }
        assertEquals(grammarWords, new TreeSet<>(Vocabulary.KERNEL_API.spellings()));
    }
}
