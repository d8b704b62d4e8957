package org.mmdsl.runtime.init;

import java.util.List;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.E820;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.memblock.Memblock;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.zone.Watermarks;
import org.mmdsl.runtime.zone.Zone;

/**
 * The boot of the recorded 6.1 kernels (i386 PAE and non-PAE, x86_64), also the kernel side of
 * {@code kernel 6.18}: each step reproduces the recorded logs line for line. The sequence and the
 * shared rules are {@link Setup}.
 *
 * <p>memblock reservations, each from its rule: the first 1 MiB, the image (one constant per
 * recorded image, {@link #earlyReservedBytes}), the FLATMEM mem_map (i386) or vmemmap (x86_64), the
 * direct map's page tables, percpu units per CPU, the dentry and inode hash tables
 * (alloc_large_system_hash()), SWIOTLB and its slot array above 4 GiB. On x86_64 the Memory:
 * line's "available" is nr_free_pages() under deferred struct-page init ({@link
 * #memoryLineAvailable}: printed, while the model's buddy gets every page at once). The image's
 * init sections are freed after the boot as the recorded kernels' "Freeing ..." lines say. The
 * kernel code/data sizes of the Memory: line are the recorded images' constants.
 */
final class Setup61 extends Setup {
    Setup61(BootParams params, EventSink sink) {
        super(params, sink);
    }

    /** arch/x86/kernel/e820.c e820__print_table(). */
    @Override
    List<String> printE820Table() {
        return e820.printTable("BIOS-e820");
    }

    /** arch/x86/mm/pgtable.c reserve_top_address(), with the rounded value. */
    @Override
    String reserveTopAddressLine(long above) {
        return String.format("Reserving virtual address space above 0x%08x (rounded to 0x%08x)", above,
                layout.fixaddrTop() + KernelLayout.PAGE_SIZE);
    }

    @Override
    List<String> e820Log() {
        return log;
    }

    /** head32.c mk_early_pgtbl_32() mapped the image and room for the lowmem page tables. */
    @Override
    void earlyPageTablesLines() {
        log.add(earlyPageTables(p).dmesgLine());
    }

    @Override
    void lowRamLines() {
        log.add("  mapped low ram: 0 - " + hex8(maxLowPfn << 12));
        log.add("  low ram: 0 - " + hex8(maxLowPfn << 12));
    }

    /**
     * arch/x86/realmode/init.c reserve_real_mode(): the whole first 1 MiB is kept from the
     * allocator. early_reserve_memory(): _text..__end_of_kernel_reserve, then reserve_brk() for the
     * brk actually used, plus the image's fixed-size early allocations (earlyReservedBytes()).
     * x86_64 initmem_init(): NODE_DATA(0) (sizeof(pg_data_t) = 0x2b000, "NODE_DATA(0) allocated" in
     * the log) and the other early top-down allocations (memblock arrays, mem_section roots): from
     * the top of RAM, so in ZONE_NORMAL above 4 GiB. 228 KiB in all, from the logs.
     */
    @Override
    void earlyReservations() {
        mb.reserve(0, MB, "first 1 MiB (BIOS, real-mode trampoline)");
        mb.reserve(0x1000000L, 0x1000000L + earlyReservedBytes(p.arch), "kernel image, brk and early boot data");
        if (!i386 && p.nrNodes() > 1) {
            // initmem_init() -> numa_init(): the SRAT's nodes, each with its NODE_DATA; the other
            // early top-down allocations came first (the recorded NODE_DATA(0) lies below them)
            mb.allocTopDown(EARLY_TOP_DOWN_X86_64 - NumaInit.NODE_DATA_BYTES, 4096, Long.MAX_VALUE, "early top-down allocations");
            long below4g = p.ramBytes >= 0xe0000000L ? 0xc0000000L : p.ramBytes; // E820.qemu()'s split
            numa = NumaInit.run(p, below4g, maxPfn, mb, log);
        } else if (!i386) {
            mb.allocTopDown(EARLY_TOP_DOWN_X86_64, 4096, Long.MAX_VALUE, "NODE_DATA and early top-down allocations");
        }
    }

