package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** Inlay hints: results written after the statement that produced them, rendered as "line:col label". */
class InlayHintTest {

    @Test
    void mmapAddressFaultFrameKmapSlotAndErrno() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open("""
                    boot ram 1536MB highmem
                    process init <
                      mmap buf 16KB rw- private anon
                      write buf value 42
                      mmap big 4GB rw- private anon
                        expect errno ENOMEM
                    >
                    kernel <
                      kmap page 0x3a000
                      kmap page 0x100
                    >
                    """);
            List<InlayHint> hints = h.server.inlayHint(new InlayHintParams(h.doc(),
                    new Range(new Position(0, 0), new Position(11, 0)))).get(30, TimeUnit.SECONDS);
            String rendered = hints.stream().map(i -> i.getPosition().getLine() + 1 + ":" + i.getPosition().getCharacter()
                    + " " + i.getLabel().getLeft()).collect(Collectors.joining("\n"));
            assertEquals("""
                    3:32 = 0xb7ffc000
                    4:20 → pfn 0x36bfe
                    5:31 = -1 ENOMEM
                    9:19 = 0xfec01000 (pkmap slot 1)
                    10:17 = 0xc0100000 (direct map)""", rendered);
        }
    }

    /**
     * Issue 15 point 7: a comment after a statement is no part of it: the hint is written after the last
     * token, and the diagnostic's range ends there.
     */
    @Test
    void hintsAndDiagnosticsStopAtTheLastTokenBeforeAComment() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open("""
                    boot ram 1536MB highmem
                    process init <
                      mmap buf 16KB rw- private anon     // the address
                      write buf value 42                 // a fault: → pfn
                      read 0x1000                        // no VMA there
                    >
                    kernel <
                      kmap page 0x3a000   // ... pkmap slot 1 = 0xff001000
                    >
                    """);
            List<InlayHint> hints = h.server.inlayHint(new InlayHintParams(h.doc(),
                    new Range(new Position(0, 0), new Position(9, 0)))).get(30, TimeUnit.SECONDS);
            String rendered = hints.stream().map(i -> i.getPosition().getLine() + 1 + ":" + i.getPosition().getCharacter()
                    + " " + i.getLabel().getLeft()).collect(Collectors.joining("\n"));
            assertEquals("""
                    3:32 = 0xb7ffc000
                    4:20 → pfn 0x36bfe
                    5:13 SIGSEGV SEGV_MAPERR
                    8:19 = 0xfec01000 (pkmap slot 1)""", rendered);
            long end = System.currentTimeMillis() + 30_000;
            while (h.diagnostics.isEmpty() && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            org.eclipse.lsp4j.Diagnostic d = h.diagnostics.get(h.diagnostics.size() - 1).getDiagnostics().get(0);
            assertEquals("read 0x1000", h.at(d.getRange()));
        }
    }
}
