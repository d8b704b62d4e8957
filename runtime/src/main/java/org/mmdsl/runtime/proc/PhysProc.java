package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.zone.Zone;

/**
 * /proc/zoneinfo, /proc/buddyinfo and /proc/meminfo in the kernel's full formats (6.1, or 2.6.24
 * under {@code kernel 2.6}), every line the kernel prints, with the counters of {@link Vmstat}.
 */
public final class PhysProc {
    private PhysProc() {
    }

    /**
     * /proc/zoneinfo: 6.1's mm/vmstat.c zoneinfo_show() (every zone of every node; each node's
     * vm_stat under its first populated zone; an empty zone ends after its protection line), or
     * 2.6.24's (populated zones only, its own field set). Counters come from {@link Vmstat}.
     */
    public static String zoneinfo(Vmstat v) {
        return v.model == org.mmdsl.runtime.arch.KernelModel.V2_6 ? zoneinfo26(v) : zoneinfo61(v);
    }

    /** 6.1 node_stat_item names (vmstat_text[]), in the kernel's order. */
    private static final String[] NODE_STATS_61 = {
        "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file", "nr_unevictable",
        "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
        "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon", "workingset_activate_file",
        "workingset_restore_anon", "workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages", "nr_mapped",
        "nr_file_pages", "nr_dirty", "nr_writeback", "nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages",
        "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped", "nr_anon_transparent_hugepages",
        "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written", "nr_throttled_written",
        "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
        "nr_page_table_pages", "nr_sec_page_table_pages", "nr_swapcached"};
    /** CONFIG_NUMA_BALANCING (the recorded amd64 kernel has it, the i386 ones not). */
    private static final String[] NODE_STATS_61_NUMA = {"pgpromote_success", "pgpromote_candidate"};
    private static final String[] ZONE_STATS_61 = {
        "nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
        "nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_bounce",
        "nr_zspages", "nr_free_cma"};
    private static final String[] NUMA_STATS_61 = {
        "numa_hit", "numa_miss", "numa_foreign", "numa_interleave", "numa_local", "numa_other"};

    private static String zoneinfo61(Vmstat v) {
        PhysicalMemory m = v.memory;
        // CONFIG_NUMA (and NUMA_BALANCING): Debian's amd64 kernel, not its i386 ones
        boolean numa = !m.layout().arch().is32();
        StringBuilder sb = new StringBuilder();
        for (org.mmdsl.runtime.zone.PgData pgdat : m.nodes()) {
            zoneinfoNode61(sb, v, pgdat, numa);
        }
        return sb.toString();
    }

