package org.mmdsl.runtime.reclaim;

import java.util.ArrayList;
import java.util.List;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.ReclaimHook;
import org.mmdsl.runtime.vma.SwapInfo;
import org.mmdsl.runtime.vma.Vma;
import org.mmdsl.runtime.zone.Zone;

/**
 * Memory pressure for a whole machine: kswapd (mm/vmscan.c kswapd(), balance_pgdat()), direct
 * reclaim (try_to_free_pages()) and the OOM killer (mm/oom_kill.c out_of_memory(),
 * oom_badness()). The fault path calls {@link #allocated} after each user page allocation and
 * {@link #slowpath} when one failed.
 *
 * <p>LRU, as the model keeps it: an anonymous page enters the inactive anon list when faulted in
 * (PG_lru; lru_cache_add_inactive_or_unevictable()); aging runs over the ptes of every process
 * (the model has no reverse map, so page_referenced()'s rmap walk becomes a walk of each mm's
 * anonymous VMAs in pid order): a page whose pte has the accessed bit gets it cleared and is
 * activated (PG_active); an active page without it is deactivated while the inactive list is the
 * smaller one (inactive_is_low() with inactive_ratio 1, the value below 1 GB of memory, used at
 * every size here); an inactive page without it is swapped out ({@link Vmscan#pageoutRange}). So
 * a page referenced since the last scan stays in memory, the two-list second chance of
 * shrink_active_list()/shrink_inactive_list(). Simplified: no file
 * LRU (page-cache pages are not reclaimed), no swap cache, no dirty writeback throttling, no
 * per-memcg or per-node lists, no swappiness; kswapd runs synchronously right after the allocation
 * that woke it and balances only the zone it was woken for (free above high), where
 * balance_pgdat() shrinks the node until any eligible zone is balanced; it stops after
 * MAX_RECLAIM_RETRIES fruitless runs until direct reclaim makes progress; the OOM victim exits at
 * once (the oom_reaper's job), with no "invoked oom-killer" report or Mem-Info dump before the
 * kill line. Threads are not candidates.
 */
public final class Reclaim implements ReclaimHook {
    /** A process the OOM killer may pick. */
    public interface Candidate {
        int pid();

        String comm();

        /** The process's mm, null once it exited. */
        MmStruct mm();

        /** SIGKILL: the task exits and its mm is torn down (mmput). */
        void kill();

        /** SIGKILL for the task whose fault is being handled: it exits when the fault returns. */
        void killAfterFault();
    }

    private final BuddyAllocator buddy;
    private final MemMap memMap;
    private final EventSink sink;
    private final List<Candidate> tasks = new ArrayList<>();
    /** The file LRU lists (page-cache pages). */
    private final FileReclaim files;
    private long kswapdRuns;
    private long pgscan;
    private long pgsteal;
    private long oomKills;
    /** pgdat->kswapd_failures: kswapd runs in a row that freed nothing. */
    private int kswapdFailures;
    /** The anon LRU list sizes while a shrink runs (counted at its start, kept as pages move). */
    private long active;
    private long inactive;
    /** mm/internal.h MAX_RECLAIM_RETRIES. */
    private static final int MAX_RECLAIM_RETRIES = 16;

    public Reclaim(BuddyAllocator buddy, MemMap memMap, EventSink sink) {
        this.buddy = buddy;
        this.memMap = memMap;
        this.sink = sink;
        this.files = new FileReclaim(buddy, memMap);
    }

    /**
     * The machine's files, whose page-cache pages are on the file LRU, and the page tables and memory
     * their pages live in.
     */
    public void setFiles(java.util.function.Supplier<java.util.Collection<org.mmdsl.runtime.vma.FileRef>> all,
            PageTables pt, PhysMem mem) {
        files.setFiles(all, pt, mem);
    }

    /** Active(file) and Inactive(file) in pages: {active, inactive}. */
    public long[] lruFile() {
        return files.lruFile();
    }

    /** A new process (spawn or fork). */
    public void register(Candidate c) {
        tasks.add(c);
    }

