package org.mmdsl.runtime.proc;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.PerCpuPages;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.pgtable.PageWalk;
import org.mmdsl.runtime.reclaim.SwapArea;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;
import org.mmdsl.runtime.vmalloc.Vmalloc;
import org.mmdsl.runtime.zone.Zone;

/**
 * The vm_stat counters of mm/vmstat.c (zone_stat_item, node_stat_item) as /proc/zoneinfo and
 * /proc/meminfo print them, derived when asked from the model's state instead of being kept
 * per event as the kernel does: one pass over the memmap (LRU flags, PG_anon, PG_slab, mapcount,
 * PG_dirty, each frame's zone), the processes' page tables (NR_PAGETABLE, mlocked pages), the
 * kmalloc_large() blocks, the vmalloc areas, the swap area and the direct map's leaf sizes.
 *
 * <p>What the model has no state for is 0 here, as on a kernel without it: writeback, bounce,
 * zswap, huge pages, workingset and NUMA-balancing counters, per-CPU areas (Percpu), buffers, swap
 * cache, reclaimable slab (only kmalloc caches exist). Kernel stacks are counted for the live tasks
 * (THREAD_SIZE each) but their frames are not taken from the buddy allocator.
 *
 * <p>Neighbours: {@link PhysProc} renders these; the LRU flags are set by the fault path and
 * {@code reclaim}; slab pages by {@code slab}.
 */
public final class Vmstat {
    public final PhysicalMemory memory;
    public final KernelModel model;
    public final int cpus;
    // per zone, indexed by zone index (the zone_stat_item counters and the node counters split by zone)
    public final long[] inactiveAnon;
    public final long[] activeAnon;
    public final long[] inactiveFile;
    public final long[] activeFile;
    public final long[] unevictable;
    public final long[] mlock;
    public final long[] anonMapped;
    public final long[] fileMapped;
    public final long[] filePages;
    public final long[] shmem;
    public final long[] dirty;
    public final long[] slab;
    public final long[] pageTables;
    /** NR_ANON_THPS in pages: the PMD-mapped anonymous folios' frames (AnonHugePages). */
    public final long[] anonThps;
    /** NR_KERNEL_STACK_KB. */
    public final long kernelStackKb;
    /** vm_committed_as, pages. */
    public final long committedPages;
    /**
     * vm_commit_limit() in pages as the machine's vm.overcommit_* sysctls give it; -1 when the
     * caller has none (then meminfo uses the default ratio 50).
     */
    public long commitLimitPages = -1;
    /** The hugetlb pool (mm/hugetlb.c hstate): nr_huge_pages, free_huge_pages, resv_huge_pages; 0 without one. */
    public long hugePagesTotal;
    public long hugePagesFree;
    public long hugePagesRsvd;
    public final long swapTotalPages;
    public final long swapFreePages;
    /** 6.1 VmallocUsed: pages vmalloc() allocated (vmalloc_nr_pages()). */
    public final long vmallocPages;
    /** 2.6.24 get_vmalloc_info(): the bytes of every area (guard pages included) and the largest free gap. */
    public final long vmallocUsedBytes26;
    public final long vmallocChunkBytes26;
    /** Bytes of the direct map mapped by 4 KB ptes and by large pages (arch/x86 direct_pages_count[]). */
    public final long directMap4kBytes;
    public final long directMapLargeBytes;
    /** pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES (2.6.24: the zone's all_unreclaimable). */
    public final boolean nodeUnreclaimable;

