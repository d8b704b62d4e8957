package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Issue 14 points 1, 2 and 5: `show picture` and `mmdsl picture`, through the CLI. Each SVG is parsed with
 * the JDK's XML parser and its structure held to what the same run prints as text: the maps tiles to
 * /proc/PID/maps, the walk's indices and entries to `translate`, the zones to /proc/zoneinfo, the buddy
 * bars to /proc/buddyinfo, the kernel's vmalloc area to /proc/vmallocinfo. Never pixels: the PNGs that
 * rsvg-convert makes (when it is installed) are kept under target/pictures to be looked at.
 */
class Issue14PictureTest {
    private static final Path OUT = Path.of("target", "pictures");

    @Test
    void runWritesOneSvgPerShowPictureNamedAfterFileAndLine() throws Exception {
        Path dir = OUT.resolve("i386");
        clean(dir);
        clean(OUT.resolve("x86_64"));
        Cli r = Cli.run("run", "--pictures", dir.toString(), "../examples/pictures-i386.mmdsl");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("""
                ../examples/pictures-i386.mmdsl:16:3: picture maps: maps of init (pid 1) -> DIR/pictures-i386.16.maps.svg
                ../examples/pictures-i386.mmdsl:17:3: picture walk: page walk of 0xb7fdb000 in init (pid 1) -> DIR/pictures-i386.17.walk.svg
                ../examples/pictures-i386.mmdsl:18:3: picture walk: page walk of 0xb7fdc000 in init (pid 1) -> DIR/pictures-i386.18.walk.svg
                ../examples/pictures-i386.mmdsl:27:3: picture kernel: the kernel's virtual address space -> DIR/pictures-i386.27.kernel.svg
                ../examples/pictures-i386.mmdsl:32:1: picture physical: physical memory -> DIR/pictures-i386.32.physical.svg
                ../examples/pictures-i386.mmdsl:33:1: picture buddy: buddy allocator: free blocks per order -> DIR/pictures-i386.33.buddy.svg
                ../examples/pictures-i386.mmdsl: PASS (3 expectations met, 0 failed)
                """.replace("DIR", dir.toString()), r.out());
        for (String f : List.of("16.maps", "17.walk", "18.walk", "27.kernel", "32.physical", "33.buddy")) {
            Document d = svg(dir.resolve("pictures-i386." + f + ".svg"));
            assertEquals("svg", d.getDocumentElement().getTagName());
            assertTrue(groups(d, "").size() > 3, f);
            png(dir.resolve("pictures-i386." + f + ".svg"));
        }
        Cli r64 = Cli.run("run", "--pictures", OUT.resolve("x86_64").toString(), "../examples/pictures-x86_64.mmdsl");
        assertEquals(0, r64.status(), r64.out() + r64.err());
        for (String f : List.of("10.maps", "11.walk", "17.kernel", "20.physical", "21.buddy")) {
            png(OUT.resolve("x86_64").resolve("pictures-x86_64." + f + ".svg"));
        }
        // x86_64's maps ends with [vsyscall], above TASK_SIZE and no VMA of the mm: drawn in the kernel half
        List<String> top = new ArrayList<>();
        for (Element g : groups(svg(OUT.resolve("x86_64").resolve("pictures-x86_64.10.maps.svg")), "tile")) {
            top.add(g.getAttribute("class") + " " + g.getAttribute("data-start") + " " + g.getAttribute("data-name"));
        }
        assertEquals(List.of("tile kernel 0xffffffffff601000 ", "tile vma vdso vsyscall 0xffffffffff600000 [vsyscall]",
                "tile kernel 0x7ffffffff000 not the task's", "tile vma stack 0x7ffffffde000 [stack]"), top.subList(0, 4));
    }

