package org.mmdsl.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.mmdsl.ide.server.MmdslServerModule;

import com.google.inject.Guice;

/**
 * The mmdsl language server in-process, as the launcher builds it (MmdslServerModule), with a client
 * that records published diagnostics. Scenarios mark the cursor with {@code <|>}; {@link #open} removes
 * the mark and returns its position.
 */
final class LspHarness implements AutoCloseable {
    final LanguageServerImpl server;
    final List<PublishDiagnosticsParams> diagnostics = new CopyOnWriteArrayList<>();
    final Path dir;
    String uri;
    String text;

    LspHarness() throws Exception {
        dir = Files.createTempDirectory("mmdsl-ls");
        server = Guice.createInjector(MmdslServerModule.module()).getInstance(LanguageServerImpl.class);
        server.connect(new LanguageClient() {
            @Override
            public void telemetryEvent(Object object) {
            }

            @Override
            public void publishDiagnostics(PublishDiagnosticsParams d) {
                diagnostics.add(d);
            }

            @Override
            public void showMessage(MessageParams m) {
            }

            @Override
            public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams r) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void logMessage(MessageParams m) {
            }
        });
        InitializeParams init = new InitializeParams();
        init.setRootUri(dir.toUri().toString());
        // as neovim 0.7 and VS Code: hierarchical document symbols
        ClientCapabilities caps = new ClientCapabilities();
        org.eclipse.lsp4j.TextDocumentClientCapabilities td = new org.eclipse.lsp4j.TextDocumentClientCapabilities();
        org.eclipse.lsp4j.DocumentSymbolCapabilities symbols = new org.eclipse.lsp4j.DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        td.setDocumentSymbol(symbols);
        caps.setTextDocument(td);
        init.setCapabilities(caps);
        server.initialize(init).get(30, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
    }

    /** Opens {@code marked} (cursor mark removed) and returns the cursor's position, or null without a mark. */
    Position open(String marked) throws Exception {
        int at = marked.indexOf("<|>");
        text = marked.replace("<|>", "");
        Path file = dir.resolve("t.mmdsl");
        Files.writeString(file, text);
        uri = file.toUri().toString();
        server.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "mmdsl", 1, text)));
        return at < 0 ? null : position(at);
    }

    TextDocumentIdentifier doc() {
        return new TextDocumentIdentifier(uri);
    }

    Position position(int offset) {
        int line = 0;
        int col = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 0;
            } else {
                col++;
            }
        }
        return new Position(line, col);
    }

    /** The text between two positions (same document). */
    String at(org.eclipse.lsp4j.Range r) {
        return text.substring(offset(r.getStart()), offset(r.getEnd()));
    }

    int offset(Position p) {
        String[] lines = text.split("\n", -1);
        int o = 0;
        for (int i = 0; i < p.getLine(); i++) {
            o += lines[i].length() + 1;
        }
        return o + p.getCharacter();
    }

    /** Applies edits (non-overlapping) to the current text. */
    String apply(List<? extends org.eclipse.lsp4j.TextEdit> edits) {
        List<org.eclipse.lsp4j.TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(offset(b.getRange().getStart()), offset(a.getRange().getStart())));
        StringBuilder sb = new StringBuilder(text);
        for (org.eclipse.lsp4j.TextEdit e : sorted) {
            sb.replace(offset(e.getRange().getStart()), offset(e.getRange().getEnd()), e.getNewText());
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        server.shutdown().get(10, TimeUnit.SECONDS);
    }
}