    /**
     * @param mms    the address spaces of the live tasks (threads share one; each counted once)
     * @param liveTasks tasks that have not exited (kernel stacks)
     * @param large  kmalloc_large() blocks, {head pfn, order}
     * @param areas  live vmalloc areas (null: vmalloc never used)
     * @param swap   the swap area, or null
     * @param nodeUnreclaimable kswapd gave up on the node
     */
    public Vmstat(PhysicalMemory memory, KernelPageTables kpt, List<MmStruct> mms, int liveTasks, long[][] large,
            List<Vmalloc.Area> areas, SwapArea swap, KernelModel model, int cpus, boolean nodeUnreclaimable) {
        this.memory = memory;
        this.nodeUnreclaimable = nodeUnreclaimable;
        this.model = model;
        this.cpus = cpus;
        int nz = memory.allZones().size();
        int zonesPerNode = memory.zones().size();
        inactiveAnon = new long[nz];
        activeAnon = new long[nz];
        inactiveFile = new long[nz];
        activeFile = new long[nz];
        unevictable = new long[nz];
        mlock = new long[nz];
        anonMapped = new long[nz];
        fileMapped = new long[nz];
        filePages = new long[nz];
        shmem = new long[nz];
        dirty = new long[nz];
        slab = new long[nz];
        pageTables = new long[nz];
        anonThps = new long[nz];
        MemMap mm = memory.memMap();
        PageTables pt = kpt.pageTables();

        // Pages the mms single out: mlocked (VM_LOCKED VMAs), shmem objects, special mappings.
        Set<Long> locked = new HashSet<>();
        Set<Long> shmemPfns = new HashSet<>();
        Set<Long> special = new HashSet<>();
        Set<Long> vdso = new HashSet<>();
        // 6.1 accounts pmd tables too (pgtable_pmd_page_ctor()); 2.6.24 only pte tables (__pte_alloc()).
        PagingMode mode = pt.mode();
        int fromLevel = model == KernelModel.V2_6 ? mode.pteLevel() : Math.max(1, mode.levels() - 2);
        for (MmStruct m : mms) {
            pt.countUserTables(m.pgd, kpt.kernelPgdBoundary(), fromLevel, pageTables);
            for (Vma v : m.vmas()) {
                long flags = v.vmFlags();
                FileRef f = v.file();
                boolean isShmem = f != null && f.shmem;
                if (isShmem) {
                    // only the pages the object's page cache has (a huge lazy object has few)
                    long end = v.vmPgoff() + ((v.vmEnd() - v.vmStart()) >>> 12);
                    for (long i = f.nextCachedIndex(v.vmPgoff()); i >= 0 && i < end; i = f.nextCachedIndex(i + 1)) {
                        shmemPfns.add(f.cachedPfn(i));
                    }
                }
                boolean isSpecial = v.special() != null && v.special() != Vma.Special.NONE;
                boolean isLocked = (flags & Vma.VM_LOCKED) != 0 && (flags & (Vma.VM_IO | Vma.VM_PFNMAP)) == 0;
                if (!isSpecial && !isLocked) {
                    continue;
                }
                for (long a = v.vmStart(); Long.compareUnsigned(a, v.vmEnd()) < 0; a += 4096) {
                    long slot = pt.pteSlot(m.pgd, a);
                    if (slot < 0) {
                        a = pt.nextPteTable(m.pgd, a, v.vmEnd()) - 4096; // empty pmd/pud/pgd entries skip
                        continue;
                    }
                    long e = pt.readEntry(slot);
                    if (!Pte.present(e) || m.isZeroPfn(Pte.pfn(e)) || !mm.pfnValid(Pte.pfn(e))) {
                        continue;
                    }
                    long pfn = Pte.pfn(e);
                    if (isSpecial) {
                        special.add(pfn);
                        if (v.special() == Vma.Special.VDSO) {
                            vdso.add(pfn);
                        }
                    } else {
                        locked.add(pfn);
                    }
                }
            }
        }
        this.committedPages = org.mmdsl.runtime.vma.Overcommit.committedPages(mms);

        // frames with none of these flags and no mapcount add to no counter: absent chunks are skipped
        int counted = MemMap.PG_slab | MemMap.PG_lru | MemMap.PG_anon | MemMap.PG_head;
        for (long pfn = mm.nextTouched(0, counted); pfn < mm.size(); pfn = mm.nextTouched(pfn + 1, counted)) {
            if (mm.isBuddy(pfn)) {
                continue;
            }
            int f = mm.flags(pfn);
            if (f == 0) {
                continue;
            }
            int z = mm.zone(pfn);
            if (z >= zonesPerNode) {
                continue;
            }
            z += memory.pfnToNid(pfn) * zonesPerNode; // the zone's slot: counters are per node's zone
            if ((f & MemMap.PG_slab) != 0) {
                slab[z] += (f & MemMap.PG_head) != 0 ? 1L << mm.order(pfn) : 1;
            }
            boolean anon = (f & MemMap.PG_anon) != 0;
            boolean isShmem = !anon && shmemPfns.contains(pfn);
            boolean isSpecial = special.contains(pfn);
            // a large anon folio (THP) counts all its frames on its head (folio_nr_pages())
            long n = anon && (f & MemMap.PG_head) != 0 ? 1L << mm.order(pfn) : 1;
            if (n > 1) {
                anonThps[z] += n;
            }
            if (anon && mm.mapcount(pfn) > 0) {
                anonMapped[z] += n;
            }
            if (!anon && mm.mapcount(pfn) > 0 && (f & (MemMap.PG_reserved | MemMap.PG_slab | MemMap.PG_table | MemMap.PG_head)) == 0
                    && (!isSpecial || vdso.contains(pfn))) {
                // page_add_file_rmap(): NR_FILE_MAPPED (the vdso text too; vvar is a pfn mapping)
                fileMapped[z]++;
            }
            if ((f & MemMap.PG_lru) == 0 || isSpecial) {
                continue;
            }
            if (!anon) {
                filePages[z]++;
                if (isShmem) {
                    shmem[z]++;
                } else if ((f & MemMap.PG_dirty) != 0) {
                    dirty[z]++;
                }
            }
            if (model != KernelModel.V2_6 && locked.contains(pfn)) {
                // mlock_folio(): PG_mlocked, moved to the unevictable LRU (2.6.24 had no such list:
                // mlocked pages stayed on the active/inactive ones)
                unevictable[z]++;
                mlock[z]++;
            } else if (anon || isShmem) {
                // shmem pages are swap-backed: they live on the anon LRU lists
                if ((f & MemMap.PG_active) != 0) {
                    activeAnon[z] += n;
                } else {
                    inactiveAnon[z] += n;
                }
            } else if ((f & MemMap.PG_active) != 0) {
                activeFile[z]++;
            } else {
                inactiveFile[z]++;
            }
        }
        if (model != KernelModel.V2_6 && large != null) {
            for (long[] b : large) {
                slab[mm.zone(b[0]) + memory.pfnToNid(b[0]) * zonesPerNode] += 1L << b[1];
            }
        }

        // THREAD_SIZE: 8 KB on i386 (THREAD_SIZE_ORDER 1), 16 KB on x86_64 (with KASAN off)
        this.kernelStackKb = (long) liveTasks * (kpt.kernel64() ? 16 : 8);
        this.swapTotalPages = swap == null ? 0 : swap.pages();
        this.swapFreePages = swap == null ? 0 : swap.pages() - swap.usedPages();

        long vmPages = 0;
        long used = 0;
        long chunk = 0;
        long vstart = memory.layout().vmallocStart();
        long vend = memory.layout().vmallocEnd();
        long prevEnd = vstart;
        if (areas != null) {
            for (Vmalloc.Area a : areas) {
                if (a.flags() == Vmalloc.VM_ALLOC) {
                    vmPages += a.nrPages();
                }
                used += a.size();
                chunk = Math.max(chunk, a.addr() - prevEnd);
                prevEnd = a.addr() + a.size();
            }
        }
        chunk = Math.max(chunk, vend - prevEnd);
        this.vmallocPages = vmPages;
        this.vmallocUsedBytes26 = used;
        this.vmallocChunkBytes26 = chunk;

        // arch/x86/mm/pat/set_memory.c direct_pages_count[]: the direct map's leaves by size
        long small = 0;
        long big = 0;
        long end = memory.maxLowPfn() << 12;
        long paddr = 0;
        while (paddr < end) {
            PageWalk w = pt.walk(kpt.swapperPgDir(), kpt.va(paddr));
            long size = w.mapped() ? w.pageSize() : 4096;
            if (w.mapped()) {
                if (size == 4096) {
                    small += size;
                } else {
                    big += size;
                }
            }
            paddr += size;
        }
        this.directMap4kBytes = small;
        this.directMapLargeBytes = big;
    }

