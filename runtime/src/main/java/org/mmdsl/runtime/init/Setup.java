package org.mmdsl.runtime.init;

import java.util.ArrayList;
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
import org.mmdsl.runtime.pagealloc.MigrateTypes;
import org.mmdsl.runtime.pgtable.EarlyPageTables;
import org.mmdsl.runtime.pagealloc.Zonelists;
import org.mmdsl.runtime.zone.PgData;
import org.mmdsl.runtime.zone.Zone;

/**
 * The memory half of arch/x86/kernel/setup.c setup_arch() and of mm_init(): e820, max_pfn, the
 * lowmem/highmem split (arch/x86/mm/init_32.c), memblock reservations, free_area_init()
 * (mm/page_alloc.c in 6.1), memblock_free_all() and the watermarks. Every step appends the line the
 * real kernel prints, in its order (RULES.md and logs/*.log of the conformance data).
 *
 * <p>This class holds the sequence and what every model shares; what a kernel model does
 * differently is one abstract step each, in boot order, implemented in {@link Setup26} (2.6.24)
 * and {@link Setup61} (6.1, also the kernel side of 6.18), so no step branches on the model.
 *
 * <p>A Setup object lives for one boot: the fields are the values the steps hand on (max_pfn,
 * memblock, the zones, ...), set in the order {@link #run} calls the steps.
 */
public abstract class Setup {
    static final long MB = 1L << 20;

    final BootParams p;
    final EventSink out;
    final List<String> log = new ArrayList<>();
    final KernelLayout layout;
    final boolean i386;
    /** An i386 kernel with CONFIG_HIGHMEM (4G or 64G). */
    final boolean highmemKernel;

    E820 e820;
    long maxPfn;
    long maxLowPfn;
    Memblock mb;
    /** x86_64 only: memblock_find_dma_reserve(), the reserved RAM below 16 MiB. */
    long dmaReserve;
    long nodeStart;
    long nodeEnd;
    List<Zone> zones;
    /** The node's zone layout (i386 with and without highmem, x86_64): names and indices. */
    String[] names;
    int zNormal;
    int zHigh = -1;
    int zMovable;
    /** zone_movable_pfn[0]: where ZONE_MOVABLE starts (kernelcore=/movablecore=), 0 without it. */
    long zoneMovablePfn;
    /** 6.1's sysctl_lowmem_reserve_ratio for this zone layout. */
    int[] ratio;
    MemMap memMap;
    BuddyAllocator buddy;
    /** totalram_pages() at mem_init(), before the image's init sections are freed. */
    long totalram;
    /** The SRAT's nodes (x86_64 with `nodes`), or null on a machine of one node. */
    NumaInit numa;
    /** pg_data_t of every node; {@link #zones} holds all their zones, node-major. */
    List<PgData> nodes;
    /** node_start_pfn / pgdat_end_pfn() of every node. */
    long[] nodeStartPfns;
    long[] nodeEndPfns;

    Setup(BootParams params, EventSink sink) {
        this.p = params.copy();
        this.out = sink == null ? EventSink.NONE : sink;
        this.layout = KernelLayout.of(p);
        this.i386 = p.arch.is32();
        this.highmemKernel = i386 && p.highmem;
    }

    /**
     * Boots the machine: never throws for parameters {@link BootParams#check} accepts. The returned
     * memory's allocator owns every frame that memblock did not reserve.
     */
    public static PhysicalMemory boot(BootParams params, EventSink sink) {
        Setup s = params.model == KernelModel.V2_6 ? new Setup26(params, sink) : new Setup61(params, sink);
        return s.run();
    }

    private PhysicalMemory run() {
        e820Setup();
        findMaxPfn();
        memblockSetup();
        freeAreaInit();
        long totalPages = buildAllZonelists();
        PfnRanges reserved = memblockFreeAll();
        memInit(reserved);
        long minFree = initPerZoneWmarkMin();
        buddy.setWatermarksEnabled(true);
        for (String line : log) {
            out.emit(new KernelMessage(line, false));
        }
        return new PhysicalMemory(p, e820, layout, mb, memMap, nodes, maxPfn, maxLowPfn, totalPages, minFree, buddy, log);
    }