    /**
     * The direct map's page tables that come from memblock (alloc_low_pages() once the brk page
     * table buffer is used up; arch/x86/mm/init.c, init_32.c, init_64.c): one PTE page for the last,
     * partial PMD of lowmem (kernel_physical_mapping_init() maps it with 4 KiB pages; PMD = 2 MiB
     * with PAE and on x86_64, 4 MiB without PAE), and on x86_64 one PMD page per GiB that holds
     * RAM (no 1 GiB pages on the recorded qemu64 CPU). The PUD/PGD pages and the head of lowmem
     * are in the image's brk (earlyReservedBytes()). Does not model the 4 KiB splits that
     * set_memory_*() makes later (page-allocator pages, not memblock).
     */
    @Override
    void directMapPageTables() {
        long pmdPages = p.arch == Arch.I386 ? 1024 : 512;
        long pages = (maxLowPfn % pmdPages) != 0 ? 1 : 0;
        if (!p.arch.is32()) {
            long lastGb = -1;
            for (Memblock.Region r : mb.memory()) {
                for (long gb = Math.max(r.base() >>> 30, lastGb + 1); gb <= (r.end() - 1) >>> 30; gb++) {
                    pages++;
                    lastGb = gb;
                }
            }
        }
        if (pages > 0) {
            mb.allocTopDown(pages * 4096, 4096, maxLowPfn << 12, "direct map page tables");
        }
    }

    /**
     * 6.1 kernel/dma/swiotlb.c swiotlb_init_remap(): mem->slots, one struct io_tlb_slot
     * (phys_addr_t orig_addr, size_t alloc_size, unsigned int list) per 2 KiB slab.
     */
    @Override
    void swiotlbSlots() {
        long slots = (64 * MB) >> 11;
        mb.allocTopDown(slots * (i386 ? 16 : 24), 4096, Long.MAX_VALUE, "SWIOTLB slots");
    }

    /** The node spans memblock's memory: nodeStart and nodeEnd stay as memblock set them. */
    @Override
    void activeRange() {
    }

    /** free_area_init(): "Zone ranges", "Early memory node ranges" and "Initmem setup node 0". */
    @Override
    void logZoneRanges(long[] lowest, long[] highest) {
        for (int i = 0; i < names.length; i++) {
            if (i == 0) {
                log.add("Zone ranges:");
            }
            if (i == zMovable) {
                continue;
            }
            String pad = String.format("  %-8s ", names[i]);
            if (lowest[i] == highest[i]) {
                log.add(pad + "empty");
            } else {
                log.add(pad + "[mem " + E820.hex(lowest[i] << 12, 16) + "-" + E820.hex((highest[i] << 12) - 1, 16) + "]");
            }
        }
        log.add("Movable zone start for each node");
        if (zoneMovablePfn > 0) {
            log.add(String.format("  Node %d: %#018x", 0, zoneMovablePfn << 12));
        }
        log.add("Early memory node ranges");
        for (long[] r : memoryByNode()) {
            log.add(String.format("  node %3d: [mem ", r[2]) + E820.hex(r[0], 16) + "-" + E820.hex(r[1] - 1, 16) + "]");
        }
        for (int nid = 0; nid < nodeStartPfns.length; nid++) {
            log.add("Initmem setup node " + nid + " [mem " + E820.hex(nodeStartPfns[nid] << 12, 16) + "-"
                    + E820.hex((nodeEndPfns[nid] << 12) - 1, 16) + "]");
        }
    }

    /** calculate_node_totalpages(): the RAM memblock has in the zone's range. */
    @Override
    long presentPages(long zs, long ze, String name) {
        return mb.memoryPages(zs, ze);
    }

