package org.mmdsl.ide.server;

import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/** Xtext's ServerModule with {@link MmdslLanguageServer} in place of LanguageServerImpl (launcher and tests). */
public final class MmdslServerModule {
    private MmdslServerModule() {
    }

    public static Module module() {
        return Modules.override(new ServerModule())
                .with(binder -> binder.bind(LanguageServerImpl.class).to(MmdslLanguageServer.class));
    }
}
