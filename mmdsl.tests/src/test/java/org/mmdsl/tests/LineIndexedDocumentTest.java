package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.eclipse.xtext.ide.server.Document;
import org.junit.jupiter.api.Test;
import org.mmdsl.ide.contentassist.MmdslContentAssistService.LineIndexedDocument;

/**
 * Issue 15, completion latency: the document MmdslContentAssistService hands to Xtext finds a position by
 * binary search over its line starts, and must find the one Xtext's Document finds by counting, at every
 * offset: empty lines, "\r\n" (the '\r' is a character of its line, as in Document), no final newline.
 */
class LineIndexedDocumentTest {

    @Test
    void everyOffsetHasXtextsPosition() {
        for (String text : new String[] {"", "\n", "process init <\n\n  read 0x1000\r\n>", "a\nb\n"}) {
            Document xtext = new Document(1, text);
            LineIndexedDocument indexed = new LineIndexedDocument(xtext);
            for (int offset = 0; offset <= text.length(); offset++) {
                assertEquals(xtext.getPosition(offset), indexed.getPosition(offset), "offset " + offset + " of " + text);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> indexed.getPosition(text.length() + 1));
        }
        assertEquals("Position [\n  line = 3\n  character = 1\n]",
                new LineIndexedDocument(new Document(1, "process init <\n\n  read 0x1000\r\n>")).getPosition(32).toString());
    }
}
