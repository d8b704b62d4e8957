package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 point 2: mmap completion offers what the statement takes next, the real words only (keywords and
 * vocabulary words), filtered by what is typed: the protections where a PROT goes, private/shared where the
 * sharing goes, never a placeholder (`name`, `prot`), and punctuation only where the grammar takes it next
 * after a whole word (never after `GFP_`).
 */
class Issue15CompletionTest {

    /** The labels proposed at the cursor, sorted. */
    private static List<String> labels(String marked) throws Exception {
        return items(marked).stream().map(CompletionItem::getLabel).distinct().sorted().toList();
    }

    private static List<CompletionItem> items(String marked) throws Exception {
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open(marked);
            return h.server.completion(new CompletionParams(h.doc(), cursor)).get(30, TimeUnit.SECONDS).getRight()
                    .getItems();
        }
    }

    /** The text after applying the proposal {@code label}'s edit at the cursor. */
    private static String apply(String marked, String label) throws Exception {
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open(marked);
            CompletionItem item = h.server.completion(new CompletionParams(h.doc(), cursor)).get(30, TimeUnit.SECONDS)
                    .getRight().getItems().stream().filter(i -> i.getLabel().equals(label)).findFirst().orElseThrow();
            return h.apply(List.of(item.getTextEdit().getLeft()));
        }
    }

    private static String mmap(String line) {
        return "process p <\n  " + line + "\n>\n";
    }

    @Test
    void theProtectionsWhereAProtGoesAndNoPlaceholder() throws Exception {
        assertEquals(List.of("---", "r--", "r-x", "rw-", "rwx"), labels(mmap("mmap buf 16KB <|>")));
        assertEquals(List.of("---", "r--", "r-x", "rw-", "rwx"), labels(mmap("mprotect 0x1000 4KB <|>")));
        assertEquals(List.of("(", "at"), labels(mmap("mmap <|>")));
    }

    @Test
    void typingRCompletesTheProtections() throws Exception {
        assertEquals(List.of("r--", "r-x", "rw-", "rwx"), labels(mmap("mmap buf 16KB r<|>")));
        assertEquals(List.of("r--", "r-x"), labels(mmap("mmap buf 16KB r-<|>")));
        assertEquals(mmap("mmap buf 16KB rw-"), apply(mmap("mmap buf 16KB r<|>"), "rw-"));
        assertEquals(mmap("mmap buf 16KB r-x"), apply(mmap("mmap buf 16KB r-<|>"), "r-x"));
    }

    @Test
    void privateAndSharedWhereTheStatementNeedsOne() throws Exception {
        assertEquals(List.of("anon", "device", "fd", "file", "private", "shared", "shared_validate"),
                labels(mmap("mmap buf 16KB rw- <|>")));
        assertEquals(List.of("private"), labels(mmap("mmap buf 16KB rw- p<|>")));
        assertEquals(List.of("private"), labels(mmap("mmap buf 16KB rw- pr<|>")));
        assertEquals(mmap("mmap buf 16KB rw- private"), apply(mmap("mmap buf 16KB rw- pr<|>"), "private"));
        assertEquals(List.of("anon"), labels(mmap("mmap buf 16KB rw- private an<|>")));
    }

    @Test
    void punctuationOnlyAfterAWholeWord() throws Exception {
        List<String> partial = labels("kernel <\n  kmalloc buf 64 GFP_<|>\n>\n");
        assertTrue(partial.stream().allMatch(l -> l.startsWith("GFP_")), partial::toString);
        assertTrue(partial.containsAll(List.of("GFP_KERNEL", "GFP_ATOMIC")), partial::toString);
        List<String> whole = labels("kernel <\n  kmalloc buf 64 GFP_KERNEL<|>\n>\n");
        assertEquals(List.of(">", "GFP_KERNEL", "GFP_KERNEL_ACCOUNT", "|"), whole);
        List<String> named = labels(mmap("mmap buf 16KB rw- private anon\n  write bu<|>"));
        assertEquals(List.of("buf"), named);
    }
}
