package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * "Bad input gets a clear error naming the line and what is wrong, never a stack trace; a run is
 * bounded": any text given to {@code mmdsl run} ends with status 0, 1 or 2 and no internal error,
 * whatever the parser, the validators, the interpreter or the runtime make of it.
 *
 * <p>Under {@code mvn verify} this replays the inputs in
 * src/test/resources/org/mmdsl/tests/ScenarioFuzzTestInputs/anyTextIsAnsweredInKernelWords (small
 * scenarios near the edges, and every input a fuzzing run once found failing). To fuzz (Jazzer, libFuzzer
 * mutations guided by coverage; new failing inputs are written to that directory):
 * <pre>
 *   JAZZER_FUZZ=1 mvn -B -pl mmdsl.tests -am verify -Dtest=ScenarioFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Djazzer.max_duration=10m
 * </pre>
 */
class ScenarioFuzzTest {
    /** A line of a Java stack trace ("\tat org.mmdsl.Foo.bar(Foo.java:12)"). */
    private static final java.util.regex.Pattern STACK_FRAME =
            java.util.regex.Pattern.compile("(?m)^\\s+at [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");

    /**
     * ERROR events Xtext logs through log4j: the CLI prints them (with a stack trace) on the console
     * itself, where {@link Cli} does not capture them.
     */
    private static final java.util.List<String> LOGGED_ERRORS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        org.apache.log4j.Logger.getRootLogger().addAppender(new org.apache.log4j.AppenderSkeleton() {
            @Override
            protected void append(org.apache.log4j.spi.LoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(org.apache.log4j.Level.ERROR)) {
                    LOGGED_ERRORS.add(event.getRenderedMessage() + (event.getThrowableInformation() == null ? ""
                            : " " + event.getThrowableInformation().getThrowable()));
                }
            }

            @Override
            public void close() {
            }

            @Override
            public boolean requiresLayout() {
                return false;
            }
        });
    }

    @FuzzTest(maxDuration = "5m")
    void anyTextIsAnsweredInKernelWords(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        LOGGED_ERRORS.clear();
        Path file = Files.createTempFile("fuzz", ".mmdsl");
        try {
            Files.writeString(file, text);
            for (String[] args : new String[][] {{"run", "--max-steps", "20000", "--timeout", "2", file.toString()},
                    {"run", "--json", "--max-steps", "20000", "--timeout", "2", file.toString()}}) {
                Cli r = Cli.run(args);
                assertTrue(r.status() >= 0 && r.status() <= 2, () -> "status " + r.status() + " for:\n" + text + "\n" + r.err());
                // The scenario's own words may be echoed (a syntax error quotes the token), so the checks
                // look for what only the CLI's exception handler and a Java stack trace print.
                assertFalse(r.err().contains("mmdsl: internal error"), () -> "internal error for:\n" + text + "\n" + r.err());
                assertFalse(STACK_FRAME.matcher(r.out() + r.err()).find(),
                        () -> "a stack trace for:\n" + text + "\n" + r.out() + r.err());
                assertTrue(LOGGED_ERRORS.isEmpty(), () -> "logged errors for:\n" + text + "\n" + LOGGED_ERRORS);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
