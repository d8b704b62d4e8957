package org.mmdsl.ide.server;

import java.lang.management.ManagementFactory;

import org.apache.log4j.Logger;

/**
 * Where the server's start-up time goes: each {@link #mark} logs, at DEBUG ({@code --debug}), the
 * milliseconds since the JVM started (the clock an editor's {@code initialize} wait runs on).
 * Used by MmdslServerLauncher and MmdslLanguageServer.initialize; README (Editors) has the figures.
 */
public final class StartupLog {
    private static final Logger LOG = Logger.getLogger(StartupLog.class);

    private StartupLog() {
    }

    /** Logs {@code what} with the time since process start; costs nothing when DEBUG is off. */
    public static void mark(String what) {
        if (LOG.isDebugEnabled()) {
            // the JVM's own start time (ProcessHandle's start instant is rounded to the second on Linux)
            LOG.debug(String.format("startup: %s at %d ms", what, ManagementFactory.getRuntimeMXBean().getUptime()));
        }
    }
}
