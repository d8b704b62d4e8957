package org.mmdsl.runtime.init;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.E820;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.memblock.Memblock;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.PerCpuPages;
import org.mmdsl.runtime.pgtable.EarlyPageTables;
import org.mmdsl.runtime.zone.Watermarks;
import org.mmdsl.runtime.zone.Zone;

/**
 * The memory half of arch/x86/kernel/setup.c setup_arch() and of mm_init(): e820, max_pfn, the
 * lowmem/highmem split (arch/x86/mm/init_32.c), memblock reservations, free_area_init()
 * (mm/page_alloc.c in 6.1), memblock_free_all() and the watermarks. Every step appends the line the
 * real kernel prints, in its order (RULES.md and logs/*.log of the conformance data).
 *
 * <p>memblock reservations, each from its rule: the first 1 MiB, the image (one constant per
 * recorded image, {@link #earlyReservedBytes}), the FLATMEM mem_map (i386) or vmemmap (x86_64), the
 * direct map's page tables, percpu units per CPU, the dentry and inode hash tables
 * (alloc_large_system_hash()), SWIOTLB and its slot array above 4 GiB. They reproduce every recorded
 * Memory: line's "reserved" and so MemTotal and the zones' managed pages; on x86_64 the Memory:
 * line's "available" is nr_free_pages() under deferred struct-page init ({@link
 * #memoryLineAvailable}: printed, while the model's buddy gets every page at once). The model boots without an initrd; the image's init sections are
 * freed after the boot as the recorded kernels' "Freeing ..." lines say. The kernel code/data sizes
 * of the Memory: line are the recorded images' constants.
 */
public final class Setup {
    private Setup() {
    }

    private static final long MB = 1L << 20;

