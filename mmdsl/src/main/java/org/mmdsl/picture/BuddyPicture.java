package org.mmdsl.picture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmdsl.picture.Picture.Anchor;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.zone.Zone;

/**
 * {@code show picture buddy}: each populated zone's free areas (mm/page_alloc.c free_area[order].nr_free,
 * the numbers /proc/buddyinfo prints, mm/vmstat.c frag_show()) as bars per order, a bar's height growing
 * with log2(1 + nr_free) so that 1 and 1000 free blocks are both visible; the count stands on the bar.
 * Per-CPU page lists are not drawn (they are not on the free areas).
 */
final class BuddyPicture {
    private BuddyPicture() {
    }

    static Picture of(Kernel kernel) {
        Picture.Sheet sheet = new Picture.Sheet(900);
        String title = "buddy allocator: free blocks per order";
        double y = MapsPicture.header(sheet, title, kernel, "free_area[order].nr_free per zone (/proc/buddyinfo)");
        sheet.line("picture buddy: " + title);
        List<Zone> zones = kernel.memory().zones();
        long max = 1;
        for (Zone z : zones) {
            for (int o = 0; o < Zone.MAX_ORDER; o++) {
                max = Math.max(max, z.nrFree(o));
            }
        }
        double scale = 120 / (Math.log(1 + max) / Math.log(2));
        for (Zone z : zones) {
            if (!z.populated()) {
                continue;
            }
            Role role = PhysicalPicture.zoneRole(z.name());
            sheet.text(40, y + 20, String.format("zone %s: %d free pages (pfn 0x%x-0x%x)", z.name(), z.freePages(),
                    z.startPfn(), z.endPfn()), Role.INK, 13.5, true, false, Anchor.START, "zone-title");
            double base = y + 40 + 140;
            StringBuilder line = new StringBuilder(String.format("  %-8s", z.name()));
            for (int o = 0; o < Zone.MAX_ORDER; o++) {
                long nr = z.nrFree(o);
                double h = nr == 0 ? 1 : Math.max(3, scale * (Math.log(1 + nr) / Math.log(2)));
                double x = 60 + o * 74;
                Map<String, String> data = new LinkedHashMap<>();
                data.put("zone", z.name());
                data.put("order", Integer.toString(o));
                data.put("nr-free", Long.toString(nr));
                sheet.box("buddy-" + z.name() + "-" + o, "bar " + role.word(), role, x, base - h, 52, h,
                        String.format("%s order %d: %d free blocks of %s (%s)", z.name(), o, nr, Picture.size(4096L << o),
                                Picture.size(nr * (4096L << o))), data,
                        List.of(sheet.label(x + 26, base - h - 6, Long.toString(nr), Role.INK, 12, true, true,
                                Anchor.MIDDLE)));
                sheet.text(x + 26, base + 16, "order " + o, Role.INK, 11, false, false, Anchor.MIDDLE, "order");
                sheet.text(x + 26, base + 30, Picture.size(4096L << o), Role.MUTED, 10.5, false, true, Anchor.MIDDLE,
                        "block-size");
                line.append(String.format(" %6d", nr));
            }
            sheet.add(new Picture.Line(50, base, 60 + Zone.MAX_ORDER * 74, base, Role.BORDER, false, false));
            sheet.line(line.toString());
            y = base + 46;
        }
        sheet.text(40, y + 10, "bar height grows with log2(1 + free blocks); a block of order n is 2^n pages",
                Role.MUTED, 11.5, false, false, Anchor.START, "note");
        sheet.height = y + 30;
        return sheet.picture(Picture.Kind.BUDDY, title);
    }
}
