package org.mmdsl.ide.server;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.ResourceServiceProviderServiceLoader;

import com.google.inject.Guice;
import com.google.inject.Injector;

/**
 * Starts the mmdsl language server on stdin/stdout. Standard output is the protocol, so before
 * anything else it is taken away from the rest of the program: {@code System.out} and every log line
 * go to standard error. The language is found through its {@code org.eclipse.xtext.ISetup} service
 * entry (MmdslIdeSetup). The client's {@code initialize} is answered before the language server is
 * built: by hand ({@link FirstMessage}, before LSP4J is set up) and otherwise by
 * {@link EarlyInitializeEndpoint}, which hands everything after it to the server when the two
 * injectors (language and server, each on its own thread) are ready. README (Editors) has the figures.
 */
public final class MmdslServerLauncher {
    private MmdslServerLauncher() {
    }

    public static void main(String[] args) throws Exception {
        InputStream in = System.in;
        PrintStream protocolOut = System.out;
        System.setOut(System.err);
        org.mmdsl.GuiceFlags.forQuickStart();
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        if (debug) {
            // --debug logs where start-up time goes (StartupLog), at the cost of logging set up first
            configureLogging(true);
            StartupLog.enable();
        }
        // The language's injector first, on its own thread (the longest step to the first diagnostics), while
        // this thread answers initialize and the server's injector is built (MmdslServerModule). Nothing this
        // thread does until the server is ready initialises an EMF class (SemanticTokenLegend): two threads
        // initialising EMF's packages at once can deadlock.
        CompletableFuture<IResourceServiceProvider.Registry> languages = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                languages.complete(new ResourceServiceProviderServiceLoader().get());
                StartupLog.mark("language injector (grammar, EMF, validators)");
            } catch (Throwable e) {
                languages.completeExceptionally(e);
            }
        }, "mmdsl-language-setup");
        loader.setDaemon(true);
        loader.start();
        // Then the answer to initialize, before anything else is loaded or started here (FirstMessage): log4j's
        // configuration and LSP4J's reflective set-up each delayed it. Then logging, the server's injector,
        // LSP4J for the rest.
        FirstMessage first = FirstMessage.read(in);
        CompletableFuture<InitializeParams> answered = null;
        if (first != null && first.isInitialize()) {
            StartupLog.mark("initialize received");
            first.answerInitialize(protocolOut);
            StartupLog.mark("initialize answered");
            String params = first.params();
            answered = CompletableFuture.supplyAsync(() -> new MessageJsonHandler(
                    ServiceEndpoints.getSupportedMethods(LanguageServer.class)).getGson().fromJson(params, InitializeParams.class));
        }
        if (!debug) {
            configureLogging(false);
        }
        // the server's injector on another (it waits for the language's registry, then for the client proxy)
        CompletableFuture<Endpoint> server = new CompletableFuture<>();
        CompletableFuture<LanguageClient> client = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                Injector injector = Guice.createInjector(MmdslServerModule.module(languages));
                StartupLog.mark("server module");
                LanguageServerImpl s = injector.getInstance(LanguageServerImpl.class);
                s.connect(client.join());
                StartupLog.mark("server injector");
                Endpoint endpoint = ServiceEndpoints.toEndpoint(s);
                server.complete(s instanceof MmdslLanguageServer m ? UnopenedDocuments.guard(endpoint, m::isOpen) : endpoint);
            } catch (Throwable e) {
                // no language server: an editor sees the process end, with the reason on standard error
                Logger.getLogger(MmdslServerLauncher.class).fatal("the language server could not be built", e);
                System.exit(1);
            }
        }, "mmdsl-server-setup");
        builder.setDaemon(true);
        builder.start();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mmdsl-ls");
            t.setDaemon(true);
            return t;
        });
        Launcher<LanguageClient> launcher = new Launcher.Builder<LanguageClient>()
                .setLocalService(new EarlyInitializeEndpoint(server, answered))
                .setRemoteInterface(LanguageClient.class)
                .setInput(first == null ? in : first.rest(in))
                .setOutput(protocolOut)
                .setExecutorService(executor)
                .create();
        client.complete(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        StartupLog.mark("JSON-RPC launcher listening");
        listening.get();
        System.exit(0);
    }

    /** All logging to standard error; {@code --debug} lowers the level to DEBUG. */
    private static void configureLogging(boolean debug) {
        Logger root = Logger.getRootLogger();
        root.removeAllAppenders();
        root.addAppender(new ConsoleAppender(new PatternLayout("%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n"),
                ConsoleAppender.SYSTEM_ERR));
        root.setLevel(debug ? Level.DEBUG : Level.WARN);
    }
}
