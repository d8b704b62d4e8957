package org.mmdsl.grade;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.interpreter.Blanks;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Injector;

/**
 * The key of an assignment: a scenario whose questions carry their answers ({@code expect address ?
 * 0xb7ff6000}, what {@code mmdsl answers EXERCISE} writes), parsed, validated and run. Its questions, in
 * text order with their points, are the assignment's; its statements are what a submission is compared
 * with. A key that does not read, parse or validate, that has a blank left or no question at all is
 * refused with a {@link BadKey} that says what to do. Whether the key's run passes {@code --strict} is
 * the command's to judge ({@link #run()}): the verdict rules live with the CLI.
 */
public final class Key {
    final Path file;
    final String text;
    final List<Statements.Statement> statements;
    /** Per question, in text order: which statement and which of its slots hold it. */
    final List<int[]> where;
    final List<Question> questions;
    private final Run run;

    /** Why a key cannot be used; the message is for the teacher and names the line. */
    public static final class BadKey extends Exception {
        private static final long serialVersionUID = 1L;

        public BadKey(String message) {
            super(message);
        }
    }

    private Key(Path file, String text, List<Statements.Statement> statements, List<int[]> where,
            List<Question> questions, Run run) {
        this.file = file;
        this.text = text;
        this.statements = statements;
        this.where = where;
        this.questions = questions;
        this.run = run;
    }

    /** The questions of the assignment, numbered from 1 in text order. */
    public List<Question> questions() {
        return questions;
    }

    /** The points of all questions. */
    public int maxScore() {
        return questions.stream().mapToInt(Question::points).sum();
    }

    /** The key's own run (every question answered), for the command's strict verdict. */
    public Run run() {
        return run;
    }

    public Path file() {
        return file;
    }

    /** Reads, parses, validates and runs the key; refuses it with a message naming the line. */
    public static Key load(Path file, Injector injector, Interpreter.Limits limits) throws BadKey {
        String text = read(file);
        XtextResource resource = parse(injector, text, file);
        List<String> errors = new ArrayList<>();
        for (Issue i : validate(resource)) {
            if (i.getSeverity() == Severity.ERROR) {
                errors.add(file + ":" + i.getLineNumber() + ":" + i.getColumn() + ": error: " + i.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new BadKey("the key " + file + " does not validate:\n  " + String.join("\n  ", errors));
        }
        Scenario scenario = (Scenario) resource.getContents().get(0);
        for (EObject blank : Blanks.of(scenario)) {
            int line = NodeModelUtils.getNode(blank).getStartLine();
            throw new BadKey("the key has a blank at line " + line + " (" + file + "): run `mmdsl answers` on the "
                    + "exercise first, it writes the key with every blank answered");
        }
        List<Statements.Statement> statements = Statements.of(resource);
        List<int[]> where = new ArrayList<>();
        for (int s = 0; s < statements.size(); s++) {
            List<Statements.Slot> slots = statements.get(s).slots();
            for (int k = 0; k < slots.size(); k++) {
                if (slots.get(k).question()) {
                    where.add(new int[] {s, k});
                }
            }
        }
        where.sort(Comparator.comparingInt(w -> statements.get(w[0]).slots().get(w[1]).markOffset()));
        if (where.isEmpty()) {
            throw new BadKey("the key " + file + " has no questions: an expectation to grade is written with `?` and "
                    + "its answer (`expect address ? 0xb7ff6000`); `mmdsl answers EXERCISE` writes the key of an exercise");
        }
        Run run = Interpreter.run(scenario, limits, null);
        // The run's own answers: the key with every question blank, run once (what --show-answers shows).
        StringBuilder blanked = new StringBuilder(text);
        for (int q = where.size() - 1; q >= 0; q--) {
            Statements.Slot slot = slot(statements, where.get(q));
            blanked.replace(slot.markOffset(), slot.end(), "?");
        }
        XtextResource blankResource = parse(injector, blanked.toString(), file);
        Run blankRun = Interpreter.run((Scenario) blankResource.getContents().get(0), limits, null);
        List<EObject> blanks = inTextOrder(Blanks.questions(blankResource.getContents().get(0)));
        List<Question> questions = new ArrayList<>();
        for (int q = 0; q < where.size(); q++) {
            Statements.Slot slot = slot(statements, where.get(q));
            String given = q < blanks.size() ? Blanks.answers(blankRun, blanks.get(q)).stream()
                    .map(a -> a.answer()).filter(a -> a != null).findFirst().orElse(null) : null;
            questions.add(new Question(q + 1, slot.line(), slot.prompt(), slot.points(), slot.text(),
                    given == null ? slot.text() : given));
        }
        return new Key(file, text, statements, where, List.copyOf(questions), run);
    }

    static Statements.Slot slot(List<Statements.Statement> statements, int[] where) {
        return statements.get(where[0]).slots().get(where[1]);
    }

    /** Questions (or any objects of a resource) sorted by where their text starts. */
    static List<EObject> inTextOrder(List<EObject> objects) {
        List<EObject> out = new ArrayList<>(objects);
        out.sort(Comparator.comparingInt(o -> NodeModelUtils.getNode(o).getOffset()));
        return out;
    }

    private static String read(Path file) throws BadKey {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            throw new BadKey("cannot read the key " + file + ": it is not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            throw new BadKey("cannot read the key " + file + ": " + e.getMessage());
        }
    }

    /** Parses {@code text} into a resource of its own resource set (one per submission: no sharing between threads). */
    static XtextResource parse(Injector injector, String text, Path file) {
        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) set.createResource(URI.createFileURI(file.toAbsolutePath().toString()));
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), set.getLoadOptions());
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
        return resource;
    }

    /** The static issues of a parsed resource, as `mmdsl run` and `check` see them. */
    static List<Issue> validate(XtextResource resource) {
        return resource.getResourceServiceProvider().getResourceValidator().validate(resource, CheckMode.FAST_ONLY,
                CancelIndicator.NullImpl);
    }
}