    /**
     * Mirrors memmap_init() and init_unavailable_range(): holes between RAM ranges inside populated
     * zones, and (SPARSEMEM) the tail of the last section, get struct pages marked reserved; each
     * hole is reported against the zone being initialised. pfn_valid() is "below max_pfn" for
     * i386 FLATMEM and "in a 128 MiB section holding RAM" for x86_64 SPARSEMEM.
     */
    @Override
    void memmapInit() {
        boolean flat = i386;
        long holePfn = 0;
        Zone last = null;
        long lastEnd = 0;
        for (long[] r : memoryByNode()) {
            long s0 = r[0] >>> 12;
            long e0 = r[1] >>> 12;
            lastEnd = e0;
            for (Zone z : zonesOf((int) r[2])) {
                if (!z.populated()) {
                    continue;
                }
                long s = Math.min(Math.max(s0, z.startPfn()), z.endPfn());
                long e = Math.min(Math.max(e0, z.startPfn()), z.endPfn());
                last = z;
                if (s >= e) {
                    continue;
                }
                if (holePfn < s) {
                    unavailable(z, holePfn, s, flat);
                }
                holePfn = e;
            }
        }
        long end = lastEnd;
        if (!flat) {
            end = (end + 32767) & ~32767L;
        }
        if (holePfn < end && last != null) {
            unavailable(last, holePfn, end, flat);
        }
    }

    /** for_each_mem_pfn_range(): memblock's memory with each range's node, {base, end, nid} in bytes. */
    private List<long[]> memoryByNode() {
        if (numa != null) {
            return numa.memoryByNode(mb);
        }
        List<long[]> out = new java.util.ArrayList<>();
        for (Memblock.Region r : mb.memory()) {
            out.add(new long[] {r.base(), r.end(), 0});
        }
        return out;
    }

    private void unavailable(Zone zone, long spfn, long epfn, boolean flat) {
        long count = 0;
        for (long pfn = spfn; pfn < epfn; pfn++) {
            long blockStart = pfn & ~511L;
            boolean valid = flat ? blockStart < maxPfn
                    : mb.memoryPages((blockStart >> 15) << 15, ((blockStart >> 15) + 1) << 15) > 0;
            if (!valid) {
                pfn = blockStart + 511;
                continue;
            }
            count++;
        }
        if (count > 0) {
            log.add("On node " + zone.nid() + ", zone " + zone.name() + ": " + count + " pages in unavailable ranges");
        }
    }

    /** free_area_init_core(): a lowmem zone's memmap (calc_memmap_size()) when it fits; highmem none. */
    @Override
    long memmapCharged(Zone z) {
        if (z.isHighmem()) {
            return 0;
        }
        long memmap = calcMemmapSize(z.spanned(), z.present(), !i386, structPageBytes());
        return z.present() >= memmap ? memmap : 0;
    }

    /** build_all_zonelists(): MIGRATE_TYPES is 6. */
    @Override
    String zonelistsLine(long totalPages, int pageblockPages) {
        boolean mobility = totalPages >= (long) pageblockPages * 6;
        return "Built " + nodeStartPfns.length + " zonelists, mobility grouping " + (mobility ? "on" : "off")
                + ".  Total pages: " + totalPages;
    }

    /**
     * setup_per_cpu_areas() ran before build_all_zonelists(): pcpu_embed_first_chunk() keeps one
     * unit per possible CPU (the rest of an atom-sized unit is given back). vfs_caches_init_early():
     * dcache (scale 13) and inode (scale 14) hashes from memblock (HASH_EARLY; hashdist is 0 with
     * one node).
     */
    @Override
    void perCpuAreasAndCaches(long nrKernelPages, long nrAllPages) {
        if (numa != null) {
            // pcpu_embed_first_chunk() groups the units by node: each CPU's unit from its node's memory.
            // fixup_hashdist(): with memory on several nodes hashdist stays 1 and the dentry and inode
            // hashes are not HASH_EARLY: vfs_caches_init() takes them later with vmalloc (not modelled)
            for (int cpu = 0; cpu < p.cpus; cpu++) {
                int nid = NumaInit.cpuToNode(cpu, numa.nrNodes);
                mb.allocTopDown(percpuUnitPages(p.arch) * 4096L, 4096, nodeEndPfns[nid] << 12, "percpu unit of CPU " + cpu);
            }
            return;
        }
        mb.allocTopDown((long) p.cpus * percpuUnitPages(p.arch) * 4096, 4096, Long.MAX_VALUE, "percpu first chunk");
        int bucket = i386 ? 4 : 8;
        log.add(largeSystemHash(mb, "Dentry cache", bucket, 13, nrKernelPages, nrAllPages));
        log.add(largeSystemHash(mb, "Inode-cache", bucket, 14, nrKernelPages, nrAllPages));
    }

