package org.mmdsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.interpreter.SpareKernels;
import org.mmdsl.validation.MmdslIssue;

import com.google.inject.Inject;
import org.mmdsl.ide.codelens.MmdslCommandService;
import org.mmdsl.ide.inlayhints.MmdslInlayHintService;
import org.mmdsl.ide.picture.EditorPictures;
import org.mmdsl.ide.picture.PictureAnswer;
import org.mmdsl.ide.picture.PictureParams;
import org.mmdsl.ide.semantictokens.MmdslSemanticTokens;

/**
 * Xtext's language server with everything advertised at {@code initialize}: neovim 0.7 never asks for a
 * capability registered later, and Xtext only advertises folding and commands when the client says it
 * supports them. Adds what Xtext 2.42 lacks: inlay hints ({@link MmdslInlayHintService}) and a semantic
 * token legend of LSP's standard types ({@link MmdslSemanticTokens}).
 *
 * <p>Bad input: a document above {@link #MAX_CHARS} characters is not given to Xtext (parsing alone
 * takes about 5 s per megabyte on the 2-core machine, and every request waits for the build); Xtext
 * holds an empty text for it, and the document carries one {@code file-too-large} diagnostic until an
 * edit brings it under the limit. Simulated diagnostics carry related information
 * (SimulationDiagnostics puts it in the issue's data, {@link RelatedInformation} reads it). mmdsl's own
 * request {@code mmdsl/picture} ({@link MmdslProtocol}) answers with {@link EditorPictures}.
 */
public class MmdslLanguageServer extends LanguageServerImpl implements MmdslProtocol {

    /**
     * Above this many characters a document is not parsed. 1,000,000 characters (about 43,000 lines)
     * took 4–6 s to parse and 17 s to its first diagnostics under a load of 8: the limit keeps the
     * server answering; the 1,000-line scenario of DiagnosticsLatencyBenchmark is 26 KB.
     */
    public static final int MAX_CHARS = Integer.getInteger("mmdsl.editor.maxChars", 1_000_000);

    @Inject
    private UriExtensions uriExtensions;

    /** The text of every open document as the client has it (Xtext may hold an empty stand-in). */
    private final Map<URI, Document> texts = new ConcurrentHashMap<>();
    /** Open documents above MAX_CHARS, with the version of their last change. */
    private final Map<URI, Integer> oversized = new ConcurrentHashMap<>();

    /** The diagnostics last published per document: an open does not publish the build's list again. */
    private final RepeatedDiagnostics published = new RepeatedDiagnostics();

    /** The workspace folder's files, built after the open documents (issue 15: first diagnostics). */
    private WorkspaceBuildAfterOpen folder;

    public MmdslLanguageServer() {
        SizeLimitedResource.limit(MAX_CHARS); // the start-up build keeps the open documents' limit
        SpareKernels.enable(); // each edit's, hover's, hint's run takes a machine booted ahead (issue 15)
        SpareKernels.prepare(new org.mmdsl.runtime.arch.BootParams()); // the default machine, while Xtext starts
    }

    /** Starts building the folder's files behind what is queued now (once; see WorkspaceBuildAfterOpen). */
    private void buildFolder() {
        WorkspaceBuildAfterOpen f;
        synchronized (this) {
            if (folder == null && getRequestManager() instanceof MmdslRequestManager r) {
                folder = new WorkspaceBuildAfterOpen(r, getWorkspaceManager(), texts::containsKey);
            }
            f = folder;
        }
        if (f != null) {
            f.start();
        }
    }

    /** An editor that opens no document gets the folder's diagnostics half a second after start-up. */
    @Override
    public void initialized(InitializedParams params) {
        super.initialized(params);
        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(this::buildFolder);
    }

    @Override
    public void connect(LanguageClient client) {
        super.connect(OversizedDocuments.filter(client, this::replaceDiagnostics));
    }

    /**
     * Xtext's publication for an oversized document (of its empty stand-in) becomes the size diagnostic; a
     * publication of the list the client has already (the start-up build's, then the open's) is dropped.
     */
    private PublishDiagnosticsParams replaceDiagnostics(PublishDiagnosticsParams params) {
        URI uri = getURI(new TextDocumentIdentifier(params.getUri()));
        Document doc = texts.get(uri);
        PublishDiagnosticsParams out = params;
        if (doc != null && oversized.containsKey(uri)) {
            out = new PublishDiagnosticsParams(params.getUri(), List.of(tooLarge(doc)), doc.getVersion());
        } else if (doc == null) {
            // a file of the folder the start-up build left unparsed (SizeLimitedResource)
            OversizedFiles files = getService(uri, OversizedFiles.class);
            Long size = files == null ? null : files.size(uri.toString());
            if (size != null) {
                out = new PublishDiagnosticsParams(params.getUri(), List.of(tooLarge(size, 1)));
            }
        }
        return published.repeated(uri.toString(), out) ? null : out;
    }

