package org.mmdsl.picture;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.mmdsl.picture.Picture.Anchor;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.E820;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.memblock.Memblock;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.zone.Zone;

/**
 * {@code show picture physical}: physical memory from address 0 up, in four columns that share one
 * vertical scale (each range between two boundaries gets a height growing with the log of its size): the
 * firmware's e820 map (arch/x86/kernel/e820.c), memblock's boot reservations (mm/memblock.c: the kernel
 * image, mem_map/vmemmap, the direct map's page tables, ...), the zones (mm/mm_init.c zone ranges) and a
 * strip of frame blocks, each block coloured by what most of its frames hold now according to their
 * struct page (free, user, page cache, slab, page table, kernel, reserved). Reads the memmap only.
 */
final class PhysicalPicture {
    private PhysicalPicture() {
    }

    static Picture of(Kernel kernel) {
        PhysicalMemory pm = kernel.memory();
        MemMap mm = pm.memMap();
        boolean wide = kernel.is64();
        Picture.Sheet sheet = new Picture.Sheet(980);
        String title = "physical memory";
        double y0 = MapsPicture.header(sheet, title, kernel,
                "from address 0 (bottom) up; heights grow with log2(size)");
        List<E820.Entry> e820 = pm.e820().entries();
        List<Memblock.Region> reserved = pm.memblock().reserved();
        long maxPfn = pm.maxPfn();
        TreeSet<Long> bounds = new TreeSet<>(Long::compareUnsigned);
        bounds.add(0L);
        for (E820.Entry e : e820) {
            bounds.add(e.start());
            bounds.add(e.end());
        }
        for (Zone z : pm.zones()) {
            if (z.populated() || z.spanned() > 0) {
                bounds.add(z.startPfn() << 12);
                bounds.add(z.endPfn() << 12);
            }
        }
        for (Memblock.Region r : reserved) {
            bounds.add(r.base());
            bounds.add(r.end());
        }
        List<Long> b = new ArrayList<>(bounds);
        // y of each boundary, address 0 at the bottom: lay out from the top
        int n = b.size();
        double[] yOf = new double[n];
        double y = y0 + 30;
        yOf[n - 1] = y;
        for (int i = n - 2; i >= 0; i--) {
            y += 16 + 5 * (Math.log(Math.max(1.0, (b.get(i + 1) - b.get(i)) / 4096.0)) / Math.log(2));
            yOf[i] = y;
        }
        double bottom = y;
        double xE = 130;
        double xM = 320;
        double xZ = 540;
        double xF = 680;
        double wE = 180;
        double wM = 210;
        double wZ = 130;
        double wF = 280;
        sheet.text(xE, y0 + 20, "e820 (firmware)", Role.INK, 12.5, true, false, Anchor.START, "column");
        sheet.text(xM, y0 + 20, "memblock reservations", Role.INK, 12.5, true, false, Anchor.START, "column");
        sheet.text(xZ, y0 + 20, "zones", Role.INK, 12.5, true, false, Anchor.START, "column");
        sheet.text(xF, y0 + 20, "frames now (struct page)", Role.INK, 12.5, true, false, Anchor.START, "column");
        for (int i = 0; i < n; i++) {
            sheet.text(xE - 8, yOf[i] + 4, wide ? String.format("0x%010x", b.get(i)) : String.format("0x%08x", b.get(i)),
                    Role.MUTED, 11, false, true, Anchor.END, "address");
        }
        // e820, with the holes between its entries
        sheet.line("picture physical: e820");
        int k = 0;
        long at = 0;
        for (E820.Entry e : e820) {
            if (Long.compareUnsigned(at, e.start()) < 0) {
                column(sheet, "e820-" + k++, "e820 hole", Role.HOLE, at, e.start(), "hole", xE, wE, b, yOf);
            }
            boolean usable = e.type() == E820.USABLE;
            column(sheet, "e820-" + k++, "e820 " + (usable ? "usable" : "reserved"), usable ? Role.RAM : Role.RESERVED,
                    e.start(), e.end(), e.typeName(), xE, wE, b, yOf);
            sheet.line(String.format("  [mem 0x%016x-0x%016x] %s", e.start(), e.end() - 1, e.typeName()));
            at = e.end();
        }
        sheet.line("memblock reservations");
        k = 0;
        for (Memblock.Region r : reserved) {
            Role role = reservedRole(r.name());
            column(sheet, "memblock-" + k++, "memblock " + role.word(), role, r.base(), r.end(), r.name(), xM, wM, b, yOf);
            sheet.line(String.format("  0x%x-0x%x %s (%s)", r.base(), r.end(), r.name(), Picture.size(r.size())));
        }
        sheet.line("zones");
        for (Zone z : pm.zones()) {
            if (z.spanned() == 0) {
                continue;
            }
            Role role = zoneRole(z.name());
            Map<String, String> data = new LinkedHashMap<>();
            data.put("zone", z.name());
            data.put("start-pfn", String.format("0x%x", z.startPfn()));
            data.put("end-pfn", String.format("0x%x", z.endPfn()));
            data.put("spanned", Long.toString(z.spanned()));
            data.put("present", Long.toString(z.present()));
            data.put("managed", Long.toString(z.managed()));
            double top = yAt(z.endPfn() << 12, b, yOf);
            double bot = yAt(z.startPfn() << 12, b, yOf);
            String range = String.format("pfn 0x%x-0x%x", z.startPfn(), z.endPfn());
            sheet.box("zone-" + z.name(), "zone " + role.word(), role, xZ, top, wZ, bot - top,
                    z.name() + ": " + range + ", spanned " + z.spanned() + ", present " + z.present() + ", managed "
                            + z.managed() + ", free " + z.freePages(), data,
                    List.of(sheet.label(xZ + 8, (top + bot) / 2 - 2, z.name(), Role.INK, 13, true, false, Anchor.START),
                            sheet.label(xZ + 8, (top + bot) / 2 + 12, Picture.size(z.spanned() << 12), Role.INK, 11,
                                    false, true, Anchor.START)));
            sheet.line(String.format("  %-8s pfn 0x%x-0x%x  spanned %d present %d managed %d free %d", z.name(),
                    z.startPfn(), z.endPfn(), z.spanned(), z.present(), z.managed(), z.freePages()));
        }
        // frames: count each kind over each range between boundaries, drawn as a grid of blocks; a run of
        // frames that share one implicit struct page (MemMap's absent chunks) is counted at once
        long nrFrames = Math.min(maxPfn, mm.size());
        List<long[]> ram = new ArrayList<>();
        for (E820.Entry e : e820) {
            if (e.type() == E820.USABLE) {
                ram.add(new long[] {(e.start() + 4095) >>> 12, Math.min(e.end() >>> 12, nrFrames)});
            }
        }
        Map<Role, Long> counts = new EnumMap<>(Role.class);
        Role[] roles = Role.values();
        long[] perRole = new long[roles.length];
        tally(mm, reserved, ram, 0, nrFrames, perRole);
        for (Role r : roles) {
            if (perRole[r.ordinal()] > 0) {
                counts.put(r, perRole[r.ordinal()]);
            }
        }
        int block = 0;
        for (int i = 0; i + 1 < n; i++) {
            long first = (b.get(i) + 4095) >>> 12;
            long end = Math.min(b.get(i + 1) >>> 12, nrFrames);
            if (end <= first) {
                continue;
            }
            double top = yOf[i + 1] + 1;
            double h = yOf[i] - yOf[i + 1] - 2;
            int cols = (int) ((wF - 2) / 9);
            int rows = Math.max(1, (int) ((h - 1) / 9));
            long frames = end - first;
            long cells = Math.min(frames, (long) cols * rows);
            long per = (frames + cells - 1) / cells;
            cells = (frames + per - 1) / per;
            double cell = Math.min(8, h - 1);
            for (long c = 0; c < cells; c++) {
                long from = first + c * per;
                long to = Math.min(end, from + per);
                long[] inCell = new long[roles.length];
                tally(mm, reserved, ram, from, to, inCell);
                Map<Role, Long> tally = new EnumMap<>(Role.class);
                for (Role r : roles) {
                    if (inCell[r.ordinal()] > 0) {
                        tally.put(r, inCell[r.ordinal()]);
                    }
                }
                Role best = Role.HOLE;
                long most = -1;
                boolean used = false;
                for (Map.Entry<Role, Long> t : tally.entrySet()) {
                    boolean inUse = t.getKey() != Role.FREE && t.getKey() != Role.HOLE;
                    // a block shows what it holds most of among its frames in use; free only when all are
                    if ((inUse && !used) || (inUse == used && t.getValue() > most)) {
                        most = t.getValue();
                        best = t.getKey();
                        used = inUse;
                    }
                }
                StringBuilder tip = new StringBuilder(String.format("pfn 0x%x-0x%x:", from, to - 1));
                tally.forEach((r, v) -> tip.append(' ').append(r.word()).append(' ').append(v));
                Map<String, String> data = new LinkedHashMap<>();
                data.put("first-pfn", String.format("0x%x", from));
                data.put("pfns", Long.toString(to - from));
                // lowest pfn at the bottom left, as addresses grow upwards in this picture
                sheet.box("frames-" + block++, "frames " + best.word(), best, xF + (c % cols) * 9,
                        top + h - cell - (c / cols) * 9, cell, cell, tip.toString(), data, null);
            }
        }
        sheet.line("frames: " + counts.entrySet().stream().map(e -> e.getKey().word() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ")));
        Map<Role, String> legend = new LinkedHashMap<>();
        for (Role r : List.of(Role.FREE, Role.USER, Role.PAGE_CACHE, Role.SLAB, Role.PAGE_TABLE, Role.KERNEL,
                Role.KERNEL_IMAGE, Role.MEMMAP, Role.RESERVED, Role.HOLE)) {
            legend.put(r, caption(r) + (counts.containsKey(r) ? " (" + counts.get(r) + ")" : ""));
        }
        sheet.text(16, bottom + 30, "frames by what their struct page says (frames of each kind):", Role.INK, 12, true, false,
                Anchor.START, "legend-title");
        sheet.height = sheet.legend(16, bottom + 40, legend) + 8;
        return sheet.picture(Picture.Kind.PHYSICAL, title);
    }

    private static String caption(Role r) {
        return switch (r) {
            case FREE -> "free";
            case USER -> "user (anon)";
            case PAGE_CACHE -> "page cache";
            case SLAB -> "slab";
            case PAGE_TABLE -> "page tables";
            case KERNEL -> "kernel (alloc_pages, vmalloc)";
            case KERNEL_IMAGE -> "kernel image";
            case MEMMAP -> "memmap";
            case RESERVED -> "reserved";
            default -> "not RAM";
        };
    }

    private static void column(Picture.Sheet sheet, String id, String classes, Role role, long start, long end,
            String name, double x, double w, List<Long> b, double[] yOf) {
        double top = yAt(end, b, yOf);
        double bot = yAt(start, b, yOf);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("start", String.format("0x%x", start));
        data.put("end", String.format("0x%x", end));
        int fit = (int) ((w - 12) / 6.3);
        String shown = name.length() > fit ? name.substring(0, Math.max(1, fit - 1)) + "…" : name;
        List<Picture.Text> labels = new ArrayList<>();
        if (bot - top >= 30) {
            labels.add(sheet.label(x + 6, (top + bot) / 2 - 2, shown, Role.INK, 11, false, false, Anchor.START));
            labels.add(sheet.label(x + 6, (top + bot) / 2 + 11, Picture.size(end - start), Role.INK, 10.5, false, true,
                    Anchor.START));
        } else {
            labels.add(sheet.label(x + 6, (top + bot) / 2 + 4, shown, Role.INK, 10.5, false, false, Anchor.START));
        }
        sheet.box(id, classes, role, x, top, w, bot - top, String.format("%s: 0x%x-0x%x (%s)", name, start, end,
                Picture.size(end - start)), data, labels);
    }

    static double yAt(long addr, List<Long> b, double[] yOf) {
        int i = java.util.Collections.binarySearch(b, addr, Long::compareUnsigned);
        if (i >= 0) {
            return yOf[i];
        }
        int hi = -i - 1;
        if (hi >= b.size()) {
            return yOf[b.size() - 1];
        }
        int lo = hi - 1;
        double f = (double) (addr - b.get(lo)) / (double) (b.get(hi) - b.get(lo));
        return yOf[lo] + (yOf[hi] - yOf[lo]) * f;
    }

    static Role zoneRole(String name) {
        return switch (name) {
            case "DMA" -> Role.ZONE_DMA;
            case "DMA32" -> Role.ZONE_DMA32;
            case "HighMem" -> Role.ZONE_HIGHMEM;
            default -> Role.ZONE_NORMAL;
        };
    }

    private static Role reservedRole(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.contains("kernel image")) {
            return Role.KERNEL_IMAGE;
        }
        if (n.contains("mem_map") || n.contains("vmemmap")) {
            return Role.MEMMAP;
        }
        if (n.contains("page tables")) {
            return Role.PAGE_TABLE;
        }
        return Role.RESERVED;
    }

    /** What a frame holds now, from its struct page (page-flags.h) and where memblock reserved it. */
    /**
     * Adds to {@code out[role]} the frames of [from, to) of each kind: a frame outside the usable e820
     * ranges is a hole, else {@link #frameRole}. The frames of an absent memmap chunk after its first
     * share one word, so a run of them that memblock did not reserve is one kind, counted at once:
     * the cost follows the chunks and the frames a scenario touched, not the RAM.
     */
    private static void tally(MemMap mm, List<Memblock.Region> reserved, List<long[]> ram, long from, long to,
            long[] out) {
        long p = from;
        while (p < to) {
            long ce = Math.min(to, mm.chunkEnd(p));
            boolean firstOfChunk = (p & (MemMap.chunkFrames() - 1)) == 0;
            boolean reservedRun = (mm.flags(p) & MemMap.PG_reserved) != 0;
            if (mm.materialised(p) || firstOfChunk || (reservedRun && regionsIn(reserved, p, ce) > 1)) {
                long stop = mm.materialised(p) || !firstOfChunk ? ce : p + 1;
                for (; p < stop; p++) {
                    out[(ramFrames(ram, p, p + 1) > 0 ? frameRole(mm, reserved, p) : Role.HOLE).ordinal()]++;
                }
                continue;
            }
            long inRam = ramFrames(ram, p, ce);
            if (reservedRun) {
                // at most one memblock region meets the run: its frames are its kind, the rest RESERVED
                long matched = 0;
                for (Memblock.Region r : reserved) {
                    long a = Math.max(p, (r.base() + 4095) >>> 12);
                    long e = Math.min(ce, (r.end() + 4095) >>> 12);
                    if (e > a) {
                        long n = ramFrames(ram, a, e);
                        out[reservedRole(r.name()).ordinal()] += n;
                        matched += n;
                    }
                }
                out[Role.RESERVED.ordinal()] += inRam - matched;
            } else {
                out[frameRole(mm, reserved, p).ordinal()] += inRam;
            }
            out[Role.HOLE.ordinal()] += (ce - p) - inRam;
            p = ce;
        }
    }

    /** How many memblock regions hold a frame of [from, to) (frameRole() takes the first one). */
    private static int regionsIn(List<Memblock.Region> reserved, long from, long to) {
        int n = 0;
        for (Memblock.Region r : reserved) {
            if (Math.min(to, (r.end() + 4095) >>> 12) > Math.max(from, (r.base() + 4095) >>> 12)) {
                n++;
            }
        }
        return n;
    }

    /** How many frames of [from, to) lie in the usable e820 ranges. */
    private static long ramFrames(List<long[]> ram, long from, long to) {
        long n = 0;
        for (long[] r : ram) {
            long s = Math.max(from, r[0]);
            long e = Math.min(to, r[1]);
            if (e > s) {
                n += e - s;
            }
        }
        return n;
    }

    private static Role frameRole(MemMap mm, List<Memblock.Region> reserved, long pfn) {
        int f = mm.flags(pfn);
        if ((f & MemMap.PG_reserved) != 0) {
            long pa = pfn << 12;
            for (Memblock.Region r : reserved) {
                if (pa >= r.base() && pa < r.end()) {
                    return reservedRole(r.name()); // the kernel image, mem_map, the direct map's tables, ...
                }
            }
            return Role.RESERVED;
        }
        if ((f & MemMap.PG_tail) != 0) { // a compound page's tail: refcount 0, what the head is
            return (f & MemMap.PG_slab) != 0 ? Role.SLAB : Role.KERNEL;
        }
        if ((f & MemMap.PG_buddy) != 0 || mm.refcount(pfn) == 0) {
            return Role.FREE;
        }
        if ((f & MemMap.PG_slab) != 0) {
            return Role.SLAB;
        }
        if ((f & MemMap.PG_table) != 0) {
            return Role.PAGE_TABLE;
        }
        if ((f & MemMap.PG_anon) != 0) {
            return Role.USER;
        }
        if ((f & MemMap.PG_lru) != 0 || mm.mapcount(pfn) > 0) {
            return Role.PAGE_CACHE;
        }
        return Role.KERNEL;
    }
}
