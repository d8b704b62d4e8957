package org.mmdsl.ide.contentassist;

import java.util.Arrays;

import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import com.google.inject.Singleton;

/**
 * Xtext's completion, with the document's line starts indexed once per request: Xtext turns each
 * proposal's offset into a position by counting lines from the start of the text (Document.getPosition),
 * so a completion with 60 proposals at the end of a 1,000-line scenario scanned 1.5 million characters,
 * the largest part of its time (issue 15, JFR profile of LspLatency). The positions are the same: lines
 * end at '\n' only, as in Document.
 */
@Singleton
public class MmdslContentAssistService extends ContentAssistService {

    @Override
    public CompletionList createCompletionList(Document document, XtextResource resource, CompletionParams params,
            CancelIndicator cancelIndicator) {
        return super.createCompletionList(new LineIndexedDocument(document), resource, params, cancelIndicator);
    }

    /** A Document whose getPosition is a binary search over its line starts. */
    public static final class LineIndexedDocument extends Document {
        private final int[] lineStarts;
        private final int length;

        public LineIndexedDocument(Document d) {
            super(d.getVersion(), d.getContents(), d.isPrintSourceOnError());
            String text = d.getContents();
            length = text.length();
            int[] starts = new int[16];
            int n = 0;
            starts[n++] = 0;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
            lineStarts = Arrays.copyOf(starts, n);
        }

        @Override
        public Position getPosition(int offset) {
            if (offset < 0 || offset > length) {
                return super.getPosition(offset); // Xtext's IndexOutOfBoundsException
            }
            int i = Arrays.binarySearch(lineStarts, offset);
            int line = i >= 0 ? i : -i - 2; // the last line starting at or before offset
            return new Position(line, offset - lineStarts[line]);
        }
    }
}
