package org.mmdsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ide.codelens.MmdslCommandService;
import org.mmdsl.ide.inlayhints.MmdslInlayHintService;
import org.mmdsl.ide.semantictokens.MmdslSemanticTokens;

/**
 * Xtext's language server with everything advertised at {@code initialize}: neovim 0.7 never asks for a
 * capability registered later, and Xtext only advertises folding and commands when the client says it
 * supports them. Adds what Xtext 2.42 lacks: inlay hints ({@link MmdslInlayHintService}) and a semantic
 * token legend of LSP's standard types ({@link MmdslSemanticTokens}).
 */
public class MmdslLanguageServer extends LanguageServerImpl {

    @Override
    protected ServerCapabilities createServerCapabilities(InitializeParams params) {
        ServerCapabilities c = super.createServerCapabilities(params);
        c.setFoldingRangeProvider(true);
        if (c.getRenameProvider() == null || c.getRenameProvider().isLeft()) {
            RenameOptions rename = new RenameOptions();
            rename.setPrepareProvider(true);
            c.setRenameProvider(Either.forRight(rename));
        }
        if (c.getExecuteCommandProvider() == null) {
            // Xtext initialises its command registry only for clients announcing workspace/executeCommand
            getCommandRegistry().initialize(languages(), params == null ? null : params.getCapabilities(),
                    getLanguageClient());
            c.setExecuteCommandProvider(new ExecuteCommandOptions(getCommandRegistry().getCommands()));
        }
        if (!c.getExecuteCommandProvider().getCommands().contains(MmdslCommandService.SHOW_MAPS)) {
            List<String> commands = new ArrayList<>(c.getExecuteCommandProvider().getCommands());
            commands.add(MmdslCommandService.SHOW_MAPS);
            c.getExecuteCommandProvider().setCommands(commands);
        }
        SemanticTokensWithRegistrationOptions tokens = new SemanticTokensWithRegistrationOptions(MmdslSemanticTokens.LEGEND);
        tokens.setFull(true);
        tokens.setRange(false);
        c.setSemanticTokensProvider(tokens);
        c.setInlayHintProvider(true);
        c.getCompletionProvider().setTriggerCharacters(List.of(" "));
        return c;
    }

    private List<IResourceServiceProvider> languages() {
        List<IResourceServiceProvider> out = new ArrayList<>();
        for (String ext : getLanguagesRegistry().getExtensionToFactoryMap().keySet()) {
            out.add(getLanguagesRegistry().getResourceServiceProvider(URI.createURI("synth:///file." + ext)));
        }
        return out;
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        return getRequestManager().runRead(cancel -> inlayHint(params, cancel));
    }

    protected List<InlayHint> inlayHint(InlayHintParams params, CancelIndicator cancel) {
        URI uri = getURI(params.getTextDocument());
        MmdslInlayHintService service = getService(uri, MmdslInlayHintService.class);
        if (service == null) {
            return List.of();
        }
        return getWorkspaceManager().doRead(uri, (doc, resource) -> service.inlayHints(doc, resource, params, cancel));
    }

    @Override
    protected SemanticTokens semanticTokensFull(SemanticTokensParams params, CancelIndicator cancel) {
        URI uri = getURI(params.getTextDocument());
        MmdslSemanticTokens service = getService(uri, MmdslSemanticTokens.class);
        if (service == null) {
            return new SemanticTokens(List.of());
        }
        return getWorkspaceManager().doRead(uri, (doc, resource) -> service.tokens((XtextResource) resource, cancel));
    }
}
