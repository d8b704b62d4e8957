package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.pagealloc.Gfp;

import com.google.inject.Inject;

/**
 * Completion of kernel words (cursor {@code <|>}): GFP flags of kmalloc, kzalloc and alloc_pages (also
 * after {@code |}), madvise advice, the kmap statements in a kernel block, and statement keywords on the
 * line after a half-typed {@code mmap}.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class KernelCompletionTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private static List<String> labels(String marked) throws Exception {
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open(marked);
            List<CompletionItem> items = h.server.completion(new CompletionParams(h.doc(), cursor))
                    .get(30, TimeUnit.SECONDS).getRight().getItems();
            return items.stream().map(CompletionItem::getLabel).distinct().sorted().toList();
        }
    }

    private static List<String> startingWith(List<String> labels, String prefix) {
        return labels.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void gfpFlagsOfKmalloc() throws Exception {
        List<String> l = labels("kernel <\n  kmalloc buf 64 <|>\n>\n");
        assertEquals(List.of(Gfp.NAMES).stream().sorted().toList(), startingWith(l, "").stream()
                .filter(s -> s.contains("GFP")).toList());
    }

    @Test
    void gfpFlagsByPrefixAfterBarAndForAllocPages() throws Exception {
        // (no `|` nor `>` after a half-typed flag: Issue15CompletionTest)
        assertEquals(List.of("__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_NOWARN"),
                startingWith(labels("kernel <\n  kzalloc buf 64 GFP_KERNEL|__GFP_NO<|>\n>\n"), "_"));
        assertEquals(List.of("GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE"),
                startingWith(labels("kernel <\n  alloc_pages a order 0 GFP_HIGH<|>\n>\n"), "GFP"));
        assertTrue(labels("alloc_pages a order 2 GFP_KERNEL | <|>\n").containsAll(List.of("__GFP_ZERO", "GFP_DMA")));
    }

    @Test
    void madviseAdvice() throws Exception {
        List<String> l = labels("process p <\n  mmap buf 8KB rw- private anon\n  madvise buf 8KB <|>\n>\n");
        assertTrue(l.containsAll(List.of("dontneed", "willneed", "free", "cold", "pageout", "mergeable")), l::toString);
        assertEquals(List.of("dontdump", "dontfork", "dontneed", "dontneed_locked"),
                startingWith(labels("process p <\n  mmap buf 8KB rw- private anon\n  madvise buf dont<|>\n>\n"), "dont"));
    }

    @Test
    void kmapStatementsInAKernelBlock() throws Exception {
        assertEquals(List.of("kmap", "kmap_atomic", "kmap_local_page"), labels("kernel <\n  kmap<|>\n>\n"));
        List<String> l = labels("kernel <\n  alloc_pages a order 0 GFP_HIGHUSER\n  <|>\n>\n");
        assertTrue(l.containsAll(List.of("kmap", "kunmap", "kmap_atomic", "kunmap_atomic", "kmap_local_page",
                "kunmap_local", "kmalloc", "kzalloc", "alloc_pages")), l::toString);
    }

    @Test
    void aHalfTypedMmapDoesNotTakeTheNextStatementsKeyword() throws Exception {
        // keywords are not IDs: `write` never becomes the mmap's name
        Scenario s = parser.parse("process p <\n  mmap\n  write 0x1000\n>\n");
        assertFalse(AstDump.dump(s).contains("name=write"), AstDump.dump(s));
        // a keyword typed halfway is an ID, and would be the mmap's name: statement keywords are still proposed
        assertEquals(List.of("write"), startingWith(labels("process p <\n  mmap\n  wri<|>\n>\n"), "wri"));
        List<String> l = labels("process p <\n  mmap\n  <|>\n>\n");
        assertTrue(l.containsAll(List.of("write", "read", "munmap", "madvise")), l::toString);
    }
}
