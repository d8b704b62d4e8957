package org.mmdsl.ide.server;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.eclipse.lsp4j.jsonrpc.Launcher;
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
 * entry (MmdslIdeSetup).
 */
public final class MmdslServerLauncher {
    private MmdslServerLauncher() {
    }

    public static void main(String[] args) throws Exception {
        InputStream in = System.in;
        PrintStream protocolOut = System.out;
        System.setOut(System.err);
        configureLogging(args);
        StartupLog.mark("main");
        // the language's injector on its own thread while the server's is built (MmdslServerModule)
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
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mmdsl-ls");
            t.setDaemon(true);
            return t;
        });
        Injector injector = Guice.createInjector(MmdslServerModule.module(languages));
        StartupLog.mark("server module");
        LanguageServerImpl server = injector.getInstance(LanguageServerImpl.class);
        StartupLog.mark("server injector");
        Launcher<LanguageClient> launcher = new Launcher.Builder<LanguageClient>()
                .setLocalService(server)
                .setRemoteInterface(LanguageClient.class)
                .setInput(in)
                .setOutput(protocolOut)
                .setExecutorService(executor)
                .create();
        server.connect(launcher.getRemoteProxy());
        StartupLog.mark("JSON-RPC launcher");
        launcher.startListening().get();
        System.exit(0);
    }

    /** All logging to standard error; {@code --debug} lowers the level to DEBUG. */
    private static void configureLogging(String[] args) {
        Logger root = Logger.getRootLogger();
        root.removeAllAppenders();
        root.addAppender(new ConsoleAppender(new PatternLayout("%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n"),
                ConsoleAppender.SYSTEM_ERR));
        boolean debug = false;
        for (String a : args) {
            debug |= "--debug".equals(a);
        }
        root.setLevel(debug ? Level.DEBUG : Level.WARN);
    }
}