    /** arch/x86/mm/highmem_32.c set_highmem_pages_init(): one line per highmem zone. */
    @Override
    void highmemInitLines() {
        for (Zone z : zones) {
            if (z.isHighmem() || z.index() == zHigh) {
                log.add("Initializing " + z.name() + " for node 0 (" + hex8(z.spanned() == 0 ? 0 : z.startPfn()) + ":"
                        + hex8(z.spanned() == 0 ? 0 : z.endPfn()) + ")");
            }
        }
    }

    /**
     * mem_init_print_info()'s Memory: line, which prints nr_free_pages(): totalram on i386; on
     * x86_64 less the pages deferred struct-page init has not freed yet and the vmalloc page tables
     * of mem_init(). Then arch_cpu_finalize_init() -> alternative_instructions(), before the
     * initcalls, frees the SMP alternatives.
     */
    @Override
    void memInitLines(PfnRanges reserved, long totalhigh, long physpages) {
        int[] img = imageKb(p.arch);
        long available = totalram;
        if (!i386) {
            for (org.mmdsl.runtime.zone.PgData node : nodes) {
                available -= deferredPages(node.zones(), node.endPfn(), mb, reserved, maxPfn);
            }
            int pgdirShift = layout.arch() == Arch.X86_64_LA57 ? 48 : 39;
            available -= (layout.vmallocEnd() >>> pgdirShift) - (layout.vmallocStart() >>> pgdirShift) + 1;
        }
        StringBuilder mem = new StringBuilder("Memory: ").append(available * 4).append("K/").append(physpages * 4)
                .append("K available (").append(img[0]).append("K kernel code, ").append(img[1]).append("K rwdata, ")
                .append(img[2]).append("K rodata, ").append(img[3]).append("K init, ").append(img[4])
                .append("K bss, ").append((physpages - totalram) * 4).append("K reserved, 0K cma-reserved");
        if (highmemKernel) {
            mem.append(", ").append(totalhigh * 4).append("K highmem");
        }
        log.add(mem.append(')').toString());
        if (p.pti) {
            log.add("Kernel/User page tables isolation: enabled"); // mm_core_init() -> pti_init(), after mem_init()
        }
        freeImageSections(p.arch, buddy, zones, mb, log, true);
    }

    /**
     * init_per_zone_wmark_min(), then hugepage_init() (RULES.md 3.4), then kernel_init():
     * free_initmem() and mark_rodata_ro() after the initcalls, so after the watermarks (a
     * managed-page change does not recompute them).
     */
    @Override
    long initPerZoneWmarkMin() {
        long minFree = Watermarks.calculateMinFreeKbytes(zones, zNormal);
        Watermarks.setupPerZoneWmarks(zones, minFree);
        for (org.mmdsl.runtime.zone.PgData node : nodes) {
            Watermarks.setupLowmemReserve(node.zones(), ratio); // for_each_online_pgdat()
        }
        if (totalram >= (512L << 8)) {
            minFree = p.thpMode() != org.mmdsl.runtime.arch.ThpMode.NEVER
                    ? Watermarks.recommendedMinFreeKbytes(zones, zNormal, 1 << p.arch.pageblockOrder(), minFree)
                    : Watermarks.calculateMinFreeKbytes(zones, zNormal);
            Watermarks.setupPerZoneWmarks(zones, minFree);
        }
        freeImageSections(p.arch, buddy, zones, mb, log, false);
        return minFree;
    }

