package org.mmdsl.ui.picture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.mmdsl.picture.Palette;
import org.mmdsl.picture.Picture;
import org.mmdsl.picture.Role;

/**
 * Draws a {@link Picture} with SWT's GC, in the model's coordinates (1 px per model px), as the SVG
 * renderer (org.mmdsl.picture.svg.SvgRenderer) draws it: the background painted, tiles filled in their
 * role's colour from the shared {@link Palette} with a thin border (dashed for gaps and guards), their
 * labels on top, lines with arrow heads. SVG places text at its baseline with a text-anchor; here the
 * text is measured and moved by its ascent and width. Returns what it drew, one line per tile and text,
 * which the view keeps for its tooltip and for tests.
 */
public final class SwtPictureRenderer {
    private final Display display;
    private final Map<String, Font> fonts = new HashMap<>();

    public SwtPictureRenderer(Display display) {
        this.display = display;
    }

    /** Draws {@code p} and returns the drawn tiles and texts ("tile ID [role] label | label", "text T"). */
    public List<String> draw(GC gc, Picture p) {
        List<String> drawn = new ArrayList<>();
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        gc.setBackground(colour(Palette.BACKGROUND));
        gc.fillRectangle(0, 0, (int) Math.ceil(p.width()), (int) Math.ceil(p.height()));
        for (Picture.Element e : p.elements()) {
            if (e instanceof Picture.Box b) {
                box(gc, b);
                List<String> labels = new ArrayList<>();
                b.labels().forEach(t -> labels.add(t.text()));
                drawn.add("tile " + b.id() + " [" + b.role().word() + "] " + String.join(" | ", labels));
            } else if (e instanceof Picture.Text t) {
                text(gc, t);
                drawn.add("text " + t.text());
            } else if (e instanceof Picture.Line l) {
                line(gc, l);
            }
        }
        return drawn;
    }

    private void box(GC gc, Picture.Box b) {
        int x = (int) Math.round(b.x());
        int y = (int) Math.round(b.y());
        int w = Math.max(1, (int) Math.round(b.w()));
        int h = Math.max(1, (int) Math.round(b.h()));
        gc.setBackground(colour(Palette.rgb(b.role())));
        gc.fillRectangle(x, y, w, h);
        gc.setForeground(colour(Palette.rgb(Role.BORDER)));
        gc.setLineWidth(1);
        gc.setLineStyle(b.dashed() ? SWT.LINE_DASH : SWT.LINE_SOLID);
        gc.drawRectangle(x, y, w, h);
        gc.setLineStyle(SWT.LINE_SOLID);
        for (Picture.Text t : b.labels()) {
            text(gc, t);
        }
    }

    private void text(GC gc, Picture.Text t) {
        gc.setFont(font(t.mono(), t.bold(), t.size()));
        gc.setForeground(colour(Palette.rgb(t.role())));
        Point extent = gc.textExtent(t.text());
        double x = switch (t.anchor()) {
            case MIDDLE -> t.x() - extent.x / 2.0;
            case END -> t.x() - extent.x;
            default -> t.x();
        };
        int ascent = gc.getFontMetrics().getAscent();
        gc.drawText(t.text(), (int) Math.round(x), (int) Math.round(t.y()) - ascent, true);
    }

    private void line(GC gc, Picture.Line l) {
        gc.setForeground(colour(Palette.rgb(l.role())));
        gc.setBackground(colour(Palette.rgb(l.role())));
        gc.setLineWidth(1);
        gc.setLineStyle(l.dashed() ? SWT.LINE_DASH : SWT.LINE_SOLID);
        gc.drawLine((int) Math.round(l.x1()), (int) Math.round(l.y1()), (int) Math.round(l.x2()), (int) Math.round(l.y2()));
        gc.setLineStyle(SWT.LINE_SOLID);
        if (l.arrow()) {
            double a = Math.atan2(l.y2() - l.y1(), l.x2() - l.x1());
            gc.fillPolygon(new int[] {(int) Math.round(l.x2()), (int) Math.round(l.y2()),
                    (int) Math.round(l.x2() - 8 * Math.cos(a - 0.4)), (int) Math.round(l.y2() - 8 * Math.sin(a - 0.4)),
                    (int) Math.round(l.x2() - 8 * Math.cos(a + 0.4)), (int) Math.round(l.y2() - 8 * Math.sin(a + 0.4))});
        }
    }

    private static Color colour(int rgb) {
        return new Color(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff);
    }

    /**
     * A font of the model's size in px: SWT sizes fonts in points, so px are converted at the display's
     * resolution (96 dpi: 12 px = 9 pt). Monospace and Sans are fontconfig's generic families.
     */
    private Font font(boolean mono, boolean bold, double px) {
        int dpi = Math.max(72, display.getDPI().y);
        int points = Math.max(6, (int) Math.round(px * 72.0 / dpi));
        String key = mono + "/" + bold + "/" + points;
        return fonts.computeIfAbsent(key,
                k -> new Font(display, new FontData(mono ? "Monospace" : "Sans", points, bold ? SWT.BOLD : SWT.NORMAL)));
    }

    /** Frees the fonts. */
    public void dispose() {
        fonts.values().forEach(Font::dispose);
        fonts.clear();
    }
}