    // ---------------------------------------------------------------------------------------------
    // The steps each kernel model does its own way, in boot order.

    /** The BIOS map as the model's e820 code prints it. */
    abstract List<String> printE820Table();

    /** arch/x86/mm/pgtable.c reserve_top_address()'s line for the address above {@code above}. */
    abstract String reserveTopAddressLine(long above);

    /** Where e820's sanitising steps and e820__end_of_ram_pfn() print: the log, or nowhere. */
    abstract List<String> e820Log();

    /** After max_pfn is known (i386): the lines of the early page tables head_32.S set up. */
    abstract void earlyPageTablesLines();

    /** After initmem_init() (i386): the low-ram mapping lines. */
    abstract void lowRamLines();

    /** The reservations made before the node's memory map: the low 1 MiB, the image, early data. */
    abstract void earlyReservations();

    /** The direct map's page tables that come from memblock. */
    abstract void directMapPageTables();

    /** After the SWIOTLB bounce buffer (RAM above 4 GiB): its slot array. */
    abstract void swiotlbSlots();

    /** The node's active pfn range free_area_init() works on ({@link #nodeStart}, {@link #nodeEnd}). */
    abstract void activeRange();

    /** free_area_init()'s zone ranges and early node map lines; {@code lowest}/{@code highest} per zone. */
    abstract void logZoneRanges(long[] lowest, long[] highest);

    /** A zone's present pages for [zs, ze) named {@code name} (appends the lines the model prints). */
    abstract long presentPages(long zs, long ze, String name);

    /** After the zones: memmap_init()'s report of holes. */
    abstract void memmapInit();

    /** The memmap pages free_area_init_core() takes from a zone's estimate of free pages. */
    abstract long memmapCharged(Zone z);

    /** build_all_zonelists()'s "Built 1 zonelists" line. */
    abstract String zonelistsLine(long totalPages, int pageblockPages);

    /** What runs between build_all_zonelists() and mem_init(): percpu areas, the VFS hash tables. */
    abstract void perCpuAreasAndCaches(long nrKernelPages, long nrAllPages);

    /** mem_init() on i386 with highmem: the per-zone "Initializing" lines. */
    abstract void highmemInitLines();

    /**
     * mem_init()'s summary (the Memory: line or the virtual layout) and what runs right after it.
     * {@code reserved}: the pfns memblock kept; {@link #totalram} is set.
     */
    abstract void memInitLines(PfnRanges reserved, long totalhigh, long physpages);

    /** init_per_zone_wmark_min() and what follows it to the end of the boot; returns min_free_kbytes. */
    abstract long initPerZoneWmarkMin();

    /** sizeof(struct page). */
    abstract int structPageBytes();

    // ---------------------------------------------------------------------------------------------
    // The sequence.

    /** arch/x86/kernel/e820.c: the BIOS map, reserve_top_address, mem=, the zero page and BIOS. */
    private void e820Setup() {
        e820 = E820.qemu(p);
        log.add("BIOS-provided physical RAM map:");
        log.addAll(printE820Table());
        if (i386 && p.reserveTopBytes > 0) {
            // an early_param, parsed by parse_early_param() after the BIOS map is printed
            // (arch/x86/kernel/setup.c setup_arch())
            log.add(reserveTopAddressLine((1L << 32) - p.reserveTopBytes));
        }
        if (p.memBytes >= 0) {
            e820.applyMemLimit(p.memBytes, e820Log());
        }
        e820.reserveZeroPageAndBios(e820Log());
    }