    /** Without --pictures the statement is not silent: the title and the short text form. */
    @Test
    void aPlainRunPrintsThePicturesTextForm() {
        Cli r = Cli.run("run", "../examples/pictures-i386.mmdsl");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("""
                ../examples/pictures-i386.mmdsl:18:3: picture walk: page walk of 0xb7fdc000 in init (pid 1)
                picture walk: page walk of 0xb7fdc000 in init (pid 1)
                  cr3 0x2003000
                  pgd  index  735  entry @0x2003b7c = 0x2004067  [P RW US A D]  -> pte table at pfn 0x2004
                  pte  index  988  entry @0x2004f70 = 0x0  [not present]  -> the walk stops here
                  the walk stops at the pte (not present): an access raises a page fault (#PF, not present)
                """), r.out());
        assertTrue(r.out().contains("""
                  vma anon           0xb7fda000-0xb7fea000  [anon]  rw-p  64 KB
                """), r.out());
    }

    /** maps: the VMA tiles, top down, are /proc/1/maps read bottom up; the guard gap sits under the stack. */
    @Test
    void mapsTilesAreTheMapsFileFromTheTop() throws Exception {
        Path f = OUT.resolve("proc-1-maps.maps.svg");
        Files.createDirectories(OUT);
        Cli p = Cli.run("picture", "maps", "../examples/proc-1-maps.mmdsl", "-o", f.toString());
        assertEquals(0, p.status(), p.err());
        png(f);
        Cli run = Cli.run("run", "../examples/proc-1-maps.mmdsl");
        List<String> maps = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            Matcher m = Pattern.compile("^([0-9a-f]{8})-([0-9a-f]{8}) (\\S{4}) \\S+ \\S+ \\d+\\s*(.*)$").matcher(line);
            if (m.matches()) {
                maps.add(0, "0x" + m.group(1).replaceFirst("^0+(?=.)", "") + "-0x" + m.group(2).replaceFirst("^0+(?=.)", "")
                        + " " + m.group(3) + " " + (m.group(4).isEmpty() ? "[anon]" : m.group(4)));
            }
        }
        Document d = svg(f);
        List<String> tiles = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Element g : groups(d, "tile")) {
            kinds.add(g.getAttribute("class").replace("tile ", ""));
            if (g.getAttribute("class").startsWith("tile vma")) {
                tiles.add(g.getAttribute("data-start") + "-" + g.getAttribute("data-end") + " "
                        + g.getAttribute("data-detail").split(" ")[0] + " " + g.getAttribute("data-name"));
                assertTrue(String.join("  ", texts(g)).startsWith(g.getAttribute("data-name")), texts(g).toString());
            }
        }
        assertEquals(maps, tiles);
        // libc's .data (rw-p) and relro (r--p) are file mappings, its text exec; its .bss and the arena merged
        assertEquals(List.of("kernel", "vma stack", "guard", "gap", "vma vdso", "vma vdso", "vma file", "vma file",
                "vma text-segment", "vma anon", "gap", "vma heap", "vma heap", "vma data", "vma text-segment", "gap"),
                kinds);
        Element guard = groups(d, "tile guard").get(0);
        assertEquals("1048576", guard.getAttribute("data-size")); // stack_guard_gap: 256 pages
    }

    /** walk: per level the index of the address's bits and the entry `translate` prints, then the byte. */
    @ParameterizedTest
    @ValueSource(strings = {"", "arch i386 pae", "arch x86_64", "arch x86_64 la57"})
    void walkLevelsAreTranslatesWalk(String arch) throws Exception {
        Path dir = OUT.resolve("walk" + arch.replace(' ', '-'));
        Files.createDirectories(dir);
        Path file = dir.resolve("walk.mmdsl");
        Files.writeString(file, "boot ram 1536MB " + arch + "\nprocess init <\n  mmap buf 64KB rw- private anon\n"
                + "  write buf+4KB value 42\n  translate buf+4KB\n  translate buf+8KB\n  show picture walk buf+4KB\n"
                + "  show picture walk buf+8KB\n>\n");
        Cli r = Cli.run("run", "--pictures", dir.toString(), file.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        String[] walks = r.out().split("translate init ");
        for (int w = 0; w < 2; w++) {
            List<String> expected = new ArrayList<>();
            Matcher m = Pattern.compile("(\\w+) index +(\\d+) \\(0x\\w+\\)  entry @(0x\\w+) *= (0x\\w+)").matcher(walks[w + 1]);
            while (m.find()) {
                expected.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
            Document d = svg(dir.resolve("walk." + (7 + w) + ".walk.svg"));
            png(dir.resolve("walk." + (7 + w) + ".walk.svg"));
            List<String> got = new ArrayList<>();
            for (Element g : groups(d, "level")) {
                got.add(g.getAttribute("data-level") + " " + g.getAttribute("data-index") + " "
                        + g.getAttribute("data-entry-address") + " " + g.getAttribute("data-entry"));
            }
            assertEquals(expected, got, arch);
            List<String> bits = new ArrayList<>();
            for (Element g : groups(d, "bits index")) {
                bits.add(g.getAttribute("data-field") + " " + g.getAttribute("data-index"));
            }
            assertEquals(expected.stream().map(s -> s.split(" ")[0] + " " + s.split(" ")[1]).toList(), bits);
            if (w == 0) {
                Element page = byId(d, "page");
                assertEquals("0x2a", page.getAttribute("data-byte"));
                assertTrue(walks[1].contains("physical address " + page.getAttribute("data-paddr") + " "), walks[1]);
            } else {
                assertEquals("pte", byId(d, "fault").getAttribute("data-stopped-at"));
                assertTrue(walks[2].contains("the walk stops at the pte"), walks[2]);
            }
        }
    }

    /** physical: a zone tile per zone, its pfns those of /proc/zoneinfo; frames and e820 drawn. */
    @Test
    void physicalZonesAreZoneinfos() throws Exception {
        Path dir = OUT.resolve("physical");
        Files.createDirectories(dir);
        Path file = dir.resolve("physical.mmdsl");
        Files.writeString(file, "boot ram 1536MB\nshow zoneinfo\nshow picture physical\n");
        Cli r = Cli.run("run", "--pictures", dir.toString(), file.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        Map<String, String> zoneinfo = new LinkedHashMap<>();
        Matcher m = Pattern.compile("Node 0, zone +(\\w+)\\n(?:.*\\n)*?\\s+spanned\\s+(\\d+)\\n(?:.*\\n)*?\\s+start_pfn:\\s+(\\d+)")
                .matcher(r.out());
        while (m.find()) {
            if (!m.group(2).equals("0")) {
                zoneinfo.put(m.group(1), "start " + Long.parseLong(m.group(3)) + " spanned " + m.group(2));
            }
        }
        Document d = svg(dir.resolve("physical.3.physical.svg"));
        png(dir.resolve("physical.3.physical.svg"));
        Map<String, String> zones = new LinkedHashMap<>();
        for (Element g : groups(d, "zone")) {
            zones.put(g.getAttribute("data-zone"), "start " + Long.decode(g.getAttribute("data-start-pfn")) + " spanned "
                    + g.getAttribute("data-spanned"));
        }
        assertEquals(List.of("DMA", "Normal", "HighMem"), List.copyOf(zones.keySet()));
        assertEquals(zoneinfo, zones);
        assertTrue(groups(d, "e820 usable").size() >= 2);
        assertTrue(groups(d, "memblock kernel-image").size() == 1);
        assertTrue(groups(d, "frames free").size() > 10);
        assertTrue(groups(d, "frames kernel-image").size() > 0);
        assertEquals(10, groups(d, "legend").size());
    }

    /** buddy: one bar per order and zone, its count buddyinfo's. */
    @Test
    void buddyBarsAreBuddyinfo() throws Exception {
        Path dir = OUT.resolve("buddy");
        Files.createDirectories(dir);
        Path file = dir.resolve("buddy.mmdsl");
        Files.writeString(file, "boot ram 1536MB\nkernel <\n  alloc_pages a order 3 GFP_KERNEL\n>\nshow buddyinfo\n"
                + "show picture buddy\n");
        Cli r = Cli.run("run", "--pictures", dir.toString(), file.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> buddyinfo = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("Node 0, zone")) {
                String[] w = line.trim().split("\\s+");
                buddyinfo.add(w[3] + " " + String.join(" ", java.util.Arrays.copyOfRange(w, 4, w.length)));
            }
        }
        Document d = svg(dir.resolve("buddy.6.buddy.svg"));
        png(dir.resolve("buddy.6.buddy.svg"));
        Map<String, List<String>> bars = new LinkedHashMap<>();
        for (Element g : groups(d, "bar")) {
            bars.computeIfAbsent(g.getAttribute("data-zone"), z -> new ArrayList<>()).add(g.getAttribute("data-nr-free"));
        }
        List<String> got = new ArrayList<>();
        bars.forEach((z, v) -> got.add(z + " " + String.join(" ", v)));
        assertEquals(buddyinfo, got);
    }

    /** kernel: the vmalloc area and its guard page, the pkmap and kmap_local slots, the direct map's end. */
    @Test
    void kernelRegionsHoldTheRunsAreasAndSlots() throws Exception {
        Path dir = OUT.resolve("kernel");
        Files.createDirectories(dir);
        Path file = dir.resolve("kernel.mmdsl");
        Files.writeString(file, """
                boot ram 1536MB highmem
                kernel <
                  vmalloc area 3 pages
                  alloc_pages blk order 1 GFP_HIGHUSER
                  kmap page blk
                  kmap_local_page page blk+1
                  show vmallocinfo
                  show picture kernel
                >
                """);
        Cli r = Cli.run("run", "--pictures", dir.toString(), file.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("0xf73fe000-0xf7402000   16384 pages=3 vmalloc"), r.out());
        Document d = svg(dir.resolve("kernel.8.kernel.svg"));
        png(dir.resolve("kernel.8.kernel.svg"));
        List<String> regions = new ArrayList<>();
        for (Element g : groups(d, "tile")) {
            regions.add(g.getAttribute("class").replace("tile ", "") + " " + g.getAttribute("data-start") + "-"
                    + g.getAttribute("data-end"));
        }
        assertEquals(List.of(
                "gap 0xfffff000-0x100000000",
                "fixmap 0xfffbc000-0xfffff000",
                "kmap-local-slot 0xfffbb000-0xfffbc000",
                "fixmap 0xffdb8000-0xfffbb000",
                "kernel-region 0xff400000-0xffdb8000",
                "kernel-region 0xff000000-0xff400000",
                "pkmap 0xfec02000-0xff000000",
                "pkmap-slot 0xfec01000-0xfec02000",
                "pkmap 0xfec00000-0xfec01000",
                "guard 0xfebfe000-0xfec00000",
                "vmalloc 0xf7402000-0xfebfe000",
                "guard 0xf7401000-0xf7402000",
                "vmalloc-area vmalloc 0xf73fe000-0xf7401000",
                "guard 0xf6bfe000-0xf73fe000",
                "direct-map 0xc0000000-0xf6bfe000",
                "user 0x0-0xc0000000"), regions);
    }

    @Test
    void badRequestsSayWhatToWrite() throws Exception {
        Path dir = OUT.resolve("bad");
        Files.createDirectories(dir);
        Path file = dir.resolve("top.mmdsl");
        Files.writeString(file, "boot ram 256MB\nprocess init <\n  mmap buf 4KB rw- private anon\n>\nshow picture maps\n"
                + "show picture buddy init\n");
        Cli r = Cli.run("check", file.toString());
        assertEquals(2, r.status());
        assertEquals(file + ":5:14: error: at top level, say whose memory to draw: `show picture maps TASK` "
                + "[statement-outside-task]\n" + file + ":6:20: error: `show picture buddy` draws the whole machine and takes "
                + "no task: write `show picture buddy` [syntax]\n", r.out());
        Cli walk = Cli.run("picture", "walk", "../examples/proc-1-maps.mmdsl");
        assertEquals(2, walk.status());
        assertEquals("mmdsl picture: a walk needs the address: write `mmdsl picture walk FILE --at 0x...`\n", walk.err());
        Cli kind = Cli.run("picture", "heap", "../examples/proc-1-maps.mmdsl");
        assertEquals("mmdsl picture: 'heap' is not a kind of picture: write maps, physical, kernel, walk or buddy\n",
                kind.err());
        Cli who = Cli.run("picture", "maps", "../examples/oracle-22-fork-cow.mmdsl", "--task", "nobody");
        assertEquals(2, who.status());
        assertTrue(who.err().startsWith("mmdsl picture: ../examples/oracle-22-fork-cow.mmdsl: no live task is called "
                + "'nobody' at the end of the run; live tasks: "), who.err());
        Cli svg = Cli.run("picture", "buddy", "../examples/proc-1-maps.mmdsl");
        assertEquals(0, svg.status());
        assertTrue(svg.out().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), svg.out());
    }

    // ---------------------------------------------------------------- helpers

    /** Empties a folder of an earlier run, so that only this run's files are checked. */
    private static void clean(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static Document svg(Path f) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return dbf.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(f))));
    }

    /** The {@code <g>} elements whose class starts with {@code prefix}, in document order. */
    private static List<Element> groups(Document d, String prefix) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            String c = e.getAttribute("class");
            if (e.hasAttribute("id") && (c.equals(prefix) || c.startsWith(prefix.isEmpty() ? "" : prefix + " ")
                    || prefix.isEmpty())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element byId(Document d, String id) {
        for (Element g : groups(d, "")) {
            if (id.equals(g.getAttribute("id"))) {
                return g;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    /** The texts drawn in a group, in order. */
    private static List<String> texts(Element g) {
        List<String> out = new ArrayList<>();
        NodeList t = g.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < t.getLength(); i++) {
            out.add(t.item(i).getTextContent());
        }
        return out;
    }

    /**
     * Renders the SVG to a PNG beside it with rsvg-convert (librsvg: the renderer of GNOME and of
     * Inkscape's import), which must accept it; skipped, and said so, when rsvg-convert is not installed.
     */
    private static void png(Path svg) throws IOException, InterruptedException {
        boolean have;
        try {
            have = new ProcessBuilder("rsvg-convert", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            have = false;
        }
        Assumptions.assumeTrue(have, "rsvg-convert is not installed (apt-get install librsvg2-bin): the PNG check is skipped");
        Path png = svg.resolveSibling(svg.getFileName().toString().replaceFirst("\\.svg$", ".png"));
        Process p = new ProcessBuilder("rsvg-convert", "-o", png.toString(), svg.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "rsvg-convert " + svg + ": " + out);
        assertTrue(Files.size(png) > 1000, png.toString());
    }
}
