package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.TreeSet;

import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdsl.ide.picture.PictureParams;
import org.mmdsl.ide.server.EarlyInitializeEndpoint;
import org.mmdsl.ide.server.MmdslCapabilities;
import org.mmdsl.ide.server.MmdslServerModule;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.inject.Guice;

/**
 * The server jar over stdio, started as an editor starts it, with a client that announces nothing
 * (as neovim 0.7 reads only the initialize result): every capability is in the initialize result, and
 * the answer comes quickly (the figure is printed; README records it). The launcher answers
 * {@code initialize} before the language server is built (EarlyInitializeEndpoint, with
 * MmdslCapabilities): that answer must be the one the server itself gives, for any client.
 */
class CapabilitiesTest {

    @Test
    void everyCapabilityIsAdvertisedAtInitialize(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        try (LspStdioClient client = new LspStdioClient(LanguageServerTest.serverCommand())) {
            JsonObject init = new JsonObject();
            init.addProperty("processId", ProcessHandle.current().pid());
            init.addProperty("rootUri", dir.toUri().toString());
            init.add("capabilities", new JsonObject());
            JsonObject r = client.response(client.request("initialize", init), 30_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("initialize answered " + millis + " ms after the server process was started");
            JsonObject caps = r.getAsJsonObject("result").getAsJsonObject("capabilities");
            TreeSet<String> providers = new TreeSet<>();
            for (String k : caps.keySet()) {
                if (k.endsWith("Provider") && !"false".equals(caps.get(k).toString())) {
                    providers.add(k);
                }
            }
            assertEquals("[codeActionProvider, codeLensProvider, completionProvider, definitionProvider, "
                    + "documentFormattingProvider, documentHighlightProvider, documentRangeFormattingProvider, "
                    + "documentSymbolProvider, executeCommandProvider, foldingRangeProvider, hoverProvider, "
                    + "inlayHintProvider, referencesProvider, renameProvider, semanticTokensProvider, "
                    + "signatureHelpProvider, workspaceSymbolProvider]", providers.toString());
            assertEquals("[\"mmdsl.showMaps\",\"mmdsl.showPicture\"]",
                    caps.getAsJsonObject("executeCommandProvider").get("commands").toString());
            assertEquals("{\"mmdslPicture\":{\"request\":\"mmdsl/picture\",\"kinds\":[\"maps\",\"physical\",\"kernel\",\"walk\",\"buddy\"]}}",
                    caps.get("experimental").toString());
            assertTrue(caps.getAsJsonObject("semanticTokensProvider").get("full").getAsBoolean());
            // The time to initialize is measured and written down (README), not asserted: a timed unit
            // test fails on a loaded machine and proves nothing on an idle one.
        }
    }

    /** Client capabilities that change Xtext's answer, or could: none, neovim-like, VS Code-like. */
    private static final String[] CLIENTS = {
        "{}",
        "{\"textDocument\":{\"documentSymbol\":{\"hierarchicalDocumentSymbolSupport\":true}}}",
        "{\"workspace\":{\"workspaceFolders\":true,\"executeCommand\":{\"dynamicRegistration\":true},"
                + "\"didChangeWatchedFiles\":{\"dynamicRegistration\":true}},\"textDocument\":{\"rename\":"
                + "{\"prepareSupport\":true},\"foldingRange\":{\"lineFoldingOnly\":true},\"semanticTokens\":"
                + "{\"requests\":{\"full\":true}}}}"};

    @Test
    void theEarlyInitializeAnswerIsTheServersOwn(@TempDir Path dir) throws Exception {
        Gson gson = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class)).getGson();
        for (String client : CLIENTS) {
            InitializeParams params = gson.fromJson("{\"rootUri\":\"" + dir.toUri() + "\",\"capabilities\":" + client + "}",
                    InitializeParams.class);
            LanguageServerImpl server = Guice.createInjector(MmdslServerModule.module()).getInstance(LanguageServerImpl.class);
            InitializeResult own = server.initialize(params).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(gson.toJson(own), gson.toJson(MmdslCapabilities.initializeResult(params)), "client " + client);
            // the launcher's hand-written answer (FirstMessage), as JSON trees (the order of members aside)
            assertEquals(JsonParser.parseString(gson.toJson(own)),
                    JsonParser.parseString(MmdslCapabilities.initializeResultJson(client.contains("\"workspaceFolders\":true"))),
                    "client " + client);
        }
    }

    @Test
    void theEarlyEndpointParsesEveryMethodTheServerHas() {
        LanguageServerImpl server = Guice.createInjector(MmdslServerModule.module()).getInstance(LanguageServerImpl.class);
        assertEquals(new TreeSet<>(server.supportedMethods().keySet()).toString(),
                new TreeSet<>(new EarlyInitializeEndpoint(null, null).supportedMethods().keySet()).toString());
        // mmdsl's own request is among them, with its parameter type
        assertEquals(PictureParams.class,
                new EarlyInitializeEndpoint(null, null).supportedMethods().get("mmdsl/picture").getParameterTypes()[0]);
    }
}