    /** e820__end_of_ram_pfn(), then find_low_pfn_range() and initmem_init() (i386) or init_mem_mapping() (x86_64). */
    private void findMaxPfn() {
        long maxArchPfn = i386 ? (p.arch.pae() ? 1L << 24 : 1L << 20) : layout.maxmemPfn();
        maxPfn = e820.endPfn(maxArchPfn, maxArchPfn, e820Log());
        if (i386) {
            earlyPageTablesLines();
        }
        if (!i386) {
            if (maxPfn > (1L << 20)) {
                e820.endPfn(1L << 20, maxArchPfn, log);
            }
            // init_mem_mapping(): x86_64 maps everything, max_low_pfn = max_pfn.
            maxLowPfn = maxPfn;
            layout.setHighMemory(layout.va(maxPfn << 12));
            return;
        }
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
        lowRamLines();
    }

    /** e820__memblock_setup() and the reservations up to SWIOTLB. */
    private void memblockSetup() {
        mb = new Memblock();
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
        earlyReservations();
        // x86_64 only: memblock_find_dma_reserve() counts reserved RAM below 16 MiB.
        dmaReserve = i386 ? 0 : mb.reservedMemoryPages(0x1000);
        nodeStart = mb.startPfn();
        nodeEnd = mb.endPfn();
        if (i386) {
            mb.setCurrentLimit(maxLowPfn << 12);
            // alloc_node_mem_map(): FLATMEM mem_map for the node, MAX_ORDER-aligned, in lowmem.
            // the node spans up to max_pfn (highmem= can cut it below the end of RAM)
            long mapPfns = ((Math.min(nodeEnd, maxPfn) + 1023) & ~1023L);
            long size = (mapPfns * structPageBytes() + 4095) & ~4095L;
            mb.allocTopDown(size, 4096, maxLowPfn << 12, "mem_map");
        } else {
            // sparse_init(): 2 MiB of struct pages per present 128 MiB section; with several nodes
            // sparse_init_nid() takes each node's from the node (a section is its first pfn's node's)
            int n = numa == null ? 1 : numa.nrNodes;
            long[] sections = new long[n];
            for (long sec = 0; sec < (nodeEnd + 32767) >> 15; sec++) {
                if (mb.memoryPages(sec << 15, (sec + 1) << 15) > 0) {
                    sections[numa == null ? 0 : numa.nid(Math.max(sec << 15, nodeStart))]++;
                }
            }
            for (int nid = 0; nid < n; nid++) {
                if (sections[nid] > 0) {
                    mb.allocTopDown(sections[nid] * 32768 * 64, 2 * MB, numa == null ? Long.MAX_VALUE : numa.nodeEndPfns[nid] << 12,
                            "vmemmap");
                }
            }
        }
        directMapPageTables();
        if (maxPfn > (1L << 20)) {
            // swiotlb_init(): a 64 MiB bounce buffer in low memory once RAM reaches above 4 GiB.
            mb.allocTopDown(64 * MB, 4096, Math.min(maxLowPfn << 12, 1L << 32), "SWIOTLB");
            swiotlbSlots();
        }
    }