    /** Whether the client has the document open (a request about any other document is answered empty). */
    public boolean isOpen(String uri) {
        return texts.containsKey(getURI(new TextDocumentIdentifier(uri)));
    }

    private static Diagnostic tooLarge(Document doc) {
        String text = doc.getContents();
        int firstLine = text.indexOf('\n');
        return tooLarge(text.length(), Math.max(1, Math.min(firstLine < 0 ? text.length() : firstLine, 200)));
    }

    /** The size warning for a text of {@code chars} characters, on the first {@code end} characters of line 1. */
    private static Diagnostic tooLarge(long chars, int end) {
        Diagnostic d = new Diagnostic(new Range(new Position(0, 0), new Position(0, end)),
                String.format("This file is %,d characters, above the editor's limit of %,d: it is not parsed or "
                        + "simulated here (`mmdsl check` and `mmdsl run` on the command line have no limit)",
                        chars, MAX_CHARS),
                DiagnosticSeverity.Warning, "mmdsl");
        d.setCode(MmdslIssue.FILE_TOO_LARGE.id);
        return d;
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        TextDocumentItem item = params.getTextDocument();
        URI uri = getURI(new TextDocumentIdentifier(item.getUri()));
        Document doc = new Document(item.getVersion(), item.getText());
        texts.put(uri, doc);
        if (item.getText().length() > MAX_CHARS) {
            oversized.put(uri, item.getVersion());
            super.didOpen(new DidOpenTextDocumentParams(
                    new TextDocumentItem(item.getUri(), item.getLanguageId(), item.getVersion(), "")));
        } else {
            super.didOpen(params);
        }
        buildFolder(); // queued behind this document's build
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        URI uri = getURI(new TextDocumentIdentifier(params.getTextDocument().getUri()));
        published.changed(uri.toString());
        Document before = texts.get(uri);
        if (before == null) {
            super.didChange(params);
            return;
        }
        Document after = new Document(params.getTextDocument().getVersion(), before.getContents())
                .applyTextDocumentChanges(params.getContentChanges());
        texts.put(uri, after);
        boolean wasOversized = oversized.containsKey(uri);
        boolean isOversized = after.getContents().length() > MAX_CHARS;
        if (isOversized) {
            oversized.put(uri, after.getVersion());
        } else {
            oversized.remove(uri);
        }
        if (!wasOversized && !isOversized) {
            super.didChange(params);
        } else if (wasOversized && isOversized) {
            // Xtext's stand-in stays empty; the size in the diagnostic changed
            getLanguageClient().publishDiagnostics(
                    new PublishDiagnosticsParams(params.getTextDocument().getUri(), List.of(tooLarge(after)), after.getVersion()));
        } else {
            // into or out of the limit: Xtext gets the whole text, or the empty stand-in
            super.didChange(new DidChangeTextDocumentParams(params.getTextDocument(),
                    List.of(new TextDocumentContentChangeEvent(isOversized ? "" : after.getContents()))));
        }
    }

    private final CompletionWhileBuilding whileBuilding = new CompletionWhileBuilding();

    /** True for a document whose requests get empty answers: Xtext holds an empty stand-in for it. */
    private boolean isOversized(TextDocumentIdentifier doc) {
        return doc != null && oversized.containsKey(getURI(doc));
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return isOversized(params.getTextDocument()) ? CompletableFuture.completedFuture(new Hover(List.of()))
                : super.hover(params);
    }