    /** zoneinfo_show() for one node: walk_zones_in_node(), every zone, populated or not. */
    private static void zoneinfoNode61(StringBuilder sb, Vmstat v, org.mmdsl.runtime.zone.PgData pgdat, boolean numa) {
        int nid = pgdat.nid();
        int first = v.firstPopulatedZone(nid);
        for (Zone z : pgdat.zones()) {
            sb.append(String.format("Node %d, zone %8s", nid, z.name()));
            if (z.index() == first) {
                sb.append("\n  per-node stats");
                long[] node = {
                    v.sumNode(v.inactiveAnon, nid), v.sumNode(v.activeAnon, nid), v.sumNode(v.inactiveFile, nid),
                    v.sumNode(v.activeFile, nid), v.sumNode(v.unevictable, nid), 0, v.sumNode(v.slab, nid), 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, v.sumNode(v.anonMapped, nid), v.sumNode(v.fileMapped, nid), v.sumNode(v.filePages, nid),
                    v.sumNode(v.dirty, nid), 0, 0, v.sumNode(v.shmem, nid), 0, 0, 0, 0, v.sumNode(v.anonThps, nid) / 512, 0,
                    0, 0, 0, 0, 0, 0, 0, nid == 0 ? v.kernelStackKb : 0, v.sumNode(v.pageTables, nid), 0, 0};
                for (int i = 0; i < NODE_STATS_61.length; i++) {
                    stat(sb, "\n      ", NODE_STATS_61[i], node[i]);
                }
                if (numa) {
                    for (String name : NODE_STATS_61_NUMA) {
                        stat(sb, "\n      ", name, 0);
                    }
                }
            }
            sb.append("\n  pages free     ").append(z.freePages())
                    .append("\n        boost    ").append(0)
                    .append("\n        min      ").append(z.min())
                    .append("\n        low      ").append(z.low())
                    .append("\n        high     ").append(z.high())
                    .append("\n        spanned  ").append(z.spanned())
                    .append("\n        present  ").append(z.present())
                    .append("\n        managed  ").append(z.managed())
                    .append("\n        cma      ").append(0);
            protection(sb, z);
            if (!z.populated()) {
                // "If unpopulated, no other information is useful"
                sb.append('\n');
                continue;
            }
            int i = z.slot();
            long[] zs = {z.freePages(), v.inactiveAnon[i], v.activeAnon[i], v.inactiveFile[i], v.activeFile[i],
                v.unevictable[i], v.dirty[i], v.mlock[i], 0, 0, 0};
            for (int k = 0; k < ZONE_STATS_61.length; k++) {
                stat(sb, "\n      ", ZONE_STATS_61[k], zs[k]);
            }
            if (numa) {
                long[] ns = {z.numaHit(), z.numaMiss(), z.numaForeign(), z.numaInterleave(), z.numaLocal(), z.numaOther()};
                for (int k = 0; k < NUMA_STATS_61.length; k++) {
                    stat(sb, "\n      ", NUMA_STATS_61[k], ns[k]);
                }
            }
            sb.append("\n  pagesets");
            for (int cpu = 0; cpu < v.cpus; cpu++) {
                // no per-CPU page lists in the model: count is 0
                sb.append("\n    cpu: ").append(cpu)
                        .append("\n              count: ").append(0)
                        .append("\n              high:  ").append(v.pcpHigh61(z))
                        .append("\n              batch: ").append(v.pcpBatch(z))
                        .append("\n  vm stats threshold: ").append(v.statThreshold(z));
            }
            sb.append("\n  node_unreclaimable:  ").append(v.nodeUnreclaimable ? 1 : 0)
                    .append("\n  start_pfn:           ").append(z.startPfn()).append('\n');
        }
    }

    private static final String[] ZONE_STATS_26 = {
        "nr_free_pages", "nr_inactive", "nr_active", "nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty",
        "nr_writeback", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_page_table_pages", "nr_unstable",
        "nr_bounce", "nr_vmscan_write"};

    /** 2.6.24 mm/vmstat.c zoneinfo_show_print(): populated zones, zone counters only, hot and cold pcp. */
    private static String zoneinfo26(Vmstat v) {
        StringBuilder sb = new StringBuilder();
        for (Zone z : v.memory.zones()) {
            if (!z.populated()) {
                continue; // walk_zones_in_node() skips them
            }
            int i = z.index();
            sb.append(String.format("Node %d, zone %8s", 0, z.name()));
            sb.append("\n  pages free     ").append(z.freePages())
                    .append("\n        min      ").append(z.min())
                    .append("\n        low      ").append(z.low())
                    .append("\n        high     ").append(z.high())
                    .append("\n        scanned  0 (a: 0 i: 0)")
                    .append("\n        spanned  ").append(z.spanned())
                    .append("\n        present  ").append(z.present());
            long[] zs = {z.freePages(), v.inactiveAnon[i] + v.inactiveFile[i], v.activeAnon[i] + v.activeFile[i],
                v.anonMapped[i], v.fileMapped[i], v.filePages[i], v.dirty[i], 0, 0, v.slab[i], v.pageTables[i], 0, 0,
                0};
            for (int k = 0; k < ZONE_STATS_26.length; k++) {
                stat(sb, "\n    ", ZONE_STATS_26[k], zs[k]);
            }
            protection(sb, z);
            sb.append("\n  pagesets");
            int batch = v.pcpBatch(z);
            for (int cpu = 0; cpu < v.cpus; cpu++) {
                // setup_pageset(): pcp[0] hot (high 6 × batch), pcp[1] cold (high 2 × batch, batch / 2)
                pcp26(sb, cpu, 0, 6 * batch, Math.max(1, batch));
                pcp26(sb, cpu, 1, 2 * batch, Math.max(1, batch / 2));
                sb.append("\n  vm stats threshold: ").append(v.statThreshold(z));
            }
            sb.append("\n  all_unreclaimable: ").append(v.nodeUnreclaimable ? 1 : 0)
                    .append("\n  prev_priority:     ").append(12) // DEF_PRIORITY: no reclaim has lowered it
                    .append("\n  start_pfn:         ").append(z.startPfn()).append('\n');
        }
        return sb.toString();
    }

