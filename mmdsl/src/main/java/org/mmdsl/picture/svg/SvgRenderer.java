package org.mmdsl.picture.svg;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;
import org.mmdsl.picture.Palette;
import org.mmdsl.picture.Picture;
import org.mmdsl.picture.Role;

/**
 * The one renderer of a {@link Picture}: SVG through JFreeSVG's Graphics2D. Text stays text (SVG
 * {@code <text>} in the generic families sans-serif and monospace), every tile is a {@code <g>} with the
 * model's id, classes ({@code tile vma heap}) and {@code data-*} values, and a {@code <title>} (the
 * tooltip a browser shows). The background is painted, so the light palette reads the same in a dark
 * theme. No text is measured: centred and right-aligned labels use SVG's text-anchor.
 */
public final class SvgRenderer {
    private static final Map<Role, Color> PALETTE = new EnumMap<>(Role.class);
    private static final Color BACKGROUND = new Color(Palette.BACKGROUND);

    static {
        for (Role r : Role.values()) {
            PALETTE.put(r, new Color(Palette.rgb(r)));
        }
    }

    private SvgRenderer() {
    }

    /** The colour a role is drawn in (the legend and the tiles share it): {@link Palette}'s. */
    public static Color colour(Role role) {
        return PALETTE.getOrDefault(role, Color.LIGHT_GRAY);
    }

    /** The picture as a standalone SVG document (XML declaration, no DOCTYPE). */
    public static String render(Picture p) {
        SVGGraphics2D g = new SVGGraphics2D(p.width(), p.height());
        g.setPaint(BACKGROUND);
        g.fill(new Rectangle2D.Double(0, 0, p.width(), p.height()));
        for (Picture.Element e : p.elements()) {
            if (e instanceof Picture.Box b) {
                box(g, b);
            } else if (e instanceof Picture.Text t) {
                text(g, t);
            } else if (e instanceof Picture.Line l) {
                line(g, l);
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + g.getSVGElement("picture-" + p.kind().word(), true, new ViewBox(0, 0, p.width(), p.height()), null,
                        null) + "\n";
    }

    private static void box(SVGGraphics2D g, Picture.Box b) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", attr(b.id()));
        attrs.put("class", attr(b.classes()));
        b.data().forEach((k, v) -> attrs.put("data-" + k, attr(v)));
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, attrs);
        if (b.tooltip() != null) {
            g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, b.tooltip());
        }
        Rectangle2D r = new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h());
        g.setPaint(colour(b.role()));
        g.fill(r);
        g.setPaint(colour(Role.BORDER));
        g.setStroke(b.dashed() ? new BasicStroke(0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4,
                new float[] {4, 3}, 0) : new BasicStroke(0.8f));
        g.draw(r);
        for (Picture.Text t : b.labels()) {
            text(g, t);
        }
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "end");
    }

    private static void text(SVGGraphics2D g, Picture.Text t) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("class", "label" + (t.classes() == null ? "" : " " + attr(t.classes())));
        if (t.anchor() != Picture.Anchor.START) {
            attrs.put("text-anchor", t.anchor() == Picture.Anchor.MIDDLE ? "middle" : "end");
        }
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, attrs);
        g.setFont(new Font(t.mono() ? Font.MONOSPACED : Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, 12)
                .deriveFont((float) t.size()));
        g.setPaint(colour(t.role()));
        g.drawString(t.text(), (float) t.x(), (float) t.y());
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "end");
    }

    private static void line(SVGGraphics2D g, Picture.Line l) {
        g.setPaint(colour(l.role()));
        g.setStroke(l.dashed() ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4,
                new float[] {4, 3}, 0) : new BasicStroke(1.2f));
        g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
        if (l.arrow()) {
            double a = Math.atan2(l.y2() - l.y1(), l.x2() - l.x1());
            Path2D head = new Path2D.Double();
            head.moveTo(l.x2(), l.y2());
            head.lineTo(l.x2() - 8 * Math.cos(a - 0.4), l.y2() - 8 * Math.sin(a - 0.4));
            head.lineTo(l.x2() - 8 * Math.cos(a + 0.4), l.y2() - 8 * Math.sin(a + 0.4));
            head.closePath();
            g.fill(head);
        }
    }

    /** An attribute value as text (JFreeSVG writes group attributes as given). */
    private static String attr(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