    /**
     * Xtext's completion on the built resource; while a build is pending (a completion typed right after an
     * edit), {@link CompletionWhileBuilding}'s answer from the document's text, without waiting for it.
     */
    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        if (isOversized(params.getTextDocument())) {
            return CompletableFuture.completedFuture(Either.forRight(new CompletionList(List.of())));
        }
        URI uri = getURI(params.getTextDocument());
        Document doc = texts.get(uri);
        if (doc != null && getRequestManager() instanceof MmdslRequestManager r && r.writePending()) {
            return whileBuilding.complete(uri, doc, params, this::getService);
        }
        return super.completion(params);
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return isOversized(params.getTextDocument()) ? CompletableFuture.completedFuture(Either.forLeft(List.of()))
                : super.definition(params);
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        return isOversized(params.getTextDocument()) ? CompletableFuture.completedFuture(List.of())
                : super.references(params);
    }

    @Override
    public CompletableFuture<List<? extends DocumentHighlight>> documentHighlight(DocumentHighlightParams params) {
        return isOversized(params.getTextDocument()) ? CompletableFuture.completedFuture(List.of())
                : super.documentHighlight(params);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        URI uri = getURI(params.getTextDocument());
        texts.remove(uri);
        oversized.remove(uri);
        published.closed(uri.toString());
        super.didClose(params);
    }

    /** Xtext's conversion, plus the related information a simulated diagnostic carries in its data. */
    @Override
    protected Diagnostic toDiagnostic(Issue issue) {
        Diagnostic d = super.toDiagnostic(issue);
        d.setSource(MmdslCapabilities.NAME); // eglot shows "source [code]: message"; without a source, a leading space
        Range r = d.getRange();
        if (r != null && r.getStart().equals(r.getEnd())) {
            // a syntax error at the end of a half-typed line has an empty range: cover the character before
            // (editor-clients.md 6: every diagnostic gets a real, non-empty range)
            Position p = r.getStart();
            d.setRange(p.getCharacter() > 0 ? new Range(new Position(p.getLine(), p.getCharacter() - 1), p)
                    : new Range(p, new Position(p.getLine(), p.getCharacter() + 1)));
        }
        if (issue.getUriToProblem() != null) {
            d.setRelatedInformation(
                    RelatedInformation.of(issue, uriExtensions.toUriString(issue.getUriToProblem().trimFragment())));
        }
        return d;
    }

    /**
     * Xtext's initialize, with the start-up marks of {@link StartupLog} ({@code --debug}). Over stdio the
     * client already has its answer (EarlyInitializeEndpoint, from {@link MmdslCapabilities}); this
     * builds the workspace.
     */
    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        StartupLog.mark("initialize in the server");
        return super.initialize(params).thenApply(r -> {
            r.setServerInfo(new ServerInfo(MmdslCapabilities.NAME, MmdslCapabilities.VERSION));
            return r;
        }).whenComplete((r, e) -> StartupLog.mark("workspace initialized"));
    }

    /**
     * A request for a method the server does not have: JSON-RPC's MethodNotFound (-32601). Xtext's own
     * answer is an UnsupportedOperationException, which LSP4J sends as an internal error (-32603) with
     * the Java stack trace.
     */
    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        if (!getExtensionProviders().containsKey(method)) {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            answer.completeExceptionally(new ResponseErrorException(
                    new ResponseError(ResponseErrorCode.MethodNotFound, "Unknown method: " + method, null)));
            return answer;
        }
        return super.request(method, parameter);
    }

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
        // in name order, as MmdslCapabilities lists them (Xtext's registry keeps them in a hash map)
        List<String> commands = new ArrayList<>(c.getExecuteCommandProvider().getCommands());
        MmdslCommandService.COMMANDS.stream().filter(x -> !commands.contains(x)).forEach(commands::add);
        commands.sort(null);
        c.getExecuteCommandProvider().setCommands(commands);
        c.setExperimental(MmdslCapabilities.experimental());
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

    /**
     * {@code mmdsl/picture}: the picture at the position (EditorPictures), read like a hover. Every problem
     * (no such document, too large, not mmdsl, errors in the scenario) is an answer with {@code error} set;
     * only a cancelled read (a newer edit arrived) ends as LSP's RequestCancelled.
     */
    @Override
    public CompletableFuture<PictureAnswer> picture(PictureParams params) {
        if (params == null || params.getTextDocument() == null || params.getTextDocument().getUri() == null
                || params.getPosition() == null) {
            return CompletableFuture.completedFuture(
                    PictureAnswer.error("mmdsl/picture needs textDocument.uri and position", -1));
        }
        if (isOversized(params.getTextDocument())) {
            return CompletableFuture.completedFuture(PictureAnswer.error(
                    "this file is above the editor's limit, so it is not simulated here: `mmdsl picture` on the command line has no limit", -1));
        }
        URI uri = getURI(params.getTextDocument());
        EditorPictures service = getService(uri, EditorPictures.class);
        if (service == null) {
            return CompletableFuture.completedFuture(PictureAnswer.error("not an mmdsl document: " + params.getTextDocument().getUri(), -1));
        }
        return getRequestManager().runRead(cancel -> {
            try {
                return getWorkspaceManager().doRead(uri, (doc, resource) -> doc == null
                        ? PictureAnswer.error("the document is not open in the language server: " + params.getTextDocument().getUri(), -1)
                        : service.at(doc, (XtextResource) resource, params.getPosition(), params.getKind(), params.getTask(), cancel));
            } catch (RuntimeException e) {
                if (cancel.isCanceled()) {
                    throw e;
                }
                return PictureAnswer.error("no picture: the document " + params.getTextDocument().getUri()
                        + " could not be read (" + e.getClass().getSimpleName() + ")", -1);
            }
        });
    }
}
