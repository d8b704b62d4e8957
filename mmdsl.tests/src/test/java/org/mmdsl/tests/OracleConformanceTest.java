package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmdsl.MmdslStandaloneSetup;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.oracle.OracleRenderer;
import org.mmdsl.oracle.OracleTranslator;
import org.mmdsl.runtime.proc.ProcMapsOracle;

import com.google.inject.Injector;

/**
 * Every proc-maps case found in the cases directory (../shared/conformance/proc-maps/cases beside the
 * repository, else the runtime's copy) replayed through the scenario language: the driver script is
 * translated, the scenario parses and validates without an error, the interpreter runs it, and the run
 * printed in the driver's format equals the recording, masked as the runtime's ProcMapsConformanceTest
 * masks it ({@link ProcMapsOracle}). The scenarios and outputs are written to target/oracle.
 */
class OracleConformanceTest {

    private static Injector injector;

    static Stream<String> cases() throws IOException {
        return ProcMapsOracle.cases(ProcMapsOracle.casesDirectory(ExamplesTest.root())).stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void replay(String name) throws IOException {
        Path cases = ProcMapsOracle.casesDirectory(ExamplesTest.root());
        String script = Files.readString(cases.resolve(name + ".script"));
        String expected = Files.readString(cases.resolve(name + ".expected"));
        String scenarioText = OracleTranslator.translate(script, expected);
        Path dir = Path.of("target", "oracle");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".mmdsl"), scenarioText);

        XtextResource resource = load(name, scenarioText);
        List<Issue> issues = resource.getResourceServiceProvider().getResourceValidator().validate(resource,
                CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
        String errors = issues.stream().filter(i -> i.getSeverity() == Severity.ERROR)
                .map(i -> i.getLineNumber() + ":" + i.getColumn() + " " + i.getMessage()).collect(Collectors.joining("\n"));
        assertEquals("", errors, name + ": the translated scenario has errors (target/oracle/" + name + ".mmdsl)");

        Scenario scenario = (Scenario) resource.getContents().get(0);
        // a case may map up to vm.max_map_count areas one by one: more time than a batch run gets
        Run run = Interpreter.run(scenario, new Interpreter.Limits(100_000_000L, 600_000L), null);
        String actual = OracleRenderer.render(scenario, run);
        Files.writeString(dir.resolve(name + ".actual.raw"), actual);
        Files.writeString(dir.resolve(name + ".actual"), ProcMapsOracle.comparable(name, actual));
        Files.writeString(dir.resolve(name + ".expected"), ProcMapsOracle.comparable(name, expected));
        assertEquals(ProcMapsOracle.comparable(name, expected), ProcMapsOracle.comparable(name, actual), name);
    }

    private static synchronized XtextResource load(String name, String text) throws IOException {
        if (injector == null) {
            injector = new MmdslStandaloneSetup().createInjectorAndDoEMFRegistration();
        }
        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        XtextResource r = (XtextResource) set.createResource(URI.createURI("oracle/" + name + ".mmdsl"));
        r.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), set.getLoadOptions());
        return r;
    }
}
