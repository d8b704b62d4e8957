package org.mmdsl.ui.hover;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkedString;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.ui.MmdslDocumentState;
import org.mmdsl.ui.MmdslLanguage;

/**
 * Hover: the text the language server's {@link IHoverService} gives at the offset (whatever mmdsl.ide
 * binds; Xtext's default shows the documentation of the element under the cursor). Where that is
 * empty, the messages of the diagnostics covering the offset from the last reconcile, which is what an
 * LSP client shows on a diagnostic. Eclipse computes hovers outside the UI thread.
 */
public class MmdslTextHover implements ITextHover {

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        IDocument document = viewer.getDocument();
        int offset = region.getOffset();
        String fromServer = languageServerHover(document, offset);
        if (fromServer != null && !fromServer.isBlank()) {
            return fromServer;
        }
        MmdslDocumentState.Snapshot snapshot = MmdslDocumentState.get(document);
        if (snapshot == null || !snapshot.text().equals(document.get())) {
            return null;
        }
        List<String> messages = new ArrayList<>();
        for (Issue issue : snapshot.issues()) {
            int start = issue.getOffset() == null ? -1 : issue.getOffset();
            int end = start + (issue.getLength() == null ? 0 : issue.getLength());
            if (start <= offset && offset <= end) {
                messages.add(issue.getMessage());
            }
        }
        return messages.isEmpty() ? null : String.join("\n", messages);
    }

    private static String languageServerHover(IDocument document, int offset) {
        String text = document.get();
        URI uri = MmdslLanguage.uriOf(document);
        XtextResource resource = MmdslLanguage.parse(text, uri);
        Document lsDocument = new Document(1, text);
        HoverParams params = new HoverParams(new TextDocumentIdentifier(uri.toString()), lsDocument.getPosition(offset));
        Hover hover = MmdslLanguage.injector().getInstance(IHoverService.class)
                .hover(lsDocument, resource, params, CancelIndicator.NullImpl);
        if (hover == null || hover.getContents() == null) {
            return null;
        }
        Either<List<Either<String, MarkedString>>, MarkupContent> contents = hover.getContents();
        if (contents.isRight()) {
            return contents.getRight().getValue();
        }
        StringBuilder sb = new StringBuilder();
        for (Either<String, MarkedString> part : contents.getLeft()) {
            sb.append(part.isLeft() ? part.getLeft() : part.getRight().getValue()).append('\n');
        }
        return sb.toString().trim();
    }
}
