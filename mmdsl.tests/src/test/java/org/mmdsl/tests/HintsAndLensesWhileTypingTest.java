package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 point 5: a syntax error while typing does not take every inlay hint and code lens away. The
 * statements the edit left alone keep the last good run's hints (moved with the text), the lenses of the
 * blocks it left alone stay; the changed statement's hint and its block's lens go.
 */
class HintsAndLensesWhileTypingTest {

    private static final String GOOD = """
            boot ram 1536MB highmem
            process init <
              mmap buf 16KB rw- private anon
              write buf value 42
              mmap other 8KB rw- private anon
            >
            process second <
              mmap big 4MB rw- private anon
              write big value 1
            >
            """;

    private static String hints(LspHarness h) throws Exception {
        return h.server.inlayHint(new InlayHintParams(h.doc(), new Range(new Position(0, 0), new Position(20, 0))))
                .get(30, TimeUnit.SECONDS).stream().map(i -> i.getPosition().getLine() + 1 + ":"
                        + i.getPosition().getCharacter() + " " + i.getLabel().getLeft()).collect(Collectors.joining("\n"));
    }

    /** The block summaries (the "picture" lenses are read from the text, so they stay anyway: PictureLensTest). */
    private static String lenses(LspHarness h) throws Exception {
        return h.server.codeLens(new CodeLensParams(h.doc())).get(30, TimeUnit.SECONDS).stream()
                .filter(l -> !"mmdsl.showPicture".equals(l.getCommand().getCommand()))
                .map(l -> l.getRange().getStart().getLine() + 1 + ": " + l.getCommand().getTitle())
                .collect(Collectors.joining("\n"));
    }

    private static void change(LspHarness h, int version, String text) {
        h.text = text;
        h.server.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(h.uri, version),
                List.of(new TextDocumentContentChangeEvent(text))));
    }

    @Test
    void aHalfTypedStatementKeepsTheOtherStatementsHintsAndTheOtherBlocksLens() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(GOOD);
            assertEquals("""
                    3:32 = 0xb7ffc000
                    4:20 → pfn 0x36bfe
                    5:33 = 0xb7ffa000
                    8:31 = 0xb7c00000
                    9:19 → pfn 0x36bff""", hints(h));
            assertEquals("""
                    2: 1 VMA · 1 page fault — show /proc/1/maps
                    7: 1 VMA · 1 page fault — show /proc/2/maps""", lenses(h));

            // a line half typed above the second mmap: a syntax error
            change(h, 2, GOOD.replace("  mmap other", "  mprot\n  mmap other"));
            assertEquals("""
                    3:32 = 0xb7ffc000
                    4:20 → pfn 0x36bfe
                    6:33 = 0xb7ffa000
                    9:31 = 0xb7c00000
                    10:19 → pfn 0x36bff""", hints(h), "all statements kept, those below moved one line down");
            assertEquals("8: 1 VMA · 1 page fault — show /proc/2/maps", lenses(h), "init's block changed");

            // the write is being edited: its hint goes, the others stay
            change(h, 3, GOOD.replace("write buf value 42", "write buf valu"));
            assertEquals("""
                    3:32 = 0xb7ffc000
                    5:33 = 0xb7ffa000
                    8:31 = 0xb7c00000
                    9:19 → pfn 0x36bff""", hints(h));

            // fixed: a fresh run
            change(h, 4, GOOD.replace("write buf value 42", "write buf value 7"));
            assertEquals("""
                    3:32 = 0xb7ffc000
                    4:19 → pfn 0x36bfe
                    5:33 = 0xb7ffa000
                    8:31 = 0xb7c00000
                    9:19 → pfn 0x36bff""", hints(h));
        }
    }
}
