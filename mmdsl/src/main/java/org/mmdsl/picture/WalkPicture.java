package org.mmdsl.picture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmdsl.picture.Picture.Anchor;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.pgtable.PageWalk;

/**
 * {@code show picture walk ADDR}: the page walk the MMU makes for ADDR in the task's page tables (Intel
 * SDM vol. 3 ch. 4; {@link PageWalk}, the walk {@code translate} prints): the address split into its index
 * bits, CR3, each level's table with the entry the index selects (value and flags), then the page and the
 * byte at the physical address, or the entry that is not present, where the walk stops and an access
 * faults. Folded levels are not drawn. Reads the tables; no TLB entry is filled and no fault is taken.
 */
final class WalkPicture {
    private WalkPicture() {
    }

    static Picture of(Kernel kernel, Task task, long vaddr) {
        PageWalk walk = kernel.kernelPageTables() == null || task.mm() == null ? null
                : task.mm().pageTables().walk(task.mm().pgd, vaddr);
        Picture.Sheet sheet = new Picture.Sheet(940);
        String title = String.format("page walk of 0x%x in %s (pid %d)", vaddr, task.comm(), task.pid());
        double y = MapsPicture.header(sheet, title, kernel, "CR3, then one entry per level, then the page");
        sheet.line("picture walk: " + title);
        if (walk == null) {
            sheet.text(40, y + 20, task.comm() + " has no address space (it exited)", Role.INK, 13, false, false,
                    Anchor.START, "note");
            sheet.line("  " + task.comm() + " has no address space");
            sheet.height = y + 40;
            return sheet.picture(Picture.Kind.WALK, title);
        }
        PagingMode mode = walk.mode();
        sheet.text(40, y + 8, String.format("0x%x  (%s)", vaddr, walk.modeName()), Role.INK, 15, true, true,
                Anchor.START, "address");
        // the bit fields
        double x0 = 40;
        double width = 860;
        double fy = y + 22;
        double fh = 58;
        int bits = mode.vaBits;
        boolean sign = mode.vaBits > 32;
        double signW = sign ? 90 : 0;
        double per = (width - signW) / bits;
        double x = x0;
        List<int[]> fields = new ArrayList<>();
        if (sign) {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("field", "sign");
            data.put("value", String.format("0x%x", vaddr >>> mode.vaBits));
            sheet.box("bits-sign", "bits sign", Role.GAP, x, fy, signW, fh, "bits 63-" + mode.vaBits
                    + ": copies of bit " + (mode.vaBits - 1) + " (canonical address)", data,
                    List.of(sheet.label(x + signW / 2, fy + 17, "sign", Role.MUTED, 12, false, false, Anchor.MIDDLE),
                            sheet.label(x + signW / 2, fy + 50, "bits 63-" + mode.vaBits, Role.MUTED, 11, false, true,
                                    Anchor.MIDDLE)));
            x += signW;
        }
        for (int level = 0; level <= mode.pteLevel(); level++) {
            int lo = Long.numberOfTrailingZeros(mode.entrySpan(level));
            int hi = lo + Integer.numberOfTrailingZeros(mode.entriesPerTable(level)) - 1;
            fields.add(new int[] {hi, lo});
            double w = (hi - lo + 1) * per;
            int index = mode.index(vaddr, level);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("field", mode.levelName(level));
            data.put("index", Integer.toString(index));
            data.put("bits", hi + "-" + lo);
            sheet.box("bits-" + mode.levelName(level), "bits index " + mode.levelName(level), Role.INDEX, x, fy, w, fh,
                    String.format("%s index %d (0x%x): bits %d-%d", mode.levelName(level), index, index, hi, lo), data,
                    List.of(sheet.label(x + w / 2, fy + 17, mode.levelName(level) + " " + index, Role.INK, 13, true,
                            false, Anchor.MIDDLE), sheet.label(x + w / 2, fy + 34, binary(index, hi - lo + 1), Role.INK,
                            12, true, true, Anchor.MIDDLE), sheet.label(x + w / 2, fy + 50, "bits " + hi + "-" + lo,
                            Role.INK, 10.5, false, true, Anchor.MIDDLE)));
            x += w;
        }
        double ow = x0 + width - x;
        Map<String, String> odata = new LinkedHashMap<>();
        odata.put("field", "offset");
        odata.put("value", String.format("0x%x", vaddr & 0xfff));
        sheet.box("bits-offset", "bits offset", Role.PAGE, x, fy, ow, fh, "offset in the 4 KB page: bits 11-0", odata,
                List.of(sheet.label(x + ow / 2, fy + 17, String.format("offset 0x%03x", vaddr & 0xfff), Role.INK, 13,
                        true, false, Anchor.MIDDLE), sheet.label(x + ow / 2, fy + 34, binary(vaddr & 0xfff, 12), Role.INK,
                        12, true, true, Anchor.MIDDLE), sheet.label(x + ow / 2, fy + 50, "bits 11-0", Role.INK, 10.5,
                        false, true, Anchor.MIDDLE)));
        // CR3
        double cy = fy + fh + 30;
        Map<String, String> cdata = new LinkedHashMap<>();
        cdata.put("cr3", String.format("0x%x", walk.rootPfn() << 12));
        sheet.box("cr3", "cr3", Role.TABLE, x0, cy, 300, 30, "CR3: the physical address of the top-level table", cdata,
                List.of(sheet.label(x0 + 10, cy + 20, String.format("CR3 = 0x%x", walk.rootPfn() << 12), Role.INK, 13,
                        true, true, Anchor.START)));
        sheet.line(String.format("  cr3 0x%x", walk.rootPfn() << 12));
        double prevX = x0 + 40;
        double prevY = cy + 30;
        long table = walk.rootPfn();
        double ly = cy + 60;
        List<PageWalk.Level> levels = walk.levels();
        for (int i = 0; i < levels.size(); i++) {
            PageWalk.Level lv = levels.get(i);
            boolean present = Pte.present(lv.entry());
            sheet.add(new Picture.Line(prevX, prevY, prevX, ly, Role.INK, true, false));
            Map<String, String> data = new LinkedHashMap<>();
            data.put("level", lv.name());
            data.put("index", Integer.toString(lv.index()));
            data.put("table-pfn", String.format("0x%x", table));
            data.put("entry-address", String.format("0x%x", lv.entryPaddr()));
            data.put("entry", String.format("0x%x", lv.entry()));
            data.put("present", Boolean.toString(present));
            String flags = present ? lv.flags(mode) : "not present";
            String next = !present ? "the walk stops here" : lv.leaf() ? (walk.pageSize() == 4096 ? "4 KB page"
                    : Picture.size(walk.pageSize()) + " page (_PAGE_PSE)") + String.format(" at pfn 0x%x",
                    (walk.paddr() & ~(walk.pageSize() - 1)) >>> 12)
                    : String.format("%s table at pfn 0x%x", mode.levelName(i + 1), Pte.pfn(lv.entry()));
            List<Picture.Text> labels = new ArrayList<>();
            labels.add(sheet.label(x0 + 10, ly + 18, String.format("%s table at pfn 0x%x", lv.name(), table), Role.INK,
                    12.5, true, false, Anchor.START));
            labels.add(sheet.label(x0 + 10, ly + 38, String.format("entry %d (0x%x) at 0x%x = 0x%x", lv.index(), lv.index(),
                    lv.entryPaddr(), lv.entry()), Role.INK, 12, false, true, Anchor.START));
            labels.add(sheet.label(x0 + 10, ly + 56, "[" + flags + "]  -> " + next, Role.INK, 12, false, true,
                    Anchor.START));
            sheet.box("level-" + i, "level " + lv.name() + (present ? " present" : " not-present"),
                    present ? Role.ENTRY : Role.FAULT, x0, ly, 820, 66, String.format("%s index %d: entry 0x%x %s",
                            lv.name(), lv.index(), lv.entry(), flags), data, labels);
            sheet.line(String.format("  %-4s index %4d  entry @0x%x = 0x%x  [%s]  -> %s", lv.name(), lv.index(),
                    lv.entryPaddr(), lv.entry(), flags, next));
            prevY = ly + 66;
            ly += 96;
            if (present && !lv.leaf()) {
                table = Pte.pfn(lv.entry());
            }
        }
        sheet.add(new Picture.Line(prevX, prevY, prevX, ly, Role.INK, true, false));
        if (walk.mapped()) {
            long pa = walk.paddr();
            int value = kernel.physMem().readByte(pa);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("paddr", String.format("0x%x", pa));
            data.put("byte", String.format("0x%02x", value));
            sheet.box("page", "page", Role.PAGE, x0, ly, 820, 48, "the page and the byte the address names", data,
                    List.of(sheet.label(x0 + 10, ly + 19, String.format("physical address 0x%x = page 0x%x + offset 0x%x",
                            pa, pa & ~(walk.pageSize() - 1), pa & (walk.pageSize() - 1)), Role.INK, 12.5, true, true,
                            Anchor.START), sheet.label(x0 + 10, ly + 38, String.format("byte at 0x%x = 0x%02x", pa,
                                    value), Role.INK, 12, false, true, Anchor.START)));
            sheet.line(String.format("  physical address 0x%x, byte 0x%02x", pa, value));
        } else {
            String why = "the walk stops at the " + walk.stoppedAt() + " " + walk.stopReason();
            Map<String, String> data = new LinkedHashMap<>();
            data.put("stopped-at", walk.stoppedAt());
            sheet.box("fault", "fault", Role.FAULT, x0, ly, 820, 48, why, data, wrap(sheet, why, x0 + 10, ly + 19));
            sheet.line("  " + why);
        }
        sheet.height = ly + 72;
        return sheet.picture(Picture.Kind.WALK, title);
    }

    /** The index bits as the address holds them, most significant first. */
    static String binary(long v, int bits) {
        StringBuilder sb = new StringBuilder(Long.toBinaryString(v));
        while (sb.length() < bits) {
            sb.insert(0, '0');
        }
        return sb.toString();
    }

    private static List<Picture.Text> wrap(Picture.Sheet sheet, String s, double x, double y) {
        List<Picture.Text> out = new ArrayList<>();
        int max = 108;
        while (s.length() > max && out.size() < 2) {
            int cut = s.lastIndexOf(' ', max);
            cut = cut < 20 ? max : cut;
            out.add(sheet.label(x, y, s.substring(0, cut), Role.INK, 12, out.isEmpty(), false, Anchor.START));
            s = s.substring(cut).trim();
            y += 18;
        }
        out.add(sheet.label(x, y, s, Role.INK, 12, out.isEmpty(), false, Anchor.START));
        return out;
    }
}
