package org.mmdsl.grade;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.grade.Score.Status;
import org.mmdsl.interpreter.Blanks;
import org.mmdsl.interpreter.ExpectationEvent;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.mmdsl.Scenario;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import com.google.inject.Injector;

/**
 * Grades submissions against a {@link Key}. A submission is the exercise with its blanks filled in.
 *
 * <ol>
 * <li>It must parse, else it is not gradable (its syntax errors are the feedback, there is no score).
 * <li>Its statements are aligned with the key's by a diff (Myers' algorithm, java-diff-utils) on
 * {@link Statements}: comments and white space do not count, nor the answer, {@code ?} and {@code worth N}
 * of a question. A statement that differs otherwise is reported with its line, and its questions score 0.
 * <li>The graded text is the <em>key's</em> text with each question's answer replaced by the student's
 * ({@code ?} when unanswered or changed), so nothing else a student wrote can influence the run. An answer
 * that does not validate there scores 0 with the validator's message and becomes {@code ?}. The graded
 * text runs, and each answered question scores its points when the judge met it.
 * </ol>
 *
 * Thread-safe: each submission gets its own resource sets; the injector is shared. A question's verdict
 * on an answer is judged once and shared by every submission with that answer ({@link #judge}).
 */
public final class Grader {
    private final Key key;
    private final Injector injector;
    private final boolean showAnswers;
    private final Interpreter.Limits limits;
    private final boolean shareVerdicts;
    /** Question number and answer as written, to its verdict (being) judged. */
    private final ConcurrentHashMap<String, CompletableFuture<Judged>> judged = new ConcurrentHashMap<>();

    /** One question's verdict in a graded text. */
    private record Judged(Status status, String message) {
    }

    public Grader(Key key, Injector injector, boolean showAnswers, Interpreter.Limits limits) {
        this(key, injector, showAnswers, limits, true);
    }

    /**
     * {@code shareVerdicts} false: validate and run every submission's own graded text (slower; the
     * tests compare it with the shared verdicts).
     */
    public Grader(Key key, Injector injector, boolean showAnswers, Interpreter.Limits limits, boolean shareVerdicts) {
        this.shareVerdicts = shareVerdicts;
        this.key = key;
        this.injector = injector;
        this.showAnswers = showAnswers;
        this.limits = limits;
    }

    public Key key() {
        return key;
    }

    /** Grades the file {@code file} of student {@code id}. */
    public Submission grade(String id, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (MalformedInputException e) {
            return Submission.notGradable(id, file, List.of("the file is not UTF-8 text"));
        } catch (IOException | RuntimeException e) {
            return Submission.notGradable(id, file, List.of("cannot read the file: " + e.getMessage()));
        }
        return grade(id, file, text);
    }

