package org.mmdsl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.mmdsl.cli.ScenarioLoader.Loaded;
import org.mmdsl.interpreter.ExpectationEvent;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.validation.MmdslIssue;
import org.mmdsl.validation.SimulationDiagnostics;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The batch command line: {@code mmdsl run FILE|DIR...} plays scenarios and prints the report,
 * {@code mmdsl check FILE...} only validates. Exit status: 0 when every expectation holds, 1 when one
 * fails (or a run was stopped), 2 on a syntax or validation error or an unreadable file. A run over several
 * files ends with one line counting the {@link Verdict}s.
 */
@Command(name = "mmdsl", mixinStandardHelpOptions = true, version = "mmdsl 0.1.0",
        description = "Memory scenarios of the Linux kernel, played on a simulated x86 machine.",
        subcommands = {MmdslCli.RunCommand.class, MmdslCli.CheckCommand.class, MmdslCli.CodesCommand.class,
            MmdslCli.ImportOracleCommand.class, AnswersCommand.class, GenerateCommand.class, GradeCommand.class,
            PictureCommand.class})
public final class MmdslCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int EXPECTATION_FAILED = 1;
    public static final int INVALID = 2;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return INVALID;
    }

    public static void main(String[] args) {
        Startup.begin(args);
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line with the given streams (for tests); returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new MmdslCli());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("mmdsl: internal error: " + ex + " (please report it with the scenario)");
            return INVALID;
        });
        cl.setExitCodeExceptionMapper(t -> INVALID);
        ScenarioLoader.out = out;
        ScenarioLoader.err = err;
        return cl.execute(args);
    }

    @Command(name = "run", description = "Play scenarios and print faults, failed expectations and `show` output.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = ".mmdsl files, or folders searched for them")
        List<Path> inputs;

        @Option(names = {"-v", "--verbose"}, description = "Also print every event: calls with their results, "
                + "resolved page faults, met expectations.")
        boolean verbose;

        @Option(names = "--json", description = "Print one JSON document with every event of every file "
                + "(file, line, column, kind, code, severity, message, text), each file's verdict and the counts, "
                + "instead of the report; the boot log only with --boot-log.")
        boolean json;

        @Option(names = "--boot-log", description = "With --json, also list the boot log (the kernel's lines "
                + "at boot), left out by default.")
        boolean bootLog;

        @Option(names = "--max-steps", paramLabel = "N", description = "Stop a scenario after N steps "
                + "(statements, and pages of range accesses; default ${DEFAULT-VALUE}).", defaultValue = "10000000")
        long maxSteps;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop a scenario after this many "
                + "seconds (default ${DEFAULT-VALUE}).", defaultValue = "60")
        long timeoutSeconds;

        @Option(names = "--strict", description = "Also fail a scenario on anything it did not announce: an "
                + "unexpected fault, errno, kernel warning, BUG or OOM kill, a skipped statement, and a scenario that "
                + "expects nothing at all.")
        boolean strict;

        @Option(names = "--oracle", description = "Print the run as the proc-maps oracle's driver prints its run "
                + "(for scenarios written by `mmdsl import-oracle`).")
        boolean oracle;

        @Option(names = "--pictures", paramLabel = "DIR", description = "Write each `show picture` as SVG into DIR, "
                + "named FILE.LINE.KIND.svg (without it a run prints each picture's short text form).")
        Path pictures;

        @Option(names = "--html", paramLabel = "OUT.html|DIR", description = "Also write each scenario's report as one "
                + "self-contained HTML page (its text, each statement's events, the pictures, the verdict): OUT.html for "
                + "one scenario, DIR/NAME.html for each of several.")
        String html;

        @Override
        public Integer call() {
            PrintStream out = ScenarioLoader.out;
            if (maxSteps < 1 || timeoutSeconds < 1 || timeoutSeconds > 86_400) {
                ScenarioLoader.err.println("mmdsl: --max-steps must be at least 1 and --timeout between 1 and 86400 seconds");
                return INVALID;
            }
            Interpreter.Limits limits = new Interpreter.Limits(maxSteps, timeoutSeconds * 1000);
            List<Path> files = expand(inputs);
            if (files == null) {
                return INVALID;
            }
            java.util.Map<Path, Path> htmlFiles = html == null ? java.util.Map.of() : HtmlReport.targets(files, html);
            if (htmlFiles == null) {
                return INVALID;
            }
            java.time.Instant played = java.time.Instant.now();
            int status = OK;
            int[] counts = new int[Verdict.values().length];
            JsonReport report = json ? new JsonReport(bootLog) : null;
            for (Path f : files) {
                Verdict verdict;
                Loaded l = ScenarioLoader.load(f);
                if (l == null) {
                    verdict = Verdict.ERROR;
                    if (report != null) {
                        report.unreadable(f);
                    }
                } else if (report != null ? report.issues(l) > 0 : l.printIssues() > 0) {
                    verdict = Verdict.ERROR;
                    if (!writeHtml(htmlFiles.get(f), l, null, played)) {
                        return INVALID;
                    }
                } else {
                    Run run = Interpreter.run(l.scenario(), limits, ScenarioLoader.cancelled);
                    verdict = Verdict.of(run, strict);
                    java.util.Map<RunEvent, Path> written = java.util.Map.of();
                    if (pictures != null) {
                        try {
                            written = PictureCommand.write(l, run, pictures);
                        } catch (IOException e) {
                            ScenarioLoader.err.println("mmdsl: cannot write pictures into " + pictures + ": " + e.getMessage());
                            return INVALID;
                        }
                    }
                    if (oracle) {
                        out.print(org.mmdsl.oracle.OracleRenderer.render(l.scenario(), run));
                    } else if (report != null) {
                        report.run(l, run, verdict);
                    } else {
                        report(l, run, verbose, strict, out, written);
                    }
                    if (!writeHtml(htmlFiles.get(f), l, run, played)) {
                        return INVALID;
                    }
                }
                counts[verdict.ordinal()]++;
                status = Math.max(status, verdict.status);
            }
            if (report != null) {
                out.println(report.toJson(status, counts));
            } else if (files.size() > 1 && !oracle) {
                out.println(Verdict.summary(counts));
            }
            return status;
        }

        /** Writes the HTML report when --html asked for one and says where (not in the JSON or oracle output). */
        private boolean writeHtml(Path target, Loaded l, Run run, java.time.Instant played) {
            if (target == null) {
                return true;
            }
            try {
                HtmlReport.write(target, HtmlReport.render(l, run, strict, played));
            } catch (IOException e) {
                ScenarioLoader.err.println("mmdsl: cannot write the report " + target + ": "
                        + (e instanceof java.nio.file.FileAlreadyExistsException ? e.getMessage() + " is a file, not a folder"
                                : e.getMessage()));
                return false;
            }
            if (!json && !oracle) {
                ScenarioLoader.out.println("wrote " + target);
            }
            return true;
        }
    }

    @Command(name = "check", description = "Parse and validate scenarios without running them.")
    static final class CheckCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE|DIR")
        List<Path> inputs;

        @Override
        public Integer call() {
            List<Path> files = expand(inputs);
            if (files == null) {
                return INVALID;
            }
            int status = OK;
            for (Path f : files) {
                Loaded l = ScenarioLoader.load(f);
                if (l == null || l.printIssues() > 0) {
                    status = INVALID;
                } else {
                    ScenarioLoader.out.println(l.display() + ": ok");
                }
            }
            return status;
        }
    }

    @Command(name = "import-oracle", description = "Translate a script of the proc-maps oracle's driver "
            + "(shared/conformance/proc-maps/cases/NAME.script) into a scenario on standard output; the recorded "
            + "NAME.expected beside it, if any, becomes the scenario's expectations.")
    static final class ImportOracleCommand implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "SCRIPT")
        Path script;

        @Override
        public Integer call() {
            String text;
            String expected = null;
            try {
                text = Files.readString(script);
                String name = script.getFileName().toString().replaceFirst("\\.script$", "");
                Path exp = script.resolveSibling(name + ".expected");
                if (Files.isRegularFile(exp)) {
                    expected = Files.readString(exp);
                }
            } catch (IOException e) {
                ScenarioLoader.err.println("mmdsl: cannot read " + script + ": " + e.getMessage());
                return INVALID;
            }
            try {
                ScenarioLoader.out.print(org.mmdsl.oracle.OracleTranslator.translate(text, expected));
                return OK;
            } catch (IllegalArgumentException e) {
                ScenarioLoader.err.println("mmdsl: " + script + ": " + e.getMessage());
                return INVALID;
            }
        }
    }

    @Command(name = "codes", description = "List the diagnostic codes with their severity and meaning.")
    static final class CodesCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            for (MmdslIssue i : MmdslIssue.values()) {
                ScenarioLoader.out.printf("%-22s %-7s %s%n", i.id, i.severity.name().toLowerCase(), i.doc);
            }
            return OK;
        }
    }

    /**
     * What `run --strict` holds against a run besides failed expectations: every warning the run
     * produced (an unexpected fault or errno, a kernel WARN/BUG or OOM kill nobody expected, a skipped
     * statement), by code and line, and "asserts nothing" when the scenario expects nothing at all.
     */
    public static List<String> strictProblems(Run run) {
        List<String> problems = new ArrayList<>();
        for (RunEvent re : run.events()) {
            MmdslIssue issue = SimulationDiagnostics.issueOf(re);
            if (issue != null && issue.severity == org.eclipse.xtext.diagnostics.Severity.WARNING) {
                problems.add(issue.id);
            }
        }
        boolean blanks = run.events().stream().anyMatch(re -> re.event() instanceof org.mmdsl.interpreter.BlankAnswer);
        if (run.metExpectations() + run.failedExpectations() == 0 && !blanks) { // a blank asks, so it asserts
            problems.add("asserts nothing");
        }
        return problems;
    }

    /**
     * Prints one scenario's report: diagnostics and output in run order, then a summary line; with
     * {@code strict}, unannounced outcomes fail ({@link #strictProblems}).
     */
    static void report(Loaded l, Run run, boolean verbose, boolean strict, PrintStream out) {
        report(l, run, verbose, strict, out, java.util.Map.of());
    }

    /**
     * As {@link #report(Loaded, Run, boolean, boolean, PrintStream)}; a picture prints its title and its short
     * text form, or, when {@code pictures} has its SVG file, the title and where it was written.
     */
    static void report(Loaded l, Run run, boolean verbose, boolean strict, PrintStream out,
            java.util.Map<RunEvent, Path> pictures) {
        List<SimulationDiagnostics.SimDiagnostic> diags = SimulationDiagnostics.of(run);
        int d = 0;
        for (RunEvent re : run.events()) {
            MmdslIssue issue = SimulationDiagnostics.issueOf(re);
            if (issue != null && re.cause() != null) {
                SimulationDiagnostics.SimDiagnostic sd = diags.get(d++);
                out.println(l.position(sd.offset()) + ": " + issue.severity.name().toLowerCase() + ": " + sd.message()
                        + " [" + issue.id + "]");
            } else if (re.event() instanceof org.mmdsl.interpreter.PictureEvent p) {
                String where = l.position(SimulationDiagnostics.range(re.cause())[0]);
                Path svg = pictures.get(re);
                if (svg != null) {
                    out.println(where + ": " + p.message() + " -> " + svg);
                } else {
                    out.println(where + ": " + p.message());
                    out.print(p.picture().text());
                }
            } else if (re.event() instanceof Output) {
                Output o = (Output) re.event();
                out.println(l.position(SimulationDiagnostics.range(re.cause())[0]) + ": " + o.title());
                out.print(o.text().endsWith("\n") || o.text().isEmpty() ? o.text() : o.text() + "\n");
            } else if (verbose) {
                String prefix = re.event() instanceof ExpectationEvent ? "ok: " : "";
                out.println(l.position(SimulationDiagnostics.range(re.cause())[0]) + ": " + prefix + re.event().message());
            }
        }
        out.println(summaryLine(l, run, strict));
    }

    /**
     * The line that ends a scenario's report: "FILE: PASS (3 expectations met, 0 failed)", with the
     * blanks, an early stop and, under --strict, what was not announced.
     */
    static String summaryLine(Loaded l, Run run, boolean strict) {
        long failed = run.failedExpectations();
        long met = run.metExpectations();
        int blanks = org.mmdsl.interpreter.Blanks.of(l.scenario()).size();
        List<String> strictProblems = strict ? strictProblems(run) : List.of();
        String strictNote = "";
        if (!strictProblems.isEmpty()) {
            java.util.Map<String, Long> byCode = new java.util.TreeMap<>();
            strictProblems.forEach(c -> byCode.merge(c, 1L, Long::sum));
            strictNote = ", strict: " + byCode.entrySet().stream()
                    .map(e -> e.getKey().equals("asserts nothing") ? e.getKey() : e.getValue() + " " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        return l.display() + ": " + Verdict.of(run, strict).name()
                + " (" + met + " expectation" + (met == 1 ? "" : "s") + " met, " + failed + " failed"
                + (blanks == 0 ? "" : ", " + blanks + " blank" + (blanks == 1 ? "" : "s"))
                + (run.aborted() ? ", run stopped early" : "") + strictNote + ")";
    }

    /**
     * The .mmdsl files under {@code dir}, sorted, without those in a folder below it whose name starts with
     * {@code _} or {@code .} (as the go tool skips {@code _} and {@code .} folders): a place for files that
     * are not to run with the rest, such as the graded submissions of examples/_lab-cow-submissions, which
     * `mmdsl grade` reads and which fail on purpose. Naming such a folder itself walks it.
     */
    public static List<Path> scenarioFiles(Path dir) throws IOException {
        Path opened = ScenarioLoader.resolve(dir);
        try (Stream<Path> s = Files.walk(opened)) {
            // named as the folder was: dir/a.mmdsl, whichever directory relative names are read from
            return s.map(f -> opened == dir ? f : dir.resolve(opened.relativize(f))).filter(f -> f.toString().endsWith(".mmdsl")
                    && Files.isRegularFile(ScenarioLoader.resolve(f))).filter(f -> {
                Path rel = dir.relativize(f);
                for (int i = 0; i < rel.getNameCount() - 1; i++) {
                    String name = rel.getName(i).toString();
                    if (name.startsWith("_") || name.startsWith(".")) {
                        return false;
                    }
                }
                return true;
            }).sorted().toList();
        }
    }

    /** Files named, and the .mmdsl files under folders named ({@link #scenarioFiles}), in a stable order; null if one is missing. */
    static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(ScenarioLoader.resolve(p))) {
                try {
                    files.addAll(scenarioFiles(p));
                } catch (IOException e) {
                    ScenarioLoader.err.println("mmdsl: cannot read folder " + p + ": " + e.getMessage());
                    return null;
                }
            } else if (Files.isRegularFile(ScenarioLoader.resolve(p))) {
                files.add(p);
            } else {
                ScenarioLoader.err.println("mmdsl: " + p + ": no such file or folder");
                return null;
            }
        }
        return files;
    }
}
