package org.mmdsl.runtime.init;

import java.util.ArrayList;
import java.util.List;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.E820;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.pagealloc.PerCpuPages;
import org.mmdsl.runtime.zone.Watermarks;
import org.mmdsl.runtime.zone.Zone;

/**
 * The boot of {@code kernel 2.6}: 2.6.24 i386 ({@link KernelModel#V2_6}), derived from its sources
 * (arch/x86/kernel/setup_32.c, e820_32.c, arch/x86/mm/init_32.c, mm/page_alloc.c), not recorded.
 * Each step below names the 2.6.24 code it follows; the sequence and the shared rules are
 * {@link Setup}. 2.6.24 boots with bootmem, not memblock: the model keeps memblock and reserves
 * what setup_bootmem_allocator() reserves.
 */
final class Setup26 extends Setup {
    Setup26(BootParams params, EventSink sink) {
        super(params, sink);
    }

    /** 2.6.24 arch/x86/kernel/e820_32.c print_memory_map(): " BIOS-e820: %016Lx - %016Lx (usable)". */
    @Override
    List<String> printE820Table() {
        List<String> lines = new ArrayList<>();
        for (E820.Entry en : e820.entries()) {
            lines.add(String.format(" %s: %016x - %016x (%s)", "BIOS-e820", en.start(), en.end(), en.typeName()));
        }
        return lines;
    }

    /** 2.6.24 reserve_top_address(): without the rounded value. */
    @Override
    String reserveTopAddressLine(long above) {
        return String.format("Reserving virtual address space above 0x%08x", above);
    }

    /**
     * 2.6.24 prints nothing while it limits and sanitises the map, and no "last_pfn" line; it
     * leaves e820 alone: page 0 is reserved in bootmem (setup_bootmem_allocator()), below.
     */
    @Override
    List<String> e820Log() {
        return new ArrayList<>();
    }

    /** None: the 2.6 model prints no early page-table line (6.1's comes from mk_early_pgtbl_32()). */
    @Override
    void earlyPageTablesLines() {
    }

    /** None: 6.1's "mapped low ram" / "low ram" lines are not in the 2.6 model's log. */
    @Override
    void lowRamLines() {
    }

    /**
     * 2.6.24 setup_bootmem_allocator(): page 0 (BIOS data), the kernel image from
     * CONFIG_PHYSICAL_START (1 MiB) and the EBDA/ROM below 1 MiB; the image size is the recorded
     * 6.1 image's (2.6.24's was not recorded).
     */
    @Override
    void earlyReservations() {
        long imageBytes = imageBytes(p.arch);
        mb.reserve(0, 0x1000, "physical page 0 (BIOS)");
        mb.reserve(0x9f000, MB, "EBDA, VGA and BIOS ROM");
        mb.reserve(MB, MB + imageBytes, "kernel image _text.._end");
    }

    /** None: the 2.6 model reserves no direct-map page tables (6.1's alloc_low_pages() rule is not 2.6.24's). */
    @Override
    void directMapPageTables() {
    }

    /** None: the 2.6 model reserves the SWIOTLB buffer only (6.1's struct io_tlb_slot array is not 2.6.24's). */
    @Override
    void swiotlbSlots() {
    }

    /**
     * 2.6.24 zone_sizes_init(): add_active_range(0, 0, highend_pfn), so the node and ZONE_DMA
     * start at pfn 0 and the BIOS holes below max_pfn count as present (reserved, not free).
     */
    @Override
    void activeRange() {
        nodeStart = 0;
        nodeEnd = maxPfn;
    }

    /**
     * 2.6.24 mm/page_alloc.c free_area_init_nodes(): "Zone PFN ranges" and the early node map,
     * then calculate_node_totalpages(): spanned minus holes (none: one active range from 0).
     */
    @Override
    void logZoneRanges(long[] lowest, long[] highest) {
        log.add("Zone PFN ranges:");
        for (int i = 0; i < names.length; i++) {
            if (i != zMovable) {
                log.add(String.format("  %-8s %8d -> %8d", names[i], lowest[i], highest[i]));
            }
        }
        log.add("Movable zone start PFN for each node");
        if (zoneMovablePfn > 0) {
            log.add(String.format("  Node %d: %d", 0, zoneMovablePfn));
        }
        log.add("early_node_map[1] active PFN ranges");
        log.add(String.format("  %3d: %8d -> %8d", 0, nodeStart, nodeEnd));
        log.add("On node 0 totalpages: " + (nodeEnd - nodeStart));
    }

    /** {@link #realsize}: 2.6.24 counts present pages with the memmap already taken off. */
    @Override
    long presentPages(long zs, long ze, String name) {
        return realsize(ze - zs, structPageBytes(), log, name);
    }

    /** None: 6.1's "pages in unavailable ranges" lines are not in the 2.6 model's log. */
    @Override
    void memmapInit() {
    }

    /**
     * None: present_pages is already free_area_init_core()'s realsize ({@link #realsize}), and
     * vm_total_pages = nr_free_pagecache_pages() = Σ present while pages_high is still 0.
     */
    @Override
    long memmapCharged(Zone z) {
        return 0;
    }