    /** sizeof(struct page) of 6.1: 40 bytes on i386, 64 on x86_64. */
    @Override
    int structPageBytes() {
        return p.arch.structPageBytes();
    }

    /**
     * Mirrors mm/page_alloc.c alloc_large_system_hash() for a HASH_EARLY table sized from memory:
     * nr_kernel_pages rounded up to 1 MiB of pages, one bucket per 2^scale bytes, rounded up to a
     * power of two, at least one page and at most 1/16 of nr_all_pages; the table comes from
     * memblock (top-down). Returns its "entries (order, bytes, linear)" line. Does not model the
     * dhash_entries=/ihash_entries= overrides.
     */
    static String largeSystemHash(Memblock mb, String name, int bucketSize, int scale, long nrKernelPages, long nrAllPages) {
        long n = (nrKernelPages + 255) & ~255L;
        n = scale > 12 ? n >> (scale - 12) : n << (12 - scale);
        if (n * bucketSize < 4096) {
            n = 4096 / bucketSize;
        }
        n = Long.highestOneBit(n) == n ? n : Long.highestOneBit(n) << 1;
        long max = Math.min((nrAllPages << 12 >> 4) / bucketSize, 0x80000000L);
        if (n > max) {
            n = max;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(n);
        long size = (long) bucketSize << log2;
        mb.allocTopDown(size, 64, Long.MAX_VALUE, name + " hash table");
        return name + " hash table entries: " + (1L << log2) + " (order: " + (63 - Long.numberOfLeadingZeros(size) - 12)
                + ", " + size + " bytes, linear)";
    }

    /**
     * x86_64's Memory: "available", nr_free_pages() at mem_init_print_info() time. With
     * CONFIG_DEFERRED_STRUCT_PAGE_INIT, 6.1 mm/page_alloc.c defer_init() stops initialising the
     * struct pages of the zone that ends the node at the first section-aligned pfn after more than
     * one section (PAGES_PER_SECTION = 32768) of its memory; memblock_free_all() counts those pages in
     * totalram but frees them only later (page_alloc_init_late()). Then arch/x86/mm/init_64.c
     * mem_init() -> preallocate_vmalloc_pages() takes one page per PGD entry of the vmalloc area (64
     * with 4-level paging). Example, 2048 MB: DMA32 ends the node, first_deferred_pfn = 0x10000, so
     * only the free pages below 256 MiB are counted: 207548K. The model frees everything at once and
     * does not hold those 64 pages afterwards; it only prints the figure. With several nodes each
     * node defers the tail of its own last zone (pgdat_end_pfn()). Returns the node's deferred pages.
     */
    private static long deferredPages(List<Zone> zones, long nodeEndPfn, Memblock mb, PfnRanges reserved, long maxPfn) {
        Zone last = null;
        for (Zone z : zones) {
            if (z.spanned() > 0 && z.endPfn() == nodeEndPfn) {
                last = z;
            }
        }
        long firstDeferred = Long.MAX_VALUE;
        if (last != null) {
            long counted = 0;
            for (Memblock.Region r : mb.memory()) {
                long s = Math.max(r.base() >>> 12, last.startPfn());
                long e = Math.min(r.end() >>> 12, last.endPfn());
                if (e <= s) {
                    continue;
                }
                for (long pfn = (s + 32767) & ~32767L; pfn < e; pfn += 32768) {
                    if (counted + (pfn - s + 1) > 32768) {
                        firstDeferred = pfn;
                        break;
                    }
                }
                if (firstDeferred != Long.MAX_VALUE) {
                    break;
                }
                counted += e - s;
            }
        }
        long deferred = 0;
        for (Memblock.Region r : mb.memory()) {
            long s = Math.max(r.base() >>> 12, firstDeferred);
            long e = Math.min(Math.min(r.end() >>> 12, maxPfn), nodeEndPfn);
            if (e > s) {
                deferred += (e - s) - reserved.count(s, e);
            }
        }
        return deferred;
    }

    /**
     * What the recorded images reserve at boot besides the rules above: _text..__end_of_kernel_reserve,
     * the used brk (early page tables, pkmap_page_table) and fixed-size early memblock allocations.
     * Derived from the recorded Memory: lines (reserved K minus the first 1 MiB, mem_map/vmemmap,
     * the two hash tables, one percpu unit, the direct map page tables and SWIOTLB): 15516 KiB PAE,
     * 15324 KiB non-PAE, 53544 KiB x86_64 (of which 228 KiB
     * top-down, {@link #EARLY_TOP_DOWN_X86_64}: the recorded 6144M boot's DMA32/Normal split). The logs do not split it further (the image's section
     * layout is not recorded), so it is one constant per image, like {@link #imageKb}.
     */
    static long earlyReservedBytes(Arch a) {
        switch (a) {
            case I386_PAE:
                return 15516L << 10;
            case I386:
                return 15324L << 10;
            default:
                return (53544L << 10) - EARLY_TOP_DOWN_X86_64;
        }
    }

    /** See {@link #earlyReservedBytes}: the part of x86_64's early reservations made top-down. */
    static final long EARLY_TOP_DOWN_X86_64 = 228L << 10;

    /** The recorded images' percpu unit ("percpu: Embedded N pages/cpu", s + r + d rounded up to pages). */
    static int percpuUnitPages(Arch a) {
        return a.is32() ? 33 : 62;
    }

    /**
     * The image pages the recorded kernels free after the Memory: line (their "Freeing ... memory:
     * NK" lines): alternative_instructions() frees the SMP alternatives, free_initmem() the init
     * sections and, on x86_64, mem_encrypt_free_decrypted_mem() and mark_rodata_ro() the unused
     * decrypted area and the text/rodata and rodata/data gaps. The pages are taken from the top of
     * the image reservation (their real place inside the image is not recorded); they return to
     * the zone the image lies in. Only the SMP alternatives line is printed before the recorded
     * no-root boots stop; the others are printed when init starts, which the model does not run.
     */
    private static void freeImageSections(Arch a, BuddyAllocator buddy, List<Zone> zones, Memblock mb, List<String> log,
            boolean alternatives) {
        String[] names;
        int[] kb;
        if (a.is32()) {
            names = new String[] {"SMP alternatives", "unused kernel image (initmem)"};
            kb = new int[] {32, imageKb(a)[3]};
        } else {
            names = new String[] {"SMP alternatives", "unused decrypted", "unused kernel image (initmem)",
                "unused kernel image (text/rodata gap)", "unused kernel image (rodata/data gap)"};
            kb = new int[] {36, 2036, imageKb(a)[3], 2040, 1124};
        }
        long top = (0x1000000L + earlyReservedBytes(a)) >>> 12;
        for (int i = 0; i < names.length; i++) {
            long pages = kb[i] >> 2;
            long start = top - pages;
            if ((i == 0) != alternatives) {
                top = start;
                continue;
            }
            // free_reserved_area(): page by page, each merging with its buddies; a machine smaller
            // than the image (which no real kernel boots) frees only the pages it has
            for (long pfn = start; pfn < top; pfn++) {
                if (mb.memoryPages(pfn, pfn + 1) == 0) {
                    continue;
                }
                for (Zone z : zones) {
                    if (z.spanned() > 0 && pfn >= z.startPfn() && pfn < z.endPfn()) {
                        buddy.freeBootPage(pfn);
                        z.setManaged(z.managed() + 1);
                    }
                }
            }
            top = start;
            if (i == 0) {
                log.add("Freeing " + names[i] + " memory: " + kb[i] + "K");
            }
        }
    }

    /** The recorded Memory: line's code, rwdata, rodata, init, bss sizes in KiB. */
    static int[] imageKb(Arch a) {
        switch (a) {
            case I386_PAE:
                return new int[] {9423, 1265, 3188, 928, 476};
            case I386:
                return new int[] {9327, 1246, 3188, 912, 464};
            default:
                return new int[] {14343, 2338, 9116, 2820, 17356};
        }
    }
}
