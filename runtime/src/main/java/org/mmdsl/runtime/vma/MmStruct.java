package org.mmdsl.runtime.vma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.reclaim.SwapArea;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Mman;

/**
 * struct mm_struct: the VMAs of one address space, its page directory and the layout fields the
 * kernel keeps (mmap_base, task_size, start_code ... start_stack). It does not know which task
 * uses it.
 *
 * <p>VMAs are kept in an array sorted by vm_start (the kernel's maple tree); lookups are binary
 * searches that allocate nothing. System calls return the kernel's values: an address or 0 on
 * success, {@code -errno} on failure ({@link Errno#asResult()}).
 *
 * <p>Neighbours: the fault path that fills the page tables is {@code fault.FaultHandler}; maps is
 * rendered by {@code proc.ProcMaps}.
 */
public final class MmStruct {
    public static final long PAGE_SIZE = PagingMode.PAGE_SIZE;
    public static final long PAGE_MASK = PagingMode.PAGE_MASK;
    /** stack_guard_gap: 256 pages. */
    public static final long STACK_GUARD_GAP = 256 * PAGE_SIZE;
    /** The effective mmap_min_addr (CONFIG_LSM_MMAP_MIN_ADDR = 65536). */
    public static final long DEFAULT_MMAP_MIN_ADDR = 65536;
    /** vm.mmap_min_addr, the DAC limit checked for MAP_FIXED without CAP_SYS_RAWIO. */
    public static final long DAC_MMAP_MIN_ADDR = 4096;
    public static final int DEFAULT_MAX_MAP_COUNT = 65530;
    /** The initial [stack] VMA under ADDR_NO_RANDOMIZE: 132 KiB. */
    public static final long INITIAL_STACK_SIZE = 0x21000;
    /**
     * 2.6.24's initial [stack]: the argument page plus EXTRA_STACK_VM_PAGES (20) that
     * setup_arg_pages() adds with expand_stack() (fs/exec.c), 84 KiB.
     */
    public static final long INITIAL_STACK_SIZE_2_6 = 0x15000;
    public static final long TASK_SIZE_64 = 0x7ffff_ffff_000L;
    /** IA32_PAGE_OFFSET: TASK_SIZE of a 32-bit task on a 64-bit kernel. */
    public static final long TASK_SIZE_COMPAT = 0xffffe000L;
    private static final long SIZE_128M = 128L << 20;
    private static final long PMD_SIZE = 2L << 20;
    private static final long VSYSCALL_ADDR = 0xffffffffff600000L;

    private final KernelPageTables kpt;
    private final PageTables pt;
    private final MemMap memMap;
    private final FrameAllocator alloc;
    private final KernelVersion version;
    private final boolean task64;

    private Vma[] vmas = new Vma[16];
    private int mapCount;
    /**
     * 2.6's one-entry mm->mmap_cache, used by {@link #findVma} only when {@link #enableMmapCache()}
     * was called (kernel 2.6). 6.1 has none: vmacache (3.15) replaced it and went itself with the
     * maple tree in 6.1.
     */
    private boolean mmapCacheOn;
    private Vma mmapCache;
    private long mmapCacheHits;
    private long mmapCacheMisses;
    /**
     * 2.6.24's mm->free_area_cache and mm->cached_hole_size (kernel 2.6 only): where the last
     * get_unmapped_area() search ended and the largest hole it skipped; kernel/fork.c mm_init() sets
     * TASK_UNMAPPED_BASE and ~0UL (an i386 unsigned long: 0xffffffff). 6.1 has neither (the maple
     * tree finds gaps directly).
     */
    private long freeAreaCache;
    private long cachedHoleSize = ULONG_MAX_32;
    private static final long ULONG_MAX_32 = 0xffffffffL;
    private long nextAnonVma = 1;
    private long nextShmemIno = 1;
    /** mm_users: tasks using the address space (CLONE_VM threads one each); see {@code fork.Fork.mmput()}. */
    private int mmUsers = 1;
    /** mm_count: references to the mm_struct itself; all mm_users together hold one. */
    private int mmCount = 1;
    private boolean pgdFreed;

    /** The page directory's pfn (mm->pgd). */
    public final long pgd;
    /** mm->owner as a name, "comm[pid]" of the task the mm was made for (for messages only). */
    public String owner;
    public long taskSize;
    public long mmapBase;
    public long startCode;
    public long endCode;
    public long startData;
    public long endData;
    public long startBrk;
    public long brk;
    public long startStack;
    /** RLIMIT_STACK now (setrlimit changes it; mmap_base was fixed at exec). */
    public long stackRlimit = ExecImage.DEFAULT_STACK_RLIMIT;
    public long mmapMinAddr = DEFAULT_MMAP_MIN_ADDR;
    public int maxMapCount = DEFAULT_MAX_MAP_COUNT;
    /** The task has CAP_SYS_RAWIO (root): MAP_FIXED below mmap_min_addr is allowed. */
    public boolean capSysRawio = true;
    /**
     * The legacy bottom-up layout (vm.legacy_va_layout, or personality ADDR_COMPAT_LAYOUT as
     * {@code setarch -L} sets it): mmap_base is TASK_UNMAPPED_BASE and the search goes up from
     * there (arch/x86/mm/mmap.c arch_pick_mmap_layout(), arch_get_unmapped_area()). Set before
     * {@link #execLayout}.
     */
    public boolean legacyLayout;
    /** The task has CAP_IPC_LOCK (root): RLIMIT_MEMLOCK does not bind mlock (mm/mlock.c). */
    public boolean capIpcLock = true;
    /** RLIMIT_MEMLOCK in bytes (8 MiB default since 5.16); {@link ExecImage#RLIM_INFINITY} for none. */
    public long memlockRlimit = 8L << 20;
    /**
     * mm->def_flags: flags every new VMA gets; mlockall(MCL_FUTURE) puts VM_LOCKED (and
     * VM_LOCKONFAULT) here.
     */
    public long defFlags;
    /** The system's swap area, or null without swap (then anonymous pages are never swapped out). */
    public SwapArea swap;
    /** The machine's reclaim (kswapd, direct reclaim, OOM killer), or null (tests without a Kernel). */
    public org.mmdsl.runtime.reclaim.Reclaim reclaim;
    /** RLIMIT_AS in bytes: total_vm may not grow beyond it (may_expand_vm()). */
    public long rlimitAs = ExecImage.RLIM_INFINITY;
    /** RLIMIT_DATA in bytes: data_vm (private writable, not stack) and the brk area (check_data_rlimit()). */
    public long rlimitData = ExecImage.RLIM_INFINITY;
    /**
     * totalram_pages() + total_swap_pages for the overcommit heuristic (vm.overcommit_memory = 0):
     * one accountable request larger than this is ENOMEM (__vm_enough_memory()). -1: not checked.
     */
    public long commitLimitPages = -1;
    /**
     * The system's overcommit policy and commit charge (vm.overcommit_memory ...), shared by every
     * mm of a machine; null: only {@link #commitLimitPages} applies (tests without a Kernel).
     */
    public Overcommit overcommit;
    /** hiwater_rss in pages: the largest RSS seen at an unmap (update_hiwater_rss()). */
    long hiwaterRss;
    /** hiwater_vm in pages (VmPeak). */
    long hiwaterVm;

    /**
     * mm_populate(): faults [start, end) in as get_user_pages() would. The fault path lives in
     * {@code fault}, which registers itself here (this package must not depend on it).
     */
    public interface Populator {
        /** Faults in every accessible page of [start, end); errors are ignored, as __mm_populate() does. */
        void populate(long start, long end);

        /** A write fault at addr, as get_user_pages(FOLL_WRITE) takes it (MADV_POPULATE_WRITE). */
        void writeFault(long addr);
    }

    private Populator populator;

    /** Registers the fault path that MAP_POPULATE, MAP_LOCKED and mlock use to fault pages in. */
    public void setPopulator(Populator p) {
        this.populator = p;
    }

    /** A write fault at addr through the registered fault path (none: nothing happens). */
    void writeFault(long addr) {
        if (populator != null) {
            populator.writeFault(addr);
        }
    }

    /** mm_populate(start, len) when a fault path is registered (without one nothing is faulted). */
    void mmPopulate(long start, long end) {
        if (populator != null) {
            populator.populate(start, end);
        }
    }

    private MmStruct(KernelPageTables kpt, boolean task64, KernelVersion version, long pgd) {
        this.kpt = kpt;
        this.pt = kpt.pageTables();
        this.memMap = pt.memMap();
        this.alloc = pt.allocator();
        this.task64 = task64;
        this.version = version;
        this.pgd = pgd;
        if (kpt.kernel64()) {
            this.taskSize = task64 ? TASK_SIZE_64 : TASK_SIZE_COMPAT;
        } else {
            if (task64) {
                throw new IllegalArgumentException("a 32-bit kernel runs only 32-bit tasks");
            }
            this.taskSize = kpt.pageOffset();
        }
        this.mmapBase = taskSize;
        if (version == KernelVersion.V2_6) {
            // 2.6.24 security/security.c: "unsigned long mmap_min_addr; /* 0 means no protection */"
            this.mmapMinAddr = 0;
            this.freeAreaCache = taskUnmappedBase();
        }
    }

    /**
     * Mirrors mm_alloc() + pgd_alloc() for a new task: empty address space, fresh page directory.
     *
     * @return the mm, or null when no frame is left for the page directory
     */
    public static MmStruct create(KernelPageTables kpt, boolean task64, KernelVersion version) {
        long pgd = kpt.pgdAlloc();
        return pgd < 0 ? null : new MmStruct(kpt, task64, version, pgd);
    }

    /** {@link #create(KernelPageTables, boolean, KernelVersion)} for Linux 6.1. */
    public static MmStruct create(KernelPageTables kpt, boolean task64) {
        return create(kpt, task64, KernelVersion.V6_1);
    }

    /**
     * Mirrors the first half of kernel/fork.c dup_mm(): the new mm starts as a copy of
     * {@code oldmm}'s fields (memcpy(mm, oldmm)): layout (task_size, mmap_base, start_code ..
     * start_stack, brk), rlimit, mmap_min_addr, max_map_count, capabilities and the identity
     * counters, then mm_init() gives it no VMAs, mm_users = mm_count = 1 and a new page directory
     * (mm_alloc_pgd()). The VMAs and page tables are copied by {@code fork.Fork} (dup_mmap()).
     *
     * @return the new mm, or null when no frame is left for the page directory
     */
    public static MmStruct dupMmStruct(MmStruct oldmm) {
        long pgd = oldmm.kpt.pgdAlloc();
        if (pgd < 0) {
            return null;
        }
        MmStruct mm = new MmStruct(oldmm.kpt, oldmm.task64, oldmm.version, pgd);
        mm.taskSize = oldmm.taskSize;
        mm.mmapBase = oldmm.mmapBase;
        mm.startCode = oldmm.startCode;
        mm.endCode = oldmm.endCode;
        mm.startData = oldmm.startData;
        mm.endData = oldmm.endData;
        mm.startBrk = oldmm.startBrk;
        mm.brk = oldmm.brk;
        mm.startStack = oldmm.startStack;
        mm.stackRlimit = oldmm.stackRlimit;
        mm.mmapMinAddr = oldmm.mmapMinAddr;
        mm.maxMapCount = oldmm.maxMapCount;
        mm.capSysRawio = oldmm.capSysRawio;
        // the rest of what the child shares with its parent's task: rlimits (copy_signal()),
        // capabilities (copy_creds()), the layout choice (mm->flags MMF_TOPDOWN, memcpy'd), and
        // the system's overcommit limit; def_flags is not inherited (mm_init() keeps only
        // VM_INIT_DEF_MASK = VM_NOHUGEPAGE of it, so mlockall(MCL_FUTURE) ends in the child)
        mm.legacyLayout = oldmm.legacyLayout;
        mm.exeFile = oldmm.exeFile; // dup_mm_exe_file(): the child denies writes to it too
        mm.capIpcLock = oldmm.capIpcLock;
        mm.memlockRlimit = oldmm.memlockRlimit;
        mm.rlimitAs = oldmm.rlimitAs;
        mm.rlimitData = oldmm.rlimitData;
        mm.commitLimitPages = oldmm.commitLimitPages;
        mm.overcommit = oldmm.overcommit;
        mm.keptSplits = oldmm.keptSplits.clone(); // dup_mmap() copies the VMAs as they are
        mm.swap = oldmm.swap;
        mm.reclaim = oldmm.reclaim;
        mm.nextAnonVma = oldmm.nextAnonVma;
        mm.nextShmemIno = oldmm.nextShmemIno;
        mm.mmapCacheOn = oldmm.mmapCacheOn; // 2.6 dup_mmap(): the child's mmap_cache starts NULL
        mm.freeAreaCache = oldmm.mmapBase; // 2.6.24 dup_mmap(): free_area_cache = oldmm->mmap_base
        mm.cachedHoleSize = ULONG_MAX_32;
        return mm;
    }

    /**
     * For kernel/fork.c dup_mmap() ({@code fork.Fork}): appends to this child mm a copy of the
     * parent's VMA {@code src} (vm_area_dup() + the file's get_file()) with {@code vmFlags}.
     * With {@code anonVmaFork} the copy gets an anon_vma of its own chained to the parent's
     * (anon_vma_fork(): {@link Vma#hadUncowedParents()} becomes true); without, none
     * (VM_WIPEONFORK, or a parent VMA without one). Callers add VMAs in address order; nothing
     * is merged and no page-table entry is copied.
     *
     * @return the copy
     */
    public Vma insertVmaCopy(Vma src, long vmFlags, boolean anonVmaFork) {
        if (mapCount > 0 && Long.compareUnsigned(vmas[mapCount - 1].vmEnd, src.vmStart) > 0) {
            throw new IllegalArgumentException("VMA copies must come in address order: " + src);
        }
        Vma v = new Vma(src.vmStart, src.vmEnd, vmFlags, src.vmPgoff, src.file, 0, src.special);
        if (anonVmaFork) {
            v.anonVma = nextAnonVma++;
            v.uncowedParents = true;
        }
        insert(v);
        return v;
    }

