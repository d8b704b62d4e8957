package org.mmdsl.picture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One picture: its kind, a title, a size in CSS pixels, the elements in drawing order, a legend and the
 * short text form a plain run prints. Coordinates are the model's: the renderer draws them as they are,
 * so every renderer shows the same layout.
 *
 * @param kind     what is drawn
 * @param title    the heading ("maps of init (pid 1)")
 * @param width    width in px
 * @param height   height in px
 * @param elements boxes, texts and lines, drawn in order
 * @param text     the short text form (one line per tile or row)
 */
public record Picture(Kind kind, String title, double width, double height, List<Element> elements, String text) {

    /** The kinds of picture, spelled as {@code show picture KIND} spells them. */
    public enum Kind {
        MAPS, PHYSICAL, KERNEL, WALK, BUDDY;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The kind spelled {@code word}, or null. */
        public static Kind byWord(String word) {
            for (Kind k : values()) {
                if (k.word().equals(word)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Something drawn. */
    public sealed interface Element permits Box, Text, Line {
    }

    /** Where a text's x is. */
    public enum Anchor {
        START, MIDDLE, END
    }

    /**
     * A tile: a rectangle with an id, CSS classes (its kind first), a tooltip (the SVG {@code <title>}),
     * data attributes (values a test or a client reads: {@code start}, {@code end}, {@code index}) and the
     * labels drawn on or beside it, grouped with it.
     */
    public record Box(String id, String classes, Role role, double x, double y, double w, double h, String tooltip,
            Map<String, String> data, List<Text> labels, boolean dashed) implements Element {
    }

    /** A line of text; {@code mono} for addresses and numbers. */
    public record Text(double x, double y, String text, Role role, double size, boolean bold, boolean mono,
            Anchor anchor, String classes) implements Element {
    }

    /** A line, with an arrow head at its end when {@code arrow}. */
    public record Line(double x1, double y1, double x2, double y2, Role role, boolean arrow, boolean dashed)
            implements Element {
    }

    /** Collects elements; the builders of each kind draw through it. */
    static final class Sheet {
        final List<Element> elements = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        double width;
        double height;

        Sheet(double width) {
            this.width = width;
        }

        Box box(String id, String classes, Role role, double x, double y, double w, double h, String tooltip,
                Map<String, String> data, List<Text> labels) {
            return add(new Box(id, classes, role, x, y, w, h, tooltip, data == null ? Map.of() : data,
                    labels == null ? List.of() : labels, role == Role.GAP || role == Role.GUARD));
        }

        <E extends Element> E add(E e) {
            elements.add(e);
            return e;
        }

        Text label(double x, double y, String s, Role role, double size, boolean bold, boolean mono, Anchor anchor) {
            return new Text(x, y, s, role, size, bold, mono, anchor, null);
        }

        Text text(double x, double y, String s, Role role, double size, boolean bold, boolean mono, Anchor anchor,
                String classes) {
            return add(new Text(x, y, s, role, size, bold, mono, anchor, classes));
        }

        void line(String s) {
            text.append(s).append('\n');
        }

        /** A legend: one swatch per role with its caption, in rows from {@code y}; returns the y below it. */
        double legend(double x, double y, Map<Role, String> entries) {
            double cx = x;
            for (Map.Entry<Role, String> e : entries.entrySet()) {
                double w = 22 + e.getValue().length() * 7.2 + 18;
                if (cx + w > width - 16) {
                    cx = x;
                    y += 22;
                }
                Map<String, String> data = new LinkedHashMap<>();
                data.put("role", e.getKey().word());
                box("legend-" + e.getKey().word(), "legend " + e.getKey().word(), e.getKey(), cx, y, 14, 14,
                        e.getValue(), data, List.of(label(cx + 20, y + 11.5, e.getValue(), Role.INK, 12, false, false,
                                Anchor.START)));
                cx += w;
            }
            return y + 28;
        }

        Picture picture(Kind kind, String title) {
            return new Picture(kind, title, width, Math.ceil(height), List.copyOf(elements), text.toString());
        }
    }

    /** Helpers for the builders' labels. */
    static String size(long bytes) {
        if (bytes < 0) {
            return Long.toUnsignedString(bytes) + " B";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (v == Math.rint(v)) {
            return String.format("%d %s", (long) v, units[u]);
        }
        // two decimals, as docs/teaching.md writes 875.99 MB, without trailing zeros
        return new java.math.BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString() + " " + units[u];
    }

    static String hex(long v, boolean wide) {
        return wide ? String.format("0x%016x", v) : String.format("0x%08x", v);
    }
}
