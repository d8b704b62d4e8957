package org.mmdsl.ide.server;

import java.util.List;
import java.util.Objects;

import org.eclipse.lsp4j.CodeLensOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceFoldersOptions;
import org.eclipse.lsp4j.WorkspaceServerCapabilities;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.mmdsl.ide.codelens.MmdslCommandService;
import org.mmdsl.ide.semantictokens.SemanticTokenLegend;
import org.mmdsl.picture.Picture;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The {@code initialize} result of the mmdsl server, built without the language's injector so that
 * {@link EarlyInitializeEndpoint} can answer before Xtext is ready. It is what
 * {@link MmdslLanguageServer#createServerCapabilities} computes from the injected services (Xtext's
 * list plus folding, rename with prepare, show-maps and show-picture, inlay hints, the semantic-token legend,
 * the {@code mmdsl/picture} request), with the server's name and version (serverInfo, which Xtext leaves out); the
 * only input that changes it is whether the client supports workspace folders. CapabilitiesTest
 * compares the two for several clients, so a service added to the language must be added here too.
 */
public final class MmdslCapabilities {
    private MmdslCapabilities() {
    }

    /** The server's name and version in {@code initialize}'s serverInfo: the version `mmdsl --version` prints. */
    public static final String NAME = "mmdsl";
    public static final String VERSION = "0.1.0";

    public static InitializeResult initializeResult(InitializeParams params) {
        return new InitializeResult(of(params), new ServerInfo(NAME, VERSION));
    }

    public static ServerCapabilities of(InitializeParams params) {
        ServerCapabilities c = new ServerCapabilities();
        c.setHoverProvider(true);
        c.setDefinitionProvider(true);
        c.setReferencesProvider(true);
        c.setDocumentSymbolProvider(true);
        c.setWorkspaceSymbolProvider(true);
        CodeLensOptions lens = new CodeLensOptions();
        lens.setResolveProvider(false);
        c.setCodeLensProvider(lens);
        c.setCodeActionProvider(true);
        c.setSignatureHelpProvider(new SignatureHelpOptions(List.of("(", ",")));
        c.setTextDocumentSync(TextDocumentSyncKind.Incremental);
        SemanticTokensWithRegistrationOptions tokens = new SemanticTokensWithRegistrationOptions(
                new org.eclipse.lsp4j.SemanticTokensLegend(SemanticTokenLegend.TYPES, SemanticTokenLegend.MODIFIERS));
        tokens.setFull(true);
        tokens.setRange(false);
        c.setSemanticTokensProvider(tokens);
        CompletionOptions completion = new CompletionOptions();
        completion.setResolveProvider(false);
        completion.setTriggerCharacters(List.of(" "));
        c.setCompletionProvider(completion);
        c.setDocumentFormattingProvider(true);
        c.setDocumentRangeFormattingProvider(true);
        c.setDocumentHighlightProvider(true);
        c.setFoldingRangeProvider(true);
        RenameOptions rename = new RenameOptions();
        rename.setPrepareProvider(true);
        c.setRenameProvider(Either.forRight(rename));
        if (params != null && params.getCapabilities() != null && params.getCapabilities().getWorkspace() != null
                && Objects.equals(params.getCapabilities().getWorkspace().getWorkspaceFolders(), Boolean.TRUE)) {
            // Xtext's WorkspaceManager always supports folders; it takes them from the client if it has them
            WorkspaceFoldersOptions folders = new WorkspaceFoldersOptions();
            folders.setSupported(true);
            folders.setChangeNotifications(true);
            c.setWorkspace(new WorkspaceServerCapabilities(folders));
        }
        c.setExecuteCommandProvider(new ExecuteCommandOptions(MmdslCommandService.COMMANDS));
        c.setInlayHintProvider(true);
        c.setExperimental(experimental());
        return c;
    }

    /**
     * mmdsl's own requests ({@link MmdslProtocol}): {@code "experimental": {"mmdslPicture": {"request":
     * "mmdsl/picture", "kinds": [...]}}}, so a client asks only a server that has them.
     */
    public static JsonObject experimental() {
        JsonObject picture = new JsonObject();
        picture.addProperty("request", PICTURE_REQUEST);
        JsonArray kinds = new JsonArray();
        PICTURE_KINDS.forEach(kinds::add);
        picture.add("kinds", kinds);
        JsonObject experimental = new JsonObject();
        experimental.add("mmdslPicture", picture);
        return experimental;
    }

    /** The method name of {@link MmdslProtocol#picture}. */
    public static final String PICTURE_REQUEST = "mmdsl/picture";

    /** The kinds {@code mmdsl/picture} draws, as {@code show picture} spells them. */
    private static final List<String> PICTURE_KINDS = java.util.Arrays.stream(Picture.Kind.values()).map(Picture.Kind::word)
            .toList();

    /**
     * {@link #initializeResult} as JSON text, written by hand: serialising it with LSP4J's Gson first
     * builds reflective adapters for the capability classes (FirstMessage). CapabilitiesTest checks that
     * it is the same JSON as LSP4J's.
     */
    public static String initializeResultJson(boolean clientHasWorkspaceFolders) {
        StringBuilder b = new StringBuilder("{\"capabilities\":{");
        b.append("\"textDocumentSync\":2,");
        b.append("\"hoverProvider\":true,");
        b.append("\"completionProvider\":{\"resolveProvider\":false,\"triggerCharacters\":[\" \"]},");
        b.append("\"signatureHelpProvider\":{\"triggerCharacters\":[\"(\",\",\"]},");
        b.append("\"definitionProvider\":true,");
        b.append("\"referencesProvider\":true,");
        b.append("\"documentHighlightProvider\":true,");
        b.append("\"documentSymbolProvider\":true,");
        b.append("\"workspaceSymbolProvider\":true,");
        b.append("\"codeActionProvider\":true,");
        b.append("\"codeLensProvider\":{\"resolveProvider\":false},");
        b.append("\"documentFormattingProvider\":true,");
        b.append("\"documentRangeFormattingProvider\":true,");
        b.append("\"renameProvider\":{\"prepareProvider\":true},");
        b.append("\"foldingRangeProvider\":true,");
        b.append("\"executeCommandProvider\":{\"commands\":");
        strings(b, MmdslCommandService.COMMANDS);
        b.append("},");
        if (clientHasWorkspaceFolders) {
            b.append("\"workspace\":{\"workspaceFolders\":{\"supported\":true,\"changeNotifications\":true}},");
        }
        b.append("\"semanticTokensProvider\":{\"legend\":{\"tokenTypes\":");
        strings(b, SemanticTokenLegend.TYPES);
        b.append(",\"tokenModifiers\":");
        strings(b, SemanticTokenLegend.MODIFIERS);
        b.append("},\"range\":false,\"full\":true},");
        b.append("\"inlayHintProvider\":true,");
        b.append("\"experimental\":{\"mmdslPicture\":{\"request\":\"").append(PICTURE_REQUEST).append("\",\"kinds\":");
        strings(b, PICTURE_KINDS);
        b.append("}}},");
        b.append("\"serverInfo\":{\"name\":\"").append(NAME).append("\",\"version\":\"").append(VERSION).append("\"}");
        return b.append('}').toString();
    }

    private static void strings(StringBuilder b, List<String> names) {
        b.append('[');
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(names.get(i)).append('"'); // plain identifiers: nothing to escape
        }
        b.append(']');
    }
}
