package org.mmdsl.generate;


import org.mmdsl.interpreter.BlankAnswer;
import org.mmdsl.interpreter.Blanks;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

/**
 * The key of a generated exercise: its text with every blank ({@code ?}) replaced by the answer a run of
 * the exercise records there (ExpectationJudge's {@link BlankAnswer}, read through {@link Blanks}, as
 * {@code mmdsl answers} does). Every other character is the exercise's. Does not judge the key:
 * {@code run --strict} does (Issue13GenerateTest).
 */
public final class Keys {
    private Keys() {
    }

    /** The key of {@code exercise}; throws when the run gives a blank no answer (a generator bug). */
    public static String of(String exercise) {
        Scenario scenario = Scenarios.parse(exercise);
        Run run = Scenarios.run(scenario);
        return Blanks.key(exercise, scenario, run, f -> {
            if (f.answer() == null) {
                throw new IllegalStateException("the run gives no answer for the blank at offset " + f.offset() + "\n"
                        + exercise);
            }
        });
    }
}