    /** Σ over zones. */
    public static long sum(long[] perZone) {
        long n = 0;
        for (long v : perZone) {
            n += v;
        }
        return n;
    }

    /** Σ over the zones of one node (counters indexed by {@link Zone#slot()}). */
    public long sumNode(long[] perZone, int nid) {
        int zpn = memory.zones().size();
        long n = 0;
        for (int i = nid * zpn; i < (nid + 1) * zpn; i++) {
            n += perZone[i];
        }
        return n;
    }

    /** The first populated zone's index (is_zone_first_populated()), or -1. */
    public int firstPopulatedZone() {
        return firstPopulatedZone(0);
    }

    /** The first populated zone of node nid (is_zone_first_populated()), or -1. */
    public int firstPopulatedZone(int nid) {
        for (Zone z : memory.nodes().get(nid).zones()) {
            if (z.populated()) {
                return z.index();
            }
        }
        return -1;
    }

    /**
     * Mirrors mm/page_alloc.c calculate_totalreserve_pages(): per zone the largest lowmem_reserve
     * toward higher zones plus the high watermark, at most the zone's managed pages.
     */
    public static long totalreservePages(List<Zone> zones) {
        long total = 0;
        for (int i = 0; i < zones.size(); i++) {
            Zone z = zones.get(i);
            long max = 0;
            for (int j = i; j < zones.size(); j++) {
                max = Math.max(max, z.lowmemReserve(j));
            }
            max += z.high();
            total += Math.min(max, z.managed());
        }
        return total;
    }