    /**
     * After a user page was allocated with {@code gfp}: the allocator's low-watermark test for the
     * next allocation of the same kind, and wakeup_kswapd() when it fails. The fast path
     * (get_page_from_freelist() at ALLOC_WMARK_LOW) walks the zonelist from gfp_zone() down to DMA
     * and takes the first zone with free above low + lowmem_reserve[gfp_zone()]; when no zone
     * passes, __alloc_pages_slowpath() wakes kswapd (wake_all_kswapds()). kswapd is told the zone
     * that went below its own low watermark, the highest such eligible zone.
     *
     * <p>Worked example, i386 with 64 MB: Normal low 182; DMA low 87 plus lowmem_reserve[Normal] 31.
     * Faults take Normal down to 182 (it fails the test), then DMA down to 118, then one page from
     * Normal at the min watermark: Normal 181 &lt; 182 and DMA fails too, so kswapd wakes for Normal.
     * A lower zone that only fails because of its lowmem_reserve (DMA below a large Normal) does not
     * wake kswapd while a higher zone passes: that reserve keeps Normal's allocations out of DMA, it
     * is not a reclaim target (DMA holds no LRU pages to reclaim).
     */
    public void allocated(int gfp) {
        int highest = buddy.gfpZone(gfp);
        Zone below = null;
        for (int i = Math.min(highest, buddy.nrZones() - 1); i >= 0; i--) {
            Zone z = buddy.zone(i);
            if (z == null || !z.populated() || z.managed() == 0) {
                continue;
            }
            if (buddy.zoneWatermarkOk(z, 0, z.low(), highest, 0)) {
                return; // the fast path still succeeds: no wakeup
            }
            if (below == null && z.freePages() < z.low()) {
                below = z;
            }
        }
        if (below != null) {
            kswapd(below);
        }
    }

    /**
     * Mirrors kswapd() → balance_pgdat() for one zone: shrink in SWAP_CLUSTER_MAX batches until the
     * zone is balanced (zone_watermark_ok() at the high watermark: free strictly above high) or a
     * batch frees nothing (swap full, nothing inactive left: the kernel counts a kswapd_failure).
     */
    @Override
    public long kswapdRuns() {
        return kswapdRuns;
    }

    private void kswapd(Zone z) {
        if (kswapdFailures >= MAX_RECLAIM_RETRIES) {
            return; // wakeup_kswapd(): a hopeless kswapd sleeps; direct reclaim and the OOM killer remain
        }
        kswapdRuns++;
        sink.emit(new KernelMessage(String.format("kswapd0: woken for zone %s (free %d < low %d)", z.name(),
                z.freePages(), z.low()), false));
        long got = 0;
        boolean recount = true;
        while (z.freePages() <= z.high()) {
            long batch = shrink(z, Math.min(SWAP_CLUSTER_MAX, z.high() + 1 - z.freePages()), recount);
            recount = false;
            if (batch == 0) {
                break;
            }
            got += batch;
        }
        sink.emit(new KernelMessage(String.format("kswapd0: reclaimed %d pages", got), false));
        kswapdFailures = got == 0 ? kswapdFailures + 1 : 0;
    }

    /**
     * __alloc_pages_slowpath() for a user page that the allocator refused: direct reclaim in the
     * allocating task, then, when nothing could be reclaimed, out_of_memory(). Returns true when
     * memory was freed and the caller should retry; false when the faulting process itself was
     * chosen (its fault ends in SIGKILL) or nothing could be done.
     */
    public boolean slowpath(MmStruct current, int pid) {
        String comm = "?";
        for (Candidate c : tasks) {
            if (c.pid() == pid) {
                comm = c.comm();
            }
        }
        long got = shrink(null, SWAP_CLUSTER_MAX);
        if (got > 0) {
            kswapdFailures = 0; // as a successful direct reclaim resets pgdat->kswapd_failures
            sink.emit(new KernelMessage(String.format("direct reclaim: %s[%d] reclaimed %d pages", comm, pid, got), false));
            return true;
        }
        return outOfMemory(current);
    }

    private static final long SWAP_CLUSTER_MAX = 32;

