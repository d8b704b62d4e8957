package org.mmdsl.grade;

/**
 * What one question of one submission scored: {@code points} of its question's {@link Question#points},
 * why ({@link Status}), the student's answer as written ("" when none) and a message for the student.
 */
public record Score(Question question, Status status, int points, String answer, String message) {

    /** Why a question scored what it did. */
    public enum Status {
        /** The run met the student's answer: full points. */
        RIGHT("right"),
        /** The run failed the student's answer. */
        WRONG("wrong"),
        /** The student left the {@code ?} (or removed it without an answer). */
        UNANSWERED("unanswered"),
        /** The statement of the question differs from the key's in more than its answers. */
        CHANGED("statement changed"),
        /** The answer does not validate where the key puts it ({@code expect fault SIGFOO}). */
        INVALID("invalid answer"),
        /** The run never judged the question (it stopped before, or skipped its statement). */
        NOT_REACHED("not reached");

        /** How reports write it. */
        public final String word;

        Status(String word) {
            this.word = word;
        }
    }

    /** Whether the question got its points. */
    public boolean right() {
        return status == Status.RIGHT;
    }
}
