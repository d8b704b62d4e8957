package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, "Bad input": half-typed statements, a 10 MB file and a scenario that would run for ever. The
 * server keeps answering, publishes what it can, and stays bounded. Times are printed (README).
 */
class BadInputTest {

    /**
     * The first publication from index {@code from} on whose text (codes and messages) contains
     * {@code what}, waiting up to {@code millis}. Xtext publishes no version, so the content tells.
     */
    private static PublishDiagnosticsParams awaitDiagnostics(LspHarness h, int from, String what, long millis)
            throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            for (int i = from; i < h.diagnostics.size(); i++) {
                PublishDiagnosticsParams p = h.diagnostics.get(i);
                if (render(p).contains(what)) {
                    return p;
                }
            }
            Thread.sleep(2);
        }
        return null;
    }

    private static String render(PublishDiagnosticsParams p) {
        return p.getDiagnostics().stream().map(d -> d.getCode().getLeft() + ": " + d.getMessage().getLeft())
                .collect(Collectors.joining("\n"));
    }

    private static void change(LspHarness h, int version, String text) {
        h.text = text;
        h.server.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(h.uri, version),
                List.of(new TextDocumentContentChangeEvent(text))));
    }

    @Test
    void halfTypedStatementsKeepCompletionHoverAndDiagnostics() throws Exception {
        try (LspHarness h = new LspHarness()) {
            Position cursor = h.open("""
                    process init <
                      mmap buf 16KB rw- private anon
                      write <|>
                      mmap
                      mpro
                    >
                    """);
            PublishDiagnosticsParams d = awaitDiagnostics(h, 0, "syntax", 30_000);
            assertNotNull(d, "no diagnostics for a half-typed scenario: " + h.diagnostics);
            assertFalse(d.getDiagnostics().isEmpty());
            for (Diagnostic diag : d.getDiagnostics()) {
                assertFalse(diag.getRange().getStart().equals(diag.getRange().getEnd()), "empty range: " + diag);
            }
            List<CompletionItem> items = h.server.completion(new CompletionParams(h.doc(), cursor))
                    .get(30, TimeUnit.SECONDS).getRight().getItems();
            assertTrue(items.stream().anyMatch(i -> "buf".equals(i.getLabel())),
                    () -> "no handle among " + items.stream().map(CompletionItem::getLabel).collect(Collectors.toList()));
            Hover hover = h.server.hover(new HoverParams(h.doc(), new Position(1, 3))).get(30, TimeUnit.SECONDS);
            assertTrue(hover.getContents().getRight().getValue().contains("mmap"), hover.toString());
        }
    }

    /** 10 MB: 430,000 lines of mmaps, writes and reads in 17,000 processes. */
    static String tenMegabytes() {
        StringBuilder sb = new StringBuilder("boot ram 1536MB highmem\n");
        for (int p = 0; sb.length() < 10_000_000; p++) {
            sb.append("process p").append(p).append(" <\n");
            for (int i = 0; i < 25; i++) {
                sb.append("  mmap b").append(i).append(" 16KB rw- private anon\n  write b").append(i)
                        .append("+4KB value 1\n  read b").append(i).append("+4KB\n");
            }
            sb.append(">\n");
        }
        return sb.toString();
    }

    @Test
    void aTenMegabyteFileIsAnsweredAtOnceAndComesBackUnderTheLimit() throws Exception {
        String big = tenMegabytes();
        Runtime rt = Runtime.getRuntime();
        try (LspHarness h = new LspHarness()) {
            long start = System.nanoTime();
            h.open(big);
            PublishDiagnosticsParams d = awaitDiagnostics(h, 0, "file-too-large", 30_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(d);
            assertEquals(1, d.getDiagnostics().size(), d.toString());
            Diagnostic tooLarge = d.getDiagnostics().get(0);
            assertEquals("file-too-large", tooLarge.getCode().getLeft());
            assertEquals(new Range(new Position(0, 0), new Position(0, 23)), tooLarge.getRange());
            assertTrue(tooLarge.getMessage().getLeft().startsWith("This file is 10,0"), tooLarge.getMessage().getLeft());
            // the server keeps answering on that document
            Hover hover = h.server.hover(new HoverParams(h.doc(), new Position(2, 4))).get(5, TimeUnit.SECONDS);
            assertNotNull(hover);
            h.server.completion(new CompletionParams(h.doc(), new Position(2, 4))).get(5, TimeUnit.SECONDS);
            // an edit that stays above the limit: a new size diagnostic for the new version
            h.server.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(h.uri, 2),
                    List.of(new TextDocumentContentChangeEvent(new Range(new Position(1, 0), new Position(1, 0)), "// x\n"))));
            assertNotNull(awaitDiagnostics(h, 0, String.format("%,d characters", big.length() + 5), 5_000));
            System.gc();
            long usedMb = (rt.totalMemory() - rt.freeMemory()) / 1_000_000;
            System.out.println("10 MB file: size diagnostic after " + millis + " ms, heap used after edits " + usedMb + " MB");
            // cutting it down to a scenario: parsed, simulated, diagnostics of the real text
            int before = h.diagnostics.size();
            change(h, 3, """
                    process init <
                      read 0x1000
                    >
                    """);
            PublishDiagnosticsParams small = awaitDiagnostics(h, before, "0x1000", 30_000);
            assertNotNull(small);
            assertEquals("[fault-unexpected]", small.getDiagnostics().stream().map(x -> x.getCode().getLeft())
                    .collect(Collectors.toList()).toString());
        }
    }

    @Test
    void aRunThatWouldLoopIsCancelledByTheNextEdit() throws Exception {
        String looping = """
                boot ram 1536MB highmem
                process init <
                  mmap big 1GB rw- private anon
                  write big for 1GB stride 1
                >
                """;
        try (LspHarness h = new LspHarness()) {
            // warm up the server on a small scenario so the figure is the cancellation, not class loading
            h.open("process init <\n  read 0x1000\n>\n");
            assertNotNull(awaitDiagnostics(h, 0, "0x1000", 30_000));
            change(h, 2, looping);
            Thread.sleep(300); // the run of version 2 is under way
            long start = System.nanoTime();
            change(h, 3, """
                    process init <
                      read 0x2000
                    >
                    """);
            PublishDiagnosticsParams fresh = awaitDiagnostics(h, 0, "0x2000", 30_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(fresh);
            System.out.println("edit during a looping run: fresh diagnostics after " + millis + " ms");
            assertEquals("[fault-unexpected]", fresh.getDiagnostics().stream().map(x -> x.getCode().getLeft())
                    .collect(Collectors.toList()).toString());
            assertTrue(millis < 2_500, "the long run was not cancelled: " + millis + " ms");
            // left alone, the same run is bounded (step budget or time limit) and says so
            int before = h.diagnostics.size();
            change(h, 4, looping);
            PublishDiagnosticsParams bounded = awaitDiagnostics(h, before, "run-aborted", 30_000);
            assertNotNull(bounded, () -> "no run-aborted after " + h.diagnostics.subList(before, h.diagnostics.size()));
        }
    }
}
