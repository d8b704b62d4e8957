package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the boot's zone sizes and reservations as a user sees them in `show dmesg` and
 * `show zoneinfo` (2.6.24's free_area_init_core() / setup_per_zone_pages_min()).
 */
class Issue11BootReservationsTest {

    @TempDir
    Path dir;

    private String run(String text) throws Exception {
        Path f = dir.resolve("s.mmdsl");
        Files.writeString(f, text);
        Cli c = Cli.run("run", f.toString());
        assertEquals(0, c.status(), c.out() + c.err());
        return c.out();
    }

    /** The lines of {@code out} that start with one of {@code prefixes}, in order. */
    private static List<String> lines(String out, String... prefixes) {
        List<String> r = new ArrayList<>();
        for (String l : out.split("\n")) {
            for (String p : prefixes) {
                if (l.startsWith(p)) {
                    r.add(l);
                    break;
                }
            }
        }
        return r;
    }

    /**
     * 2.6.24 free_area_init_core(): present = spanned - spanned*32/4096 (the memmap), printed as
     * "N pages used for memmap"; watermarks from present: min_free_kbytes = int_sqrt(16 * 4 *
     * (4064 + 223520)) = 3816, Normal tmp = 954 * 223520 / 227584 = 936, low = min + tmp/4,
     * high = min + tmp/2 (1404, not 6.1's min + 2*(tmp/4) = 1403); DMA's share 17/21/25, not 0/0/0.
     */
    @Test
    void kernel26ZoneinfoPresentAndWatermarksFollowFreeAreaInitCore() throws Exception {
        String out = run("""
                boot ram 1536MB highmem kernel 2.6
                show zoneinfo
                show dmesg
                """);
        assertEquals(List.of(
                "Node 0, zone      DMA",
                "        min      17", "        low      21", "        high     25",
                "        spanned  4096", "        present  4064",
                "        protection: (0, 873, 1508, 1508)",
                "Node 0, zone   Normal",
                "        min      936", "        low      1170", "        high     1404",
                "        spanned  225280", "        present  223520",
                "        protection: (0, 0, 5079, 5079)",
                "Node 0, zone  HighMem",
                "        min      128", "        low      298", "        high     468",
                "        spanned  163808", "        present  162529",
                "        protection: (0, 0, 0, 0)"),
                lines(out, "Node 0", "        min", "        low", "        high", "        spanned", "        present",
                        "        protection"));
        assertEquals(List.of(
                "On node 0 totalpages: 393184",
                "  DMA zone: 32 pages used for memmap",
                "  DMA zone: 0 pages reserved",
                "  DMA zone: 4064 pages, LIFO batch:0",
                "  Normal zone: 1760 pages used for memmap",
                "  Normal zone: 223520 pages, LIFO batch:31",
                "  HighMem zone: 1279 pages used for memmap",
                "  HighMem zone: 162529 pages, LIFO batch:31",
                "  Movable zone: 0 pages used for memmap",
                "Built 1 zonelists in Zone order, mobility grouping on.  Total pages: 390113"),
                lines(out, "On node 0 totalpages", "  DMA zone", "  Normal zone", "  HighMem zone", "  Movable zone", "Built 1"));
    }

    /** Without highmem RAM the HighMem zone is empty: 0 pages of memmap, no "pages, LIFO" line. */
    @Test
    void kernel26SmallMachine() throws Exception {
        String out = run("""
                boot ram 512MB highmem kernel 2.6
                show zoneinfo
                show dmesg
                """);
        assertEquals(List.of(
                "        min      22", "        low      27", "        high     33", "        present  4064",
                "        min      698", "        low      872", "        high     1047", "        present  125953"),
                lines(out, "        min", "        low", "        high", "        present"));
        assertEquals(List.of(
                "On node 0 totalpages: 131040",
                "  DMA zone: 32 pages used for memmap",
                "  DMA zone: 0 pages reserved",
                "  DMA zone: 4064 pages, LIFO batch:0",
                "  Normal zone: 991 pages used for memmap",
                "  Normal zone: 125953 pages, LIFO batch:31",
                "  HighMem zone: 0 pages used for memmap",
                "  Movable zone: 0 pages used for memmap",
                "Built 1 zonelists in Zone order, mobility grouping on.  Total pages: 130017"),
                lines(out, "On node 0 totalpages", "  DMA zone", "  Normal zone", "  HighMem zone", "  Movable zone", "Built 1"));
        assertTrue(out.contains("Node 0, zone   Normal"), out);
    }
}
