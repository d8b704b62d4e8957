package org.mmdsl.ide;

import org.eclipse.xtext.generator.IShouldGenerate;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.ide.editor.folding.IFoldingRangeProvider;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.codelens.ICodeLensService;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.ide.server.commands.IExecutableCommandService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.ide.codelens.MmdslCodeLensService;
import org.mmdsl.ide.codelens.MmdslCommandService;
import org.mmdsl.ide.contentassist.MmdslContentAssistContextFactory;
import org.mmdsl.ide.contentassist.MmdslContentAssistService;
import org.mmdsl.ide.contentassist.MmdslIdeContentProposalProvider;
import org.mmdsl.ide.folding.MmdslFoldingRangeProvider;
import org.mmdsl.ide.hover.MmdslHoverService;
import org.mmdsl.ide.quickfix.MmdslCodeActionService;
import org.mmdsl.ide.server.NothingToGenerate;
import org.mmdsl.ide.server.SizeLimitedResource;
import org.mmdsl.ide.symbols.MmdslDocumentSymbolService;

/**
 * The language server's services for mmdsl (one package per feature): hover, inlay hints, code lens
 * with the show-maps command, completion, outline, folding and quick fixes (rename is bound by the generated module). Inlay hints and
 * semantic tokens are served by server.MmdslLanguageServer, which Xtext 2.42 does not route otherwise.
 */
public class MmdslIdeModule extends AbstractMmdslIdeModule {

    public Class<? extends IHoverService> bindIHoverService() {
        return MmdslHoverService.class;
    }

    public Class<? extends ICodeLensService> bindICodeLensService() {
        return MmdslCodeLensService.class;
    }

    public Class<? extends IExecutableCommandService> bindIExecutableCommandService() {
        return MmdslCommandService.class;
    }

    public Class<? extends ContentAssistService> bindContentAssistService() {
        return MmdslContentAssistService.class;
    }

    /** Completion's grammar questions answered once per grammar (MmdslContentAssistContextFactory, issue 15). */
    public Class<? extends ContentAssistContextFactory> bindContentAssistContextFactory() {
        return MmdslContentAssistContextFactory.class;
    }

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return MmdslIdeContentProposalProvider.class;
    }

    public Class<? extends HierarchicalDocumentSymbolService> bindHierarchicalDocumentSymbolService() {
        return MmdslDocumentSymbolService.class;
    }

    public Class<? extends IFoldingRangeProvider> bindIFoldingRangeProvider() {
        return MmdslFoldingRangeProvider.class;
    }

    public Class<? extends ICodeActionService2> bindICodeActionService2() {
        return MmdslCodeActionService.class;
    }

    /** In the language server, a text read from disk above the editor's size limit is not parsed (issue 15 point 9). */
    public Class<? extends XtextResource> bindXtextResource() {
        return SizeLimitedResource.class;
    }

    /** The builder validates each document once: mmdsl generates no files (NothingToGenerate). */
    public Class<? extends IShouldGenerate> bindIShouldGenerate() {
        return NothingToGenerate.class;
    }
}
