package org.mmdsl.ide.server;

import java.lang.management.ManagementFactory;

import org.apache.log4j.Logger;

/**
 * Where the server's start-up time goes: each {@link #mark} logs, with {@code --debug}, the
 * milliseconds since the JVM started (the clock an editor's {@code initialize} wait runs on).
 * Used by MmdslServerLauncher and MmdslLanguageServer.initialize; README (Editors) has the figures.
 */
public final class StartupLog {
    private static volatile boolean enabled;

    private StartupLog() {
    }

    /** From now on {@link #mark} logs (the launcher calls it for {@code --debug}, after setting up logging). */
    public static void enable() {
        enabled = true;
    }

    /**
     * Logs {@code what} with the time since process start; costs nothing (not even log4j's classes, which
     * are loaded after the answer to initialize) when not {@link #enable enabled}.
     */
    public static void mark(String what) {
        if (enabled) {
            // the JVM's own start time (ProcessHandle's start instant is rounded to the second on Linux)
            Logger.getLogger(StartupLog.class).debug(String.format("startup: %s at %d ms", what, ManagementFactory.getRuntimeMXBean().getUptime()));
        }
    }
}