    /** free_area_init(): the zone layout, the zones' ranges and present pages. */
    private void freeAreaInit() {
        long[] maxZonePfn;
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
            zNormal = 2;
            zMovable = 3;
            maxZonePfn = new long[] {Math.min(0x1000, maxPfn), Math.min(0x100000, maxPfn), maxPfn, 0, 0};
        }
        int nz = names.length;
        long[] lowest = new long[nz];
        long[] highest = new long[nz];
        activeRange();
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
        // find_usable_zone_for_movable(): the highest zone with a range.
        int movableZone = 0;
        for (int i = nz - 1; i >= 0; i--) {
            if (i != zMovable && highest[i] > lowest[i]) {
                movableZone = i;
                break;
            }
        }
        zoneMovablePfn = findZoneMovablePfn(lowest[movableZone]);
        nodeSpans();
        logZoneRanges(lowest, highest);
        zones = new ArrayList<>();
        nodes = new ArrayList<>();
        for (int nid = 0; nid < nodeStartPfns.length; nid++) {
            nodes.add(new PgData(nid, nodeStartPfns[nid], nodeEndPfns[nid],
                    nodeZones(nid, nodeStartPfns[nid], nodeEndPfns[nid], lowest, highest, movableZone)));
        }
        memmapInit();
    }

    /** get_pfn_range_for_nid() of every node: the first and last RAM pfn memblock gives it. */
    private void nodeSpans() {
        if (numa == null) {
            nodeStartPfns = new long[] {nodeStart};
            nodeEndPfns = new long[] {nodeEnd};
            return;
        }
        nodeStartPfns = new long[numa.nrNodes];
        nodeEndPfns = new long[numa.nrNodes];
        java.util.Arrays.fill(nodeStartPfns, Long.MAX_VALUE);
        for (long[] r : numa.memoryByNode(mb)) {
            int nid = (int) r[2];
            nodeStartPfns[nid] = Math.min(nodeStartPfns[nid], r[0] >>> 12);
            nodeEndPfns[nid] = Math.max(nodeEndPfns[nid], r[1] >>> 12);
        }
    }

    /**
     * free_area_init_node() -> calculate_node_totalpages(): node nid's zones, each the arch's zone
     * range ({@code lowest}..{@code highest}) clamped to the node's span (zone_spanned_pages_in_node()).
     */
    private List<Zone> nodeZones(int nid, long nodeStart, long nodeEnd, long[] lowest, long[] highest, int movableZone) {
        int nz = names.length;
        List<Zone> nodeZones = new ArrayList<>();
        for (int i = 0; i < nz; i++) {
            long zs = i == zMovable ? 0 : Math.min(Math.max(lowest[i], nodeStart), nodeEnd);
            long ze = i == zMovable ? 0 : Math.min(Math.max(highest[i], nodeStart), nodeEnd);
            if (zoneMovablePfn > 0) {
                // adjust_zone_range_for_zone_movable()
                if (i == zMovable) {
                    zs = zoneMovablePfn;
                    ze = Math.min(nodeEnd, highest[movableZone]);
                } else if (zs < zoneMovablePfn && ze > zoneMovablePfn) {
                    ze = zoneMovablePfn;
                } else if (zs >= zoneMovablePfn) {
                    zs = ze;
                }
            }
            long present = presentPages(zs, ze, names[i]);
            boolean isHigh = (i == zHigh) || (i == zMovable && zHigh >= 0 && movableZone == zHigh);
            Zone z = new Zone(nid, i, names[i], isHigh, zs, ze - zs, present, nz);
            zones.add(z);
            nodeZones.add(z);
        }
        return nodeZones;
    }

    /**
     * Mirrors find_zone_movable_pfns_for_nodes() for one node: movablecore= becomes the kernelcore
     * that leaves that much (rounded up to MAX_ORDER_NR_PAGES) for ZONE_MOVABLE; RAM below the
     * movable zone's start ({@code usableStartPfn}) counts as kernelcore; the rest of kernelcore is
     * taken from the RAM ranges upwards, and ZONE_MOVABLE starts where it ends, rounded up to
     * MAX_ORDER_NR_PAGES. Without the options, or when kernelcore covers all RAM, 0 (no ZONE_MOVABLE).
     */
    private long findZoneMovablePfn(long usableStartPfn) {
        long maxOrderPages = 1L << (Zone.MAX_ORDER - 1);
        long totalPages = mb.memoryPages(0, Long.MAX_VALUE >>> 12);
        long requiredKernelcore = p.kernelcoreBytes > 0 ? p.kernelcoreBytes >>> 12 : 0;
        if (p.movablecoreBytes > 0) {
            long movable = Math.min(totalPages, (((p.movablecoreBytes >>> 12) + maxOrderPages - 1) / maxOrderPages) * maxOrderPages);
            requiredKernelcore = Math.max(requiredKernelcore, totalPages - movable);
        }
        if (requiredKernelcore == 0 || requiredKernelcore >= totalPages) {
            return 0;
        }
        long remaining = requiredKernelcore;
        long movablePfn = 0;
        for (Memblock.Region r : mb.memory()) {
            long s = Math.max(r.base() >>> 12, movablePfn);
            long e = r.end() >>> 12;
            if (s >= e) {
                continue;
            }
            if (s < usableStartPfn) {
                remaining -= Math.min(Math.min(e, usableStartPfn) - s, remaining);
                if (e <= usableStartPfn) {
                    movablePfn = e;
                    continue;
                }
                s = usableStartPfn;
            }
            long size = Math.min(e - s, remaining);
            movablePfn = s + size;
            remaining -= size;
            if (remaining == 0) {
                break;
            }
        }
        movablePfn = (movablePfn + maxOrderPages - 1) / maxOrderPages * maxOrderPages;
        return movablePfn >= nodeEnd ? 0 : movablePfn;
    }

    /** build_all_zonelists(): vm_total_pages from the estimates of free_area_init_core(). */
    private long buildAllZonelists() {
        long totalPages = 0;
        long nrKernelPages = 0;
        long nrAllPages = 0;
        for (Zone z : zones) {
            long memmapPages = calcMemmapSize(z.spanned(), z.present(), !i386, structPageBytes());
            long free = z.present() - memmapCharged(z);
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
        if (numa != null) {
            for (int nid = 0; nid < numa.nrNodes; nid++) {
                log.add(Zonelists.fallbackLine(nid, nodeOrder()[nid]));
            }
        }
        log.add(zonelistsLine(totalPages, 1 << p.arch.pageblockOrder()));
        if (numa != null) {
            // build_all_zonelists() under CONFIG_NUMA: the highest zone mempolicies apply to
            log.add("Policy zone: " + names[policyZone()]);
        }
        perCpuAreasAndCaches(nrKernelPages, nrAllPages);
        if (highmemKernel) {
            highmemInitLines();
        }
        return totalPages;
    }

    /** The mem_map, then memblock_free_all(): every frame memblock did not keep goes to the buddy allocator. */
    private PfnRanges memblockFreeAll() {
        memMap = new MemMap((int) maxPfn);
        // every struct page reserved with refcount 1 (holes stay in zone 0), then each zone's span in its zone,
        // PG_highmem above max_low_pfn on a highmem kernel; a later zone's span overwrites an earlier one's
        memMap.initReservedRange(0, maxPfn, 0, false);
        for (Zone z : zones) {
            if (z.spanned() == 0) {
                continue;
            }
            long start = Math.min(z.startPfn(), maxPfn);
            long end = Math.min(z.endPfn(), maxPfn);
            long high = highmemKernel ? Math.max(start, Math.min(end, maxLowPfn)) : end;
            memMap.initReservedRange(start, high, z.index(), false);
            memMap.initReservedRange(high, end, z.index(), true);
        }
        int zDma32 = i386 ? -1 : 1;
        boolean v26 = p.model == KernelModel.V2_6;
        buddy = new BuddyAllocator(memMap, zones.toArray(new Zone[0]), 0, zDma32, zNormal, zHigh, zMovable, out,
                MigrateTypes.of(p.model), p.arch.pageblockOrder());
        if (numa != null) {
            buddy.configureNodes(names.length, numa.nodeEndPfns, nodeOrder());
        }
        memmapInitMigratetypes(v26);
        PfnRanges reserved = new PfnRanges();
        for (Memblock.Region r : mb.reserved()) {
            long s = Math.min(r.base() >>> 12, maxPfn);
            long e = Math.min((r.end() + 4095) >>> 12, maxPfn);
            reserved.set(s, e);
        }
        long[] managed = new long[zones.size()];
        for (Memblock.Region r : mb.memory()) {
            long s = r.base() >>> 12;
            long e = Math.min(r.end() >>> 12, maxPfn);
            long pfn = s;
            while (pfn < e) {
                long freeStart = reserved.nextClear(pfn);
                if (freeStart >= e) {
                    break;
                }
                long nextSet = reserved.nextSet(freeStart);
                long freeEnd = nextSet < 0 ? e : Math.min(nextSet, e);
                freeRun(managed, freeStart, freeEnd, highmemKernel ? maxLowPfn : Long.MAX_VALUE);
                pfn = freeEnd;
            }
        }
        for (Zone z : zones) {
            z.setManaged(managed[z.slot()]);
        }
        return reserved;
    }

    /**
     * The pageblock half of memmap_init_range() (6.1) and memmap_init_zone() (2.6.24): every
     * pageblock-aligned pfn the loop reaches sets its pageblock MIGRATE_MOVABLE. 6.1 walks the
     * memblock memory ranges of each zone, so a pageblock whose first frame is not RAM (pfn 0 on
     * x86_64, where the zone starts at 1) keeps type 0, MIGRATE_UNMOVABLE; 2.6.24 walks the whole
     * zone span.
     */
    private void memmapInitMigratetypes(boolean v26) {
        MigrateTypes t = buddy.migrateTypes();
        long block = 1L << p.arch.pageblockOrder();
        for (Zone z : zones) {
            long end = Math.min(z.endPfn(), maxPfn);
            for (long pfn = (z.startPfn() + block - 1) & ~(block - 1); pfn < end; pfn += block) {
                if (v26 || mb.memoryPages(pfn, pfn + 1) > 0) {
                    buddy.setPageblockMigratetype(pfn, t.movable);
                }
            }
        }
    }

    /** mem_init(): the totals its summary prints. */
    private void memInit(PfnRanges reserved) {
        totalram = 0;
        long totalhigh = 0;
        long physpages = 0;
        for (Zone z : zones) {
            totalram += z.managed();
            physpages += z.present();
            if (z.isHighmem()) {
                totalhigh += z.managed();
            }
        }
        memInitLines(reserved, totalhigh, physpages);
    }

    /** The zonelists' node order (Zonelists.nodeOrder()) from the default SLIT and the CPUs' nodes. */
    int[][] nodeOrder() {
        int n = numa.nrNodes;
        boolean[] hasCpus = new boolean[n];
        for (int cpu = 0; cpu < p.cpus; cpu++) {
            hasCpus[NumaInit.cpuToNode(cpu, n)] = true;
        }
        return Zonelists.nodeOrder(Zonelists.distances(n, p.remoteDistance), hasCpus);
    }

    /**
     * Mirrors check_highest_zone() as build_zonelists_in_node_order() calls it: policy_zone is the
     * highest populated zone up to ZONE_NORMAL on any node (mm/mempolicy.c).
     */
    int policyZone() {
        int pz = 0;
        for (Zone z : zones) {
            if (z.populated() && z.index() <= zNormal && z.index() > pz) {
                pz = z.index();
            }
        }
        return pz;
    }

    /** The zones of node nid (all of them on a machine of one node). */
    List<Zone> zonesOf(int nid) {
        return nodes.get(nid).zones();
    }

    // ---------------------------------------------------------------------------------------------
    // Rules both models follow.

    /** Splits a free run at zone boundaries; lowmem goes in blocks, highmem page by page. */
    private void freeRun(long[] managed, long s, long e, long maxLowPfn) {
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
            managed[z.slot()] += ze - zs;
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

    /** 2.6.24 head_32.S's provisional page tables (the image at CONFIG_PHYSICAL_START, 1 MiB; see Setup26). */
    public static EarlyPageTables headPageTables26(BootParams p) {
        return org.mmdsl.runtime.pgtable.HeadPageTables26.build(p.arch.pae(), p.split.pageOffset, MB + imageBytes(p.arch));
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

    static String hex8(long v) {
        String h = Long.toHexString(v);
        return h.length() >= 8 ? h : "00000000".substring(h.length()) + h;
    }
}
