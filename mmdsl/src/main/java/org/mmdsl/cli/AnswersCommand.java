package org.mmdsl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mmdsl.cli.ScenarioLoader.Loaded;
import org.mmdsl.interpreter.Blanks;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mmdsl answers EXERCISE}: runs an exercise and prints its key, the text with every blank's
 * {@code ?} replaced by what the run gave there (ExpectationJudge's {@link org.mmdsl.interpreter.BlankAnswer}); every other
 * character is the exercise's. A blank the run never reached, or one where it gave nothing, stays
 * {@code ?} with a note on standard error. Exit 0; 2 on a syntax or validation error (printed on
 * standard error). Does not check that the key passes: `run --strict` on it does.
 */
@Command(name = "answers", description = "Print the key of an exercise: the file with every blank (`?`) filled in "
        + "from the run.")
final class AnswersCommand implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "EXERCISE")
    Path exercise;

    @picocli.CommandLine.Option(names = "--max-steps", paramLabel = "N", description = "Stop the run after N steps "
            + "(default ${DEFAULT-VALUE}); blanks after that stay `?`.", defaultValue = "10000000")
    long maxSteps;

    @Override
    public Integer call() {
        PrintStream out = ScenarioLoader.out;
        PrintStream err = ScenarioLoader.err;
        Loaded l = ScenarioLoader.load(exercise);
        if (l == null) {
            return MmdslCli.INVALID;
        }
        int errors;
        ScenarioLoader.out = err; // the issues are not part of the key
        try {
            errors = l.printIssues();
        } finally {
            ScenarioLoader.out = out;
        }
        if (errors > 0) {
            return MmdslCli.INVALID;
        }
        if (maxSteps < 1) {
            err.println("mmdsl: --max-steps must be at least 1");
            return MmdslCli.INVALID;
        }
        Run run = Interpreter.run(l.scenario(), new Interpreter.Limits(maxSteps, Interpreter.Limits.BATCH.timeoutMillis()),
                null);
        String text = l.resource().getParseResult().getRootNode().getText();
        String key = Blanks.key(text, l.scenario(), run, f -> {
            String where = l.position(f.offset());
            String answer = f.answer();
            if (f.answers().isEmpty()) {
                err.println(where + ": note: blank not reached (the run stopped before it, or skipped its statement); "
                        + "left as ?");
            } else if (answer == null) {
                err.println(where + ": note: the run gives no answer here (" + f.answers().get(0).why() + "); left as ?");
            } else if (f.answers().stream().anyMatch(a -> !answer.equals(a.answer()))) {
                err.println(where + ": note: the run gives this blank different answers ("
                        + String.join(", ", f.answers().stream().map(a -> String.valueOf(a.answer())).distinct().toList())
                        + "); the key has the first");
            }
        });
        out.print(key);
        return MmdslCli.OK;
    }
}