    // ---------------------------------------------------------------- mm_users, mm_count

    /** mm_users: how many tasks use this address space. */
    public int mmUsers() {
        return mmUsers;
    }

    /** mm_count: references to the mm_struct (one for all users, plus mmgrab()s). */
    public int mmCount() {
        return mmCount;
    }

    /** atomic_inc(&mm->mm_users) as mmget() does; the caller already holds a user reference. */
    public void incMmUsers() {
        if (mmUsers <= 0) {
            throw new IllegalStateException("mmget on an mm without users");
        }
        mmUsers++;
    }

    /** atomic_dec_and_test(&mm->mm_users): returns the users left. Tears nothing down itself. */
    public int decMmUsers() {
        if (mmUsers <= 0) {
            throw new IllegalStateException("mmput on an mm without users");
        }
        return --mmUsers;
    }

    /** atomic_inc(&mm->mm_count) as mmgrab() does. */
    public void incMmCount() {
        if (mmCount <= 0) {
            throw new IllegalStateException("mmgrab on a freed mm");
        }
        mmCount++;
    }

    /** atomic_dec_and_test(&mm->mm_count): returns the references left. Frees nothing itself. */
    public int decMmCount() {
        if (mmCount <= 0) {
            throw new IllegalStateException("mmdrop on a freed mm");
        }
        return --mmCount;
    }

    public KernelPageTables kernelPageTables() {
        return kpt;
    }

    public PageTables pageTables() {
        return pt;
    }

    public KernelVersion version() {
        return version;
    }

    /** A 64-bit task (TIF_ADDR32 clear). */
    public boolean is64() {
        return task64;
    }

    /** The task's word size in bytes: 8 or 4. */
    public int wordSize() {
        return task64 ? 8 : 4;
    }

    /** TASK_SIZE_MAX: addresses from here on are kernel space for the fault handler. */
    public long taskSizeMax() {
        return kpt.kernel64() ? TASK_SIZE_64 : kpt.pageOffset();
    }

    public int mapCount() {
        return mapCount;
    }

    /** The VMAs in address order (a copy). */
    public List<Vma> vmas() {
        return new ArrayList<>(Arrays.asList(vmas).subList(0, mapCount));
    }

    public Vma vmaAt(int index) {
        return vmas[index];
    }

    // ---------------------------------------------------------------- counters (vm_stat_account)

    /** total_vm in pages. */
    public long totalVm() {
        long n = 0;
        for (int i = 0; i < mapCount; i++) {
            n += vmas[i].pages();
        }
        return n;
    }

    /** locked_vm in pages: the pages of VM_LOCKED VMAs (mlock_fixup() keeps it so). */
    public long lockedVm() {
        long n = 0;
        for (int i = 0; i < mapCount; i++) {
            if (vmas[i].has(Vma.VM_LOCKED)) {
                n += vmas[i].pages();
            }
        }
        return n;
    }

    /**
     * RSS in pages by type, as the mm's rss_stat counters MM_FILEPAGES, MM_ANONPAGES,
     * MM_SHMEMPAGES hold them: every present pte of a normal page counts once, in the counter of
     * its page (anon page; shmem page of a shared-anonymous object; other file page); the shared
     * zero page is not counted (vm_normal_page() returns NULL for it). The kernel adjusts the
     * counters at every pte change; the sum over the page tables is the same number at every
     * system-call boundary, so it is computed here when asked.
     *
     * @return {file, anon, shmem}
     */
    public long[] rssCounters() {
        long[] c = new long[3];
        for (int i = 0; i < mapCount; i++) {
            Vma v = vmas[i];
            for (long a = v.vmStart; Long.compareUnsigned(a, v.vmEnd) < 0; a += PAGE_SIZE) {
                long slot = pt.pteSlot(pgd, a);
                if (slot < 0) {
                    a = pt.nextPteTable(pgd, a, v.vmEnd) - PAGE_SIZE; // skip empty pmd/pud/pgd entries
                    continue;
                }
                long e = pt.readEntry(slot);
                // vm_normal_page() is NULL for remap_pfn_range()'s special ptes (6.1
                // pte_special(); 2.6.24: a VM_PFNMAP pfn of the linear remap or of a non-COW
                // mapping, which DeviceMap marks special too), so zap_pte_range() and
                // copy_pte_range() never touch an rss counter for them: get_mm_rss() leaves
                // them out, as smaps' Rss does
                if (!ptePresent(e) || isZeroPfn(Pte.pfn(e)) || Pte.special(e)) {
                    continue;
                }
                long pfn = Pte.pfn(e);
                if (memMap.test(pfn, MemMap.PG_anon)) {
                    c[1]++;
                } else if (v.file != null && v.file.shmem) {
                    c[2]++;
                } else {
                    c[0]++;
                }
            }
        }
        return c;
    }

