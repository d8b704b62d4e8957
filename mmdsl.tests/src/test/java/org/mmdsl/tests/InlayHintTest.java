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
}