    private static void pcp26(StringBuilder sb, int cpu, int j, int high, int batch) {
        sb.append("\n    cpu: ").append(cpu).append(" pcp: ").append(j)
                .append("\n              count: ").append(0)
                .append("\n              high:  ").append(high)
                .append("\n              batch: ").append(batch);
    }

    /** seq_printf("\n      %-12s %lu"). */
    private static void stat(StringBuilder sb, String indent, String name, long value) {
        sb.append(indent).append(String.format("%-12s %d", name, value));
    }

    private static void protection(StringBuilder sb, Zone z) {
        long[] prot = z.protection();
        sb.append("\n        protection: (").append(prot[0]);
        for (int i = 1; i < prot.length; i++) {
            sb.append(", ").append(prot[i]);
        }
        sb.append(')');
    }

    /** Mirrors mm/vmstat.c frag_show_print(): populated zones only, "%6lu " per order. */
    public static String buddyinfo(PhysicalMemory m) {
        StringBuilder sb = new StringBuilder();
        for (Zone z : m.allZones()) {
            if (!z.populated()) {
                continue;
            }
            sb.append(String.format("Node %d, zone %8s ", z.nid(), z.name()));
            for (int o = 0; o < Zone.MAX_ORDER; o++) {
                sb.append(String.format("%6d ", z.nrFree(o)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * /proc/meminfo: 6.1's fs/proc/meminfo.c meminfo_proc_show() with x86's arch_report_meminfo()
     * (DirectMap lines), or 2.6.24's fs/proc/proc_misc.c meminfo_read_proc(). HighTotal..LowFree
     * only on a CONFIG_HIGHMEM kernel (i386 without `highmem off`).
     */
    public static String meminfo(Vmstat v) {
        return v.model == org.mmdsl.runtime.arch.KernelModel.V2_6 ? meminfo26(v) : meminfo61(v);
    }

    /** CommitLimit in pages: the machine's, or the default ratio 50 without one. */
    private static long commitLimit(Vmstat v, long totalram) {
        return v.commitLimitPages >= 0 ? v.commitLimitPages : totalram * 50 / 100 + v.swapTotalPages;
    }

    /**
     * What si_meminfo() fills in (mm/show_mem.c; 2.6.24 mm/page_alloc.c), in pages: totalram, free pages
     * of every zone, and the highmem zones' managed and free pages (0 without highmem).
     */
    private record SiMeminfo(long total, long free, long highTotal, long highFree) {
        static SiMeminfo of(PhysicalMemory m) {
            long free = 0;
            long highTotal = 0;
            long highFree = 0;
            for (Zone z : m.allZones()) {
                free += z.freePages();
                if (z.isHighmem()) {
                    highTotal += z.managed();
                    highFree += z.freePages();
                }
            }
            return new SiMeminfo(m.totalramPages(), free, highTotal, highFree);
        }
    }

    private static String meminfo61(Vmstat v) {
        PhysicalMemory m = v.memory;
        SiMeminfo si = SiMeminfo.of(m);
        long total = si.total();
        long free = si.free();
        long highTotal = si.highTotal();
        long highFree = si.highFree();
        long filePages = Vmstat.sum(v.filePages);
        long activeAnon = Vmstat.sum(v.activeAnon);
        long inactiveAnon = Vmstat.sum(v.inactiveAnon);
        long activeFile = Vmstat.sum(v.activeFile);
        long inactiveFile = Vmstat.sum(v.inactiveFile);
        long slab = Vmstat.sum(v.slab);
        StringBuilder sb = new StringBuilder();
        kb(sb, "MemTotal:       ", total);
        kb(sb, "MemFree:        ", free);
        kb(sb, "MemAvailable:   ", v.memAvailablePages());
        kb(sb, "Buffers:        ", 0);
        kb(sb, "Cached:         ", filePages); // NR_FILE_PAGES - swap cache - buffers
        kb(sb, "SwapCached:     ", 0);
        kb(sb, "Active:         ", activeAnon + activeFile);
        kb(sb, "Inactive:       ", inactiveAnon + inactiveFile);
        kb(sb, "Active(anon):   ", activeAnon);
        kb(sb, "Inactive(anon): ", inactiveAnon);
        kb(sb, "Active(file):   ", activeFile);
        kb(sb, "Inactive(file): ", inactiveFile);
        kb(sb, "Unevictable:    ", Vmstat.sum(v.unevictable));
        kb(sb, "Mlocked:        ", Vmstat.sum(v.mlock));
        if (highmemKernel(m)) {
            kb(sb, "HighTotal:      ", highTotal);
            kb(sb, "HighFree:       ", highFree);
            kb(sb, "LowTotal:       ", total - highTotal);
            kb(sb, "LowFree:        ", free - highFree);
        }
        kb(sb, "SwapTotal:      ", v.swapTotalPages);
        kb(sb, "SwapFree:       ", v.swapFreePages);
        kb(sb, "Zswap:          ", 0);
        kb(sb, "Zswapped:       ", 0);
        kb(sb, "Dirty:          ", Vmstat.sum(v.dirty));
        kb(sb, "Writeback:      ", 0);
        kb(sb, "AnonPages:      ", Vmstat.sum(v.anonMapped));
        kb(sb, "Mapped:         ", Vmstat.sum(v.fileMapped));
        kb(sb, "Shmem:          ", Vmstat.sum(v.shmem));
        kb(sb, "KReclaimable:   ", 0);
        kb(sb, "Slab:           ", slab);
        kb(sb, "SReclaimable:   ", 0);
        kb(sb, "SUnreclaim:     ", slab);
        bytesKb(sb, "KernelStack:    ", v.kernelStackKb);
        kb(sb, "PageTables:     ", Vmstat.sum(v.pageTables));
        kb(sb, "SecPageTables:  ", 0);
        kb(sb, "NFS_Unstable:   ", 0);
        kb(sb, "Bounce:         ", 0);
        kb(sb, "WritebackTmp:   ", 0);
        // vm_commit_limit(): (totalram - hugetlb) * overcommit_ratio / 100 (or overcommit_kbytes) + swap
        kb(sb, "CommitLimit:    ", commitLimit(v, total));
        kb(sb, "Committed_AS:   ", v.committedPages);
        bytesKb(sb, "VmallocTotal:   ", (m.layout().vmallocEnd() - m.layout().vmallocStart()) >>> 10);
        kb(sb, "VmallocUsed:    ", v.vmallocPages);
        kb(sb, "VmallocChunk:   ", 0); // always 0 since 5.3
        kb(sb, "Percpu:         ", 0);
        sb.append("HardwareCorrupted:     0 kB\n"); // "%5lu kB", CONFIG_MEMORY_FAILURE
        kb(sb, "AnonHugePages:  ", Vmstat.sum(v.anonThps));
        kb(sb, "ShmemHugePages: ", 0);
        kb(sb, "ShmemPmdMapped: ", 0);
        kb(sb, "FileHugePages:  ", 0);
        kb(sb, "FilePmdMapped:  ", 0);
        // mm/hugetlb.c hugetlb_report_meminfo(), then arch/x86/mm/pat/set_memory.c arch_report_meminfo()
        sb.append(String.format("HugePages_Total:   %5d\nHugePages_Free:    %5d\nHugePages_Rsvd:    %5d\n"
                + "HugePages_Surp:    %5d\n", v.hugePagesTotal, v.hugePagesFree, v.hugePagesRsvd, 0));
        boolean twoLevel = m.layout().arch() == org.mmdsl.runtime.arch.Arch.I386;
        long hugeKb = twoLevel ? 4096 : 2048;
        bytesKb(sb, "Hugepagesize:   ", hugeKb);
        bytesKb(sb, "Hugetlb:        ", v.hugePagesTotal * hugeKb); // every hstate's nr_huge_pages * size
        bytesKb(sb, "DirectMap4k:    ", v.directMap4kBytes >>> 10);
        bytesKb(sb, twoLevel ? "DirectMap4M:    " : "DirectMap2M:    ", v.directMapLargeBytes >>> 10);
        return sb.toString();
    }

    /** 2.6.24 meminfo_read_proc(): "%-14s%8lu kB" lines, then hugetlb_report_meminfo(); no DirectMap yet. */
    private static String meminfo26(Vmstat v) {
        PhysicalMemory m = v.memory;
        SiMeminfo si = SiMeminfo.of(m);
        long total = si.total();
        long free = si.free();
        long highTotal = si.highTotal();
        long highFree = si.highFree();
        StringBuilder sb = new StringBuilder();
        kb26(sb, "MemTotal:", total);
        kb26(sb, "MemFree:", free);
        kb26(sb, "Buffers:", 0);
        kb26(sb, "Cached:", Vmstat.sum(v.filePages));
        kb26(sb, "SwapCached:", 0);
        kb26(sb, "Active:", Vmstat.sum(v.activeAnon) + Vmstat.sum(v.activeFile));
        kb26(sb, "Inactive:", Vmstat.sum(v.inactiveAnon) + Vmstat.sum(v.inactiveFile));
        if (highmemKernel(m)) {
            kb26(sb, "HighTotal:", highTotal);
            kb26(sb, "HighFree:", highFree);
            kb26(sb, "LowTotal:", total - highTotal);
            kb26(sb, "LowFree:", free - highFree);
        }
        kb26(sb, "SwapTotal:", v.swapTotalPages);
        kb26(sb, "SwapFree:", v.swapFreePages);
        kb26(sb, "Dirty:", Vmstat.sum(v.dirty));
        kb26(sb, "Writeback:", 0);
        kb26(sb, "AnonPages:", Vmstat.sum(v.anonMapped));
        kb26(sb, "Mapped:", Vmstat.sum(v.fileMapped));
        kb26(sb, "Slab:", Vmstat.sum(v.slab));
        kb26(sb, "SReclaimable:", 0);
        kb26(sb, "SUnreclaim:", Vmstat.sum(v.slab));
        kb26(sb, "PageTables:", Vmstat.sum(v.pageTables));
        kb26(sb, "NFS_Unstable:", 0);
        kb26(sb, "Bounce:", 0);
        kb26(sb, "CommitLimit:", commitLimit(v, total));
        kb26(sb, "Committed_AS:", v.committedPages);
        sb.append(String.format("%-14s%8d kB\n", "VmallocTotal:",
                (m.layout().vmallocEnd() - m.layout().vmallocStart()) >>> 10));
        sb.append(String.format("%-14s%8d kB\n", "VmallocUsed:", v.vmallocUsedBytes26 >>> 10));
        sb.append(String.format("%-14s%8d kB\n", "VmallocChunk:", v.vmallocChunkBytes26 >>> 10));
        boolean twoLevel = m.layout().arch() == org.mmdsl.runtime.arch.Arch.I386;
        sb.append(String.format("HugePages_Total: %5d\nHugePages_Free:  %5d\nHugePages_Rsvd:  %5d\n"
                + "HugePages_Surp:  %5d\nHugepagesize:    %5d kB\n", 0, 0, 0, 0, twoLevel ? 4096 : 2048));
        return sb.toString();
    }

    /** CONFIG_HIGHMEM: an i386 kernel built with highmem (not `highmem off`, CONFIG_NOHIGHMEM). */
    private static boolean highmemKernel(PhysicalMemory m) {
        return m.layout().arch().is32() && m.layout().lastPkmap() > 0;
    }

    private static void kb26(StringBuilder sb, String label, long pages) {
        sb.append(String.format("%-14s%8d kB\n", label, pages * 4));
    }

    /** A line whose value is already in kB. */
    private static void bytesKb(StringBuilder sb, String label, long kb) {
        sb.append(String.format("%s%8d kB\n", label, kb));
    }

    /** show_val_kb(): the label, then pages in kB right-aligned in 8 columns. */
    private static void kb(StringBuilder sb, String label, long pages) {
        sb.append(String.format("%s%8d kB\n", label, pages * 4));
    }
}
