package org.mmdsl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LineAndColumn;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.MmdslStandaloneSetup;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Injector;

/** Loads a scenario file with the language's services and prints its static issues as {@code file:line:col}. */
final class ScenarioLoader {
    private ScenarioLoader() {
    }

    static PrintStream out = System.out;
    static PrintStream err = System.err;
    /**
     * The directory relative paths are read from and written to: null for this process's working directory,
     * the client's in the {@link Daemon}. Paths are printed as given, resolved only to be opened.
     */
    static Path base;
    /** True when the run should stop: the {@link Daemon}'s client went away. */
    static java.util.function.BooleanSupplier cancelled = () -> false;

    /** {@code p} as this process opens it: against {@link #base} when relative. */
    static Path resolve(Path p) {
        return base == null ? p : base.resolve(p);
    }
    private static Injector injector;

    /** A parsed scenario with what is needed to print positions. */
    record Loaded(Path file, XtextResource resource, Scenario scenario, List<Issue> issues) {
        String display() {
            return file.toString();
        }

        /** "file:line:col" for a character offset (1-based line and column, as compilers print them). */
        String position(int offset) {
            LineAndColumn lc = NodeModelUtils.getLineAndColumn(resource.getParseResult().getRootNode(), offset);
            return display() + ":" + lc.getLine() + ":" + lc.getColumn();
        }

        /** The 1-based line of a character offset. */
        int line(int offset) {
            return NodeModelUtils.getLineAndColumn(resource.getParseResult().getRootNode(), offset).getLine();
        }

        /** The file's text as parsed (the offsets of positions and lines count in it). */
        String text() {
            return resource.getParseResult().getRootNode().getText();
        }

        /** Prints the static issues; returns how many are errors. */
        int printIssues() {
            int errors = 0;
            List<Issue> sorted = new java.util.ArrayList<>(issues);
            sorted.sort(java.util.Comparator.comparingInt((Issue i) -> i.getOffset() == null ? 0 : i.getOffset()));
            for (Issue i : sorted) {
                String sev = i.getSeverity().name().toLowerCase();
                String code = i.getCode() == null ? "" : " [" + shortCode(i.getCode()) + "]";
                out.println(display() + ":" + i.getLineNumber() + ":" + i.getColumn() + ": " + sev + ": " + i.getMessage()
                        + code);
                if (i.getSeverity() == Severity.ERROR) {
                    errors++;
                }
            }
            return errors;
        }
    }

    static synchronized Injector injector() {
        if (injector == null) {
            injector = new MmdslStandaloneSetup().createInjectorAndDoEMFRegistration();
        }
        return injector;
    }

    /** Parses and statically validates {@code file}; null (after printing why) if it cannot be read. */
    static Loaded load(Path file) {
        String text;
        try {
            text = Files.readString(resolve(file));
        } catch (java.nio.charset.MalformedInputException e) {
            err.println("mmdsl: cannot read " + file + ": it is not UTF-8 text");
            return null;
        } catch (IOException | RuntimeException e) {
            err.println("mmdsl: cannot read " + file + ": " + e.getMessage());
            return null;
        }
        XtextResourceSet set = injector().getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) set.createResource(URI.createFileURI(resolve(file).toAbsolutePath().toString()));
        try {
            resource.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    set.getLoadOptions());
        } catch (IOException e) {
            err.println("mmdsl: cannot parse " + file + ": " + e.getMessage());
            return null;
        }
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        List<Issue> issues = validator.validate(resource, CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
        Resource r = resource;
        Scenario scenario = r.getContents().isEmpty() ? null : (Scenario) r.getContents().get(0);
        return new Loaded(file, resource, scenario, issues);
    }

    /** Xtext's own codes are long Java names (a value-conversion error, say): show them as "syntax". */
    private static String shortCode(String code) {
        return code.startsWith("org.eclipse.xtext") ? "syntax" : code;
    }
}