    /**
     * Mirrors mm/page_alloc.c si_mem_available() (6.1): free pages above the reserves, plus the
     * page cache and reclaimable slab that could go, keeping half of each or the low watermarks.
     */
    public static long siMemAvailable(long free, long totalreserve, long wmarkLow, long pagecache, long reclaimable) {
        long available = free - totalreserve;
        available += pagecache - Math.min(pagecache / 2, wmarkLow);
        available += reclaimable - Math.min(reclaimable / 2, wmarkLow);
        return Math.max(0, available);
    }

    /** MemAvailable of the modelled machine (no reclaimable slab: only kmalloc caches exist). */
    public long memAvailablePages() {
        long wmarkLow = 0;
        long free = 0;
        long totalreserve = 0;
        for (Zone z : memory.allZones()) {
            wmarkLow += z.low();
            free += z.freePages();
        }
        for (org.mmdsl.runtime.zone.PgData node : memory.nodes()) {
            totalreserve += totalreservePages(node.zones()); // for_each_online_pgdat()
        }
        return siMemAvailable(free, totalreserve, wmarkLow, sum(activeFile) + sum(inactiveFile), 0);
    }

    /**
     * The pcp batch of a zone: 6.1 zone_batchsize() (from managed pages, at least 1), 2.6.24
     * zone_batchsize() (from present pages).
     */
    public int pcpBatch(Zone z) {
        return PerCpuPages.zoneBatchsize(model, model == KernelModel.V2_6 ? z.present() : z.managed());
    }

    /**
     * 6.1 zone_highsize(): the low watermark split over the node's CPUs, at least four batches
     * (percpu_pagelist_high_fraction 0).
     */
    public int pcpHigh61(Zone z) {
        // nr_split_cpus: the CPUs of the zone's node, or all online CPUs for a node without any
        int n = memory.nrNodes();
        int nodeCpus = cpus / n + (z.nid() < cpus % n ? 1 : 0);
        return pcpHigh61(z.low(), nodeCpus == 0 ? cpus : nodeCpus, pcpBatch(z));
    }

    /** zone_highsize() from the low watermark, the node's CPU count and the batch. */
    public static int pcpHigh61(long lowWmark, int cpus, int batch) {
        return (int) Math.max(lowWmark / cpus, (long) batch << 2);
    }

    /**
     * calculate_normal_threshold() (6.1, managed pages) / calculate_threshold() (2.6.24, present
     * pages): 2 × fls(online CPUs) × (1 + fls(zone size in 128 MB units)), at most 125.
     */
    public int statThreshold(Zone z) {
        return statThreshold(model == KernelModel.V2_6 ? z.present() : z.managed(), cpus);
    }

    /** The vm stats threshold of a zone of {@code pages} on {@code cpus} online CPUs. */
    public static int statThreshold(long pages, int cpus) {
        int mem = (int) (pages >> (27 - 12));
        return Math.min(125, 2 * fls(cpus) * (1 + fls(mem)));
    }

    private static int fls(long x) {
        return x == 0 ? 0 : 64 - Long.numberOfLeadingZeros(x);
    }
}