    /**
     * Boots the machine: never throws for parameters {@link BootParams#check} accepts. The returned
     * memory's allocator owns every frame that memblock did not reserve.
     */
    public static PhysicalMemory boot(BootParams params, EventSink sink) {
        BootParams p = params.copy();
        EventSink out = sink == null ? EventSink.NONE : sink;
        List<String> log = new ArrayList<>();
        KernelLayout layout = KernelLayout.of(p);
        boolean i386 = p.arch.is32();
        boolean highmemKernel = i386 && p.highmem;
        // kernel 2.6: 2.6.24 i386 (KernelModel). Every branch on v26 below names the 2.6.24 code it follows.
        boolean v26 = p.model == KernelModel.V2_6;

        // --- e820 (arch/x86/kernel/e820.c) ---
        E820 e820 = E820.qemu(p);
        log.add("BIOS-provided physical RAM map:");
        log.addAll(v26 ? printTable26(e820, "BIOS-e820") : e820.printTable("BIOS-e820"));
        if (i386 && p.reserveTopBytes > 0) {
            // an early_param, parsed by parse_early_param() after the BIOS map is printed
            // (arch/x86/kernel/setup.c setup_arch()); the message of arch/x86/mm/pgtable.c
            // reserve_top_address() (2.6.24: without the rounded value)
            long above = (1L << 32) - p.reserveTopBytes;
            log.add(v26 ? String.format("Reserving virtual address space above 0x%08x", above)
                    : String.format("Reserving virtual address space above 0x%08x (rounded to 0x%08x)", above,
                            layout.fixaddrTop() + KernelLayout.PAGE_SIZE));
        }
        if (p.memBytes >= 0) {
            e820.applyMemLimit(p.memBytes, v26 ? new ArrayList<>() : log);
        }
        // 2.6.24 leaves e820 alone: page 0 is reserved in bootmem (setup_bootmem_allocator()), below.
        e820.reserveZeroPageAndBios(v26 ? new ArrayList<>() : log);
        long maxArchPfn = i386 ? (p.arch.pae() ? 1L << 24 : 1L << 20) : layout.maxmemPfn();
        long maxPfn = e820.endPfn(maxArchPfn, maxArchPfn, v26 ? new ArrayList<>() : log); // no "last_pfn" line in 2.6.24
        if (i386 && !v26) {
            // head32.c mk_early_pgtbl_32() mapped the image and room for the lowmem page tables
            log.add(earlyPageTables(p).dmesgLine());
        }
        long maxLowPfn;
        if (!i386) {
            if (maxPfn > (1L << 20)) {
                e820.endPfn(1L << 20, maxArchPfn, log);
            }
            // init_mem_mapping(): x86_64 maps everything, max_low_pfn = max_pfn.
            maxLowPfn = maxPfn;
            layout.setHighMemory(layout.va(maxPfn << 12));
        } else {
            long[] r = findLowPfnRange(p, layout, maxPfn, log);
            maxPfn = r[0];
            maxLowPfn = r[1];
            // initmem_init() (arch/x86/mm/init_32.c)
            long highstart = maxPfn;
            if (highmemKernel) {
                if (maxPfn > maxLowPfn) {
                    highstart = maxLowPfn;
                }
                log.add(((maxPfn - highstart) >> 8) + "MB HIGHMEM available.");
                layout.setHighMemory(layout.va(highstart << 12));
            } else {
                layout.setHighMemory(layout.va(maxLowPfn << 12));
            }
            log.add((maxLowPfn >> 8) + "MB LOWMEM available.");
            if (!v26) {
                log.add("  mapped low ram: 0 - " + hex8(maxLowPfn << 12));
                log.add("  low ram: 0 - " + hex8(maxLowPfn << 12));
            }
        }

        // --- memblock (e820__memblock_setup() and the early reservations) ---
        Memblock mb = new Memblock();
        for (E820.Entry en : e820.entries()) {
            if (en.type() != E820.USABLE) {
                continue;
            }
            long s = (en.start() + 4095) & ~4095L;
            long e = en.end() & ~4095L;
            // Non-PAE phys_addr_t is 32 bits: e820__memblock_setup() skips RAM above 4 GiB.
            if (p.arch == Arch.I386 && e > (1L << 32)) {
                continue;
            }
            mb.addMemory(s, e);
        }
        long imageBytes = imageBytes(p.arch);
        // arch/x86/realmode/init.c reserve_real_mode(): the whole first 1 MiB is kept from the allocator.
        if (v26) {
            // 2.6.24 setup_bootmem_allocator(): page 0 (BIOS data), the kernel image from
            // CONFIG_PHYSICAL_START (1 MiB) and the EBDA/ROM below 1 MiB; the image size is the
            // recorded 6.1 image's (2.6.24's was not recorded).
            mb.reserve(0, 0x1000, "physical page 0 (BIOS)");
            mb.reserve(0x9f000, MB, "EBDA, VGA and BIOS ROM");
            mb.reserve(MB, MB + imageBytes, "kernel image _text.._end");
        } else {
            mb.reserve(0, MB, "first 1 MiB (BIOS, real-mode trampoline)");
            // early_reserve_memory(): _text..__end_of_kernel_reserve, then reserve_brk() for the brk
            // actually used, plus the image's fixed-size early allocations (earlyReservedBytes()).
            mb.reserve(0x1000000L, 0x1000000L + earlyReservedBytes(p.arch), "kernel image, brk and early boot data");
        }
        if (!i386 && !v26) {
            // x86_64 initmem_init(): NODE_DATA(0) (sizeof(pg_data_t) = 0x2b000, "NODE_DATA(0) allocated"
            // in the log) and the other early top-down allocations (memblock arrays, mem_section roots):
            // from the top of RAM, so in ZONE_NORMAL above 4 GiB. 228 KiB in all, from the logs.
            mb.allocTopDown(EARLY_TOP_DOWN_X86_64, 4096, Long.MAX_VALUE, "NODE_DATA and early top-down allocations");
        }
        // x86_64 only: memblock_find_dma_reserve() counts reserved RAM below 16 MiB.
        long dmaReserve = i386 ? 0 : mb.reservedMemoryPages(0x1000);
        long nodeStart = mb.startPfn();
        long nodeEnd = mb.endPfn();
        if (i386) {
            mb.setCurrentLimit(maxLowPfn << 12);
            // alloc_node_mem_map(): FLATMEM mem_map for the node, MAX_ORDER-aligned, in lowmem.
            // the node spans up to max_pfn (highmem= can cut it below the end of RAM)
            long mapPfns = ((Math.min(nodeEnd, maxPfn) + 1023) & ~1023L);
            long size = (mapPfns * structPageBytes(p) + 4095) & ~4095L;
            mb.allocTopDown(size, 4096, maxLowPfn << 12, "mem_map");
        } else {
            // sparse_init(): 2 MiB of struct pages per present 128 MiB section.
            long sections = 0;
            for (long sec = 0; sec < (nodeEnd + 32767) >> 15; sec++) {
                if (mb.memoryPages(sec << 15, (sec + 1) << 15) > 0) {
                    sections++;
                }
            }
            mb.allocTopDown(sections * 32768 * 64, 2 * MB, Long.MAX_VALUE, "vmemmap");
        }
        if (!v26) {
            directMapPageTables(p, mb, maxLowPfn);
        }
        if (maxPfn > (1L << 20)) {
            // swiotlb_init(): a 64 MiB bounce buffer in low memory once RAM reaches above 4 GiB.
            mb.allocTopDown(64 * MB, 4096, Math.min(maxLowPfn << 12, 1L << 32), "SWIOTLB");
            if (!v26) {
                // 6.1 kernel/dma/swiotlb.c swiotlb_init_remap(): mem->slots, one struct io_tlb_slot
                // (phys_addr_t orig_addr, size_t alloc_size, unsigned int list) per 2 KiB slab.
                long slots = (64 * MB) >> 11;
                mb.allocTopDown(slots * (i386 ? 16 : 24), 4096, Long.MAX_VALUE, "SWIOTLB slots");
            }
        }

        // --- free_area_init() ---
        String[] names;
        int[] ratio;
        long[] maxZonePfn;
        int zDma = 0;
        int zDma32 = -1;
        int zNormal;
        int zHigh = -1;
        int zMovable;
        if (i386 && p.highmem) {
            names = new String[] {"DMA", "Normal", "HighMem", "Movable"};
            ratio = new int[] {256, 32, 0, 0};
            zNormal = 1;
            zHigh = 2;
            zMovable = 3;
            maxZonePfn = new long[] {Math.min(0x1000, maxLowPfn), maxLowPfn, maxPfn, 0};
        } else if (i386) {
            names = new String[] {"DMA", "Normal", "Movable"};
            ratio = new int[] {256, 32, 0};
            zNormal = 1;
            zMovable = 2;
            maxZonePfn = new long[] {Math.min(0x1000, maxLowPfn), maxLowPfn, 0};
        } else {
            names = new String[] {"DMA", "DMA32", "Normal", "Movable", "Device"};
            ratio = new int[] {256, 256, 32, 0, 0};
            zDma32 = 1;
            zNormal = 2;
            zMovable = 3;
            maxZonePfn = new long[] {Math.min(0x1000, maxPfn), Math.min(0x100000, maxPfn), maxPfn, 0, 0};
        }
        int nz = names.length;
        long[] lowest = new long[nz];
        long[] highest = new long[nz];
        // 2.6.24 zone_sizes_init(): add_active_range(0, 0, highend_pfn), so the node and ZONE_DMA
        // start at pfn 0 and the BIOS holes below max_pfn count as present (reserved, not free).
        if (v26) {
            nodeStart = 0;
            nodeEnd = maxPfn;
        }
        long start = nodeStart;
        for (int i = 0; i < nz; i++) {
            if (i == zMovable) {
                continue;
            }
            long end = Math.max(maxZonePfn[i], start);
            lowest[i] = start;
            highest[i] = end;
            start = end;
        }
        if (v26) {
            // mm/page_alloc.c free_area_init_nodes() of 2.6.24
            log.add("Zone PFN ranges:");
            for (int i = 0; i < nz; i++) {
                if (i != zMovable) {
                    log.add(String.format("  %-8s %8d -> %8d", names[i], lowest[i], highest[i]));
                }
            }
            log.add("Movable zone start PFN for each node");
            log.add("early_node_map[1] active PFN ranges");
            log.add(String.format("  %3d: %8d -> %8d", 0, nodeStart, nodeEnd));
        }
        for (int i = 0; i < nz && !v26; i++) {
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
        if (!v26) {
            log.add("Movable zone start for each node");
            log.add("Early memory node ranges");
            for (Memblock.Region r : mb.memory()) {
                log.add("  node   0: [mem " + E820.hex(r.base(), 16) + "-" + E820.hex(r.end() - 1, 16) + "]");
            }
            log.add("Initmem setup node 0 [mem " + E820.hex(nodeStart << 12, 16) + "-" + E820.hex((nodeEnd << 12) - 1, 16) + "]");
        }
        // find_usable_zone_for_movable(): the highest zone with a range.
        int movableZone = 0;
        for (int i = nz - 1; i >= 0; i--) {
            if (i != zMovable && highest[i] > lowest[i]) {
                movableZone = i;
                break;
            }
        }
        List<Zone> zones = new ArrayList<>();
        if (v26) {
            // 2.6.24 calculate_node_totalpages(): spanned minus holes (none: one active range from 0)
            log.add("On node 0 totalpages: " + (nodeEnd - nodeStart));
        }
        for (int i = 0; i < nz; i++) {
            long zs = i == zMovable ? 0 : Math.min(Math.max(lowest[i], nodeStart), nodeEnd);
            long ze = i == zMovable ? 0 : Math.min(Math.max(highest[i], nodeStart), nodeEnd);
            long present = v26 ? realsize26(ze - zs, structPageBytes(p), log, names[i]) : mb.memoryPages(zs, ze);
            boolean isHigh = (i == zHigh) || (i == zMovable && zHigh >= 0 && movableZone == zHigh);
            zones.add(new Zone(i, names[i], isHigh, zs, ze - zs, present, nz));
        }
        if (!v26) {
            logUnavailableRanges(mb, zones, i386, maxPfn, log);
        }

        // --- build_all_zonelists(): vm_total_pages from the estimates of free_area_init_core() ---
        long totalPages = 0;
        long nrKernelPages = 0;
        long nrAllPages = 0;
        for (Zone z : zones) {
            long free = z.present();
            long memmapPages = calcMemmapSize(z.spanned(), z.present(), !i386, structPageBytes(p));
            // 2.6.24: present_pages is already free_area_init_core()'s realsize (realsize26()), and
            // vm_total_pages = nr_free_pagecache_pages() = Σ present while pages_high is still 0.
            if (!z.isHighmem() && !v26) {
                long memmap = calcMemmapSize(z.spanned(), z.present(), !i386, structPageBytes(p));
                if (free >= memmap) {
                    free -= memmap;
                }
            }
            if (z.index() == 0 && free > dmaReserve) {
                free -= dmaReserve;
            }
            totalPages += free;
            // free_area_init_core(): nr_kernel_pages counts lowmem; a highmem zone's memmap is
            // charged to it when there are enough kernel pages
            if (!z.isHighmem()) {
                nrKernelPages += free;
            } else if (nrKernelPages > memmapPages * 2) {
                nrKernelPages -= memmapPages;
            }
            nrAllPages += free;
        }
        int pageblockPages = 1 << p.arch.pageblockOrder();
        // MIGRATE_TYPES: 6 in 6.1, 5 in 2.6.24 (no MIGRATE_HIGHATOMIC/CMA; MIGRATE_ISOLATE counted)
        boolean mobility = totalPages >= (long) pageblockPages * (v26 ? 5 : 6);
        log.add("Built 1 zonelists" + (v26 ? " in Zone order" : "") + ", mobility grouping " + (mobility ? "on" : "off")
                + ".  Total pages: " + totalPages);
        if (!v26) {
            // setup_per_cpu_areas() ran before build_all_zonelists(): pcpu_embed_first_chunk()
            // keeps one unit per possible CPU (the rest of an atom-sized unit is given back).
            mb.allocTopDown((long) p.cpus * percpuUnitPages(p.arch) * 4096, 4096, Long.MAX_VALUE, "percpu first chunk");
            // vfs_caches_init_early(): dcache (scale 13) and inode (scale 14) hashes from memblock
            // (HASH_EARLY; hashdist is 0 with one node)
            int bucket = i386 ? 4 : 8;
            log.add(largeSystemHash(mb, "Dentry cache", bucket, 13, nrKernelPages, nrAllPages));
            log.add(largeSystemHash(mb, "Inode-cache", bucket, 14, nrKernelPages, nrAllPages));
        }
        if (highmemKernel && !v26) {
            for (Zone z : zones) {
                if (z.isHighmem() || z.index() == zHigh) {
                    log.add("Initializing " + z.name() + " for node 0 (" + hex8(z.spanned() == 0 ? 0 : z.startPfn()) + ":"
                            + hex8(z.spanned() == 0 ? 0 : z.endPfn()) + ")");
                }
            }
        }

        // --- mem_map and memblock_free_all() ---
        MemMap memMap = new MemMap((int) maxPfn);
        for (long pfn = 0; pfn < maxPfn; pfn++) {
            memMap.set(pfn, MemMap.PG_reserved);
            memMap.setRefcount(pfn, 1);
        }
        for (Zone z : zones) {
            if (z.spanned() == 0) {
                continue;
            }
            for (long pfn = z.startPfn(); pfn < Math.min(z.endPfn(), maxPfn); pfn++) {
                memMap.setZone(pfn, z.index());
                if (highmemKernel && pfn >= maxLowPfn) {
                    memMap.set(pfn, MemMap.PG_highmem);
                }
            }
        }
        Zone[] zoneArray = zones.toArray(new Zone[0]);
        BuddyAllocator buddy = new BuddyAllocator(memMap, zoneArray, zDma, zDma32, zNormal, zHigh, zMovable, out);
        BitSet reserved = new BitSet((int) maxPfn);
        for (Memblock.Region r : mb.reserved()) {
            long s = Math.min(r.base() >>> 12, maxPfn);
            long e = Math.min((r.end() + 4095) >>> 12, maxPfn);
            reserved.set((int) s, (int) e);
        }
        long[] managed = new long[nz];
        for (Memblock.Region r : mb.memory()) {
            long s = r.base() >>> 12;
            long e = Math.min(r.end() >>> 12, maxPfn);
            long pfn = s;
            while (pfn < e) {
                int freeStart = reserved.nextClearBit((int) pfn);
                if (freeStart >= e) {
                    break;
                }
                int freeEnd = Math.min(reserved.nextSetBit(freeStart) < 0 ? (int) e : reserved.nextSetBit(freeStart), (int) e);
                freeRun(buddy, zones, managed, freeStart, freeEnd, highmemKernel ? maxLowPfn : Long.MAX_VALUE);
                pfn = freeEnd;
            }
        }
        for (Zone z : zones) {
            z.setManaged(managed[z.index()]);
        }
        long totalram = 0;
        long totalhigh = 0;
        long physpages = 0;
        for (Zone z : zones) {
            totalram += z.managed();
            physpages += z.present();
            if (z.isHighmem()) {
                totalhigh += z.managed();
            }
        }
        int[] img = imageKb(p.arch);
        // mem_init_print_info() prints nr_free_pages(): totalram on i386; on x86_64 less the pages
        // deferred struct-page init has not freed yet and the vmalloc page tables of mem_init()
        long available = i386 ? totalram : memoryLineAvailable(zones, mb, reserved, maxPfn, layout, totalram);
        StringBuilder mem = new StringBuilder("Memory: ").append(available * 4).append("K/").append(physpages * 4)
                .append("K available (").append(img[0]).append("K kernel code, ").append(img[1]).append("K rwdata, ")
                .append(img[2]).append("K rodata, ").append(img[3]).append("K init, ").append(img[4])
                .append("K bss, ").append((physpages - totalram) * 4).append("K reserved, 0K cma-reserved");
        if (highmemKernel) {
            mem.append(", ").append(totalhigh * 4).append("K highmem");
        }
        if (v26) {
            // 2.6.24 mem_init() prints a Memory: line of another format from sizes of its own image,
            // which was not recorded: left out. Its layout block follows (.init/.data/.text left out).
            log.addAll(virtualLayout26(layout));
        } else {
            log.add(mem.append(')').toString());
            // arch_cpu_finalize_init() -> alternative_instructions(), before the initcalls
            freeImageSections(p.arch, buddy, zones, mb, log, true);
        }

        // --- init_per_zone_wmark_min(), then hugepage_init() (RULES.md 3.4) ---
        if (v26) {
            // 2.6.24 init_per_zone_pages_min() (a module_init, no THP): from present pages
            long minFree26 = Watermarks.calculateMinFreeKbytes26(zones, zNormal);
            Watermarks.setupPerZonePagesMin26(zones, minFree26);
            // 2.6.24 sysctl_lowmem_reserve_ratio: DMA 256, then 32 for Normal (CONFIG_HIGHMEM) and HighMem
            Watermarks.setupLowmemReserve26(zones, highmemKernel ? new int[] {256, 32, 32, 0} : new int[] {256, 32, 0});
            buddy.setWatermarksEnabled(true);
            for (String line : log) {
                out.emit(new KernelMessage(line, false));
            }
            return new PhysicalMemory(p, e820, layout, mb, memMap, zones, maxPfn, maxLowPfn, totalPages, minFree26, buddy,
                    log);
        }
        long minFree = Watermarks.calculateMinFreeKbytes(zones, zNormal);
        Watermarks.setupPerZoneWmarks(zones, minFree);
        Watermarks.setupLowmemReserve(zones, ratio);
        if (totalram >= (512L << 8)) {
            minFree = p.transparentHugepage
                    ? Watermarks.recommendedMinFreeKbytes(zones, zNormal, pageblockPages, minFree)
                    : Watermarks.calculateMinFreeKbytes(zones, zNormal);
            Watermarks.setupPerZoneWmarks(zones, minFree);
        }
        // kernel_init(): free_initmem() and mark_rodata_ro() after the initcalls, so after the
        // watermarks above (a managed-page change does not recompute them)
        freeImageSections(p.arch, buddy, zones, mb, log, false);
        buddy.setWatermarksEnabled(true);
        for (String line : log) {
            out.emit(new KernelMessage(line, false));
        }
        return new PhysicalMemory(p, e820, layout, mb, memMap, zones, maxPfn, maxLowPfn, totalPages, minFree, buddy, log);
    }

    /**
     * Mirrors 2.6.24 mm/page_alloc.c free_area_init_core() for one zone: realsize = spanned - absent
     * (no holes under 2.6.24's single active range) - memmap_pages, memmap_pages = spanned *
     * sizeof(struct page) >> PAGE_SHIFT (truncated, unlike 6.1's PAGE_ALIGN), subtracted for every
     * zone, highmem included, when it fits; dma_reserve is 0 on i386 and is printed for ZONE_DMA all
     * the same. Appends its printk()s and zone_pcp_init()'s "LIFO batch" line. The value becomes
     * zone->present_pages: the watermarks and nr_free_buffer_pages() of 2.6.24 use it.
     */
    static long realsize26(long size, int structPage, List<String> log, String name) {
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
     * does not hold those 64 pages afterwards; it only prints the figure.
     */
    private static long memoryLineAvailable(List<Zone> zones, Memblock mb, BitSet reserved, long maxPfn, KernelLayout layout,
            long totalram) {
        Zone last = null;
        for (Zone z : zones) {
            if (z.spanned() > 0 && z.endPfn() == mb.endPfn()) {
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
            long e = Math.min(r.end() >>> 12, maxPfn);
            if (e > s) {
                deferred += (e - s) - reserved.get((int) s, (int) e).cardinality();
            }
        }
        int pgdirShift = layout.arch() == Arch.X86_64_LA57 ? 48 : 39;
        long vmallocPgds = (layout.vmallocEnd() >>> pgdirShift) - (layout.vmallocStart() >>> pgdirShift) + 1;
        return totalram - deferred - vmallocPgds;
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
    private static void directMapPageTables(BootParams p, Memblock mb, long maxLowPfn) {
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

    /** sizeof(struct page): 40 bytes on 6.1 i386, 32 on 2.6.24 i386, 64 on x86_64. */
    static int structPageBytes(BootParams p) {
        return p.model == KernelModel.V2_6 ? 32 : p.arch.structPageBytes();
    }

    /** 2.6.24 arch/x86/kernel/e820_32.c print_memory_map(): " BIOS-e820: %016Lx - %016Lx (usable)". */
    private static List<String> printTable26(E820 e820, String who) {
        List<String> out = new ArrayList<>();
        for (E820.Entry en : e820.entries()) {
            out.add(String.format(" %s: %016x - %016x (%s)", who, en.start(), en.end(), en.typeName()));
        }
        return out;
    }

    /**
     * The first lines of 2.6.24 arch/x86/mm/init_32.c mem_init()'s "virtual kernel memory layout:"
     * block: fixmap (FIXADDR_START..FIXADDR_TOP), pkmap (HIGHMEM only), vmalloc and lowmem, sizes
     * truncated to kB or MB as "%4ld" prints them.
     */
    static List<String> virtualLayout26(KernelLayout l) {
        List<String> out = new ArrayList<>();
        out.add("virtual kernel memory layout:");
        out.add(String.format("    fixmap  : 0x%08x - 0x%08x   (%4d kB)", l.fixaddrStart(), l.fixaddrTop(),
                (l.fixaddrTop() - l.fixaddrStart()) >> 10));
        if (l.lastPkmap() > 0) {
            out.add(String.format("    pkmap   : 0x%08x - 0x%08x   (%4d kB)", l.pkmapBase(), l.pkmapEnd(),
                    (l.pkmapEnd() - l.pkmapBase()) >> 10));
        }
        out.add(String.format("    vmalloc : 0x%08x - 0x%08x   (%4d MB)", l.vmallocStart(), l.vmallocEnd(),
                (l.vmallocEnd() - l.vmallocStart()) >> 20));
        out.add(String.format("    lowmem  : 0x%08x - 0x%08x   (%4d MB)", l.pageOffset(), l.highMemory(),
                (l.highMemory() - l.pageOffset()) >> 20));
        return out;
    }

    /** Splits a free run at zone boundaries; lowmem goes in blocks, highmem page by page. */
    private static void freeRun(BuddyAllocator buddy, List<Zone> zones, long[] managed, long s, long e, long maxLowPfn) {
        for (Zone z : zones) {
            long zs = Math.max(s, z.startPfn());
            long ze = Math.min(e, z.endPfn());
            if (z.spanned() == 0 || ze <= zs) {
                continue;
            }
            if (zs >= maxLowPfn) {
                // set_highmem_pages_init() -> free_highmem_page(), one frame at a time.
                for (long pfn = zs; pfn < ze; pfn++) {
                    buddy.freeBootPage(pfn);
                }
            } else {
                buddy.freeBootRange(zs, ze);
            }
            managed[z.index()] += ze - zs;
        }
    }

    /**
     * Mirrors arch/x86/mm/init_32.c find_low_pfn_range() (lowmem_pfn_init() / highmem_pfn_init()).
     *
     * @return {max_pfn, max_low_pfn}
     */
    static long[] findLowPfnRange(BootParams p, KernelLayout layout, long maxPfn, List<String> log) {
        long maxmemPfn = layout.maxmemPfn();
        long hp = p.highmemBytes >= 0 ? p.highmemBytes >>> 12 : -1;
        long maxLowPfn;
        if (maxPfn <= maxmemPfn) {
            maxLowPfn = maxPfn;
            if (hp == -1) {
                hp = 0;
            }
            if (p.highmem) {
                if (hp >= maxPfn) {
                    log.add("highmem size (" + (hp >> 8) + "MB) is bigger than pages available (" + (maxPfn >> 8) + "MB)!");
                    hp = 0;
                }
                if (hp != 0) {
                    if (maxLowPfn - hp < (64 * MB) >> 12) {
                        log.add("highmem size (" + (hp >> 8) + "MB) results in <64MB lowmem, ignoring it!");
                        hp = 0;
                    }
                    maxLowPfn -= hp;
                }
            } else if (hp > 0) {
                log.add("ignoring highmem size on non-highmem kernel!");
            }
        } else {
            maxLowPfn = maxmemPfn;
            if (hp == -1) {
                hp = maxPfn - maxmemPfn;
            }
            if (hp + maxmemPfn < maxPfn) {
                maxPfn = maxmemPfn + hp;
            }
            if (hp + maxmemPfn > maxPfn) {
                log.add("only " + ((maxPfn - maxmemPfn) >> 8) + "MB highmem pages available, ignoring highmem size of "
                        + (hp >> 8) + "MB!");
            }
            if (!p.highmem) {
                log.add("Warning only " + (layout.maxmem() >> 20) + "MB will be used.");
                log.add(maxPfn > (1L << 20) ? "Use a HIGHMEM64G enabled kernel." : "Use a HIGHMEM enabled kernel.");
                maxPfn = maxmemPfn;
            } else if (!p.arch.pae() && maxPfn > (1L << 20)) {
                maxPfn = 1L << 20;
                log.add("Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!");
            }
        }
        return new long[] {maxPfn, maxLowPfn};
    }

    /**
     * Mirrors memmap_init() and init_unavailable_range(): holes between RAM ranges inside populated
     * zones, and (SPARSEMEM) the tail of the last section, get struct pages marked reserved; each
     * hole is reported against the zone being initialised. pfn_valid() is "below max_pfn" for
     * i386 FLATMEM and "in a 128 MiB section holding RAM" for x86_64 SPARSEMEM.
     */
    private static void logUnavailableRanges(Memblock mb, List<Zone> zones, boolean flat, long maxPfn, List<String> log) {
        long holePfn = 0;
        int zoneId = 0;
        long lastEnd = 0;
        for (Memblock.Region r : mb.memory()) {
            long s0 = r.base() >>> 12;
            long e0 = r.end() >>> 12;
            lastEnd = e0;
            for (Zone z : zones) {
                if (!z.populated()) {
                    continue;
                }
                long s = Math.min(Math.max(s0, z.startPfn()), z.endPfn());
                long e = Math.min(Math.max(e0, z.startPfn()), z.endPfn());
                zoneId = z.index();
                if (s >= e) {
                    continue;
                }
                if (holePfn < s) {
                    unavailable(mb, zones.get(z.index()), holePfn, s, flat, maxPfn, log);
                }
                holePfn = e;
            }
        }
        long end = lastEnd;
        if (!flat) {
            end = (end + 32767) & ~32767L;
        }
        if (holePfn < end) {
            unavailable(mb, zones.get(zoneId), holePfn, end, flat, maxPfn, log);
        }
    }

    private static void unavailable(Memblock mb, Zone zone, long spfn, long epfn, boolean flat, long maxPfn, List<String> log) {
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
            log.add("On node 0, zone " + zone.name() + ": " + count + " pages in unavailable ranges");
        }
    }

    /** Mirrors calc_memmap_size(): spanned (or present, SPARSEMEM with big holes) x sizeof(struct page). */
    static long calcMemmapSize(long spanned, long present, boolean sparsemem, int structPage) {
        long pages = spanned;
        if (sparsemem && spanned > present + (present >> 4)) {
            pages = present;
        }
        return (pages * structPage + 4095) >>> 12;
    }

    /** The provisional page tables head_32.S runs on (i386 only; the image at phys 16 MB). */
    public static EarlyPageTables earlyPageTables(BootParams p) {
        return EarlyPageTables.build(
                p.arch.pae() ? PagingMode.PAE : PagingMode.TWO_LEVEL, p.split.pageOffset, 0x1000000L + imageBytes(p.arch));
    }

    /** _end - _text of the recorded images (constants-i386.txt; x86_64 from RULES.md 3.5). */
    static long imageBytes(Arch a) {
        switch (a) {
            case I386_PAE:
                return 0xc2135000L - 0xc1000000L;
            case I386:
                return 0xc200c000L - 0xc1000000L;
            default:
                return 0xffffffff84430000L - 0xffffffff81000000L;
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

    private static String hex8(long v) {
        String h = Long.toHexString(v);
        return h.length() >= 8 ? h : "00000000".substring(h.length()) + h;
    }
}
