package org.mmdsl.ide.server;

import java.util.concurrent.CompletableFuture;

import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ProjectManager;
import org.eclipse.xtext.ide.server.concurrent.IRequestManager;
import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.resource.IResourceServiceProvider;

import com.google.inject.Module;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;

/** Xtext's ServerModule with {@link MmdslLanguageServer} in place of LanguageServerImpl (launcher and tests). */
public final class MmdslServerModule {
    private MmdslServerModule() {
    }

    public static Module module() {
        return Modules.override(new ServerModule())
                .with(binder -> {
                    binder.bind(LanguageServerImpl.class).to(MmdslLanguageServer.class);
                    // the folder's files are built after the open documents (WorkspaceBuildAfterOpen)
                    binder.bind(ProjectManager.class).to(OpenDocumentsFirst.class);
                    binder.bind(IRequestManager.class).to(MmdslRequestManager.class);
                });
    }

    /**
     * {@link #module()} with the languages' registry taken from {@code languages}, which the launcher
     * starts loading (the language's injector: grammar, EMF package, validators — most of the start-up
     * with the CDS archive, README) on another thread while this module's injector and the JSON-RPC
     * launcher are built; the client already has its {@code initialize} answer by then.
     */
    public static Module module(CompletableFuture<IResourceServiceProvider.Registry> languages) {
        return Modules.override(module()).with(binder -> binder.bind(IResourceServiceProvider.Registry.class)
                .toProvider(languages::join).in(Singleton.class));
    }
}
