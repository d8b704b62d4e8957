package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.junit.jupiter.api.Test;

/** Document symbols (outline), folding of < … > blocks and semantic tokens, rendered as text. */
class OutlineFoldingTokensTest {
    private static final String TEXT = """
            boot ram 1536MB highmem
            process init <
              mmap buf 16KB rw- private anon // a handle
              write buf+4KB value 42
            >
            thread worker = clone init <
              read buf
            >
            kernel <
              kmap page 0x3a000
            >
            kthread kworker <
              kmalloc obj 64B GFP_KERNEL
            >
            kernel in init <
              kmalloc obj2 64B GFP_KERNEL
            >
            """;

    @Test
    void outline() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(TEXT);
            List<DocumentSymbol> symbols = h.server.documentSymbol(new DocumentSymbolParams(h.doc())).get(30, TimeUnit.SECONDS)
                    .stream().map(e -> e.getRight()).collect(Collectors.toList());
            StringBuilder sb = new StringBuilder();
            for (DocumentSymbol s : symbols) {
                sb.append(s.getKind()).append(' ').append(s.getName()).append(" (").append(s.getDetail()).append(") line ")
                        .append(s.getRange().getStart().getLine() + 1).append('\n');
                if (s.getChildren() != null) {
                    for (DocumentSymbol c : s.getChildren()) {
                        sb.append("  ").append(c.getKind()).append(' ').append(c.getName()).append(" at ")
                                .append(h.at(c.getSelectionRange())).append('\n');
                    }
                }
            }
            assertEquals("""
                    Module boot (boot ram 1536MB highmem) line 1
                    Class init (process) line 2
                      Variable buf at buf
                    Event worker (thread (clone CLONE_VM)) line 6
                    Namespace kernel (kernel block) line 9
                    Event kworker (kthread (no mm: borrows active_mm)) line 12
                    Namespace kernel (kernel block, init current) line 15
                    """, sb.toString());
        }
    }

    @Test
    void foldsEveryBlock() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(TEXT);
            String folds = h.server.foldingRange(new FoldingRangeRequestParams(h.doc())).get(30, TimeUnit.SECONDS).stream()
                    .map(f -> (f.getStartLine() + 1) + "-" + (f.getEndLine() + 1)).collect(Collectors.joining(" "));
            assertEquals("2-5 6-8 9-11 12-14 15-17", folds);
        }
    }

    @Test
    void semanticTokensOfAProcessLine() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(TEXT);
            List<Integer> data = h.server.semanticTokensFull(new SemanticTokensParams(h.doc())).get(30, TimeUnit.SECONDS)
                    .getData();
            List<String> types = org.mmdsl.ide.semantictokens.SemanticTokenLegend.TYPES;
            StringBuilder sb = new StringBuilder();
            int line = 0;
            int col = 0;
            String[] lines = TEXT.split("\n");
            for (int i = 0; i < data.size(); i += 5) {
                line += data.get(i);
                col = data.get(i) == 0 ? col + data.get(i + 1) : data.get(i + 1);
                if (line == 2) {
                    sb.append(lines[line], col, col + data.get(i + 2)).append(':').append(types.get(data.get(i + 3)))
                            .append(data.get(i + 4) == 1 ? "+declaration" : "").append(' ');
                }
            }
            assertEquals("mmap:function buf:variable+declaration 16KB:number rw-:enumMember private:enumMember anon:keyword "
                    + "// a handle:comment ", sb.toString());
        }
    }
}
