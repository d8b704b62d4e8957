package org.mmdsl.grade;

/**
 * One question of an assignment: an expectation of the key written with {@code ?} ({@code expect address ?
 * 0xb7ff6000}), numbered from 1 in text order. {@code prompt} is the expectation without its answer
 * ({@code expect address ?}), {@code points} its {@code worth N} (default 1), {@code key} the key's answer
 * and {@code runAnswer} what the run gives there (the key's text with every question blank, run once);
 * neither is shown to a student unless the teacher asks ({@code --show-answers}).
 */
public record Question(int number, int line, String prompt, int points, String key, String runAnswer) {

    /** "Q2" */
    public String id() {
        return "Q" + number;
    }

    /** "Q2 (line 19) expect value ?": how the reports name it. */
    public String title() {
        return id() + " (line " + line + ") " + prompt;
    }
}