    /**
     * Mirrors out_of_memory() → select_bad_process() → oom_kill_process(): the process with the
     * highest oom_badness() (rss + swap entries + page-table pages; oom_score_adj 0 everywhere) is
     * killed and the kernel's line is printed. Returns true when a process other than
     * {@code current} was killed (its memory is free now).
     */
    public boolean outOfMemory(MmStruct current) {
        Candidate victim = null;
        long best = -1;
        long[] bestStats = null;
        for (Candidate c : tasks) {
            MmStruct mm = c.mm();
            if (mm == null) {
                continue;
            }
            long[] st = badness(mm);
            long points = st[0] + st[1] + st[2] + st[3] + st[4];
            if (points > best) {
                best = points;
                victim = c;
                bestStats = st;
            }
        }
        if (victim == null) {
            sink.emit(new KernelMessage("Kernel panic - not syncing: System is deadlocked on memory", true));
            return false;
        }
        oomKills++;
        MmStruct vm = victim.mm();
        sink.emit(new KernelMessage(String.format("Out of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, "
                + "file-rss:%dkB, shmem-rss:%dkB, UID:0 pgtables:%dkB oom_score_adj:0", victim.pid(), victim.comm(),
                vm.totalVm() * 4, bestStats[1] * 4, bestStats[0] * 4, bestStats[2] * 4, bestStats[4] * 4), true));
        if (vm == current) {
            victim.killAfterFault();
            return false;
        }
        victim.kill();
        return true;
    }

    /** {file, anon, shmem rss, swap entries, page-table pages} of an mm (get_mm_rss(), MM_SWAPENTS, mm_pgtables_bytes()). */
    static long[] badness(MmStruct mm) {
        long[] rss = mm.rssCounters();
        long swapents = 0;
        java.util.HashSet<Long> tables = new java.util.HashSet<>();
        PageTables pt = mm.pageTables();
        for (Vma v = mm.findVma(0); v != null; v = mm.findVma(v.vmEnd())) {
            for (long a = v.vmStart(); Long.compareUnsigned(a, v.vmEnd()) < 0; a += MmStruct.PAGE_SIZE) {
                long slot = pt.pteSlot(mm.pgd, a);
                if (slot < 0) {
                    a = pt.nextPteTable(mm.pgd, a, v.vmEnd()) - MmStruct.PAGE_SIZE; // empty levels skip whole
                    continue;
                }
                tables.add(slot >>> 12);
                if (SwapOps.isSwapPte(pt.readEntry(slot))) {
                    swapents++;
                }
            }
        }
        return new long[] {rss[0], rss[1], rss[2], swapents, tables.size() + 1};
    }

    /**
     * Mirrors shrink_node() → shrink_lruvec(): how much to take from the anon and the file lists
     * (get_scan_count()), then up to four aging passes over them until {@code nrPages} are freed
     * (pages in {@code zone}, or anywhere when null). Returns the pages freed.
     *
     * <p>get_scan_count() as modelled: without swap space, or with no anonymous page on the LRU, only
     * the file lists are scanned (SCAN_FILE); while the inactive file list is not smaller than the
     * active one, the page cache is trimmed first (cache_trim_mode: SCAN_FILE); otherwise the work is
     * split by vm_swappiness (60): 60/200 of it from the anon lists, 140/200 from the file lists
     * (SCAN_FRACT, with equal anon and file reclaim costs). What one side cannot give is taken from the
     * other (the model does not stop at the proportions, as shrink_lruvec() does once enough was freed).
     */
    long shrink(Zone zone, long nrPages) {
        return shrink(zone, nrPages, true);
    }

