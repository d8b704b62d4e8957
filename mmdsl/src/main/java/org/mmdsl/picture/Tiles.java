package org.mmdsl.picture;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmdsl.picture.Picture.Anchor;

/**
 * A column of tiles for an address range, highest address at the top (as procmap and the lecture draw
 * an address space), each tile's height growing with the log of its size so that a 4 KB page and a
 * 1 GB gap are both visible: {@code 18 + 6 * log2(pages)} px. The boundary addresses stand on the left.
 */
final class Tiles {
    /** One range [start, last] (last inclusive, so the top of a 64-bit space fits in a long). */
    record Segment(long start, long last, Role role, String kind, String name, String detail) {
        long bytes() {
            return last - start + 1;
        }
    }

    private Tiles() {
    }

    static double height(long bytes) {
        double pages = Math.max(1, Math.abs((double) bytes) / 4096.0);
        if (bytes < 0) { // more than 2^63 bytes
            pages = Math.pow(2, 64) / 4096.0;
        }
        return 18 + 6 * (Math.log(pages) / Math.log(2));
    }

    /** The end (exclusive) of a segment in hex, 2^64 included. */
    static String endHex(long last) {
        return "0x" + BigInteger.valueOf(last).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                .add(BigInteger.ONE).toString(16);
    }

    /**
     * Draws {@code segments} (highest first, contiguous or not) from {@code y}; ids are
     * {@code prefix-N}. Returns the y below the column.
     */
    static double column(Picture.Sheet sheet, String prefix, List<Segment> segments, double x, double y, double w,
            boolean wide) {
        int i = 0;
        for (Segment s : segments) {
            double h = height(s.bytes());
            String top = wide ? String.format("0x%016x", s.last() + 1) : String.format("0x%08x", s.last() + 1);
            if (s.last() == -1L) {
                top = wide ? "0xffffffffffffffff" : "0xffffffff";
            } else if (!wide && s.last() == 0xffffffffL) {
                top = "0xffffffff";
            }
            sheet.text(x - 8, y + 4, top, Role.MUTED, 11, false, true, Anchor.END, "address");
            Map<String, String> data = new LinkedHashMap<>();
            data.put("start", String.format("0x%x", s.start()));
            data.put("end", endHex(s.last()));
            data.put("size", Long.toUnsignedString(s.bytes()));
            data.put("name", s.name() == null ? "" : s.name());
            data.put("detail", s.detail() == null ? "" : s.detail());
            List<Picture.Text> labels = new ArrayList<>();
            String name = s.name() == null ? "" : s.name();
            String detail = s.detail() == null ? "" : s.detail();
            Role ink = s.role() == Role.GAP ? Role.MUTED : Role.INK;
            if (h >= 34 && !detail.isEmpty()) {
                labels.add(sheet.label(x + 8, y + h / 2 - 2, name, ink, 12, s.role() != Role.GAP, false, Anchor.START));
                labels.add(sheet.label(x + 8, y + h / 2 + 12, detail, ink, 11, false, true, Anchor.START));
            } else {
                String one = detail.isEmpty() ? name : name.isEmpty() ? detail : name + "  " + detail;
                labels.add(sheet.label(x + 8, y + h / 2 + 4, one, ink, 11.5, false, false, Anchor.START));
            }
            String tooltip = (name.isEmpty() ? "" : name + ": ") + String.format("0x%x", s.start()) + "-"
                    + endHex(s.last()) + " (" + Picture.size(s.bytes()) + ")" + (detail.isEmpty() ? "" : ", " + detail);
            sheet.box(prefix + "-" + i++, "tile " + s.kind(), s.role(), x, y, w, h, tooltip, data, labels);
            y += h;
        }
        if (!segments.isEmpty()) {
            long bottom = segments.get(segments.size() - 1).start();
            sheet.text(x - 8, y + 4, wide ? String.format("0x%016x", bottom) : String.format("0x%08x", bottom),
                    Role.MUTED, 11, false, true, Anchor.END, "address");
        }
        return y;
    }

    /**
     * Fills the holes between {@code used} (sorted highest first, inside [low, last]) with gap segments,
     * returning the complete column highest first.
     */
    static List<Segment> withGaps(List<Segment> used, long low, long last, Role gapRole, String gapName) {
        List<Segment> out = new ArrayList<>();
        long top = last; // next address (inclusive) to cover, going down
        boolean topDone = false;
        for (Segment s : used) {
            if (!topDone && Long.compareUnsigned(s.last(), top) < 0) {
                out.add(new Segment(s.last() + 1, top, gapRole, "gap", gapName, Picture.size(top - s.last())));
            }
            out.add(s);
            if (s.start() == 0) {
                topDone = true;
                break;
            }
            top = s.start() - 1;
        }
        if (!topDone && Long.compareUnsigned(top, low) >= 0 && !(used.size() > 0
                && used.get(used.size() - 1).start() == low)) {
            out.add(new Segment(low, top, gapRole, "gap", gapName, Picture.size(top - low + 1)));
        }
        return out;
    }
}