    /** MM_SWAPENTS: the swap entries in this mm's ptes (VmSwap). */
    public long swapEnts() {
        long n = 0;
        for (int i = 0; i < mapCount; i++) {
            Vma v = vmas[i];
            for (long a = v.vmStart; Long.compareUnsigned(a, v.vmEnd) < 0; a += PAGE_SIZE) {
                long slot = pt.pteSlot(pgd, a);
                if (slot < 0) {
                    a = pt.nextPteTable(pgd, a, v.vmEnd) - PAGE_SIZE; // skip empty pmd/pud/pgd entries
                    continue;
                }
                if (SwapArea.isSwapPte(pt.readEntry(slot))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** get_mm_rss() in pages. */
    public long rss() {
        long[] c = rssCounters();
        return c[0] + c[1] + c[2];
    }

    /** hiwater_rss as VmHWM shows it: max(hiwater_rss, current rss). */
    public long hiwaterRss() {
        return Math.max(hiwaterRss, rss());
    }

    /** hiwater_vm as VmPeak shows it: max(hiwater_vm, total_vm). */
    public long hiwaterVm() {
        return Math.max(hiwaterVm, totalVm());
    }

    /**
     * Mirrors update_hiwater_rss() / update_hiwater_vm() as the munmap paths call them before
     * pages and VMAs go (unmap_region()/vms_clear_ptes(), remove_vma_list()/
     * vms_complete_munmap_vmas()). VmPeak and VmHWM are max(hiwater, now): a peak between two
     * such calls that nothing lowered is seen anyway; one that reclaim lowered (try_to_unmap()
     * updates no hiwater) is lost, as in the kernel.
     */
    void updateHiwater() {
        updateHiwaterRss();
        hiwaterVm = hiwaterVm();
    }

    /**
     * Mirrors update_hiwater_rss() alone: zap_page_range()/zap_page_range_single() (MADV_DONTNEED,
     * MADV_REMOVE, truncation, guard install) and unmap_region() record the RSS they are about to
     * lower; nothing here touches hiwater_vm.
     */
    void updateHiwaterRss() {
        hiwaterRss = hiwaterRss();
    }

    /** hiwater_vm as stored (without max with total_vm): mremap's move_vma() saves and restores it. */
    long hiwaterVmRaw() {
        return hiwaterVm;
    }

    /**
     * Mirrors move_vma()'s "mm->hiwater_vm = hiwater_vm": total_vm was raised artificially for a
     * moment (old and new range both counted) and the munmap of the old range must not leave that
     * in VmPeak.
     */
    void restoreHiwaterVm(long saved) {
        hiwaterVm = saved;
    }

    /** exec_vm: VM_EXEC without VM_WRITE or VM_STACK. */
    public long execVm() {
        return sumPages(Vma.VM_EXEC | Vma.VM_WRITE | Vma.VM_STACK, Vma.VM_EXEC);
    }

    /** stack_vm: VM_STACK VMAs. */
    public long stackVm() {
        long n = 0;
        for (int i = 0; i < mapCount; i++) {
            if (vmas[i].has(Vma.VM_STACK)) {
                n += vmas[i].pages();
            }
        }
        return n;
    }

    /** data_vm: private writable, not stack. */
    public long dataVm() {
        return sumPages(Vma.VM_WRITE | Vma.VM_SHARED | Vma.VM_STACK, Vma.VM_WRITE);
    }

    private long sumPages(long mask, long want) {
        long n = 0;
        for (int i = 0; i < mapCount; i++) {
            if ((vmas[i].vmFlags & mask) == want) {
                n += vmas[i].pages();
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- lookup

    /** Index of the first VMA with vm_end > addr, or mapCount. */
    int findIndex(long addr) {
        int lo = 0;
        int hi = mapCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(vmas[mid].vmEnd, addr) > 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    int indexOf(Vma v) {
        int i = findIndex(v.vmStart);
        assert vmas[i] == v;
        return i;
    }

    /** Mirrors find_vma(): the first VMA ending above addr (it may start above addr), or null. No allocation. */
    public Vma findVma(long addr) {
        if (mmapCacheOn) {
            return findVmaCached(addr);
        }
        int i = findIndex(addr);
        return i < mapCount ? vmas[i] : null;
    }

    /**
     * Mirrors 2.6's mm/mmap.c find_vma(): a hit when the cached VMA contains addr; otherwise walk the
     * tree (here: the sorted array) and cache what was found, even a VMA that starts above addr.
     * Example: a cache holding b7ff6000-b7ffa000 hits for 0xb7ff7010 and misses for 0x08048000,
     * which then replaces it.
     */
    private Vma findVmaCached(long addr) {
        Vma v = mmapCache;
        if (v != null && Long.compareUnsigned(v.vmEnd, addr) > 0 && Long.compareUnsigned(v.vmStart, addr) <= 0) {
            mmapCacheHits++;
            return v;
        }
        mmapCacheMisses++;
        int i = findIndex(addr);
        v = i < mapCount ? vmas[i] : null;
        if (v != null) {
            mmapCache = v;
        }
        return v;
    }

    /** Switches find_vma() to 2.6's mmap_cache (kernel 2.6). */
    public void enableMmapCache() {
        mmapCacheOn = true;
    }

    /** Whether find_vma() uses a mmap_cache (2.6) or not (6.1). */
    public boolean hasMmapCache() {
        return mmapCacheOn;
    }

    /** The VMA in mm->mmap_cache, or null (empty, or no cache in this model). */
    public Vma mmapCache() {
        return mmapCache;
    }

    public long mmapCacheHits() {
        return mmapCacheHits;
    }

    public long mmapCacheMisses() {
        return mmapCacheMisses;
    }

    /** Mirrors find_vma_prev()'s pprev: the last VMA ending at or below addr, or null. */
    public Vma findVmaPrev(long addr) {
        int i = findIndex(addr);
        return i > 0 ? vmas[i - 1] : null;
    }

    /** Mirrors find_vma_intersection(): the first VMA overlapping [start, end), or null. */
    public Vma findVmaIntersection(long start, long end) {
        Vma v = findVma(start);
        return v != null && Long.compareUnsigned(v.vmStart, end) < 0 ? v : null;
    }

    /** The VMA containing addr (vma_lookup()), or null. */
    public Vma vmaLookup(long addr) {
        Vma v = findVma(addr);
        return v != null && Long.compareUnsigned(v.vmStart, addr) <= 0 ? v : null;
    }

    void insert(Vma v) {
        int i = findIndex(v.vmStart);
        assert i == mapCount || Long.compareUnsigned(vmas[i].vmStart, v.vmEnd) >= 0 : "overlap inserting " + v;
        if (mapCount == vmas.length) {
            vmas = Arrays.copyOf(vmas, mapCount * 2);
        }
        System.arraycopy(vmas, i, vmas, i + 1, mapCount - i);
        vmas[i] = v;
        v.mm = this;
        mapCount++;
        if (v.file != null) {
            v.file.vmaGet();
        }
    }

    /**
     * Removes the VMA at index i (remove_vma()): drops its file reference; the last reference to
     * a MAP_SHARED|MAP_ANONYMOUS object frees the object's pages (shmem_evict_inode() truncates
     * the inode when its last file reference goes: such an object has no name and no fd).
     */
    void removeAt(int i) {
        Vma v = vmas[i];
        System.arraycopy(vmas, i + 1, vmas, i, mapCount - i - 1);
        vmas[--mapCount] = null;
        if (v == mmapCache) {
            mmapCache = null; // 2.6 detach_vmas_to_be_unmapped(): mm->mmap_cache = NULL
        }
        if (v.file != null && v.file.vmaPut() == 0 && v.file.shmem) {
            shmemTruncate(v.file);
        }
    }

    /** Mirrors shmem_truncate_range() over a whole unmapped object: the cache's references go. */
    private void shmemTruncate(FileRef f) {
        for (long index = f.nextCachedIndex(0); index >= 0; index = f.nextCachedIndex(index + 1)) {
            long pfn = f.cachedPfn(index);
            assert memMap.mapcount(pfn) == 0 : "truncating a mapped shmem page";
            memMap.clear(pfn, MemMap.PG_lru);
            putPage(pfn);
            f.setCachedPfn(index, -1);
        }
    }

    // ---------------------------------------------------------------- names

    /**
     * The maps name of a VMA (fs/proc/task_mmu.c show_map_vma()): the file path, the special
     * mapping's name, "[heap]" for a VMA overlapping the brk area, "[stack]" for the VMA holding
     * start_stack, or null.
     */
    public String vmaName(Vma v) {
        if (v.file != null) {
            return v.file.path;
        }
        if (v.special != Vma.Special.NONE) {
            return v.special.name;
        }
        boolean heap = switch (version) {
            // 2.6.24 fs/proc/task_mmu.c show_map_internal(): the VMA must hold all of start_brk..brk
            case V2_6 -> v.vmStart <= startBrk && v.vmEnd >= brk;
            case V6_1 -> v.vmStart <= brk && v.vmEnd >= startBrk;
            default -> v.vmStart < brk && v.vmEnd > startBrk;
        };
        if (heap) {
            return "[heap]";
        }
        if (v.vmStart <= startStack && v.vmEnd >= startStack) {
            return "[stack]";
        }
        return null;
    }

    // ---------------------------------------------------------------- merge and split

    /**
     * Mirrors is_mergeable_anon_vma(): compatible when both have the same anon_vma, or when one
     * has none and the other's chain is singular (it was not inherited through fork). Not
     * modelled: 6.1 also refuses when the VMA without an anon_vma is the existing neighbour (its
     * empty chain is not "singular"); 6.18 (vma_had_uncowed_parents()) allows that.
     */
    private static boolean anonVmaCompatible(Vma a, Vma b) {
        if (a.anonVma == 0 || b.anonVma == 0) {
            return !a.hadUncowedParents() && !b.hadUncowedParents();
        }
        return a.anonVma == b.anonVma;
    }

    /**
     * True when {@code next} can follow {@code prev} as one VMA: same flags, same file with
     * contiguous pgoff (anonymous pgoff follows the address), compatible anon_vma, neither special.
     * Mirrors the checks of mm/mmap.c can_vma_merge_after()/can_vma_merge_before().
     */
    static boolean mergeable(Vma prev, Vma next) {
        if (prev.vmEnd != next.vmStart || prev.vmFlags != next.vmFlags || prev.file != next.file) {
            return false;
        }
        if ((prev.vmFlags & Vma.VM_SPECIAL) != 0 || prev.special != Vma.Special.NONE
                || next.special != Vma.Special.NONE) {
            return false;
        }
        if (prev.file != null && prev.file.shmem && prev.file != next.file) {
            return false;
        }
        return prev.vmPgoff + prev.pages() == next.vmPgoff && anonVmaCompatible(prev, next);
    }

    /**
     * Merges the VMA at index i with compatible neighbours, lower first (vma_merge()'s cases for a
     * range equal to a whole VMA). Returns the surviving VMA.
     */
    Vma mergeAround(int i) {
        Vma v = vmas[i];
        if (i > 0 && mergeable(vmas[i - 1], v)) {
            Vma prev = vmas[i - 1];
            prev.vmEnd = v.vmEnd;
            if (prev.anonVma == 0) {
                prev.anonVma = v.anonVma;
                prev.uncowedParents = v.uncowedParents;
            }
            removeAt(i);
            i--;
            v = prev;
        }
        if (i + 1 < mapCount && mergeable(v, vmas[i + 1])) {
            Vma next = vmas[i + 1];
            v.vmEnd = next.vmEnd;
            if (v.anonVma == 0) {
                v.anonVma = next.anonVma;
                v.uncowedParents = next.uncowedParents;
            }
            removeAt(i + 1);
        }
        return v;
    }

    /**
     * Mirrors mm/mmap.c __split_vma(): splits {@code v} at {@code addr} into [start, addr) and
     * [addr, end); both keep the flags, file, anon_vma; the upper piece's pgoff advances. Does not
     * check max_map_count (see {@link #splitVma}). Returns EINVAL for a special mapping
     * (special_mapping_split()).
     *
     * @return the new upper VMA, or null when the mapping refuses to be split
     */
    Vma splitVmaUnchecked(Vma v, long addr) {
        if (v.special != Vma.Special.NONE) {
            return null;
        }
        Vma upper = v.dup();
        upper.vmStart = addr;
        upper.vmPgoff = v.vmPgoff + ((addr - v.vmStart) >>> 12);
        v.vmEnd = addr;
        insert(upper);
        return upper;
    }

    /** Mirrors split_vma(): refuses with ENOMEM when map_count >= max_map_count. */
    private long splitVma(Vma v, long addr) {
        if (mapCount >= maxMapCount) {
            return Errno.ENOMEM.asResult();
        }
        return splitVmaUnchecked(v, addr) == null ? Errno.EINVAL.asResult() : 0;
    }

    // ---------------------------------------------------------------- get_unmapped_area

    /**
     * Mirrors vm_start_gap(): a growsdown VMA keeps stack_guard_gap free below it. 2.6.24 has no
     * stack_guard_gap (4.12): its get_unmapped_area() stops at vm_start.
     */
    static long vmStartGap(Vma v) {
        if (v.has(Vma.VM_GROWSDOWN) && (v.mm == null || v.mm.version != KernelVersion.V2_6)) {
            long s = v.vmStart - STACK_GUARD_GAP;
            return Long.compareUnsigned(s, v.vmStart) > 0 ? 0 : s;
        }
        return v.vmStart;
    }

    /** Where x86's find_start_end() searches for a MAP_32BIT mapping of a 64-bit task: the second GB. */
    static final long MAP_32BIT_BEGIN = 0x40000000L;
    static final long MAP_32BIT_END = 0x80000000L;

    /** TASK_UNMAPPED_BASE: PAGE_ALIGN(TASK_SIZE / 3), the bottom-up base. */
    public long taskUnmappedBase() {
        return pageAlign(taskSize / 3);
    }

    /**
     * Mirrors mm/mmap.c unmapped_area_topdown(): the highest gap in [low, high) of at least
     * length + alignBytes, the result at its top (aligned down when alignBytes != 0).
     */
    private long unmappedAreaTopdown(long length, long low, long high, long alignBytes) {
        long need = length + alignBytes;
        for (int i = mapCount; i >= 0; i--) {
            long gapEnd = i == mapCount ? high : vmStartGap(vmas[i]);
            long gapStart = i == 0 ? 0 : vmas[i - 1].vmEnd;
            long hi = Math.min(gapEnd, high);
            long lo = Math.max(gapStart, low);
            if (hi <= lo || gapStart >= high) {
                continue;
            }
            if (hi - lo >= need) {
                long addr = hi - length;
                if (alignBytes != 0) {
                    addr &= ~(alignBytes - 1);
                }
                return addr;
            }
        }
        return Errno.ENOMEM.asResult();
    }

    /** Mirrors unmapped_area(): the lowest gap in [low, high) that fits, at its bottom. */
    private long unmappedArea(long length, long low, long high) {
        for (int i = 0; i <= mapCount; i++) {
            long gapStart = i == 0 ? 0 : vmas[i - 1].vmEnd;
            long gapEnd = i == mapCount ? high : vmStartGap(vmas[i]);
            long lo = Math.max(gapStart, low);
            long hi = Math.min(gapEnd, high);
            if (hi > lo && hi - lo >= length) {
                return lo;
            }
        }
        return Errno.ENOMEM.asResult();
    }

    /**
     * Mirrors mm/mmap.c __get_unmapped_area() with x86's arch_get_unmapped_area_topdown() and
     * arch_get_unmapped_area() (arch/x86/kernel/sys_x86_64.c): MAP_FIXED returns addr; 6.18
     * 64-bit tasks first try thp_get_unmapped_area() (ext4 files, and hint-less private
     * anonymous maps of a 2 MiB multiple); then the arch search: a hint is used when
     * [addr, addr+len) is free and clear of a stack guard gap; otherwise the highest fitting gap
     * below mmap_base, falling back to a bottom-up search from TASK_UNMAPPED_BASE to TASK_SIZE.
     * The legacy layout searches bottom-up only; MAP_32BIT (64-bit task) searches bottom-up in
     * [1 GiB, 2 GiB) whatever the layout.
     * Worked example (64-bit, empty area below [vvar] at 0x7ffff7ff7000): len 0x2000 → 0x7ffff7ff5000.
     *
     * @param addr hint, already rounded by round_hint_to_min(); 0 for none
     * @return the address, or -ENOMEM / -EINVAL
     */
    public long getUnmappedArea(FileRef file, long addr, long len, long pgoff, int flags) {
        if (Long.compareUnsigned(len, taskSize) > 0) {
            return Errno.ENOMEM.asResult();
        }
        if ((flags & Mman.MAP_FIXED) != 0) {
            if ((addr & ~PAGE_MASK) != 0) {
                return Errno.EINVAL.asResult();
            }
            if (Long.compareUnsigned(addr, taskSize - len) > 0) {
                return Errno.ENOMEM.asResult();
            }
            return addr;
        }
        if (version == KernelVersion.V6_18 && task64) {
            boolean anonPrivate = file == null && (flags & Mman.MAP_SHARED) == 0
                    && (flags & Mman.MAP_TYPE) != Mman.MAP_SHARED_VALIDATE;
            long r = 0;
            if (file != null && !file.shmem) {
                r = thpGetUnmappedArea(addr, len, pgoff << 12, flags); // ext4's f_op->get_unmapped_area
            } else if (anonPrivate && addr == 0 && (len & (PMD_SIZE - 1)) == 0) {
                r = thpGetUnmappedArea(0, len, 0, flags); // anonymous THP alignment (6.7+)
            }
            if (r != 0) {
                return r;
            }
        }
        return archGetUnmappedArea(addr, len, flags);
    }

    /**
     * mm_get_unmapped_area(): arch_get_unmapped_area_topdown() when MMF_TOPDOWN, else
     * arch_get_unmapped_area().
     */
    private long archGetUnmappedArea(long addr0, long len, int flags) {
        if (version == KernelVersion.V2_6) {
            return legacyLayout ? getUnmappedArea26(addr0, len) : getUnmappedAreaTopdown26(addr0, len);
        }
        if (legacyLayout) {
            return archGetUnmappedAreaBottomUp(addr0, len, flags);
        }
        if (task64 && (flags & Mman.MAP_32BIT) != 0) {
            return archGetUnmappedAreaBottomUp(addr0, len, flags); // "force the legacy mmap base"
        }
        if (addr0 != 0) {
            long addr = addr0 & PAGE_MASK;
            if (Long.compareUnsigned(addr, taskSize - len) <= 0) { // mmap_address_hint_valid()
                Vma v = findVma(addr);
                if (v == null || Long.compareUnsigned(addr + len, vmStartGap(v)) <= 0) {
                    return addr;
                }
            }
        }
        long r = unmappedAreaTopdown(len, Math.max(PAGE_SIZE, mmapMinAddr), mmapBase, 0);
        if (!Errno.isError(r)) {
            return r;
        }
        // "A failed mmap() very likely causes application failure, so fall back to the
        // bottom-up function here" (with the original hint)
        return archGetUnmappedAreaBottomUp(addr0, len, flags);
    }

    /**
     * 2.6.24 mm/mmap.c arch_get_unmapped_area() (i386 uses the generic one): a free hint; else the
     * first gap that fits going up from free_area_cache (from TASK_UNMAPPED_BASE when the request
     * fits a hole skipped before), once more from TASK_UNMAPPED_BASE when the top is reached.
     * Remembers the end of the result in free_area_cache. Its find_vma() calls use mmap_cache.
     */
    private long getUnmappedArea26(long addr, long len) {
        long base = taskUnmappedBase();
        if (addr != 0) {
            addr = pageAlign(addr);
            Vma v = findVma(addr);
            if (Long.compareUnsigned(taskSize - len, addr) >= 0
                    && (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0)) {
                return addr;
            }
        }
        long start;
        if (Long.compareUnsigned(len, cachedHoleSize) > 0) {
            start = addr = freeAreaCache;
        } else {
            start = addr = base;
            cachedHoleSize = 0;
        }
        while (true) { // full_search:
            Vma v = findVma(addr);
            int i = v == null ? mapCount : indexOf(v);
            while (true) {
                if (Long.compareUnsigned(taskSize - len, addr) < 0) {
                    break;
                }
                if (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0) {
                    freeAreaCache = addr + len;
                    return addr;
                }
                if (Long.compareUnsigned((addr + cachedHoleSize) & ULONG_MAX_32, v.vmStart) < 0) {
                    cachedHoleSize = v.vmStart - addr;
                }
                addr = v.vmEnd;
                i++;
                v = i < mapCount ? vmas[i] : null; // vma = vma->vm_next
            }
            if (start == base) {
                return Errno.ENOMEM.asResult();
            }
            start = addr = base;
            cachedHoleSize = 0;
        }
    }

    /**
     * 2.6.24 mm/mmap.c arch_get_unmapped_area_topdown(): a free hint; else right below
     * free_area_cache (the last result) when that fits; else the first gap that fits going down
     * from mmap_base, which becomes free_area_cache; bottom-up as the last resort. A request that
     * fits a hole skipped before starts over from mmap_base. There is no stack guard gap. Its
     * find_vma() calls use mmap_cache.
     */
    private long getUnmappedAreaTopdown26(long addr0, long len) {
        long addr = addr0;
        if (addr != 0) {
            addr = pageAlign(addr);
            Vma v = findVma(addr);
            if (Long.compareUnsigned(taskSize - len, addr) >= 0
                    && (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0)) {
                return addr;
            }
        }
        if (Long.compareUnsigned(len, cachedHoleSize) <= 0) {
            cachedHoleSize = 0;
            freeAreaCache = mmapBase;
        }
        addr = freeAreaCache;
        if (Long.compareUnsigned(addr, len) > 0) {
            Vma v = findVma(addr - len);
            if (v == null || Long.compareUnsigned(addr, v.vmStart) <= 0) {
                return freeAreaCache = addr - len;
            }
        }
        if (Long.compareUnsigned(mmapBase, len) >= 0) {
            addr = mmapBase - len;
            Vma v;
            do {
                v = findVma(addr);
                if (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0) {
                    return freeAreaCache = addr;
                }
                if (Long.compareUnsigned((addr + cachedHoleSize) & ULONG_MAX_32, v.vmStart) < 0) {
                    cachedHoleSize = v.vmStart - addr;
                }
                addr = v.vmStart - len;
            } while (Long.compareUnsigned(len, v.vmStart) < 0);
        }
        // bottomup: "A failed mmap() very likely causes application failure, so fall back to the
        // bottom-up function here"
        cachedHoleSize = ULONG_MAX_32;
        freeAreaCache = taskUnmappedBase();
        addr = getUnmappedArea26(addr0, len);
        freeAreaCache = mmapBase;
        cachedHoleSize = ULONG_MAX_32;
        return addr;
    }

    /**
     * 2.6.24 detach_vmas_to_be_unmapped() → mm->unmap_area(): arch_unmap_area_topdown() raises
     * free_area_cache to the start of the VMA above the hole (at most mmap_base);
     * arch_unmap_area() lowers it to the end of the VMA below the hole.
     */
    private void unmapArea26(int holeIndex) {
        if (legacyLayout) {
            long addr = holeIndex > 0 ? vmas[holeIndex - 1].vmEnd : mmapBase;
            if (Long.compareUnsigned(addr, taskUnmappedBase()) >= 0 && Long.compareUnsigned(addr, freeAreaCache) < 0) {
                freeAreaCache = addr;
                cachedHoleSize = ULONG_MAX_32;
            }
        } else {
            long addr = holeIndex < mapCount ? vmas[holeIndex].vmStart : mmapBase;
            if (Long.compareUnsigned(addr, freeAreaCache) > 0) {
                freeAreaCache = addr;
            }
            if (Long.compareUnsigned(freeAreaCache, mmapBase) > 0) {
                freeAreaCache = mmapBase;
            }
        }
    }

    /**
     * Mirrors arch_get_unmapped_area() with find_start_end(): [TASK_UNMAPPED_BASE, TASK_SIZE),
     * or [0x40000000, 0x80000000) for MAP_32BIT; a hint is used when it fits below the end and
     * is free; otherwise the lowest fitting gap, at its bottom.
     */
    private long archGetUnmappedAreaBottomUp(long addr, long len, int flags) {
        long begin = taskUnmappedBase();
        long end = taskSize;
        if (task64 && (flags & Mman.MAP_32BIT) != 0) {
            begin = MAP_32BIT_BEGIN;
            end = MAP_32BIT_END;
        }
        if (Long.compareUnsigned(len, end) > 0) {
            return Errno.ENOMEM.asResult();
        }
        if (addr != 0) {
            addr = pageAlign(addr);
            if (Long.compareUnsigned(addr, taskSize - len) <= 0 && Long.compareUnsigned(end - len, addr) >= 0) {
                Vma v = findVma(addr);
                if (v == null || Long.compareUnsigned(addr + len, vmStartGap(v)) <= 0) {
                    return addr;
                }
            }
        }
        return unmappedArea(len, begin, end);
    }

    /**
     * Mirrors mm/huge_memory.c __thp_get_unmapped_area() (ext4 files in 6.18, as case 30 shows,
     * and hint-less private anonymous maps of a 2 MiB multiple): when [off, off+len) contains a
     * 2 MiB-aligned file range, search for len + 2 MiB with the normal search (hint, layout,
     * MAP_32BIT and all) and place the map so that address and offset agree modulo 2 MiB; top-down
     * the highest such place (ret + 2 MiB when the padded area is already aligned), bottom-up the
     * lowest. A hint that the padded search honours is kept as it is.
     *
     * @return the address, or 0 to fall back to the plain search
     */
    private long thpGetUnmappedArea(long addr, long len, long off, int flags) {
        long offEnd = off + len;
        long offAlign = (off + PMD_SIZE - 1) & -PMD_SIZE;
        if (Long.compareUnsigned(offEnd, offAlign) <= 0 || Long.compareUnsigned(offEnd - offAlign, PMD_SIZE) < 0) {
            return 0;
        }
        long lenPad = len + PMD_SIZE;
        if (Long.compareUnsigned(lenPad, len) < 0 || Long.compareUnsigned(lenPad, taskSize) > 0) {
            return 0;
        }
        long ret = archGetUnmappedArea(addr, lenPad, flags);
        if (Errno.isError(ret)) {
            return 0; // "the failure might be due to length padding": the caller retries without
        }
        if (ret == addr) {
            return addr;
        }
        long offSub = (off - ret) & (PMD_SIZE - 1);
        if (!legacyLayout && offSub == 0) {
            return ret + PMD_SIZE; // MMF_TOPDOWN: also when MAP_32BIT searched bottom-up
        }
        return ret + offSub;
    }

    static long pageAlign(long x) {
        return (x + PAGE_SIZE - 1) & PAGE_MASK;
    }

    // ---------------------------------------------------------------- mmap

    /** Mirrors calc_vm_prot_bits(). */
    private static long calcVmProtBits(int prot) {
        return (prot & Mman.PROT_READ) | (prot & Mman.PROT_WRITE) | (prot & Mman.PROT_EXEC);
    }

    /** The x86 MAP_ flags the kernel accepts under MAP_SHARED_VALIDATE (LEGACY_MAP_MASK). */
    private static final int LEGACY_MAP_MASK = Mman.MAP_SHARED | Mman.MAP_PRIVATE | Mman.MAP_FIXED
            | Mman.MAP_ANONYMOUS | Mman.MAP_DENYWRITE | Mman.MAP_EXECUTABLE | 0x4000000 /* MAP_UNINITIALIZED */
            | Mman.MAP_GROWSDOWN | Mman.MAP_LOCKED | Mman.MAP_NORESERVE | Mman.MAP_POPULATE | Mman.MAP_NONBLOCK
            | Mman.MAP_STACK | Mman.MAP_HUGETLB;

    /**
     * Mirrors mm/mmap.c do_mmap() (with ksys_mmap_pgoff()'s offset check): maps len bytes of
     * {@code file} at {@code offset} (file null or MAP_ANONYMOUS: anonymous memory).
     * Unknown PROT bits are ignored, as the kernel does. Pages are not touched unless
     * MAP_POPULATE (then the caller's {@code populate} hook faults them in).
     *
     * @return the address, or -EINVAL, -ENOMEM, -EEXIST, -EACCES, -ENODEV, -EOVERFLOW, -EPERM,
     *     -EOPNOTSUPP, -EBADF
     */
    public long mmap(long addr, long len, int prot, int flags, FileRef file, long offset) {
        return mmapFile(addr, len, prot, flags, file == null ? null : OpenFileDescription.ofFixture(file), offset);
    }

    /**
     * {@link #mmap(long, long, int, int, FileRef, long)} through an open file description: its f_mode
     * decides, as in do_mmap(), EACCES (a write-only file; MAP_SHARED with PROT_WRITE of a file not
     * open for writing) and whether the VMA may later become writable (VM_MAYWRITE, checked by
     * mprotect). An O_PATH description is EBADF (fget() does not return it).
     */
    public long mmapFile(long addr, long len, int prot, int flags, OpenFileDescription open, long offset) {
        // arch/x86/kernel/sys_x86_64.c sys_mmap(), then ksys_mmap_pgoff()
        if ((offset & ~PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        FileRef file = open == null ? null : open.file;
        if ((flags & Mman.MAP_ANONYMOUS) != 0) {
            file = null;
        } else if (file == null || open.pathOnly()) {
            return Errno.EBADF.asResult();
        } else if ((flags & Mman.MAP_HUGETLB) != 0) {
            return Errno.EINVAL.asResult(); // MAP_HUGETLB on a file that is not on hugetlbfs
        }
        // do_mmap()
        if (len == 0) {
            return Errno.EINVAL.asResult();
        }
        if ((flags & Mman.MAP_FIXED_NOREPLACE) != 0) {
            flags |= Mman.MAP_FIXED;
        }
        if ((flags & Mman.MAP_FIXED) == 0) {
            addr = roundHintToMin(addr);
        }
        long alen = pageAlign(len);
        if (alen == 0 || Long.compareUnsigned(alen, taskSize) > 0) {
            return Errno.ENOMEM.asResult();
        }
        long pgoff = offset >>> 12;
        if (pgoff + (alen >>> 12) < pgoff) {
            return Errno.EOVERFLOW.asResult();
        }
        if (mapCount > maxMapCount) {
            return Errno.ENOMEM.asResult();
        }
        // calc_vm_prot_bits() | calc_vm_flag_bits() | mm->def_flags
        long vmFlags = calcVmProtBits(prot) | Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC;
        if ((flags & Mman.MAP_GROWSDOWN) != 0) {
            vmFlags |= Vma.VM_GROWSDOWN;
        }
        vmFlags |= defFlags;
        if ((flags & Mman.MAP_LOCKED) != 0) {
            vmFlags |= Vma.VM_LOCKED;
        }
        if ((flags & Mman.MAP_STACK) != 0 && version == KernelVersion.V6_18) {
            vmFlags |= Vma.VM_NOHUGEPAGE;
        }
        long start = getUnmappedArea(file, addr, alen, pgoff, flags);
        if (Errno.isError(start)) {
            return start;
        }
        // __get_unmapped_area() → security_mmap_addr(): below vm.mmap_min_addr needs CAP_SYS_RAWIO
        // (no LSM enforces CONFIG_LSM_MMAP_MIN_ADDR here, so only the DAC value counts)
        if (!capSysRawio && Long.compareUnsigned(start, DAC_MMAP_MIN_ADDR) < 0) {
            return Errno.EPERM.asResult();
        }
        if ((flags & Mman.MAP_FIXED_NOREPLACE) != 0 && findVmaIntersection(start, start + alen) != null) {
            return Errno.EEXIST.asResult();
        }
        if ((flags & Mman.MAP_LOCKED) != 0 && !canDoMlock()) {
            return Errno.EPERM.asResult(); // can_do_mlock() (mm/mlock.c)
        }
        if (!mlockFutureOk(vmFlags, alen)) {
            return Errno.EAGAIN.asResult(); // mlock_future_ok() (mm/mmap.c)
        }
        int type = flags & Mman.MAP_TYPE;
        boolean shared = type == Mman.MAP_SHARED || type == Mman.MAP_SHARED_VALIDATE;
        if (file != null) {
            // file_mmap_ok(): a regular file's offset + length must stay within MAX_LFS_FILESIZE
            if (Long.compareUnsigned(pgoff, (Long.MAX_VALUE - alen) >>> 12) > 0) {
                return Errno.EOVERFLOW.asResult();
            }
            if (type == Mman.MAP_SHARED_VALIDATE) {
                // flags_mask: LEGACY_MAP_MASK, plus MAP_SYNC where f_op has FOP_MMAP_SYNC (ext4)
                int mask = LEGACY_MAP_MASK | (file.shmem ? 0 : Mman.MAP_SYNC);
                if ((flags & ~mask) != 0) {
                    return Errno.EOPNOTSUPP.asResult();
                }
            } else if (type != Mman.MAP_PRIVATE && type != Mman.MAP_SHARED) {
                return Errno.EINVAL.asResult();
            }
            // do_mmap()'s switch on the map type, in its order: a shared map writable only through a
            // file open for writing (EACCES), and without FMODE_WRITE it loses VM_MAYWRITE (mprotect may
            // never add PROT_WRITE: EACCES there) and VM_SHARED (the maps line still prints 's' from
            // VM_MAYSHARE); any map needs FMODE_READ (EACCES, so a write-only fd maps nothing); then
            // a file whose f_op has no ->mmap (a directory, procfs and most sysfs files) is ENODEV.
            // IS_APPEND (chattr +a) and IS_SWAPFILE (ETXTBSY) inodes are not modelled.
            if (shared) {
                if ((prot & Mman.PROT_WRITE) != 0 && !open.writable()) {
                    return Errno.EACCES.asResult();
                }
                vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
                if (!open.writable()) {
                    vmFlags &= ~(Vma.VM_MAYWRITE | Vma.VM_SHARED);
                }
            }
            if (!open.readable()) {
                return Errno.EACCES.asResult();
            }
            if (!file.mmapable) {
                return Errno.ENODEV.asResult();
            }
            if ((vmFlags & Vma.VM_GROWSDOWN) != 0) {
                return Errno.EINVAL.asResult();
            }
            if ((flags & Mman.MAP_SYNC) != 0 && !file.shmem) {
                // calc_vm_flag_bits() gave VM_SYNC (MAP_SHARED drops only the flag, not VM_SYNC);
                // ext4_file_mmap(): daxdev_mapping_supported() is false for a non-DAX file
                return Errno.EOPNOTSUPP.asResult();
            }
            long sealed = memfdCheckSealsMmap(file, vmFlags);
            if (Errno.isError(sealed)) {
                return sealed;
            }
            vmFlags = sealed;
        } else if (type == Mman.MAP_SHARED) {
            if ((flags & Mman.MAP_GROWSDOWN) != 0) {
                return Errno.EINVAL.asResult();
            }
            vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
            pgoff = 0;
        } else if (type == Mman.MAP_PRIVATE) {
            pgoff = start >>> 12;
        } else {
            return Errno.EINVAL.asResult(); // also MAP_SHARED_VALIDATE: anonymous memory has no such case
        }
        if ((flags & Mman.MAP_HUGETLB) != 0) {
            // the anonymous hugetlbfs file's mmap reserves huge pages (hugetlb_reserve_pages()):
            // there are none (nr_hugepages = 0)
            return Errno.ENOMEM.asResult();
        }
        if ((flags & Mman.MAP_NORESERVE) != 0) {
            vmFlags |= Vma.VM_NORESERVE;
        }
        long r = mmapRegion(file, start, alen, vmFlags, pgoff);
        // vm_mmap_pgoff(): populate when MAP_POPULATE without MAP_NONBLOCK, or VM_LOCKED without LOCKONFAULT
        boolean populate = ((flags & (Mman.MAP_POPULATE | Mman.MAP_NONBLOCK)) == Mman.MAP_POPULATE)
                || (vmFlags & (Vma.VM_LOCKED | Vma.VM_LOCKONFAULT)) == Vma.VM_LOCKED;
        if (!Errno.isError(r) && populate) {
            mmPopulate(r, r + alen);
        }
        return r;
    }

    /**
     * A write-sealed memfd's mmap check; returns the VMA flags or -EPERM. 6.18 mirrors mm/memfd.c
     * memfd_check_seals_mmap() (called from mmap_region()): under F_SEAL_WRITE or F_SEAL_FUTURE_WRITE a
     * shared writable map is EPERM and a shared read-only one loses VM_MAYWRITE (mprotect cannot
     * add PROT_WRITE: EACCES). 6.1 had two older checks: shmem_mmap()'s seal_check_future_write()
     * (the same rule for F_SEAL_FUTURE_WRITE) and mmap_region()'s mapping_map_writable(), which refuses
     * every VM_SHARED map of an F_SEAL_WRITE file, even a read-only one (EPERM; 6.7 allowed those).
     * A map of a file opened read-only has no VM_SHARED and passes. F_SEAL_EXEC is not checked here.
     */
    private long memfdCheckSealsMmap(FileRef file, long vmFlags) {
        if (!file.writeSealed() || (vmFlags & Vma.VM_SHARED) == 0) {
            return vmFlags;
        }
        if (version == KernelVersion.V6_1 && (file.seals() & FileRef.F_SEAL_WRITE) != 0) {
            return Errno.EPERM.asResult();
        }
        if ((vmFlags & Vma.VM_WRITE) != 0) {
            return Errno.EPERM.asResult();
        }
        return vmFlags & ~Vma.VM_MAYWRITE;
    }

    /**
     * Mirrors mm/mmap.c may_expand_vm(): total_vm within RLIMIT_AS, and for a data mapping
     * (private writable, not stack) data_vm within RLIMIT_DATA (ignore_rlimit_data is off).
     */
    boolean mayExpandVm(long vmFlags, long npages) {
        if (rlimitAs != ExecImage.RLIM_INFINITY && Long.compareUnsigned((totalVm() + npages) << 12, rlimitAs) > 0) {
            return false;
        }
        boolean data = (vmFlags & (Vma.VM_WRITE | Vma.VM_SHARED | Vma.VM_STACK)) == Vma.VM_WRITE;
        return !(data && rlimitData != ExecImage.RLIM_INFINITY
                && Long.compareUnsigned((dataVm() + npages) << 12, rlimitData) > 0);
    }

    /**
     * Mirrors security_vm_enough_memory_mm() -> __vm_enough_memory() for this mm ({@link Overcommit});
     * CAP_SYS_ADMIN is root's, which {@link #capSysRawio} stands for (setuid drops both). Without
     * an {@link Overcommit}, the heuristic mode against {@link #commitLimitPages}.
     */
    public boolean vmEnoughMemory(long npages) {
        return vmEnoughMemory(npages, 0);
    }

    /**
     * {@link #vmEnoughMemory(long)} with {@code pending} pages charged earlier in the same call
     * and not yet on a VM_ACCOUNT VMA (dup_mmap() charges VMA by VMA); a negative {@code pending}
     * is a charge about to be released (6.18 __mmap_region() charges only what the replaced
     * VM_ACCOUNT VMAs did not hold).
     */
    public boolean vmEnoughMemory(long npages, long pending) {
        if (overcommit != null) {
            return overcommit.vmEnoughMemory(this, npages, pending, capSysRawio);
        }
        return commitLimitPages < 0 || Long.compareUnsigned(npages, commitLimitPages) <= 0;
    }

    /** The pages of VM_ACCOUNT VMAs inside [start, end) (vms->nr_accounted). */
    private long accountedPages(long start, long end) {
        long n = 0;
        for (int i = findIndex(start); i < mapCount && Long.compareUnsigned(vmas[i].vmStart, end) < 0; i++) {
            Vma v = vmas[i];
            if (v.has(Vma.VM_ACCOUNT)) {
                n += (Math.min(v.vmEnd, end) - Math.max(v.vmStart, start)) >>> 12;
            }
        }
        return n;
    }

    /**
     * vms_gather_munmap_vmas()'s seal checks for munmap, MAP_FIXED and brk over [start, end):
     * EPERM when a VMA there is sealed. A first VMA that starts below {@code start} is split
     * before the later VMAs are looked at (unless it is sealed itself), and an EPERM found after
     * that leaves the split in place (the detached VMAs are only reattached).
     *
     * @return 0, -EPERM, or -EINVAL when that first split is refused (a special mapping)
     */
    long gatherSealCheck(long start, long end) {
        if (!rangeSealed(start, end)) {
            return 0;
        }
        Vma first = findVma(start);
        if (first != null && Long.compareUnsigned(first.vmStart, start) < 0 && !first.has(Vma.VM_SEALED)) {
            if (splitVmaUnchecked(first, start) == null) {
                return Errno.EINVAL.asResult();
            }
            keptSplit(start);
        }
        return Errno.EPERM.asResult();
    }

    /** Addresses where a failed munmap/MAP_FIXED left a split the kernel does not undo. */
    private long[] keptSplits = new long[0];

    private void keptSplit(long addr) {
        keptSplits = Arrays.copyOf(keptSplits, keptSplits.length + 1);
        keptSplits[keptSplits.length - 1] = addr;
    }

    /**
     * True when a failed call split a VMA at {@code addr} and left the pieces apart, as
     * vms_gather_munmap_vmas() does when it fails after splitting the first VMA (a sealed VMA
     * later in the range, a special mapping that refuses the end split): two mergeable
     * neighbours there are the kernel's state too (for validate_mm-style checks).
     */
    public boolean splitKeptAt(long addr) {
        for (long a : keptSplits) {
            if (a == addr) {
                return true;
            }
        }
        return false;
    }

    /** True when a VMA in [start, end) is sealed (can_modify_mm() is false: EPERM). */
    boolean rangeSealed(long start, long end) {
        for (Vma v = findVmaIntersection(start, end); v != null && Long.compareUnsigned(v.vmStart, end) < 0;
                v = findVma(v.vmEnd)) {
            if (v.has(Vma.VM_SEALED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Mirrors mm/mseal.c do_mseal(): seals every VMA of [start, start+len) (VM_SEALED, smaps
     * "sl"), splitting at the edges; afterwards munmap, mprotect, mremap and MAP_FIXED over the
     * range fail with EPERM, and discarding madvise advice on read-only anonymous memory too.
     *
     * @return 0, -EINVAL (flags, unaligned start, wrapping), -ENOMEM (a hole in the range), -ENOSYS
     *     (a 32-bit kernel: mm/mseal.c is built for CONFIG_64BIT only; a 32-bit task on a 64-bit
     *     kernel has it, syscall_32.tbl 462 is sys_mseal)
     */
    public long mseal(long start, long lenIn, long flags) {
        if (!kpt.kernel64()) {
            return Errno.ENOSYS.asResult();
        }
        if (flags != 0 || (start & ~PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        long len = pageAlign(lenIn);
        if (lenIn != 0 && len == 0) {
            return Errno.EINVAL.asResult();
        }
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) {
            return Errno.EINVAL.asResult();
        }
        if (end == start) {
            return 0;
        }
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = vmaLookup(a);
            if (v == null) {
                return Errno.ENOMEM.asResult();
            }
            a = v.vmEnd;
        }
        for (long a = start; Long.compareUnsigned(a, end) < 0;) {
            Vma v = vmaLookup(a);
            long e = Long.compareUnsigned(v.vmEnd, end) < 0 ? v.vmEnd : end;
            if (!v.has(Vma.VM_SEALED)) {
                long r = modifyRangeFlags(v, a, e, v.vmFlags | Vma.VM_SEALED);
                if (r < 0) {
                    return r;
                }
                mergeAround((int) r);
            }
            a = e;
        }
        return 0;
    }

    /** Mirrors mm/mlock.c can_do_mlock(): CAP_IPC_LOCK, or a non-zero RLIMIT_MEMLOCK. */
    boolean canDoMlock() {
        return capIpcLock || memlockRlimit != 0;
    }

    /** Mirrors mm/mmap.c mlock_future_ok(): locked_vm + bytes stays within RLIMIT_MEMLOCK. */
    boolean mlockFutureOk(long vmFlags, long bytes) {
        if ((vmFlags & Vma.VM_LOCKED) == 0 || capIpcLock || memlockRlimit == ExecImage.RLIM_INFINITY) {
            return true;
        }
        return Long.compareUnsigned((lockedVm() << 12) + bytes, memlockRlimit) <= 0;
    }

    /** Mirrors round_hint_to_min(): a hint is rounded down to a page and raised to mmap_min_addr. */
    private long roundHintToMin(long hint) {
        hint &= PAGE_MASK;
        if (hint != 0 && Long.compareUnsigned(hint, mmapMinAddr) < 0) {
            return pageAlign(mmapMinAddr);
        }
        return hint;
    }

    /** Mirrors accountable_mapping(): private writable maps without MAP_NORESERVE are charged. */
    private static boolean accountable(long vmFlags) {
        return (vmFlags & (Vma.VM_NORESERVE | Vma.VM_SHARED | Vma.VM_WRITE)) == Vma.VM_WRITE;
    }

    /**
     * Mirrors mm/mmap.c mmap_region(): unmaps what lies in [addr, addr+len), then extends a
     * compatible neighbour or inserts a new VMA.
     */
    private long mmapRegion(FileRef file, long addr, long len, long vmFlags, long pgoff) {
        long already = 0;
        for (Vma v = findVmaIntersection(addr, addr + len); v != null && Long.compareUnsigned(v.vmStart, addr + len) < 0;
                v = findVma(v.vmEnd)) {
            already += (Math.min(v.vmEnd, addr + len) - Math.max(v.vmStart, addr)) >>> 12;
        }
        long sealed = gatherSealCheck(addr, addr + len); // __mmap_prepare(): gather first
        if (sealed != 0) {
            return sealed;
        }
        if (!mayExpandVm(vmFlags, (len >>> 12) - already)) {
            return Errno.ENOMEM.asResult();
        }
        // accountable_mapping() charges private writable maps; shmem_acct_size() a shared
        // anonymous object without VM_NORESERVE. 6.18 __mmap_region() checks before anything is
        // unmapped and charges only what the replaced VM_ACCOUNT VMAs did not hold; 6.1 and
        // 2.6.24 mmap_region() unmap first, so an ENOMEM leaves the old mapping gone
        boolean shmemAcct = file == null && (vmFlags & (Vma.VM_SHARED | Vma.VM_NORESERVE)) == Vma.VM_SHARED;
        boolean charge = accountable(vmFlags) || shmemAcct;
        if (charge && version == KernelVersion.V6_18) {
            long replaced = accountable(vmFlags) ? accountedPages(addr, addr + len) : 0;
            if (!vmEnoughMemory((len >>> 12) - replaced, -replaced)) {
                return Errno.ENOMEM.asResult();
            }
        }
        long r = doMunmap(addr, addr + len);
        if (r != 0) {
            return r;
        }
        if (charge && version != KernelVersion.V6_18 && !vmEnoughMemory(len >>> 12)) {
            return Errno.ENOMEM.asResult();
        }
        if (accountable(vmFlags)) {
            vmFlags |= Vma.VM_ACCOUNT;
        }
        if (file == null && (vmFlags & Vma.VM_SHARED) != 0) {
            file = FileRef.sharedAnon(nextShmemIno++, len); // shmem_zero_setup()
        }
        Vma v = new Vma(addr, addr + len, vmFlags, pgoff, file, 0, Vma.Special.NONE);
        insert(v);
        mergeAround(indexOf(v));
        return addr;
    }

    /** Installs a special mapping ([vvar], [vdso]) as _install_special_mapping() does. */
    private void installSpecialMapping(long addr, long len, long vmFlags, Vma.Special which) {
        insert(new Vma(addr, addr + len, vmFlags, 0, null, 0, which));
    }

    // ---------------------------------------------------------------- munmap

    /**
     * Mirrors the munmap() system call (__vm_munmap()).
     *
     * @return 0, -EINVAL (unaligned, zero or out-of-range length, split of a special mapping) or
     *     -ENOMEM (a split would exceed max_map_count)
     */
    public long munmap(long start, long len) {
        if ((start & ~PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        len = pageAlign(len);
        if (len == 0 || Long.compareUnsigned(start, taskSize) > 0
                || Long.compareUnsigned(len, taskSize - start) > 0) {
            return Errno.EINVAL.asResult();
        }
        long sealed = gatherSealCheck(start, start + len);
        if (sealed != 0) {
            return sealed;
        }
        return doMunmap(start, start + len);
    }

    /**
     * Mirrors do_mas_munmap()/do_vmi_align_munmap(): split the VMAs at the edges, zap their pages,
     * remove every VMA inside [start, end). Does not flush a TLB.
     */
    public long doMunmap(long start, long end) {
        return doMunmap(start, end, true);
    }

    /**
     * Mirrors mmap_region()'s error path after a driver's mmap failed (unmap_and_free_vma:
     * unmap_region(), 2.6.24 and 6.x alike): the new VMA's ptes go (update_hiwater_rss()) and so
     * does the VMA, which was never counted in total_vm (vm_stat_account() runs only on success),
     * so VmPeak does not see it. Does not update 2.6.24's free_area_cache (unmap_area() is
     * remove_vma_list()'s).
     */
    public void unmapAndFreeVma(Vma vma) {
        long start = vma.vmStart;
        long end = vma.vmEnd;
        doMunmap(start, end, false);
    }

    private long doMunmap(long start, long end, boolean removeVmaList) {
        Vma v = findVma(start);
        if (v == null || Long.compareUnsigned(v.vmStart, end) >= 0) {
            return 0;
        }
        if (Long.compareUnsigned(start, v.vmStart) > 0) {
            if (Long.compareUnsigned(end, v.vmEnd) < 0 && mapCount >= maxMapCount) {
                return Errno.ENOMEM.asResult();
            }
            if (splitVmaUnchecked(v, start) == null) {
                return Errno.EINVAL.asResult();
            }
        }
        Vma last = findVma(end - 1);
        if (last != null && Long.compareUnsigned(last.vmStart, end) < 0
                && Long.compareUnsigned(last.vmEnd, end) > 0) {
            if (splitVmaUnchecked(last, end) == null) {
                if (Long.compareUnsigned(start, v.vmStart) > 0) {
                    keptSplit(start); // the first split stays (vms_gather_munmap_vmas())
                }
                return Errno.EINVAL.asResult();
            }
        }
        if (removeVmaList) {
            updateHiwater();
        } else {
            updateHiwaterRss();
        }
        int i = findIndex(start);
        while (i < mapCount && Long.compareUnsigned(vmas[i].vmStart, end) < 0) {
            Vma d = vmas[i];
            zapPageRange(d, d.vmStart, d.vmEnd, true);
            removeAt(i);
        }
        if (version == KernelVersion.V2_6 && removeVmaList) {
            unmapArea26(i);
        }
        return 0;
    }

    // ---------------------------------------------------------------- mprotect

    /**
     * Mirrors mm/mprotect.c do_mprotect_pkey(): changes the protection of the VMAs covering
     * [start, start+len), splitting and re-merging. Stops at the first hole with ENOMEM after
     * changing the VMAs before it, as the kernel does.
     *
     * @return 0, -EINVAL (unaligned, unknown prot bit, special split), -ENOMEM (hole, split
     *     limit), -EACCES (the VMA lacks VM_MAY*)
     */
    public long mprotect(long start, long len, int prot) {
        int grows = prot & (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP);
        prot &= ~grows;
        if (grows == (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP)) {
            return Errno.EINVAL.asResult();
        }
        if ((start & ~PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        if (len == 0) {
            return 0;
        }
        len = pageAlign(len);
        long end = start + len;
        if (Long.compareUnsigned(end, start) <= 0) {
            return Errno.ENOMEM.asResult();
        }
        if ((prot & ~(Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC | 0x8 /* PROT_SEM */)) != 0) {
            return Errno.EINVAL.asResult();
        }
        Vma v = findVma(start);
        if (v == null) {
            return Errno.ENOMEM.asResult();
        }
        if ((grows & Mman.PROT_GROWSDOWN) != 0) {
            if (Long.compareUnsigned(v.vmStart, end) >= 0) {
                return Errno.ENOMEM.asResult();
            }
            if (!v.has(Vma.VM_GROWSDOWN)) {
                return Errno.EINVAL.asResult(); // do_mprotect_pkey(): PROT_GROWSDOWN needs a VM_GROWSDOWN VMA
            }
            start = v.vmStart;
        } else if (Long.compareUnsigned(v.vmStart, start) > 0) {
            return Errno.ENOMEM.asResult();
        } else if ((grows & Mman.PROT_GROWSUP) != 0) {
            return Errno.EINVAL.asResult(); // x86 has no VM_GROWSUP VMA
        }
        long nstart = start;
        while (true) {
            long newFlags = (v.vmFlags & ~Vma.VM_ACCESS_FLAGS) | calcVmProtBits(prot);
            if (((newFlags & ~(newFlags >>> 4)) & Vma.VM_ACCESS_FLAGS) != 0) {
                return Errno.EACCES.asResult();
            }
            if (v.has(Vma.VM_SEALED)) {
                // mprotect_fixup() (6.12+: per VMA, before the no-change shortcut): the VMAs
                // before this one keep their new protection
                return Errno.EPERM.asResult();
            }
            long tmp = Long.compareUnsigned(v.vmEnd, end) < 0 ? v.vmEnd : end;
            long r = mprotectFixup(v, nstart, tmp, newFlags);
            if (r != 0) {
                return r;
            }
            nstart = tmp;
            // "if (nstart < prev->vm_end) nstart = prev->vm_end": the changed piece may have
            // merged with the next VMA, which then needs no change of its own
            Vma prev = vmaLookup(tmp - 1);
            if (prev != null && Long.compareUnsigned(nstart, prev.vmEnd) < 0) {
                nstart = prev.vmEnd;
            }
            if (Long.compareUnsigned(nstart, end) >= 0) {
                return 0;
            }
            v = findVma(nstart);
            if (v == null || v.vmStart != nstart) {
                return Errno.ENOMEM.asResult();
            }
        }
    }

    /**
     * Mirrors mm/mprotect.c mprotect_fixup(): gives [start, end) of {@code v} the new flags,
     * charging VM_ACCOUNT when a private map becomes writable, splitting at the edges unless a
     * neighbour can absorb the range (vma_merge()), then re-merging, then changing the ptes.
     */
    private long mprotectFixup(Vma v, long start, long end, long newFlags) {
        long oldFlags = v.vmFlags;
        if (newFlags == oldFlags) {
            return 0;
        }
        long nrPages = (end - start) >>> 12;
        if ((newFlags & Vma.VM_WRITE) != 0 && !mayExpandVm(newFlags, nrPages) && mayExpandVm(oldFlags, nrPages)) {
            return Errno.ENOMEM.asResult(); // the area turns into data beyond RLIMIT_DATA
        }
        if ((newFlags & Vma.VM_WRITE) != 0 && (oldFlags & (Vma.VM_ACCOUNT | Vma.VM_WRITE | Vma.VM_HUGETLB
                | Vma.VM_SHARED | Vma.VM_NORESERVE)) == 0) {
            if (!vmEnoughMemory(nrPages)) {
                return Errno.ENOMEM.asResult();
            }
            newFlags |= Vma.VM_ACCOUNT;
        } else if ((newFlags & Vma.VM_WRITE) == 0 && (oldFlags & Vma.VM_ACCOUNT) != 0 && v.isAnonymous()
                && v.anonVma == 0 && version == KernelVersion.V6_18) {
            // Newer kernels give the charge back when an anonymous VMA that was never written
            // becomes read-only (mm/mprotect.c mprotect_fixup(): "... except in the anonymous case
            // where no anon_vma has yet been instantiated"); the 6.18 recording (case 10) shows
            // r--p without "ac". Applied to the 6.18 model only: no 6.1 recording shows it yet.
            newFlags &= ~Vma.VM_ACCOUNT;
        }
        long r = modifyRangeFlags(v, start, end, newFlags);
        if (r < 0) {
            return r;
        }
        v = vmas[(int) r];
        changeProtection(v, v.vmStart, v.vmEnd);
        mergeAround((int) r);
        return 0;
    }

    /**
     * Mirrors mm/vma.c vma_modify_flags() up to the merge: gives [start, end) of {@code v} the
     * flags {@code newFlags}, splitting at the edges unless a neighbour can absorb the range
     * (vma_merge() cases 4 and 5: then no split is needed and max_map_count is not checked). The
     * caller merges the piece ({@link #mergeAround}) after whatever else it changes (ptes, pages).
     *
     * @return the index of the VMA that now covers exactly [start, end), or -ENOMEM (split over
     *     max_map_count) / -EINVAL (special mapping)
     */
    long modifyRangeFlags(Vma v, long start, long end, long newFlags) {
        int i = indexOf(v);
        Vma prev = i > 0 ? vmas[i - 1] : null;
        Vma next = i + 1 < mapCount ? vmas[i + 1] : null;
        boolean headToPrev = start == v.vmStart && end != v.vmEnd && prev != null
                && wouldMerge(prev, start, end, newFlags, v);
        boolean tailToNext = end == v.vmEnd && start != v.vmStart && next != null
                && wouldMerge2(v, start, end, newFlags, next);
        boolean headSplit = false;
        if (!headToPrev && start != v.vmStart) {
            long r = splitVma(v, start);
            if (r != 0) {
                return r;
            }
            v = vmas[indexOf(v) + 1];
            headSplit = true;
        }
        if (!tailToNext && end != v.vmEnd) {
            long r = splitVma(v, end);
            if (r != 0) {
                if (headSplit) {
                    keptSplit(start); // vma_modify(): the head split stays when the tail split fails
                }
                return r;
            }
        }
        if (headToPrev) {
            Vma piece = splitVmaUnchecked(v, end); // upper part keeps the old flags
            assert piece != null;
        } else if (tailToNext) {
            splitVmaUnchecked(v, start);
            v = vmas[indexOf(v) + 1];
        }
        v.vmFlags = newFlags;
        return indexOf(v);
    }

    private static boolean wouldMerge(Vma prev, long start, long end, long flags, Vma v) {
        Vma probe = new Vma(start, end, flags, v.vmPgoff, v.file, v.anonVma, v.special);
        probe.uncowedParents = v.uncowedParents;
        return mergeable(prev, probe);
    }

    private static boolean wouldMerge2(Vma v, long start, long end, long flags, Vma next) {
        Vma probe = new Vma(start, end, flags, v.vmPgoff + ((start - v.vmStart) >>> 12), v.file, v.anonVma,
                v.special);
        probe.uncowedParents = v.uncowedParents;
        return mergeable(probe, next);
    }

    // ---------------------------------------------------------------- mremap, madvise, mlock, msync, mincore

    /** mremap(2): see {@link Mremap}. Returns the new address or -errno. */
    public long mremap(long addr, long oldLen, long newLen, int flags, long newAddr) {
        return Mremap.mremap(this, addr, oldLen, newLen, flags, newAddr);
    }

    /** madvise(2) with a MADV_* number: see {@link Madvise}. Returns 0 or -errno. */
    public long madvise(long start, long len, int advice) {
        return Madvise.madvise(this, start, len, advice);
    }

    /** mlock(2): see {@link Mlock}. */
    public long mlock(long start, long len) {
        return Mlock.mlock(this, start, len, Vma.VM_LOCKED);
    }

    /** mlock2(2) with MLOCK_ONFAULT or 0. */
    public long mlock2(long start, long len, int flags) {
        return Mlock.mlock2(this, start, len, flags);
    }

    /** munlock(2). */
    public long munlock(long start, long len) {
        return Mlock.munlock(this, start, len);
    }

    /** mlockall(2) with MCL_* flags. */
    public long mlockall(int flags) {
        return Mlock.mlockall(this, flags);
    }

    /** munlockall(2). */
    public long munlockall() {
        return Mlock.munlockall(this);
    }

    /** msync(2) with MS_* flags: see {@link Msync}. */
    public long msync(long start, long len, int flags) {
        return Msync.msync(this, start, len, flags);
    }

    /** mincore(2): appends one '0'/'1' per page to {@code vec} on success. */
    public long mincore(long start, long len, StringBuilder vec) {
        return Msync.mincore(this, start, len, vec);
    }

    /**
     * Mirrors ftruncate() → truncate_setsize() → truncate_pagecache() for the mappings of this mm:
     * i_size changes; on a shrink every pte of this mm mapping a page wholly beyond the new size is
     * zapped, private COW copies included (unmap_mapping_range(..., even_cows = 1)), the page-cache
     * pages there are dropped and the tail of a partial last page is zeroed. Later faults there are
     * SIGBUS until the file grows again, and then read zeroes. Mappings of the file in other mms
     * are not visited (the model has no reverse map from a file to its mms).
     */
    public void truncateFile(FileRef f, long newSize) {
        long old = f.sizeBytes();
        f.setSizeBytes(newSize);
        if (old >= 0 && newSize >= old) {
            return;
        }
        long firstGone = (newSize + PAGE_SIZE - 1) >>> 12;
        for (int i = 0; i < mapCount; i++) {
            Vma v = vmas[i];
            if (v.file != f) {
                continue;
            }
            long endIndex = v.vmPgoff + v.pages();
            if (endIndex <= firstGone) {
                continue;
            }
            long from = v.vmStart + (Math.max(0, firstGone - v.vmPgoff) << 12);
            zapPageRange(v, from, v.vmEnd);
        }
        for (long index = f.nextCachedIndex(firstGone); index >= 0; index = f.nextCachedIndex(index + 1)) {
            long pfn = f.cachedPfn(index);
            f.setCachedPfn(index, -1);
            memMap.clear(pfn, MemMap.PG_lru);
            putPage(pfn);
        }
        if ((newSize & ~PAGE_MASK) != 0) {
            long pfn = f.cachedPfn(newSize >>> 12);
            if (pfn >= 0) {
                int from = (int) (newSize & ~PAGE_MASK);
                pt.mem().fillFrame(pfn, 0, from, (int) PAGE_SIZE);
            }
        }
    }

    // ---------------------------------------------------------------- brk

    /**
     * Mirrors the brk() system call (mm/mmap.c, 6.1): moves the break; a refused request returns
     * the old break. Growth needs one free page between the new PAGE_ALIGN(brk) and the next VMA;
     * the heap is a VMA of its own, never merged with the bss below start_brk.
     */
    public long brk(long newBrk) {
        if (version == KernelVersion.V2_6) {
            return brk26(newBrk);
        }
        long origBrk = brk;
        if (Long.compareUnsigned(newBrk, startBrk) < 0) {
            return origBrk;
        }
        // check_data_rlimit() comes first, so it refuses even a shrink that stays over the limit
        if (rlimitData != ExecImage.RLIM_INFINITY
                && Long.compareUnsigned((newBrk - startBrk) + (endData - startData), rlimitData) > 0) {
            return origBrk;
        }
        long newAligned = pageAlign(newBrk);
        long oldAligned = pageAlign(brk);
        if (oldAligned == newAligned) {
            brk = newBrk;
            return brk;
        }
        if (Long.compareUnsigned(newBrk, brk) <= 0) {
            // "mapping intersects with an existing non-brk vma": nothing mapped in
            // [newbrk, oldbrk) (the heap was unmapped) refuses the shrink
            Vma brkVma = findVma(newAligned);
            if (brkVma == null || Long.compareUnsigned(brkVma.vmStart, oldAligned) >= 0) {
                return origBrk;
            }
            if (gatherSealCheck(newAligned, oldAligned) != 0) {
                return origBrk;
            }
            long r = doMunmap(newAligned, oldAligned);
            if (r != 0) {
                return origBrk;
            }
            brk = newBrk;
            return brk;
        }
        // check_brk_limits(): mlock_future_ok() for mm->def_flags (mlockall(MCL_FUTURE))
        if (!mlockFutureOk(defFlags, newAligned - oldAligned)) {
            return origBrk;
        }
        Vma next = findVma(oldAligned);
        if (next != null && Long.compareUnsigned(newAligned + PAGE_SIZE, vmStartGap(next)) > 0) {
            return origBrk;
        }
        long growPages = (newAligned - oldAligned) >>> 12;
        if (!mayExpandVm(Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT, growPages) || mapCount > maxMapCount
                || !vmEnoughMemory(growPages)) {
            return origBrk; // do_brk_flags(): may_expand_vm(), map_count, security_vm_enough_memory_mm()
        }
        if (Long.compareUnsigned(newAligned, taskSize) > 0) {
            return origBrk;
        }
        // do_brk_flags(): extend the heap VMA ending at the old break, else a new one; the search
        // for it starts at start_brk, so the bss is never extended. A heap inherited through fork
        // with an anon_vma is not extended either ("singular lists do not occur after forking").
        // vma_prev_limit(&vmi, mm->start_brk) finds a VMA reaching above start_brk: the heap, or
        // a bss+heap VMA that mlock merged (mm/mmap.c brk()).
        Vma prev = findVmaPrev(oldAligned);
        long flags = Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT | defFlags;
        if (prev != null && prev.vmEnd == oldAligned && Long.compareUnsigned(prev.vmEnd, startBrk) > 0
                && prev.vmFlags == flags && prev.isAnonymous() && !prev.hadUncowedParents()) {
            prev.vmEnd = newAligned;
        } else {
            insert(new Vma(oldAligned, newAligned, flags, oldAligned >>> 12, null, 0, Vma.Special.NONE));
        }
        brk = newBrk;
        if ((defFlags & Vma.VM_LOCKED) != 0) {
            mmPopulate(oldAligned, newAligned); // brk(): populate when mm->def_flags has VM_LOCKED
        }
        return brk;
    }

    /**
     * 2.6.24 mm/mmap.c sys_brk() + do_brk(): the floor is end_code (not start_brk), RLIMIT_DATA bounds
     * brk - start_data, a shrink is a plain do_munmap() (below start_brk it unmaps the bss and data
     * too), a growth must leave a page free below the next VMA and vma_merge()s with the VMA ending at
     * the old break, so the heap joins the bss VMA that set_brk() made at exec.
     */
    private long brk26(long newBrk) {
        if (Long.compareUnsigned(newBrk, endCode) < 0) {
            return brk;
        }
        if (rlimitData != ExecImage.RLIM_INFINITY && Long.compareUnsigned(newBrk - startData, rlimitData) > 0) {
            return brk;
        }
        long newAligned = pageAlign(newBrk);
        long oldAligned = pageAlign(brk);
        if (oldAligned == newAligned) {
            brk = newBrk;
            return brk;
        }
        if (Long.compareUnsigned(newBrk, brk) <= 0) {
            if (doMunmap(newAligned, oldAligned) == 0) {
                brk = newBrk;
            }
            return brk;
        }
        if (findVmaIntersection(oldAligned, newAligned + PAGE_SIZE) != null) {
            return brk;
        }
        // do_brk()
        if (Long.compareUnsigned(newAligned, taskSize) > 0) {
            return brk;
        }
        long growPages = (newAligned - oldAligned) >>> 12;
        if (!mlockFutureOk(defFlags, newAligned - oldAligned)) {
            return brk; // the def_flags & VM_LOCKED check against RLIMIT_MEMLOCK
        }
        if (!mayExpandVm(Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT, growPages) || mapCount > maxMapCount
                || !vmEnoughMemory(growPages)) {
            return brk;
        }
        long flags = Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT | defFlags;
        Vma prev = findVmaPrev(oldAligned);
        if (prev != null && prev.vmEnd == oldAligned && prev.vmFlags == flags && prev.isAnonymous()
                && prev.vmPgoff + prev.pages() == oldAligned >>> 12) {
            prev.vmEnd = newAligned; // vma_merge(): can_vma_merge_after() (no file, same flags, pgoff in line)
        } else {
            insert(new Vma(oldAligned, newAligned, flags, oldAligned >>> 12, null, 0, Vma.Special.NONE));
        }
        brk = newBrk;
        if ((defFlags & Vma.VM_LOCKED) != 0) {
            mmPopulate(oldAligned, newAligned); // do_brk(): make_pages_present()
        }
        return brk;
    }

    // ---------------------------------------------------------------- exec

    /**
     * Lays out a freshly exec'd static binary as fs/binfmt_elf.c load_elf_binary() does under
     * ADDR_NO_RANDOMIZE: stack (setup_arg_pages()), text, data, bss, start_brk = brk =
     * PAGE_ALIGN(end of bss) with no [heap] yet, mmap_base, then the vDSO.
     *
     * <pre>
     *   i386 (3G/1G, 8 MiB stack rlimit)        x86_64 (4-level)
     *   08048000 text r-xp off 0                00400000 ELF header r--p off 0
     *   ........ data rw-p (file)               00401000 text r-xp off 0x1000
     *   ........ bss  rw-p (anon)               ........ data rw-p, bss rw-p
     *   b7ffa000 [vvar] 4 pages                 7ffff7ff7000 [vvar] (6.18: + [vvar_vclock])
     *   b7ffe000 [vdso] 2 pages → mmap_base     7ffff7ffd000 [vdso] → mmap_base 7ffff7fff000
     *   bffdf000 [stack] 0x21000 → c0000000     7ffffffde000 [stack] → 7ffffffff000
     * </pre>
     * vDSO sizes (6.1, arch/x86/entry/vdso): vdso-layout.lds.S reserves 4 vvar pages (vvar data,
     * pvclock, hvclock, timens) before the text; the vdso text images (vdso64.so and vdso32.so)
     * are 2 pages each in 6.1 builds, so [vdso] is 0x2000 for both task kinds. 6.18 splits the
     * clock pages into [vvar_vclock] (2 pages). Both are mapped by one top-down
     * get_unmapped_area() (map_vdso(image, 0) under ADDR_NO_RANDOMIZE), so they end at mmap_base.
     * The bss inside the data segment's last file page stays in the data VMA.
     *
     * <p>{@link KernelVersion#V2_6} (2.6.24 i386): a [stack] of 0x15000 at bffeb000, mmap_base without
     * the guard gap (or TASK_UNMAPPED_BASE for an unlimited stack), and no vDSO VMA: the compat
     * vDSO is the fixmap page at 0xffffe000 ({@link #hasGateVdso()}).
     */
    /**
     * mm->exe_file: the binary this address space was exec()ed from, or null. While an mm holds it the
     * file cannot be opened for writing (exe_file_deny_write_access(): ETXTBSY, see
     * {@code Kernel#open}).
     */
    public FileRef exeFile;

    public long execLayout(ExecImage img) {
        exeFile = img.file(); // set_mm_exe_file() in begin_new_exec(), before the segments are mapped
        if (mapCount != 0) {
            throw new IllegalStateException("execLayout on a non-empty mm");
        }
        execFailure = null;
        long stackTop = taskSize;
        stackRlimit = img.stackRlimitBytes();
        // An unlimited stack does not pick the legacy layout on x86: arch/x86/mm/mmap.c mmap_is_legacy()
        // looks only at ADDR_COMPAT_LAYOUT and vm.legacy_va_layout (unlike mm/util.c's generic one);
        // mmap_base() clamps the gap to TASK_SIZE/6*5 instead (findings.md §2, cases 39-42).
        if (version == KernelVersion.V2_6 && img.stackRlimitBytes() == ExecImage.RLIM_INFINITY) {
            // 2.6.24 arch/x86/mm/mmap_32.c arch_pick_mmap_layout(): "Fall back to the standard layout
            // if the personality bit is set, or if the expected stack growth is unlimited"
            legacyLayout = true;
        }
        mmapBase = legacyLayout ? taskUnmappedBase() : mmapBaseFor(img.stackRlimitBytes());
        long stackFlags = Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_STACK | Vma.VM_ACCOUNT;
        long stackStart = stackTop - (version == KernelVersion.V2_6 ? INITIAL_STACK_SIZE_2_6 : INITIAL_STACK_SIZE);
        insert(new Vma(stackStart, stackTop, stackFlags, stackStart >>> 12, null, 0, Vma.Special.NONE));
        startStack = stackTop - PAGE_SIZE; // argv/envp are not modelled: the top page holds them
        FileRef exe = img.file();
        long textStart;
        long textFileOff;
        long base = img.is64() ? 0x400000L : 0x08048000L;
        long exeFlags = Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC;
        boolean first = true;
        if (img.headerPage()) {
            long r = elfMap("the ELF header", base, PAGE_SIZE, PAGE_SIZE, Vma.VM_READ | exeFlags, 0, exe, first);
            if (r != 0) {
                return r;
            }
            first = false;
            textStart = base + PAGE_SIZE;
            textFileOff = PAGE_SIZE;
        } else {
            textStart = base;
            textFileOff = 0;
        }
        long textEnd = pageAlign(textStart + img.textBytes());
        if (img.textBytes() > 0) {
            long r = elfMap("the text segment", textStart, img.textBytes(), img.textBytes(),
                    Vma.VM_READ | Vma.VM_EXEC | exeFlags, textFileOff >>> 12, exe, first);
            if (r != 0) {
                return r;
            }
            first = false;
        }
        startCode = textStart;
        endCode = textStart + img.textBytes();
        long dataStart = textEnd;
        long dataFileOff = textFileOff + (textEnd - textStart);
        long dataEnd = dataStart + img.dataBytes();
        long fileEnd = pageAlign(dataEnd);
        long dataFlags = Vma.VM_READ | Vma.VM_WRITE | exeFlags | Vma.VM_ACCOUNT;
        if (img.dataBytes() > 0 || img.bssBytes() > 0) {
            long r = elfMap("the data segment", dataStart, img.dataBytes(), img.dataBytes() + img.bssBytes(),
                    dataFlags, dataFileOff >>> 12, exe, first);
            if (r != 0) {
                return r;
            }
        }
        startData = dataStart;
        endData = dataEnd;
        long bssEnd = pageAlign(dataEnd + img.bssBytes());
        if (bssEnd > fileEnd) {
            // set_brk() -> vm_brk_flags(): do_vmi_munmap() of what lies there first (the p_memsz
            // check above keeps it below TASK_SIZE, but it may reach into [stack])
            long r = doMunmap(fileEnd, bssEnd);
            if (r != 0) {
                execFailure = "set_brk() of the bss at 0x" + Long.toHexString(fileEnd);
                return r;
            }
            insert(new Vma(fileEnd, bssEnd, Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT, fileEnd >>> 12, null, 0,
                    Vma.Special.NONE));
        }
        startBrk = bssEnd;
        brk = bssEnd;
        mapVdso();
        return 0;
    }

    /**
     * Why the last {@link #execLayout} failed, in kernel words ("elf_map() of the text segment at
     * 0x8048000"), or null when it did not.
     */
    public String execFailure;
    /** The segment address {@link #execFailure} names (what elf_map()'s "Uhuuh" prints). */
    public long execFailureAddr;

    /**
     * Mirrors fs/binfmt_elf.c elf_map() -> vm_mmap() -> do_mmap() for one PT_LOAD segment of a
     * static ET_EXEC binary at {@code vaddr} (page aligned), {@code filesz} bytes of the file
     * mapped, then load_elf_binary()'s p_memsz check. The rules, in the kernel's order:
     * <ul>
     * <li>get_unmapped_area() with MAP_FIXED: a length above TASK_SIZE, or an end above TASK_SIZE
     * ({@code addr > TASK_SIZE - len}), is -ENOMEM (2.6.24 do_mmap_pgoff() and mm/mmap.c
     * get_unmapped_area() say the same);</li>
     * <li>the first PT_LOAD of 5.10+ (6.1, 6.18) is mapped MAP_FIXED_NOREPLACE: a VMA already
     * there (the [stack] setup_arg_pages() made first) is -EEXIST, and elf_map() prints "Uhuuh";
     * the later ones, and every one under 2.6.24, are MAP_FIXED: what lies there is unmapped;</li>
     * <li>after the map, "set_brk can never work": p_memsz &gt; TASK_SIZE or TASK_SIZE - p_memsz
     * &lt; p_vaddr is -EINVAL.</li>
     * </ul>
     * A failure here is past the point of no return (begin_new_exec()/flush_old_exec()): the
     * caller kills the task. Does not charge RLIMIT_AS or the overcommit limit; does not merge.
     *
     * @return 0, or -errno with {@link #execFailure} set
     */
    private long elfMap(String what, long vaddr, long filesz, long memsz, long vmFlags, long pgoff, FileRef exe,
            boolean firstPtLoad) {
        long len = pageAlign(filesz);
        String where = what + " at 0x" + Long.toHexString(vaddr) + " (0x" + Long.toHexString(memsz) + " bytes)";
        execFailureAddr = vaddr;
        if (len != 0) {
            if (Long.compareUnsigned(len, taskSize) > 0 || Long.compareUnsigned(vaddr, taskSize - len) > 0) {
                execFailure = "elf_map() of " + where;
                return Errno.ENOMEM.asResult();
            }
            if (firstPtLoad && version != KernelVersion.V2_6) {
                if (findVmaIntersection(vaddr, vaddr + len) != null) {
                    execFailure = "elf_map() of " + where;
                    return Errno.EEXIST.asResult();
                }
            } else {
                long r = doMunmap(vaddr, vaddr + len);
                if (r != 0) {
                    execFailure = "elf_map() of " + where;
                    return r;
                }
            }
            insert(new Vma(vaddr, vaddr + len, vmFlags, pgoff, exe, 0, Vma.Special.NONE));
        }
        if (Long.compareUnsigned(memsz, taskSize) > 0 || Long.compareUnsigned(taskSize - memsz, vaddr) < 0) {
            execFailure = "load_elf_binary() of " + where + ": set_brk can never work";
            return Errno.EINVAL.asResult();
        }
        return 0;
    }

    /**
     * Mirrors arch/x86/mm/mmap.c mmap_base(): PAGE_ALIGN(TASK_SIZE - gap), gap = rlimit +
     * stack_guard_gap clamped to [128 MiB, TASK_SIZE / 6 * 5] (no randomisation).
     */
    public long mmapBaseFor(long stackRlimitBytes) {
        long gap = stackRlimitBytes;
        long pad = version == KernelVersion.V2_6 ? 0 : STACK_GUARD_GAP; // 2.6.24 mmap_32.c: the rlimit alone
        if (gap != ExecImage.RLIM_INFINITY && gap + pad > gap) {
            gap += pad;
        }
        long gapMax = (taskSize / 6) * 5;
        if (gap == ExecImage.RLIM_INFINITY || Long.compareUnsigned(gap, gapMax) > 0) {
            gap = gapMax;
        } else if (gap < SIZE_128M) {
            gap = SIZE_128M;
        }
        return pageAlign(taskSize - gap);
    }

    private void mapVdso() {
        if (hasGateVdso()) {
            // 2.6.24 arch_setup_additional_pages(), compat: map_compat_vdso(1) sets the FIX_VDSO pte,
            // mm->context.vdso = VDSO_HIGH_BASE, no VMA
            kpt.mapCompatVdso(kpt.compatVdsoAddr());
            return;
        }
        long vvar = 4 * PAGE_SIZE;
        long vclock = version == KernelVersion.V6_18 ? 2 * PAGE_SIZE : 0;
        long vdso = 2 * PAGE_SIZE;
        long addr = getUnmappedArea(null, 0, vvar + vclock + vdso, 0, Mman.MAP_SHARED);
        long vvarFlags = Vma.VM_READ | Vma.VM_MAYREAD | Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP | Vma.VM_PFNMAP
                | Vma.VM_IO;
        installSpecialMapping(addr, vvar, vvarFlags, Vma.Special.VVAR);
        if (vclock != 0) {
            installSpecialMapping(addr + vvar, vclock, vvarFlags, Vma.Special.VVAR_VCLOCK);
        }
        installSpecialMapping(addr + vvar + vclock, vdso, Vma.VM_READ | Vma.VM_EXEC | Vma.VM_MAYREAD
                | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC | Vma.VM_DONTEXPAND, Vma.Special.VDSO);
    }

    /**
     * True when the vDSO is 2.6.24's compat one (kernel 2.6, CONFIG_COMPAT_VDSO = y, the Kconfig
     * default): not a VMA of the mm but the fixmap page {@link #gateVdsoAddr()}, which
     * get_gate_vma() hands to /proc/PID/maps as its last entry, named [vdso] because the gate VMA has
     * no vm_mm (arch/x86/kernel/sysenter_32.c, fs/proc/task_mmu.c). Set once the mm was exec'd.
     */
    public boolean hasGateVdso() {
        return version == KernelVersion.V2_6 && !task64 && !kpt.kernel64() && startStack != 0;
    }

    /**
     * VDSO_HIGH_BASE (include/asm-x86/elf.h): __fix_to_virt(FIX_VDSO), fixmap index 1, 0xffffe000
     * below FIXADDR_TOP 0xfffff000 (lower when reservetop= moved __FIXADDR_TOP).
     */
    public long gateVdsoAddr() {
        return kpt.compatVdsoAddr();
    }

    /** True when maps lists [vsyscall] (64-bit task on a 64-bit kernel); it is not a VMA. */
    public boolean hasVsyscallPage() {
        return task64 && kpt.kernel64();
    }

    public static long vsyscallAddr() {
        return VSYSCALL_ADDR;
    }

    // ---------------------------------------------------------------- anon_vma, stack growth

    /**
     * Mirrors mm/rmap.c anon_vma_prepare(): gives the VMA an anon_vma, reusing a neighbour's when
     * find_mergeable_anon_vma() allows (adjacent, same file/pgoff line, flags equal but for access bits).
     */
    public void anonVmaPrepare(Vma v) {
        if (v.anonVma != 0) {
            return;
        }
        int i = indexOf(v);
        if (i + 1 < mapCount && anonVmaReusable(v, vmas[i + 1])) {
            v.anonVma = vmas[i + 1].anonVma;
        } else if (i > 0 && anonVmaReusable(vmas[i - 1], v)) {
            v.anonVma = vmas[i - 1].anonVma;
        } else {
            v.anonVma = nextAnonVma++;
        }
    }

    /** Mirrors anon_vma_compatible() + reusable_anon_vma(): the old VMA's chain must be singular. */
    private static boolean anonVmaReusable(Vma a, Vma b) {
        Vma old = a.anonVma != 0 ? a : b;
        return old.anonVma != 0 && !old.uncowedParents && a.vmEnd == b.vmStart && a.file == b.file
                && ((a.vmFlags ^ b.vmFlags) & ~Vma.VM_ACCESS_FLAGS) == 0
                && a.vmPgoff + a.pages() == b.vmPgoff;
    }

    /**
     * Mirrors mm/mmap.c expand_downwards(): grows a VM_GROWSDOWN VMA down to the page of addr.
     * Refused below mmap_min_addr, when an accessible non-growsdown VMA ends less than
     * stack_guard_gap below the new start, or when the new size exceeds RLIMIT_STACK.
     *
     * @return 0, or -ENOMEM / -EPERM
     */
    public long expandDownwards(Vma v, long addr) {
        addr &= PAGE_MASK;
        if (Long.compareUnsigned(addr, mmapMinAddr) < 0) {
            return Errno.EPERM.asResult();
        }
        Vma prev = findVmaPrev(v.vmStart);
        if (prev != null && !prev.has(Vma.VM_GROWSDOWN) && prev.isAccessible() && version != KernelVersion.V2_6
                && addr - prev.vmEnd < STACK_GUARD_GAP) { // 2.6.24 expand_downwards(): no guard gap
            return Errno.ENOMEM.asResult();
        }
        if (prev != null && Long.compareUnsigned(prev.vmEnd, addr) > 0) {
            return Errno.ENOMEM.asResult();
        }
        long size = v.vmEnd - addr;
        if (stackRlimit != ExecImage.RLIM_INFINITY && Long.compareUnsigned(size, stackRlimit) > 0) {
            return Errno.ENOMEM.asResult();
        }
        long grow = (v.vmStart - addr) >>> 12;
        if (!mayExpandVm(v.vmFlags, grow)) {
            return Errno.ENOMEM.asResult(); // acct_stack_growth(): RLIMIT_AS
        }
        if (!vmEnoughMemory(grow)) {
            // acct_stack_growth(): security_vm_enough_memory_mm(mm, grow), whatever the flags (a
            // growsdown VMA without VM_ACCOUNT keeps that charge forever in the kernel; here the
            // charge follows VM_ACCOUNT, see Overcommit)
            return Errno.ENOMEM.asResult();
        }
        v.vmStart = addr;
        v.vmPgoff -= grow;
        return 0;
    }

    // ---------------------------------------------------------------- ptes

    /**
     * Mirrors vm_get_page_prot() with x86's protection_map (arch/x86/mm/pgprot.c): PAGE_READONLY /
     * PAGE_COPY for private maps (never writable: the first write is a COW fault), PAGE_SHARED for
     * shared writable maps; NX unless VM_EXEC, where the mode has NX. PROT_NONE gives 0 (no pte).
     */
    public long vmPageProt(long vmFlags) {
        if ((vmFlags & Vma.VM_ACCESS_FLAGS) == 0) {
            return 0;
        }
        long prot = Pte._PAGE_PRESENT | Pte._PAGE_USER | Pte._PAGE_ACCESSED;
        if ((vmFlags & Vma.VM_SHARED) != 0 && (vmFlags & Vma.VM_WRITE) != 0) {
            prot |= Pte._PAGE_RW;
        }
        if ((vmFlags & Vma.VM_EXEC) == 0 && pt.mode().hasNx()) {
            prot |= Pte._PAGE_NX;
        }
        return prot;
    }

    /** _PAGE_PROTNONE: the global bit, meaningful only when _PAGE_PRESENT is clear. */
    public static final long _PAGE_PROTNONE = Pte._PAGE_GLOBAL;

    /**
     * Mirrors x86 pte_present(): the pte maps a page, also when mprotect(PROT_NONE) cleared its
     * present bit (_PAGE_PROTNONE set instead).
     */
    public static boolean ptePresent(long pte) {
        return (pte & (Pte._PAGE_PRESENT | _PAGE_PROTNONE)) != 0;
    }

    /** True for the shared zero page. */
    public boolean isZeroPfn(long pfn) {
        return pfn == kpt.zeroPfn();
    }

    /**
     * Mirrors mm/memory.c zap_pte_range() over [start, end) of v: clears the ptes, drops the
     * rmap (mapcount) and the mapping's page reference, freeing a page whose last reference goes.
     */
    public void zapPageRange(Vma v, long start, long end) {
        updateHiwaterRss(); // zap_page_range_single() (2.6.24 and 6.1 zap_page_range()): update_hiwater_rss()
        zapPageRange(v, start, end, false);
    }

    /**
     * zap_pte_range() with or without ZAP_FLAG_DROP_MARKER: munmap and exit (unmap_vmas()) drop
     * guard markers; MADV_DONTNEED, MADV_REMOVE and truncation keep them.
     */
    private void zapPageRange(Vma v, long start, long end, boolean dropMarkers) {
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += PAGE_SIZE) {
            long slot = pt.pteSlot(pgd, a);
            if (slot < 0) {
                a = pt.nextPteTable(pgd, a, end) - PAGE_SIZE; // zap_p?d_range(): p?d_none_or_clear_bad() skips
                continue;
            }
            long old = pt.readEntry(slot);
            if (old == 0 || (!dropMarkers && SwapArea.isGuardMarker(old))) {
                continue;
            }
            pt.writeEntry(slot, 0); // ptep_get_and_clear_full()
            if (SwapArea.isGuardMarker(old)) {
                continue;
            }
            if (SwapArea.isSwapPte(old)) {
                swap.free(SwapArea.slot(old)); // zap_pte_range(): free_swap_and_cache()
                continue;
            }
            if (!ptePresent(old)) {
                continue;
            }
            long pfn = Pte.pfn(old);
            if (isZeroPfn(pfn) || Pte.special(old)) {
                continue; // vm_normal_page() is NULL: the zero page, remap_pfn_range()'s pfns
            }
            memMap.decMapcount(pfn);
            putPage(pfn);
        }
    }

    /** Mirrors put_page(): drops a reference; the last one frees the frame. */
    public void putPage(long pfn) {
        if (memMap.refcount(pfn) == 1) {
            memMap.clear(pfn, MemMap.PG_anon | MemMap.PG_swapbacked | MemMap.PG_uptodate | MemMap.PG_dirty
                    | MemMap.PG_lru | MemMap.PG_active); // off the LRU (__folio_put(): lru_cache del)
            alloc.freePages(pfn, 0);
        } else {
            memMap.putTestZero(pfn);
        }
    }

    /** True when the anon page is mapped only here (PageAnonExclusive()). */
    public boolean anonExclusive(long pfn) {
        return memMap.test(pfn, MemMap.PG_anon) && memMap.mapcount(pfn) == 1 && memMap.refcount(pfn) == 1;
    }

    /**
     * Mirrors mm/mprotect.c change_pte_range(): rewrites present ptes with the VMA's new
     * protection; a pte becomes writable only for shared writable maps or exclusive anon pages of
     * a VM_WRITE map. PROT_NONE removes the present ptes' access (pte_modify to PAGE_NONE: the
     * pte is kept, not present to the MMU).
     */
    private void changeProtection(Vma v, long start, long end) {
        long prot = vmPageProt(v.vmFlags);
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += PAGE_SIZE) {
            long slot = pt.pteSlot(pgd, a);
            if (slot < 0) {
                a = pt.nextPteTable(pgd, a, end) - PAGE_SIZE; // change_p?d_range(): pmd_none skips
                continue;
            }
            long e = pt.readEntry(slot);
            if (e == 0 || SwapArea.isSwapPte(e) || SwapArea.isGuardMarker(e)) {
                continue; // swap entries and guard markers keep their place; the swap-in fault applies the protection
            }
            long pfn = Pte.pfn(e);
            long keep = e & (Pte._PAGE_ACCESSED | Pte._PAGE_DIRTY);
            long ne;
            if (prot == 0) {
                ne = Pte.make(pfn, keep | Pte._PAGE_GLOBAL); // _PAGE_PROTNONE == _PAGE_GLOBAL, P clear
            } else {
                ne = Pte.make(pfn, prot | keep);
                boolean canWrite = v.has(Vma.VM_WRITE) && !isZeroPfn(pfn)
                        && (v.has(Vma.VM_SHARED) || anonExclusive(pfn));
                if (canWrite) {
                    ne |= Pte._PAGE_RW;
                }
            }
            pt.writeEntry(slot, ne);
        }
    }

    /**
     * Frees every page, every page table and the page directory: {@link #exitMmapKeepPgd()} then
     * {@link #freePgd()}, for an mm nobody else references.
     */
    public void exitMmap() {
        exitMmapKeepPgd();
        freePgd();
    }

    /**
     * Mirrors mm/mmap.c exit_mmap(): unmap_vmas() over every VMA (pages and rmap dropped),
     * free_pgtables() for the whole user half, remove_vma() of each VMA. The page directory
     * itself stays until {@link #freePgd()} (__mmdrop()). Does not flush a TLB.
     */
    public void exitMmapKeepPgd() {
        for (int i = mapCount - 1; i >= 0; i--) {
            zapPageRange(vmas[i], vmas[i].vmStart, vmas[i].vmEnd, true);
            removeAt(i);
        }
        pt.freeUserTables(pgd, kpt.kernelPgdBoundary());
    }

    /** Mirrors mm_free_pgd() in __mmdrop(): pgd_free(); at most once. */
    public void freePgd() {
        if (pgdFreed) {
            throw new IllegalStateException("pgd of this mm already freed");
        }
        pgdFreed = true;
        kpt.pgdFree(pgd);
    }

    /** True once {@link #freePgd()} ran: the mm must not be used any more. */
    public boolean pgdFreed() {
        return pgdFreed;
    }
}