    /**
     * {@link #shrink(Zone, long)}; {@code recount} false keeps the list sizes the previous batch of the
     * same reclaim run left (nothing else runs in between: counting every list for each batch of 32
     * pages made kswapd quadratic on a large page cache).
     */
    long shrink(Zone zone, long nrPages, boolean recount) {
        if (recount) {
            long[] lru = lruAnon();
            active = lru[0];
            inactive = lru[1];
            files.recount();
        }
        long fileActive = files.active();
        long fileInactive = files.inactive();
        boolean canSwap = swapSpace() && active + inactive > 0;
        long fileTarget;
        if (!canSwap || (fileInactive > 0 && fileInactive >= fileActive)) {
            fileTarget = nrPages; // SCAN_FILE (no swap) or cache_trim_mode
        } else if (fileActive + fileInactive == 0) {
            fileTarget = 0; // SCAN_ANON: no page cache to take from
        } else {
            fileTarget = (nrPages * (200 - SWAPPINESS) + 199) / 200; // SCAN_FRACT
        }
        Rmap rmap = new Rmap(liveMms());
        long anonTarget = canSwap ? nrPages - fileTarget : 0;
        long freedFile = 0;
        long freedAnon = 0;
        for (int pass = 0; pass < 4 && freedFile + freedAnon < nrPages; pass++) {
            freedFile += files.shrink(zone, fileTarget - freedFile, rmap);
            for (Candidate c : new ArrayList<>(tasks)) {
                MmStruct mm = c.mm();
                if (mm != null && mm.swap != null && freedAnon < anonTarget) {
                    freedAnon += shrinkMm(mm, zone, anonTarget - freedAnon, rmap);
                }
            }
            if (pass >= 1) {
                // what one side could not give after two aging passes, the other gives
                fileTarget = nrPages - freedAnon;
                anonTarget = canSwap ? nrPages - freedFile : 0;
            }
        }
        long freed = freedFile + freedAnon;
        pgsteal += freedAnon;
        return freed;
    }

    /** vm_swappiness's default (mm/vmscan.c). */
    private static final int SWAPPINESS = 60;

    private boolean swapSpace() {
        for (Candidate c : tasks) {
            MmStruct mm = c.mm();
            if (mm != null && mm.swap != null) {
                return mm.swap.usedPages() < mm.swap.pages();
            }
        }
        return false;
    }

    /** Every live mm once (the processes'; threads share theirs). */
    private List<MmStruct> liveMms() {
        List<MmStruct> out = new ArrayList<>();
        for (Candidate c : tasks) {
            MmStruct mm = c.mm();
            if (mm != null && !out.contains(mm)) {
                out.add(mm);
            }
        }
        return out;
    }

    private long shrinkMm(MmStruct mm, Zone zone, long nrPages, Rmap rmap) {
        PageTables pt = mm.pageTables();
        long freed = 0;
        for (Vma v = mm.findVma(0); v != null && freed < nrPages; v = mm.findVma(v.vmEnd())) {
            if (v.has(Vma.VM_LOCKED) || v.anonVma() == 0) {
                continue; // mlocked pages are unevictable; a VMA without anon_vma has no anon pages
            }
            for (long a = v.vmStart(); Long.compareUnsigned(a, v.vmEnd()) < 0 && freed < nrPages; a += MmStruct.PAGE_SIZE) {
                long slot = pt.pteSlot(mm.pgd, a);
                if (slot < 0) {
                    a = pt.nextPteTable(mm.pgd, a, v.vmEnd()) - MmStruct.PAGE_SIZE; // empty levels skip whole
                    continue;
                }
                long pte = pt.readEntry(slot);
                if (!Pte.present(pte) || Pte.special(pte)) {
                    continue;
                }
                long pfn = Pte.pfn(pte);
                if (mm.isZeroPfn(pfn) || !memMap.test(pfn, MemMap.PG_lru) || !memMap.test(pfn, MemMap.PG_anon)
                        || (zone != null && !zone.spans(pfn))) {
                    continue;
                }
                pgscan++;
                boolean isActive = memMap.test(pfn, MemMap.PG_active);
                // a page shared since fork is aged and unmapped through its anon_vma (every mapping)
                List<long[]> maps = memMap.mapcount(pfn) > 1 ? rmap.anonMappings(a, pfn) : null;
                boolean young;
                if (maps == null) {
                    young = (pte & Pte._PAGE_ACCESSED) != 0;
                    if (young) {
                        pt.writeEntry(slot, pte & ~Pte._PAGE_ACCESSED); // folio_referenced() → ptep_clear_flush_young()
                    }
                } else {
                    young = Rmap.referenced(pt, maps) > 0;
                }
                if (young) {
                    if (!isActive) {
                        memMap.set(pfn, MemMap.PG_active); // FOLIOREF_ACTIVATE: back to the active list
                        active++;
                        inactive--;
                    }
                } else if (isActive) {
                    if (inactive < active) {
                        // shrink_active_list() only while inactive_is_low() (inactive_ratio 1 below 1 GB)
                        memMap.clear(pfn, MemMap.PG_active);
                        active--;
                        inactive++;
                    }
                } else {
                    long n = maps == null ? Vmscan.pageoutRange(mm, v, a, a + MmStruct.PAGE_SIZE)
                            : swapOutShared(mm, pfn, maps);
                    inactive -= n;
                    freed += n;
                }
            }
        }
        return freed;
    }

