package org.mmdsl.generate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.mmdsl.MmdslStandaloneSetup;
import org.mmdsl.interpreter.BlankAnswer;
import org.mmdsl.interpreter.Blanks;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Injector;

/**
 * Parses a generated scenario from its text and plays it on the simulator, in this JVM. Does not validate
 * (the tests run every generated exercise through the CLI's {@code check} and {@code run --strict}).
 */
final class Scenarios {
    private static Injector injector;

    private Scenarios() {
    }

    private static synchronized Injector injector() {
        if (injector == null) {
            injector = new MmdslStandaloneSetup().createInjectorAndDoEMFRegistration();
        }
        return injector;
    }

    /** The parsed scenario of {@code text}; throws when it does not parse (a generator bug). */
    static Scenario parse(String text) {
        XtextResourceSet set = injector().getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) set.createResource(URI.createURI("generated.mmdsl"));
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), set.getLoadOptions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!resource.getErrors().isEmpty() || resource.getContents().isEmpty()) {
            throw new IllegalStateException("generated scenario does not parse: " + resource.getErrors() + "\n" + text);
        }
        return (Scenario) resource.getContents().get(0);
    }

    /** Plays {@code text} with the batch limits. */
    static Run run(String text) {
        return run(parse(text));
    }

    /** Plays {@code scenario} with the batch limits. */
    static Run run(Scenario scenario) {
        return Interpreter.run(scenario, Interpreter.Limits.BATCH, null);
    }

    /**
     * Plays {@code text} and returns, for each of its blanks in text order, the first answer the run gave
     * (null where it gave none). For a topic's givens (the pfn an allocation returns, which the exercise
     * then states), never for the exercise's own questions: those are {@link Keys}'.
     */
    static List<String> blankAnswers(String text) {
        Scenario scenario = parse(text);
        Run run = run(scenario);
        List<String> out = new ArrayList<>();
        for (var blank : Blanks.of(scenario)) {
            List<BlankAnswer> a = Blanks.answers(run, blank);
            out.add(a.isEmpty() ? null : a.get(0).answer());
        }
        return out;
    }
}
