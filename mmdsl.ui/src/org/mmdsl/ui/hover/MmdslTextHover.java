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
 * Hover: what an LSP client shows at the offset, the messages of the diagnostics covering it (from the
 * last reconcile) and below them the language server's own hover, from the {@link IHoverService} mmdsl.ide
 * binds (MmdslHoverService: the VMA, page walk and frame of an address at that step, a size in pages, a
 * keyword's kernel documentation), its Markdown turned into plain text ({@link MarkdownText}). Eclipse
 * computes hovers outside the UI thread.
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
        List<String> parts = new ArrayList<>();
        MmdslDocumentState.Snapshot snapshot = MmdslDocumentState.get(document);
        if (snapshot != null && snapshot.text().equals(document.get())) {
            for (Issue issue : snapshot.issues()) {
                int start = issue.getOffset() == null ? -1 : issue.getOffset();
                int end = start + (issue.getLength() == null ? 0 : issue.getLength());
                if (start <= offset && offset <= end) {
                    parts.add(issue.getMessage());
                }
            }
        }
        String fromServer = languageServerHover(document, offset);
        if (fromServer != null && !fromServer.isBlank()) {
            parts.add(MarkdownText.plain(fromServer));
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
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