    /** 2.6.24 build_all_zonelists(): MIGRATE_TYPES is 5 (no HIGHATOMIC/CMA; MIGRATE_ISOLATE counted). */
    @Override
    String zonelistsLine(long totalPages, int pageblockPages) {
        boolean mobility = totalPages >= (long) pageblockPages * 5;
        return "Built 1 zonelists in Zone order, mobility grouping " + (mobility ? "on" : "off")
                + ".  Total pages: " + totalPages;
    }

    /** None: the 2.6 model leaves out the percpu areas and the VFS hash tables (not derived for 2.6.24). */
    @Override
    void perCpuAreasAndCaches(long nrKernelPages, long nrAllPages) {
    }

    /** None: 6.1's per-zone "Initializing ... for node 0" lines are not in the 2.6 model's log. */
    @Override
    void highmemInitLines() {
    }

    /**
     * 2.6.24 mem_init() prints a Memory: line of another format from sizes of its own image,
     * which was not recorded: left out. Its layout block follows (.init/.data/.text left out).
     */
    @Override
    void memInitLines(PfnRanges reserved, long totalhigh, long physpages) {
        log.addAll(virtualLayout(layout));
    }

    /**
     * 2.6.24 init_per_zone_pages_min() (a module_init, no THP): from present pages; 2.6.24
     * sysctl_lowmem_reserve_ratio: DMA 256, then 32 for Normal (CONFIG_HIGHMEM) and HighMem.
     */
    @Override
    long initPerZoneWmarkMin() {
        long minFree = Watermarks.calculateMinFreeKbytes26(zones, zNormal);
        Watermarks.setupPerZonePagesMin26(zones, minFree);
        // setup_per_zone_pages_min() ends each zone with setup_zone_migrate_reserve()
        for (Zone z : zones) {
            buddy.setupZoneMigrateReserve(z.index());
        }
        Watermarks.setupLowmemReserve26(zones, highmemKernel ? new int[] {256, 32, 32, 0} : new int[] {256, 32, 0});
        return minFree;
    }

    /** sizeof(struct page) of 2.6.24 i386: 32 bytes. */
    @Override
    int structPageBytes() {
        return 32;
    }

    /**
     * Mirrors 2.6.24 mm/page_alloc.c free_area_init_core() for one zone: realsize = spanned - absent
     * (no holes under 2.6.24's single active range) - memmap_pages, memmap_pages = spanned *
     * sizeof(struct page) >> PAGE_SHIFT (truncated, unlike 6.1's PAGE_ALIGN), subtracted for every
     * zone, highmem included, when it fits; dma_reserve is 0 on i386 and is printed for ZONE_DMA all
     * the same. Appends its printk()s and zone_pcp_init()'s "LIFO batch" line. The value becomes
     * zone->present_pages: the watermarks and nr_free_buffer_pages() of 2.6.24 use it.
     */
    static long realsize(long size, int structPage, List<String> log, String name) {
        long realsize = size;
        long memmapPages = (size * structPage) >>> 12;
        if (realsize >= memmapPages) {
            realsize -= memmapPages;
            log.add("  " + name + " zone: " + memmapPages + " pages used for memmap");
        } else {
            log.add("  " + name + " zone: " + memmapPages + " pages exceeds realsize " + realsize);
        }
        if (name.equals("DMA") && realsize > 0) {
            log.add("  DMA zone: 0 pages reserved");
        }
        if (realsize > 0) {
            log.add("  " + name + " zone: " + realsize + " pages, LIFO batch:"
                    + PerCpuPages.zoneBatchsize(KernelModel.V2_6, realsize));
        }
        return realsize;
    }

    /**
     * The first lines of 2.6.24 arch/x86/mm/init_32.c mem_init()'s "virtual kernel memory layout:"
     * block: fixmap (FIXADDR_START..FIXADDR_TOP), pkmap (HIGHMEM only), vmalloc and lowmem, sizes
     * truncated to kB or MB as "%4ld" prints them.
     */
    static List<String> virtualLayout(KernelLayout l) {
        List<String> lines = new ArrayList<>();
        lines.add("virtual kernel memory layout:");
        lines.add(String.format("    fixmap  : 0x%08x - 0x%08x   (%4d kB)", l.fixaddrStart(), l.fixaddrTop(),
                (l.fixaddrTop() - l.fixaddrStart()) >> 10));
        if (l.lastPkmap() > 0) {
            lines.add(String.format("    pkmap   : 0x%08x - 0x%08x   (%4d kB)", l.pkmapBase(), l.pkmapEnd(),
                    (l.pkmapEnd() - l.pkmapBase()) >> 10));
        }
        lines.add(String.format("    vmalloc : 0x%08x - 0x%08x   (%4d MB)", l.vmallocStart(), l.vmallocEnd(),
                (l.vmallocEnd() - l.vmallocStart()) >> 20));
        lines.add(String.format("    lowmem  : 0x%08x - 0x%08x   (%4d MB)", l.pageOffset(), l.highMemory(),
                (l.highMemory() - l.pageOffset()) >> 20));
        return lines;
    }
}
