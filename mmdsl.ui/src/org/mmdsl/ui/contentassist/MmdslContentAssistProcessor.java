package org.mmdsl.ui.contentassist;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ui.MmdslLanguage;

/**
 * Content assist from the grammar: the language server's own {@link ContentAssistService} (Xtext's
 * ContentAssistContext machinery and the ide module's proposal provider) asked at the caret, its
 * completion items turned into Eclipse proposals. Nothing about the language is decided here.
 */
public class MmdslContentAssistProcessor implements IContentAssistProcessor {

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        IDocument document = viewer.getDocument();
        String text = document.get();
        URI uri = MmdslLanguage.uriOf(document);
        XtextResource resource = MmdslLanguage.parse(text, uri);
        Document lsDocument = new Document(1, text);
        CompletionParams params = new CompletionParams(new TextDocumentIdentifier(uri.toString()),
                lsDocument.getPosition(offset));
        CompletionList list = MmdslLanguage.injector().getInstance(ContentAssistService.class)
                .createCompletionList(lsDocument, resource, params, CancelIndicator.NullImpl);
        List<ICompletionProposal> proposals = new ArrayList<>();
        for (CompletionItem item : list.getItems()) {
            String insert;
            int start;
            int end;
            if (item.getTextEdit() != null && item.getTextEdit().isLeft()) {
                TextEdit edit = item.getTextEdit().getLeft();
                insert = edit.getNewText();
                start = lsDocument.getOffSet(edit.getRange().getStart());
                end = lsDocument.getOffSet(edit.getRange().getEnd());
            } else {
                insert = item.getInsertText() != null ? item.getInsertText() : item.getLabel();
                start = offset;
                end = offset;
            }
            String display = item.getDetail() == null || item.getDetail().isEmpty() ? item.getLabel()
                    : item.getLabel() + " - " + item.getDetail();
            proposals.add(new CompletionProposal(insert, start, end - start, insert.length(), null, display, null, null));
        }
        return proposals.toArray(new ICompletionProposal[0]);
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return null;
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