    /**
     * pgdat_balanced() gave up: kswapd failed MAX_RECLAIM_RETRIES times in a row (zoneinfo's
     * node_unreclaimable, mm/vmstat.c).
     */
    public boolean nodeUnreclaimable() {
        return kswapdFailures >= MAX_RECLAIM_RETRIES;
    }

    /**
     * shrink_folio_list() for an anonymous page mapped by several processes (shared since fork):
     * add_to_swap() gives it one slot, try_to_unmap() walks the anon_vma and puts the swap entry in
     * every pte (one swap_map count each), the contents go to the slot and the frame is freed. Needs
     * every mapping found ({@link Rmap}); returns the pages freed (0 or 1).
     */
    private long swapOutShared(MmStruct mm, long pfn, List<long[]> maps) {
        SwapInfo swap = mm.swap;
        if (maps.size() != memMap.mapcount(pfn) || memMap.refcount(pfn) != maps.size()) {
            return 0;
        }
        long s = swap.allocSlot();
        if (s < 0) {
            return 0;
        }
        PhysMem mem = mm.pageTables().mem();
        long[] words = null;
        if (mem.hasContents(pfn)) {
            words = new long[SwapArea.words()];
            for (int w = 0; w < words.length; w++) {
                words[w] = mem.read((pfn << 12) + 8L * w, 8);
            }
        }
        swap.write(s, words);
        PageTables pt = mm.pageTables();
        for (int i = 0; i < maps.size(); i++) {
            if (i > 0) {
                swap.dup(s);
            }
            pt.writeEntry(maps.get(i)[0], SwapOps.swpEntryToPte(s));
            memMap.decMapcount(pfn);
            mm.putPage(pfn);
        }
        return 1;
    }

    /** Active(anon) and Inactive(anon) in pages: {active, inactive}. */
    public long[] lruAnon() {
        long active = 0;
        long inactive = 0;
        for (long pfn = memMap.nextTouched(0, MemMap.PG_lru); pfn < memMap.size();
                pfn = memMap.nextTouched(pfn + 1, MemMap.PG_lru)) {
            if (memMap.test(pfn, MemMap.PG_lru) && memMap.test(pfn, MemMap.PG_anon)) {
                if (memMap.test(pfn, MemMap.PG_active)) {
                    active++;
                } else {
                    inactive++;
                }
            }
        }
        return new long[] {active, inactive};
    }

    /** The /proc/vmstat-like counters: {kswapd wakeups, anon pages scanned, anon pages reclaimed, oom kills}. */
    public long[] counters() {
        return new long[] {kswapdRuns, pgscan, pgsteal, oomKills};
    }

    /**
     * A page-cache miss found a shadow entry: the page reclaim had evicted at {@code evictionAge}
     * comes back in {@code pfn} (workingset_refault(): it may start on the active list).
     */
    public void refaulted(long pfn, long evictionAge) {
        files.refault(pfn, evictionAge, active, inactive, swapSpace());
    }

    /**
     * The reclaim lines of /proc/vmstat (mm/vmstat.c names) this model counts, in the kernel's order:
     * pages scanned and reclaimed per list, kswapd runs, dirty pages reclaim wrote, refaults, OOM kills.
     */
    public String vmstat() {
        return String.format("workingset_refault_file %d%nworkingset_activate_file %d%nnr_vmscan_write %d%n"
                + "pgscan_anon %d%npgscan_file %d%npgsteal_anon %d%npgsteal_file %d%npageoutrun %d%noom_kill %d%n",
                files.workingsetRefault, files.workingsetActivate, files.written,
                pgscan, files.pgscanFile, pgsteal, files.pgstealFile, kswapdRuns, oomKills);
    }

    /** The file side: {file pages scanned, file pages reclaimed, dirty file pages written back}. */
    public long[] fileCounters() {
        return new long[] {files.pgscanFile, files.pgstealFile, files.written};
    }
}
