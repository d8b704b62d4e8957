package org.mmdsl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.mmdsl.grade.Csv;
import org.mmdsl.grade.GradeJson;
import org.mmdsl.grade.GradeTable;
import org.mmdsl.grade.Gradescope;
import org.mmdsl.grade.Grader;
import org.mmdsl.grade.JUnitXml;
import org.mmdsl.grade.Key;
import org.mmdsl.grade.PrairieLearn;
import org.mmdsl.grade.Submission;
import org.mmdsl.grade.Tap;
import org.mmdsl.interpreter.Interpreter;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mmdsl grade --key KEY SUBMISSION...|DIR}: scores submissions of an exercise against its key
 * (org.mmdsl.grade). A DIR holds submissions ({@code alice.mmdsl}: student {@code alice}) and/or one folder
 * per student ({@code alice/lab.mmdsl}: the folder's one .mmdsl file, at any depth). The key must pass
 * like {@code run --strict} and have no blank left. Submissions are graded in parallel on every core
 * ({@code --threads}), in one JVM, and reported in the order of the arguments (folders sorted), whatever
 * order they finish in. Exit status: 0 every submission graded, 1 some not gradable, 2 a bad key or usage.
 */
@Command(name = "grade", mixinStandardHelpOptions = true, description = "Score submissions of an exercise (its blanks filled in) against the key "
        + "(`mmdsl answers` writes it): which statements changed, and per question right, wrong or unanswered.")
final class GradeCommand implements Callable<Integer> {
    @Option(names = "--key", required = true, paramLabel = "KEY", description = "The key: the exercise with every "
            + "question answered (`expect address ? 0xb7ff6000`).")
    Path keyFile;

    @Parameters(arity = "1..*", paramLabel = "SUBMISSION|DIR", description = "Submissions (.mmdsl), or folders "
            + "holding them or one folder per student.")
    List<Path> inputs;

    @Option(names = "--junit", paramLabel = "DIR", description = "Write one JUnit XML report per submission "
            + "(DIR/TEST-<student>.xml), a testcase per question.")
    Path junit;

    @Option(names = "--tap", description = "Print TAP version 14 instead of the table.")
    boolean tap;

    @Option(names = "--json", description = "Print one JSON document with everything instead of the table.")
    boolean json;

    @Option(names = "--gradescope", paramLabel = "FILE", description = "Write Gradescope's results.json "
            + "(exactly one submission: Gradescope grades one at a time).")
    Path gradescope;

    @Option(names = "--prairielearn", paramLabel = "FILE", description = "Write PrairieLearn's external grader "
            + "results.json (exactly one submission).")
    Path prairielearn;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the grade book: a row per student, a "
            + "column per question, the total.")
    Path csv;

    @Option(names = "--show-answers", description = "Put the run's answer in the feedback of a wrong answer "
            + "(and the key's answers in --json).")
    boolean showAnswers;

    @Option(names = {"-v", "--feedback"}, description = "After the table, print each student's feedback.")
    boolean feedback;

    @Option(names = "--threads", paramLabel = "N", description = "Grade on N threads (default 0: one per "
            + "core).", defaultValue = "0")
    int threads;

    @Override
    public Integer call() {
        PrintStream out = ScenarioLoader.out;
        PrintStream err = ScenarioLoader.err;
        if (tap && json) {
            err.println("mmdsl grade: --tap and --json both print on standard output: choose one");
            return MmdslCli.INVALID;
        }
        if (threads < 0) {
            err.println("mmdsl grade: --threads takes a number of threads, at least 1 (0, the default, is one per core)");
            return MmdslCli.INVALID;
        }
        Key key;
        try {
            key = Key.load(keyFile, ScenarioLoader.injector(), Interpreter.Limits.BATCH);
        } catch (Key.BadKey e) {
            err.println("mmdsl grade: " + e.getMessage());
            return MmdslCli.INVALID;
        }
        Verdict verdict = Verdict.of(key.run(), true);
        if (verdict != Verdict.PASS) {
            List<String> problems = new ArrayList<>(MmdslCli.strictProblems(key.run()));
            err.println("mmdsl grade: the key " + keyFile + " does not pass `mmdsl run --strict` (" + verdict + ": "
                    + key.run().failedExpectations() + " failed" + (problems.isEmpty() ? "" : ", " + String.join(", ", problems))
                    + "): run `mmdsl run --strict " + keyFile + "` to see why");
            return MmdslCli.INVALID;
        }
        Map<String, Path> students = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        if (!collect(key, students, problems, err)) {
            return MmdslCli.INVALID;
        }
        if (students.isEmpty()) {
            err.println("mmdsl grade: no submissions (.mmdsl files) in " + inputs);
            return MmdslCli.INVALID;
        }
        if ((gradescope != null || prairielearn != null) && students.size() != 1) {
            err.println("mmdsl grade: --gradescope and --prairielearn write the results of one submission (the "
                    + "autograder runs once per submission), and there are " + students.size()
                    + ": name one, or use --junit, --csv or --json for several");
            return MmdslCli.INVALID;
        }
        List<Submission> subs = gradeAll(new Grader(key, ScenarioLoader.injector(), showAnswers, Interpreter.Limits.BATCH),
                students, problems, err);
        if (subs == null) {
            return MmdslCli.INVALID;
        }
        try {
            if (junit != null) {
                for (Submission s : subs) {
                    JUnitXml.write(key, s, junit);
                }
            }
            if (gradescope != null) {
                Gradescope.write(key, subs.get(0), gradescope);
            }
            if (prairielearn != null) {
                PrairieLearn.write(key, subs.get(0), prairielearn);
            }
            if (csv != null) {
                Csv.write(key, subs, csv);
            }
        } catch (IOException e) {
            err.println("mmdsl grade: cannot write a report: " + describe(e));
            return MmdslCli.INVALID;
        }
        if (tap) {
            Tap.print(key, subs, out);
        } else if (json) {
            out.println(GradeJson.of(key, subs, showAnswers));
        } else {
            GradeTable.print(key, subs, feedback, out);
        }
        return subs.stream().allMatch(Submission::gradable) ? MmdslCli.OK : MmdslCli.EXPECTATION_FAILED;
    }

    /**
     * The submissions named, by student id: a file is one (its name without .mmdsl); a folder's .mmdsl files
     * are one each, and each folder in it is one student's (its one .mmdsl file at any depth; none or
     * several make that student not gradable, in {@code problems}). Hidden files and the key are skipped.
     * False (after saying why) when an input is missing or two submissions have the same id.
     */
    private boolean collect(Key key, Map<String, Path> students, Map<String, String> problems, PrintStream err) {
        List<Path[]> found = new ArrayList<>(); // id source, file (null: problem)
        for (Path p : inputs) {
            if (Files.isRegularFile(p)) {
                found.add(new Path[] {p, p});
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path e : s.sorted().toList()) {
                        String name = e.getFileName().toString();
                        if (name.startsWith(".")) {
                            continue;
                        }
                        if (Files.isDirectory(e)) {
                            List<Path> files;
                            try (Stream<Path> w = Files.walk(e)) {
                                files = w.filter(f -> f.toString().endsWith(".mmdsl") && Files.isRegularFile(f)).sorted().toList();
                            }
                            if (files.size() == 1) {
                                found.add(new Path[] {e, files.get(0)});
                            } else {
                                found.add(new Path[] {e, e});
                                problems.put(name, files.isEmpty() ? "the folder holds no .mmdsl file"
                                        : "the folder holds " + files.size() + " .mmdsl files ("
                                                + String.join(", ", files.stream().map(f -> e.relativize(f).toString()).toList())
                                                + "): a student's folder holds one submission");
                            }
                        } else if (name.endsWith(".mmdsl") && Files.isRegularFile(e)) {
                            found.add(new Path[] {e, e});
                        }
                    }
                } catch (IOException e) {
                    err.println("mmdsl grade: cannot read folder " + p + ": " + e.getMessage());
                    return false;
                }
            } else {
                err.println("mmdsl grade: " + p + ": no such file or folder");
                return false;
            }
        }
        for (Path[] f : found) {
            if (isKey(key, f[1])) {
                continue;
            }
            String id = f[0].getFileName().toString().replaceFirst("\\.mmdsl$", "");
            Path before = students.putIfAbsent(id, f[1]);
            if (before != null) {
                err.println("mmdsl grade: two submissions have the student id " + id + ": " + before + " and " + f[1]
                        + " (the id is the file name without .mmdsl, or the student's folder)");
                return false;
            }
        }
        return true;
    }

    /** An I/O error in words: NIO's exceptions often carry only the path. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
            String why = e instanceof java.nio.file.FileAlreadyExistsException ? "it exists and is not a folder"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NotDirectoryException ? "not a folder" : e.getClass().getSimpleName();
            return f.getFile() + ": " + why;
        }
        return e.getMessage();
    }

    private static boolean isKey(Key key, Path file) {
        try {
            return Files.isSameFile(key.file(), file);
        } catch (IOException e) {
            return false;
        }
    }

    /** Grades every submission on the thread pool; the results in the students' order. */
    private List<Submission> gradeAll(Grader grader, Map<String, Path> students, Map<String, String> problems,
            PrintStream err) {
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "mmdsl-grade");
            t.setDaemon(true);
            return t;
        });
        ProgressBar bar = progressBar(students.size());
        try {
            List<Future<Submission>> futures = new ArrayList<>();
            for (Map.Entry<String, Path> e : students.entrySet()) {
                String id = e.getKey();
                Path file = e.getValue();
                futures.add(pool.submit(() -> {
                    try {
                        String problem = problems.get(id);
                        return problem != null ? Submission.notGradable(id, file, List.of(problem)) : grader.grade(id, file);
                    } finally {
                        if (bar != null) {
                            bar.step();
                        }
                    }
                }));
            }
            List<Submission> subs = new ArrayList<>();
            for (Future<Submission> f : futures) {
                subs.add(f.get());
            }
            return subs;
        } catch (ExecutionException e) {
            err.println("mmdsl grade: internal error: " + e.getCause() + " (please report it with the key and the submission)");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            pool.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** A progress bar on standard error when the command runs on a terminal; null otherwise (no output at all). */
    private static ProgressBar progressBar(int total) {
        if (System.console() == null || ScenarioLoader.err != System.err || ScenarioLoader.out != System.out) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("grading").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
    }
}
