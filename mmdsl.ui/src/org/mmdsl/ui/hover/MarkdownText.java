package org.mmdsl.ui.hover;

/**
 * The language server's hover Markdown as the plain text Eclipse's default hover shows: code fences
 * dropped (their lines kept, they are the page walk as the CLI prints it), {@code **bold**} and
 * {@code `code`} marks removed, a line in {@code _italics_} without its underscores. Words such as
 * {@code __va} or {@code GFP_KERNEL} keep their underscores: only a whole line's emphasis is removed.
 */
public final class MarkdownText {
    private MarkdownText() {
    }

    public static String plain(String markdown) {
        StringBuilder sb = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                continue;
            }
            String l = line.replace("**", "").replace("`", "");
            String s = l.strip();
            if (s.length() > 2 && s.startsWith("_") && s.endsWith("_") && !s.startsWith("__")) {
                l = s.substring(1, s.length() - 1);
            }
            sb.append(l).append('\n');
        }
        return sb.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
}
