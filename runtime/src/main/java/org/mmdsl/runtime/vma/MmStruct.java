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
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Mman;

/**
 * struct mm_struct: the VMAs of one address space, its page directory and the layout fields the
 * kernel keeps (mmap_base, task_size, start_code ... start_stack). It does not know which task
 * uses it.
 *
 * <p>VMAs are kept in a {@link VmaTree} (the kernel's maple tree): a balanced tree by vm_start that
 * knows the largest free gap of each subtree, with the vm_next/vm_prev list; lookups allocate
 * nothing, get_unmapped_area(), insert and remove are O(log n). System calls return the kernel's values: an address or 0 on
 * success, {@code -errno} on failure ({@link Errno#asResult()}).
 *
 * <p>The system calls on an mm live in files named after the kernel's, and the methods here
 * that carry their names only call them: mm/mmap.c in {@link Mmap} (mmap, munmap, exit_mmap),
 * get_unmapped_area() in {@link UnmappedArea}, mm/vma.c's merge and split in {@link VmaMerge},
 * {@link Mprotect}, {@link Mseal}, {@link Brk}, {@link Mremap}, {@link Madvise}, {@link Mlock},
 * {@link Msync}, the exec layout and the vDSO in {@link ExecLayout}, zap_pte_range() in
 * {@link Zap}, truncation in {@link Truncate}; the status counters (vm_stat_account, rss_stat) are
 * computed in {@link MmCounters}. Reclaim and swap are reached through
 * {@link ReclaimHook} and {@link SwapInfo}.
 *
 * <p>Neighbours: the fault path that fills the page tables is {@code fault.FaultHandler}; maps is
 * rendered by {@code proc.ProcMaps}; dup_mmap() is {@code fork.Fork}.
 *
 * <p>Over 800 lines, for a reason: this is struct mm_struct's fields (each with its kernel
 * meaning), the counters /proc reads (rss_stat, hiwater, vm_stat_account()), the VMA tree's
 * entry points with find_vma() and 2.6's mmap_cache, dup_mm(), and one entry point per system call for
 * the facade and the tests; the logic of those calls is in the files above.
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
    private static final long VSYSCALL_ADDR = 0xffffffffff600000L;

    final KernelPageTables kpt;
    final PageTables pt;
    final MemMap memMap;
    final FrameAllocator alloc;
    final KernelVersion version;
    final boolean task64;

    /** The VMAs (mm->mm_mt; 2.6: mm->mmap and mm_rb). */
    final VmaTree tree = new VmaTree();
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
    long freeAreaCache;
    long cachedHoleSize = ULONG_MAX_32;
    static final long ULONG_MAX_32 = 0xffffffffL;
    long nextAnonVma = 1;
    long nextShmemIno = 1;
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
     * {@link ExecLayout#execLayout}.
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
    /**
     * The system's swap area ({@code reclaim.SwapArea}), or null without swap (then anonymous
     * pages are never swapped out).
     */
    public SwapInfo swap;
    /**
     * The machine's reclaim (kswapd, direct reclaim, OOM killer; {@code reclaim.Reclaim}), or null
     * (tests without a Kernel).
     */
    public ReclaimHook reclaim;
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
    /**
     * mm->exe_file: the binary this address space was exec()ed from, or null. While an mm holds it the
     * file cannot be opened for writing (exe_file_deny_write_access(): ETXTBSY, see
     * {@code Kernel#open}).
     */
    public FileRef exeFile;
    /**
     * Why the last {@link ExecLayout#execLayout} failed, in kernel words ("elf_map() of the text segment at
     * 0x8048000"), or null when it did not.
     */
    public String execFailure;
    /** The segment address {@link #execFailure} names (what elf_map()'s "Uhuuh" prints). */
    public long execFailureAddr;
    /** Addresses where a failed munmap/MAP_FIXED left a split the kernel does not undo. */
    long[] keptSplits = new long[0];
    /**
     * The machine's transparent-huge-page state (mode, huge zero page, thp_* counters), shared by
     * every mm; null: no THP (tests without a Kernel, 32-bit kernels). See {@link HugeMemory}.
     */
    public ThpState thp;
    /**
     * The task's NUMA memory policy (set_mempolicy(), task->mempolicy); null: the default policy. The
     * kernel keeps one per thread; the model keeps it with the mm, so threads share it.
     */
    public Mempolicy mempolicy;
    /** numa_node_id() of the CPU the task runs on: node 0 (the model runs every task on CPU 0). */
    public int numaNode;
    /** The machine's hugetlbfs pool (HugetlbPool), shared by every mm; null: none (32-bit kernels). */
    public HugetlbPool hugetlb;
    /** The pte tables deposited with each huge pmd (pgtable_trans_huge_deposit()): haddr to table pfn. */
    final java.util.HashMap<Long, Long> deposited = new java.util.HashMap<>();
    /** hiwater_rss in pages: the largest RSS seen at an unmap (update_hiwater_rss()). */
    long hiwaterRss;
    /** PageTables.installs() when hiwaterRss was last brought up to date (-1: never). */
    private long hiwaterRssAt = -1;
    /**
     * Set for good once a driver maps frames by number into this mm (remap_pfn_range(), vm_insert_page(),
     * a fault-time remap: DeviceMap), or into the mm it was forked from: a user store through such a mapping
     * could set a pte without PageTables.writeEntry(), so updateHiwaterRss() always sums the RSS again.
     */
    boolean rawFramesMapped;
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
            this.freeAreaCache = UnmappedArea.taskUnmappedBase(this);
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
        mm.rawFramesMapped = oldmm.rawFramesMapped;
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
        mm.thp = oldmm.thp;
        mm.mempolicy = oldmm.mempolicy; // copy_process() -> mpol_dup(): the child keeps the policy
        mm.hugetlb = oldmm.hugetlb;
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
        if (tree.last() != null && Long.compareUnsigned(tree.last().vmEnd, src.vmStart) > 0) {
            throw new IllegalArgumentException("VMA copies must come in address order: " + src);
        }
        Vma v = new Vma(src.vmStart, src.vmEnd, vmFlags, src.vmPgoff, src.file, 0, src.special);
        if (anonVmaFork) {
            v.anonVma = nextAnonVma++;
            v.uncowedParents = true;
        }
        insert(v);
        v.openCopyOf(src); // dup_mmap(): tmp->vm_ops->open(tmp)
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

    /** mm->map_count: the number of VMAs. */
    public int mapCount() {
        return tree.size();
    }

    /** The VMAs in address order (a copy). */
    public List<Vma> vmas() {
        List<Vma> list = new ArrayList<>(tree.size());
        for (Vma v = tree.first(); v != null; v = v.vmNext) {
            list.add(v);
        }
        return list;
    }

    /** The VMA at index in address order: O(1) when walking from index to index + 1 or - 1, else O(log n). */
    public Vma vmaAt(int index) {
        return tree.get(index);
    }

    // ---------------------------------------------------------------- counters (vm_stat_account, rss_stat: MmCounters)

    /** total_vm in pages (MmCounters). */
    public long totalVm() {
        return MmCounters.totalVm(this);
    }

    /** locked_vm in pages (MmCounters). */
    public long lockedVm() {
        return MmCounters.lockedVm(this);
    }

    /** The rss_stat counters {file, anon, shmem} in pages (MmCounters). */
    public long[] rssCounters() {
        return MmCounters.rssCounters(this);
    }

    /** MM_SWAPENTS (MmCounters). */
    public long swapEnts() {
        return MmCounters.swapEnts(this);
    }

    /** One rss_stat counter in pages as get_mm_counter() reads it (MmCounters). */
    public long rssCounter(MmCounter c) {
        return MmCounters.rssCounter(this, c);
    }

    /** pinned_vm in pages (MmCounters: always 0). */
    public long pinnedVm() {
        return MmCounters.pinnedVm(this);
    }

    /** get_mm_rss() in pages (MmCounters). */
    public long rss() {
        return MmCounters.rss(this);
    }

    /** exec_vm in pages (MmCounters). */
    public long execVm() {
        return MmCounters.execVm(this);
    }

    /** stack_vm in pages (MmCounters). */
    public long stackVm() {
        return MmCounters.stackVm(this);
    }

    /** data_vm in pages (MmCounters). */
    public long dataVm() {
        return MmCounters.dataVm(this);
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
        long installs = pt.installs();
        if (installs == hiwaterRssAt && !rawFramesMapped) {
            // no entry was written since the last update, so no page became present and the RSS can only have
            // fallen: hiwater_rss stands (a host-side shortcut: the kernel keeps rss_stat counters and reads them;
            // the sum over the page tables costs one look at every present pte of the mm)
            return;
        }
        hiwaterRss = hiwaterRss();
        hiwaterRssAt = installs;
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

    // ---------------------------------------------------------------- lookup

    /** Index of the first VMA with vm_end > addr, or mapCount(). */
    int findIndex(long addr) {
        return tree.findIndex(addr);
    }

    int indexOf(Vma v) {
        return tree.indexOf(v);
    }

    /**
     * A VMA of this mm changed its vm_start, vm_end or VM_GROWSDOWN in place: the free gaps get_unmapped_area()
     * searches are brought up to date (vma_gap_update()).
     */
    void vmaChanged(Vma v) {
        tree.changed(v);
    }

    /** Mirrors find_vma(): the first VMA ending above addr (it may start above addr), or null. No allocation. */
    public Vma findVma(long addr) {
        if (mmapCacheOn) {
            return findVmaCached(addr);
        }
        return tree.find(addr);
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
        v = tree.find(addr);
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
        Vma v = tree.find(addr);
        return v == null ? tree.last() : v.vmPrev;
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

    /** Adds v to the tree (O(log n)): vma_link(). v must not overlap a VMA of this mm. */
    void insert(Vma v) {
        v.mm = this;
        tree.insert(v);
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
        Vma v = tree.get(i);
        tree.remove(v);
        if (v == mmapCache) {
            mmapCache = null; // 2.6 detach_vmas_to_be_unmapped(): mm->mmap_cache = NULL
        }
        if (v.vmOps != null) {
            v.vmOps.close(v); // remove_vma(): vma->vm_ops->close(vma) (device VMAs never merge: VM_SPECIAL)
        }
        if (v.file != null && v.file.vmaPut() == 0 && v.file.shmem) {
            Truncate.shmemTruncate(this, v.file);
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

    /** PAGE_ALIGN(): rounds up to a page (wraps to 0 at the top of the address space). */
    static long pageAlign(long x) {
        return PagingMode.pageAlign(x);
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

    void keptSplit(long addr) {
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

    // ---------------------------------------------------------------- system calls
    // The logic lives in the file named after the kernel's; these are the entry points the
    // facade (Task, Kernel) and the tests call.

    /** mmap(2) of a file fixture or anonymous memory: see {@link Mmap#mmap}. Returns the address or -errno. */
    public long mmap(long addr, long len, int prot, int flags, FileRef file, long offset) {
        return Mmap.mmap(this, addr, len, prot, flags, file, offset);
    }

    /** mmap(2) through an open file description: see {@link Mmap#mmapFile}. Returns the address or -errno. */
    public long mmapFile(long addr, long len, int prot, int flags, OpenFileDescription open, long offset) {
        return Mmap.mmapFile(this, addr, len, prot, flags, open, offset);
    }

    /** munmap(2): see {@link Mmap#munmap}. Returns 0 or -errno. */
    public long munmap(long start, long len) {
        return Mmap.munmap(this, start, len);
    }

    /** mbind(2) on a machine of {@code nrNodes} nodes: see {@link Mbind#mbind}. Returns 0 or -errno. */
    public long mbind(long start, long len, int mode, long nodes, int nrNodes) {
        return Mbind.mbind(this, start, len, mode, nodes, nrNodes);
    }

    /** mprotect(2): see {@link Mprotect#mprotect}. Returns 0 or -errno. */
    public long mprotect(long start, long len, int prot) {
        return Mprotect.mprotect(this, start, len, prot);
    }

    /** mseal(2): see {@link Mseal#mseal}. Returns 0 or -errno. */
    public long mseal(long start, long lenIn, long flags) {
        return Mseal.mseal(this, start, lenIn, flags);
    }

    /** brk(2): see {@link Brk#brk}. Returns the new break, or the old one when refused. */
    public long brk(long newBrk) {
        return Brk.brk(this, newBrk);
    }

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

    /** What ftruncate() does to this mm's mappings of {@code f}: see {@link Truncate#truncateFile}. */
    public void truncateFile(FileRef f, long newSize) {
        Truncate.truncateFile(this, f, newSize);
    }

    /** The address space a fresh exec of {@code img} leaves: see {@link ExecLayout#execLayout}. Returns 0 or -errno. */
    public long execLayout(ExecImage img) {
        return ExecLayout.execLayout(this, img);
    }

    /** mmap_base() for a stack rlimit: see {@link ExecLayout#mmapBaseFor}. */
    public long mmapBaseFor(long stackRlimitBytes) {
        return ExecLayout.mmapBaseFor(this, stackRlimitBytes);
    }

    /** Stack growth (expand_downwards()): see {@link Mmap#expandDownwards}. Returns 0 or -errno. */
    public long expandDownwards(Vma v, long addr) {
        return Mmap.expandDownwards(this, v, addr);
    }

    /** anon_vma_prepare(): see {@link VmaMerge#anonVmaPrepare}. */
    public void anonVmaPrepare(Vma v) {
        VmaMerge.anonVmaPrepare(this, v);
    }

    /** exit_mmap() up to the page directory: see {@link Mmap#exitMmapKeepPgd}. Does not flush a TLB. */
    public void exitMmapKeepPgd() {
        Mmap.exitMmapKeepPgd(this);
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

    /** Mirrors put_page(): drops a reference; the last one frees the frame. */
    public void putPage(long pfn) {
        pfn = memMap.compoundHead(pfn); // put_page() of a tail page is folio_put() of its head
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
