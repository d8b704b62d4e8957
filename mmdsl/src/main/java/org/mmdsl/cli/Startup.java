package org.mmdsl.cli;

import java.util.Set;

/**
 * What {@code mmdsl} does before picocli reads its arguments, to shorten a one-shot run (issue 17 point 6;
 * README, Measurements, has the figures):
 * <ul>
 * <li>Guice's start-up flags ({@link org.mmdsl.GuiceFlags}: no bytecode generated per binding, no stack
 * trace taken per binding).</li>
 * <li>For the commands that parse scenarios, the language's injector (Guice, EMF's packages, the grammar,
 * Xtext's services: two thirds of a small run's time) is built on a thread of its own while the main thread
 * sets up picocli, reads the arguments and lists the files. All EMF and Xtext set-up stays on that one
 * thread: EMF's package initialisers refer to each other, and two threads initialising them at once can
 * deadlock. The main thread's first {@link ScenarioLoader#injector()} waits for it (the method is
 * synchronized); if the build failed there, the main thread builds it again and reports the error itself.</li>
 * </ul>
 */
final class Startup {
    private Startup() {
    }

    /** The subcommands whose first step is {@link ScenarioLoader#injector()}. */
    static final Set<String> PARSING_COMMANDS = Set.of("run", "check", "answers", "grade", "picture");

    /** Called by {@link MmdslCli#main} before anything else. */
    static void begin(String[] args) {
        org.mmdsl.GuiceFlags.forQuickStart();
        if (args.length > 0 && PARSING_COMMANDS.contains(args[0])) {
            Thread setup = new Thread(() -> {
                try {
                    ScenarioLoader.injector();
                } catch (RuntimeException | LinkageError e) {
                    // the main thread's ScenarioLoader.injector() tries again and reports it
                }
            }, "mmdsl-setup");
            setup.setDaemon(true);
            setup.start();
        }
    }
}
