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

    /**
     * The recorded boots' Memory: lines to the kilobyte (../shared/conformance/kernel-boot/logs):
     * reserved = first 1 MiB + the image + mem_map (40 bytes per pfn up to max_pfn, MAX_ORDER-aligned)
     * + one PTE page for a partial last lowmem PMD + one 132 KiB percpu unit per CPU + the dentry and
     * inode hashes (alloc_large_system_hash()) + SWIOTLB 64 MiB and its 16-byte slots above 4 GiB.
     */
    @Test
    void memoryLineReservedFollowsMemblock() throws Exception {
        String out = run("""
                boot ram 1536MB highmem arch i386 pae cpus 2
                show dmesg
                show meminfo
                """);
        assertEquals(List.of(
                "Dentry cache hash table entries: 131072 (order: 7, 524288 bytes, linear)",
                "Inode-cache hash table entries: 65536 (order: 6, 262144 bytes, linear)",
                "Memory: 1539800K/1572344K available (9423K kernel code, 1265K rwdata, 3188K rodata, 928K init, "
                        + "476K bss, 32544K reserved, 0K cma-reserved, 671624K highmem)",
                "Freeing SMP alternatives memory: 32K",
                // after free_initmem(): + 928K init + 32K alternatives, as the recorded probe's MemTotal
                "MemTotal:        1540760 kB"),
                lines(out, "Dentry", "Inode-cache", "Memory:", "Freeing", "MemTotal"));
        // RAM above 4 GiB: the 64 MiB bounce buffer and 512 KiB of io_tlb_slot
        assertEquals(List.of("Memory: 6136156K/6290936K available (9423K kernel code, 1265K rwdata, 3188K rodata, "
                + "928K init, 476K bss, 154780K reserved, 0K cma-reserved, 5390216K highmem)"),
                lines(run("boot ram 6144MB highmem arch i386 pae\nshow dmesg\n"), "Memory:"));
        // mem=512M: lowmem ends on a PMD boundary, no PTE page for a partial PMD; smaller hashes
        assertEquals(List.of("Memory: 502112K/523896K available (9423K kernel code, 1265K rwdata, 3188K rodata, "
                + "928K init, 476K bss, 21784K reserved, 0K cma-reserved, 0K highmem)"),
                lines(run("boot ram 1536MB highmem arch i386 pae mem 512MB\nshow dmesg\n"), "Memory:"));
        // highmem=512M cuts max_pfn, and mem_map with it
        assertEquals(List.of("Memory: 1394036K/1425008K available (9423K kernel code, 1265K rwdata, 3188K rodata, "
                + "928K init, 476K bss, 30972K reserved, 0K cma-reserved, 524288K highmem)"),
                lines(run("boot ram 1536MB highmem 512MB arch i386 pae\nshow dmesg\n"), "Memory:"));
    }

    /**
     * x86_64: vmemmap (2 MiB per 128 MiB section with RAM), one PMD page per GiB of RAM, the 8-byte
     * bucket hashes, a 62-page percpu unit, SWIOTLB and 24-byte slots; MemTotal after the five
     * "Freeing" steps of the recorded kernel.
     */
    @Test
    void x8664ReservedAndMemTotal() throws Exception {
        String out = run("boot ram 6144MB arch x86_64\nshow dmesg\nshow meminfo\n");
        // available: nr_free_pages() with deferred struct-page init (only Normal up to pfn 0x108000
        // initialised) less the 64 vmalloc PUD pages of preallocate_vmalloc_pages()
        assertEquals(List.of("Memory: 3156540K/6290936K available (14343K kernel code, 2338K rwdata, 9116K rodata, "
                + "2820K init, 17356K bss, 231344K reserved, 0K cma-reserved)"), lines(out, "Memory:"));
        assertEquals(List.of("MemTotal:        6067648 kB"), lines(out, "MemTotal"));
        assertEquals(List.of("MemTotal:        2014412 kB"),
                lines(run("boot ram 2048MB arch x86_64\nshow meminfo\n"), "MemTotal"));
    }

    /** A machine smaller than the recorded image still boots (the image's missing pages are not freed). */
    @Test
    void aMachineSmallerThanTheImageBoots() throws Exception {
        assertEquals(List.of("MemTotal:          12676 kB"),
                lines(run("boot ram 16MB arch x86_64\nshow meminfo\n"), "MemTotal"));
    }
}
