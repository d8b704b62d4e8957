package org.mmdsl.ide.picture;

import java.util.List;

/**
 * The answer to {@code mmdsl/picture}. A picture: its {@code kind}, {@code title}, the standalone SVG
 * document, its short text form (what a plain {@code mmdsl run} prints), the 0-based {@code line} of the
 * statement or block drawn, and the {@code kinds} a client may ask for at that step. When there is no
 * picture (the scenario has errors, an unknown kind, no statement at or before the position, the run
 * stopped before the step) {@code error} says why, {@code svg} is null and {@code text} repeats the
 * message: never a JSON-RPC error, so a client shows it as it shows a picture.
 */
public class PictureAnswer {
    private final String kind;
    private final String title;
    private final String svg;
    private final String text;
    private final int line;
    private final List<String> kinds;
    private final String error;

    public PictureAnswer(String kind, String title, String svg, String text, int line, List<String> kinds,
            String error) {
        this.kind = kind;
        this.title = title;
        this.svg = svg;
        this.text = text;
        this.line = line;
        this.kinds = kinds;
        this.error = error;
    }

    /** No picture: {@code message} says why; {@code line} is the statement's, or -1. */
    public static PictureAnswer error(String message, int line) {
        return new PictureAnswer(null, "no picture", null, message, line, List.of(), message);
    }

    public String getKind() {
        return kind;
    }

    public String getTitle() {
        return title;
    }

    public String getSvg() {
        return svg;
    }

    public String getText() {
        return text;
    }

    public int getLine() {
        return line;
    }

    public List<String> getKinds() {
        return kinds;
    }

    public String getError() {
        return error;
    }

    /**
     * The answer as plain text (workspace/executeCommand's answer): the picture's text form, which starts
     * with its heading ("picture maps of init (pid 1), from TASK_SIZE down:"), as {@code mmdsl run} prints
     * it under the statement; or the message saying why there is no picture.
     */
    public String plainText() {
        return error != null ? error + "\n" : text;
    }
}