    /** Grades {@code text}, the submission of student {@code id} read from {@code file}. */
    public Submission grade(String id, Path file, String text) {
        XtextResource resource = Key.parse(injector, text, file);
        List<String> syntax = new ArrayList<>();
        for (Resource.Diagnostic d : resource.getErrors()) {
            syntax.add("line " + d.getLine() + ":" + d.getColumn() + ": " + d.getMessage());
        }
        if (!syntax.isEmpty() || resource.getContents().isEmpty()) {
            return Submission.notGradable(id, file, syntax.isEmpty() ? List.of("the file is empty") : syntax);
        }
        List<Statements.Statement> mine = Statements.of(resource);
        List<Statements.Statement> keys = key.statements;
        int[] pairedWith = new int[keys.size()];
        Arrays.fill(pairedWith, -1);
        List<String> changes = new ArrayList<>();
        align(keys, mine, pairedWith, changes);

        int n = key.questions.size();
        String[] answers = new String[n]; // the student's answer as written, null when none
        String[] normalized = new String[n];
        boolean[] changed = new boolean[n];
        for (int q = 0; q < n; q++) {
            int[] w = key.where.get(q);
            int s = pairedWith[w[0]];
            if (s < 0) {
                changed[q] = true;
                continue;
            }
            Statements.Slot slot = mine.get(s).slots().get(w[1]);
            if (slot.answered()) { // as written (comments inside kept), so the graded text holds what the student wrote
                answers[q] = text.substring(slot.start(), slot.end());
                normalized[q] = slot.text();
            }
        }
        List<Judged> verdicts = judge(answers, normalized);
        List<Score> scores = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            Question question = key.questions.get(q);
            Judged j = changed[q]
                    ? new Judged(Status.CHANGED, "not graded: its statement (the key's line "
                            + keys.get(key.where.get(q)[0]).line() + ") was changed, removed or moved (see the changes)")
                    : verdicts.get(q);
            scores.add(new Score(question, j.status(), j.status() == Status.RIGHT ? question.points() : 0,
                    answers[q] == null ? "" : shown(answers[q]), j.message()));
        }
        return new Submission(id, file, true, List.of(), List.copyOf(changes), List.copyOf(scores));
    }

    /**
     * Aligns the submission's statements with the key's: {@code pairedWith[k]} is the submission's
     * statement that equals key statement k, or -1; every difference is described in {@code changes}.
     */
    private static void align(List<Statements.Statement> keys, List<Statements.Statement> mine, int[] pairedWith,
            List<String> changes) {
        List<AbstractDelta<Statements.Statement>> deltas = DiffUtils.diff(keys, mine, Statements::same).getDeltas();
        int k = 0;
        int s = 0;
        for (AbstractDelta<Statements.Statement> d : deltas) {
            Chunk<Statements.Statement> src = d.getSource();
            Chunk<Statements.Statement> tgt = d.getTarget();
            while (k < src.getPosition()) {
                pairedWith[k++] = s++;
            }
            describe(src.getLines(), tgt.getLines(), changes);
            k += src.size();
            s += tgt.size();
        }
        while (k < keys.size()) {
            pairedWith[k++] = s++;
        }
    }

    /**
     * Describes one difference: the key's statements {@code keys} stand where the submission has
     * {@code mine}. Two with the same first word (`write` for `write`) are one changed statement; the
     * others were added or are missing (a second diff, on first words, pairs them).
     */
    private static void describe(List<Statements.Statement> keys, List<Statements.Statement> mine, List<String> changes) {
        List<AbstractDelta<Statements.Statement>> deltas = DiffUtils.diff(keys, mine,
                (a, b) -> firstWord(a).equals(firstWord(b))).getDeltas();
        int k = 0;
        int s = 0;
        for (AbstractDelta<Statements.Statement> d : deltas) {
            while (k < d.getSource().getPosition()) {
                changed(keys.get(k++), mine.get(s++), changes);
            }
            for (Statements.Statement missing : d.getSource().getLines()) {
                changes.add("the key's line " + missing.line() + ": missing `" + missing.shownAsKey() + "`");
            }
            for (Statements.Statement added : d.getTarget().getLines()) {
                changes.add("line " + added.line() + ": added `" + added.shown() + "`");
            }
            k += d.getSource().size();
            s += d.getTarget().size();
        }
        while (k < keys.size()) {
            changed(keys.get(k++), mine.get(s++), changes);
        }
    }

    private static void changed(Statements.Statement key, Statements.Statement mine, List<String> changes) {
        changes.add("line " + mine.line() + ": changed `" + mine.shown() + "`, the key has `" + key.shownAsKey() + "`");
    }

    private static String firstWord(Statements.Statement s) {
        return s.tokens().isEmpty() ? "" : s.tokens().get(0).text();
    }

    /**
     * The verdict on each question for these answers (null: none). With shared verdicts, each question's
     * verdict on an answer is judged once and reused: an answer written token for token as the key's is
     * right without a run (the key's run met it), and the others of a submission that no submission had
     * before are judged together in one graded text whose other questions are blank. That gives what a
     * run of the submission's own graded text gives, because an expectation changes no machine state and
     * a failed one stops nothing: the run is the same whatever the answers, and each answer is judged
     * alone ({@code Issue13GradeTest} compares both ways over generated submissions). Without shared
     * verdicts every submission's graded text is validated and run.
     */
    private List<Judged> judge(String[] answers, String[] normalized) {
        int n = answers.length;
        if (!shareVerdicts) {
            return run(answers.clone());
        }
        List<CompletableFuture<Judged>> verdicts = new ArrayList<>(n);
        String[] mine = new String[n];
        List<CompletableFuture<Judged>> owned = new ArrayList<>();
        boolean any = false;
        for (int q = 0; q < n; q++) {
            if (answers[q] == null) {
                verdicts.add(CompletableFuture.completedFuture(unanswered()));
            } else if (normalized[q].equals(key.questions.get(q).key())) {
                verdicts.add(CompletableFuture.completedFuture(right(answers[q])));
            } else {
                CompletableFuture<Judged> f = new CompletableFuture<>();
                CompletableFuture<Judged> earlier = judged.putIfAbsent(q + "\u0000" + answers[q], f);
                if (earlier == null) {
                    mine[q] = answers[q];
                    owned.add(f);
                    any = true;
                    verdicts.add(f);
                } else {
                    verdicts.add(earlier);
                }
            }
        }
        if (any) {
            try {
                List<Judged> result = run(mine.clone()); // run() drops invalid answers from its array
                for (int q = 0; q < n; q++) {
                    if (mine[q] != null) {
                        verdicts.get(q).complete(result.get(q));
                    }
                }
                for (CompletableFuture<Judged> f : owned) { // never leave a waiter hanging
                    f.completeExceptionally(new IllegalStateException("a verdict was not judged"));
                }
            } catch (RuntimeException | Error e) {
                owned.forEach(f -> f.completeExceptionally(e));
                throw e;
            }
        }
        List<Judged> out = new ArrayList<>(n);
        for (CompletableFuture<Judged> f : verdicts) {
            out.add(f.join());
        }
        return out;
    }

    /** Builds the graded text, drops the answers that do not validate, runs it and judges each question. */
    private List<Judged> run(String[] answers) {
        int n = answers.length;
        Judged[] out = new Judged[n];
        for (int attempt = 0; attempt <= n; attempt++) {
            String graded = gradedText(answers);
            XtextResource resource = Key.parse(injector, graded, key.file);
            List<EObject> questions = Key.inTextOrder(Blanks.questions(resource.getContents().get(0)));
            if (questions.size() != n) {
                throw new IllegalStateException("the graded text has " + questions.size() + " questions, the key " + n);
            }
            boolean dropped = false;
            List<String> unplaced = new ArrayList<>();
            for (Issue i : Key.validate(resource)) {
                if (i.getSeverity() != Severity.ERROR) {
                    continue;
                }
                int q = questionAt(questions, i.getOffset() == null ? -1 : i.getOffset());
                if (q >= 0 && answers[q] != null) {
                    out[q] = new Judged(Status.INVALID, "`" + shown(answers[q]) + "` is not a valid answer here: " + i.getMessage());
                    answers[q] = null;
                    dropped = true;
                } else {
                    unplaced.add("line " + i.getLineNumber() + ": " + i.getMessage());
                }
            }
            if (dropped) {
                continue; // validate again without them
            }
            if (!unplaced.isEmpty()) { // an error the key does not have and no answer holds: drop every answer left
                for (int q = 0; q < n; q++) {
                    if (answers[q] != null) {
                        out[q] = new Judged(Status.INVALID, "the answers do not validate together: " + unplaced.get(0));
                        answers[q] = null;
                    }
                }
                continue;
            }
            Run run = Interpreter.run((Scenario) resource.getContents().get(0), limits, null);
            for (int q = 0; q < n; q++) {
                if (out[q] != null) {
                    continue;
                }
                out[q] = answers[q] == null ? unanswered() : verdict(run, questions.get(q), answers[q], key.questions.get(q));
            }
            return Arrays.asList(out);
        }
        throw new IllegalStateException("the graded text does not settle");
    }

    /** The key's text with each question's answer replaced by {@code answers[q]}, or by nothing ({@code ?}). */
    private String gradedText(String[] answers) {
        StringBuilder graded = new StringBuilder(key.text);
        for (int q = answers.length - 1; q >= 0; q--) {
            Statements.Slot slot = Key.slot(key.statements, key.where.get(q));
            graded.replace(slot.markOffset(), slot.end(), answers[q] == null ? "?" : "? " + answers[q]);
        }
        return graded.toString();
    }

    private static int questionAt(List<EObject> questions, int offset) {
        for (int q = 0; q < questions.size(); q++) {
            INode node = NodeModelUtils.getNode(questions.get(q));
            if (offset >= node.getOffset() && offset < node.getEndOffset()) {
                return q;
            }
        }
        return -1;
    }

    private Judged verdict(Run run, EObject question, String answer, Question q) {
        String failed = null;
        boolean judgedOnce = false;
        for (RunEvent re : run.events()) {
            if (re.cause() == question && re.event() instanceof ExpectationEvent e) {
                judgedOnce = true;
                if (!e.met() && failed == null) {
                    failed = e.message();
                }
            }
        }
        if (!judgedOnce) {
            return new Judged(Status.NOT_REACHED, "`" + shown(answer) + "` was not judged: the run "
                    + (run.aborted() ? "stopped before it" : "skipped its statement"));
        }
        if (failed == null) {
            return right(answer);
        }
        return new Judged(Status.WRONG, "`" + shown(answer) + "` is wrong"
                + (showAnswers ? " (" + failed + "); the run gives " + q.runAnswer() : ""));
    }

    /** An answer as messages show it: its white space collapsed. */
    private static String shown(String answer) {
        return answer.strip().replaceAll("\\s+", " ");
    }

    private static Judged right(String answer) {
        return new Judged(Status.RIGHT, "`" + shown(answer) + "` is right");
    }

    private static Judged unanswered() {
        return new Judged(Status.UNANSWERED, "unanswered");
    }
}
