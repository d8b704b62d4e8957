package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** Go to definition, find references and rename, for handles and tasks. */
class NavigationTest {
    private static final String TEXT = """
            process init <
              mmap buf 16KB rw- private anon
              write b<|>uf+4KB value 42
            >
            thread worker = clone init <
              read buf
            >
            expect init read buf+4KB == 42
            """;

    @Test
    void definitionReferencesAndRenameOfAHandle() throws Exception {
        try (LspHarness h = new LspHarness()) {
            Position cursor = h.open(TEXT);
            List<? extends Location> defs = h.server.definition(new DefinitionParams(h.doc(), cursor)).get(30, TimeUnit.SECONDS)
                    .getLeft();
            assertEquals("2:8 buf", defs.stream()
                    .map(l -> (l.getRange().getStart().getLine() + 1) + ":" + (l.getRange().getStart().getCharacter() + 1) + " "
                            + h.at(l.getRange()).strip()).collect(Collectors.joining()));
            List<? extends Location> refs = h.server.references(new ReferenceParams(h.doc(), cursor, new ReferenceContext(false)))
                    .get(30, TimeUnit.SECONDS);
            assertEquals("3:9 6:8 8:18", refs.stream().map(l -> (l.getRange().getStart().getLine() + 1) + ":"
                    + (l.getRange().getStart().getCharacter() + 1)).sorted().collect(Collectors.joining(" ")));
            List<TextEdit> edits = h.server.rename(new RenameParams(h.doc(), cursor, "buffer")).get(30, TimeUnit.SECONDS)
                    .getChanges().get(h.uri);
            assertEquals(TEXT.replace("<|>", "").replace("buf", "buffer"), h.apply(edits));
        }
    }
}
