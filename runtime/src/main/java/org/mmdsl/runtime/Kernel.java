package org.mmdsl.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.fork.Fork;
import org.mmdsl.runtime.highmem.KernelPteWriter;
import org.mmdsl.runtime.highmem.Pkmap;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.init.Setup;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.proc.PageTypeInfo;
import org.mmdsl.runtime.proc.PhysProc;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.OpenFileDescription;
import org.mmdsl.runtime.reclaim.SwapArea;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.zone.Zone;

/**
 * One booted machine. {@link #boot} runs the boot sequence: setup_arch() with the e820 map, memblock,
 * zones and the buddy allocator ({@link Setup}), then the final kernel page tables that direct-map
 * lowmem ({@link KernelPageTables}; their frames come from the buddy allocator, so they show in the
 * zone counters as on a real machine, where they come from memblock before the buddy exists).
 *
 * <p>Not thread-safe: one run drives one machine.
 */
public final class Kernel {
    private final BootParams params;
    private final PhysicalMemory memory;
    private final PhysMem physMem;
    private final KernelPageTables kernelPageTables;
    private final EventSink sink;
    private final Pkmap pkmap;
    private final Map<String, FileRef> files = new HashMap<>();
    private final Map<String, org.mmdsl.runtime.vma.DeviceDriver> drivers = new HashMap<>();
    private KernelMemory kmem;
    private KernelHighmem highmem;
    private KernelAddress addr;
    private KernelTlb tlb;
    private int nextPid = 1;
    /** Every task created, in pid order (exited ones included; {@link Task#exited()} tells). */
    private final java.util.List<Task> tasks = new java.util.ArrayList<>();
    /** The swap area ({@code boot ... swap SIZE}), or null. */
    private SwapArea swap;
    /** kswapd, direct reclaim and the OOM killer of this machine. */
    private org.mmdsl.runtime.reclaim.Reclaim reclaim;
    private long nextInode = 1_000_000;
    /** CPU 0's current task and active mm (kernel/sched/core.c). */
    private final org.mmdsl.runtime.sched.RunQueue runQueue;

    private Kernel(BootParams params, PhysicalMemory memory, PhysMem physMem, KernelPageTables kpt, EventSink sink) {
        this.params = params;
        this.memory = memory;
        this.physMem = physMem;
        this.kernelPageTables = kpt;
        this.sink = sink;
        this.swap = params.swapBytes > 0 ? new SwapArea(params.swapBytes) : null;
        this.reclaim = new org.mmdsl.runtime.reclaim.Reclaim(memory.allocator(), memory.memMap(), sink);
        this.runQueue = new org.mmdsl.runtime.sched.RunQueue(kpt.pageTables().tlb(), sink);
        if (params.highpte) {
            kpt.pageTables().setHighpte(memory.maxLowPfn(), pfn -> highmem().ptePageWalked(pfn));
        }
        this.reclaim.setFiles(files::values, kpt.pageTables(), physMem);
        this.pkmap = params.arch.is32() ? new Pkmap(memory.layout(), memory.memMap(), memory.maxLowPfn(),
                kernelPtes(kpt)) : null;
        // hugetlb_init() (a subsys_initcall): hugepages= pages come from the buddy allocator after boot
        this.hugetlb = params.arch.is32() ? null : org.mmdsl.runtime.vma.HugetlbPool.boot(memory.allocator(),
                memory.memMap(), physMem, org.mmdsl.runtime.vma.HugeMemory.HPAGE_PMD_ORDER, params.hugepages);
        long free = 0;
        for (org.mmdsl.runtime.zone.Zone z : memory.zones()) {
            free += z.freePages();
        }
        // init_admin_reserve()/init_user_reserve() read NR_FREE_PAGES at subsys_initcall time: the
        // free pages after boot here
        // vm_commit_limit(): (totalram_pages() - hugetlb_total_pages()) * ratio / 100 + swap
        long hugetlbPages = hugetlb == null ? 0 : hugetlb.total() << hugetlb.order;
        this.overcommit = new org.mmdsl.runtime.vma.Overcommit(params.model.processRules, memory.totalramPages() - hugetlbPages, free,
                () -> swap == null ? 0 : swap.pages(),
                () -> org.mmdsl.runtime.vma.Overcommit.committedPages(liveMms()));
    }

    private final org.mmdsl.runtime.vma.Overcommit overcommit;
    /** The hugetlbfs pool (x86_64): hugepages= pages; null on 32-bit kernels. */
    private final org.mmdsl.runtime.vma.HugetlbPool hugetlb;

    /** The hugetlbfs pool, or null (32-bit kernels). */
    public org.mmdsl.runtime.vma.HugetlbPool hugetlb() {
        return hugetlb;
    }

    /** Transparent huge pages (x86_64 6.x): the booted mode, the huge zero page, the thp_* counters. */
    private org.mmdsl.runtime.vma.ThpState thp;

    /**
     * The THP state every new mm shares, or null on a kernel without THP (32-bit, 2.6). Mirrors
     * mm/huge_memory.c hugepage_init(): below 512 MiB of RAM THP is switched off whatever the mode.
     */
    public org.mmdsl.runtime.vma.ThpState thp() {
        if (thp == null && !params.arch.is32() && params.model != KernelModel.V2_6) {
            boolean small = memory.totalramPages() < (512L << 8);
            thp = new org.mmdsl.runtime.vma.ThpState(small ? org.mmdsl.runtime.arch.ThpMode.NEVER : params.thpMode());
        }
        return thp;
    }

    /** vm.overcommit_memory, _ratio, _kbytes and the reserves: the sysctls the scenario may write. */
    public org.mmdsl.runtime.vma.Overcommit overcommit() {
        return overcommit;
    }

    /** The mms of the live tasks, each once (a CLONE_VM mm is shared). */
    private java.util.List<MmStruct> liveMms() {
        java.util.List<MmStruct> mms = new java.util.ArrayList<>();
        java.util.Set<MmStruct> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Task t : tasks) {
            if (!t.exited() && t.mm() != null && seen.add(t.mm())) {
                mms.add(t.mm());
            }
        }
        return mms;
    }

    /**
     * Boots a machine. The parameters must have passed {@link BootParams#check}; the boot lines are
     * emitted as {@link KernelMessage}s on {@code sink} in the kernel's order.
     */
    public static Kernel boot(BootParams params, EventSink sink) {
        String problem = BootParams.check(params);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        EventSink out = sink == null ? EventSink.NONE : sink;
        PhysicalMemory pm = Setup.boot(params, out);
        PhysMem mem = new PhysMem();
        pm.allocator().setZeroer(mem::zeroFrame);
        PageTables pt = new PageTables(pagingMode(params), mem, pm.allocator(), pm.memMap());
        // x86_64 kernels run with CR4.PCIDE where the CPU has PCIDs (every recent one).
        pt.setTlb(new org.mmdsl.runtime.mmu.Tlb(params.tlbEntries, params.tlbWays, !params.arch.is32()));
        pt.tlb().setPti(params.pti);
        KernelPageTables kpt = new KernelPageTables(pt, pm.layout().pageOffset(), pm.maxLowPfn(), params.pti);
        if (params.pti && !org.mmdsl.runtime.pgtable.Pti.init(kpt)) {
            throw new IllegalStateException("no memory for the page-table isolation's tables");
        }
        if (params.model == KernelModel.V2_6 && params.arch == org.mmdsl.runtime.arch.Arch.I386) {
            // 2.6.24 i386 without PAE: vmalloc's page tables reach a process pgd on a vmalloc fault
            kpt.setLazySync(pm.layout().vmallocStart(), pm.layout().vmallocEnd());
        }
        if (params.model == KernelModel.V2_6) {
            kpt.setCompatVdsoAddr(pm.layout().fixToVirt(1)); // include/asm-x86/elf.h VDSO_HIGH_BASE: FIX_VDSO = 1
        }
        return new Kernel(params.copy(), pm, mem, kpt, out);
    }

    /** The paging mode the kernel flavour runs in. */
    public static PagingMode pagingMode(BootParams p) {
        return switch (p.arch) {
            case I386 -> PagingMode.TWO_LEVEL;
            case I386_PAE -> PagingMode.PAE;
            case X86_64 -> PagingMode.FOUR_LEVEL;
            case X86_64_LA57 -> PagingMode.FIVE_LEVEL;
        };
    }

    public BootParams params() {
        return params.copy();
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public KernelLayout layout() {
        return memory.layout();
    }

    public PhysMem physMem() {
        return physMem;
    }

    public KernelPageTables kernelPageTables() {
        return kernelPageTables;
    }

    /** True on x86_64: 64-bit pointers, and the tasks the language creates are 64-bit. */
    /** The kernel this machine plays (boot option {@code kernel 2.6|6.1}). */
    public KernelModel model() {
        return params.model;
    }

    public boolean is64() {
        return !params.arch.is32();
    }

    /**
     * A new process with an empty address space (mm_alloc() + pgd_alloc()) whose mmap layout is
     * already picked for the default 8 MB stack limit, as exec does before it maps the ELF; {@code exec}
     * then gives it an image. Returns a task even when no frame is left for the page directory: its
     * first system call then fails with ENOMEM.
     */
    public Task spawn(String comm) {
        MmStruct mm = newMm();
        if (mm == null) {
            sink.emit(new KernelMessage("fork: cannot allocate a page directory for " + comm + ": out of memory", true));
        } else {
            mm.mmapBase = mm.mmapBaseFor(org.mmdsl.runtime.vma.ExecImage.DEFAULT_STACK_RLIMIT);
        }
        Task t = new Task(this, nextPid++, comm, mm, sink);
        tasks.add(t);
        return register(t);
    }

    /** CPU 0's run queue: the current task, its active_mm, context switches. */
    public org.mmdsl.runtime.sched.RunQueue runQueue() {
        return runQueue;
    }

    /**
     * kthread_run(): a new kernel thread (no mm), not running yet; {@link #schedule} runs it. Its pid
     * comes from the same pid space as the processes'.
     */
    public Kthread kthread(String comm) {
        return new Kthread(this, nextPid++, comm, sink);
    }

    /** The scheduler picks {@code next} on CPU 0: context_switch() from the current task. */
    public void schedule(org.mmdsl.runtime.sched.SchedTask next) {
        runQueue.contextSwitch(next);
    }

    /** Makes a process an OOM-killer candidate. */
    private Task register(Task t) {
        reclaim.register(new org.mmdsl.runtime.reclaim.Reclaim.Candidate() {
            @Override
            public int pid() {
                return t.pid();
            }

            @Override
            public String comm() {
                return t.comm();
            }

            @Override
            public MmStruct mm() {
                return t.mm();
            }

            @Override
            public void kill() {
                t.oomKill();
            }

            @Override
            public void killAfterFault() {
                t.oomKillAfterFault();
            }
        });
        return t;
    }

    /** kswapd, direct reclaim and the OOM killer. */
    public org.mmdsl.runtime.reclaim.Reclaim reclaim() {
        return reclaim;
    }

    /**
     * mm_alloc() + pgd_alloc() for this machine: the model's process rules, 2.6's mmap_cache, the swap
     * area. Null when no frame is left for the page directory.
     */
    MmStruct newMm() {
        return newMm(is64());
    }

    /** {@link #newMm()} for a 64-bit or (false) a 32-bit task: an ia32 task on x86_64 is a compat task. */
    MmStruct newMm(boolean task64) {
        MmStruct mm = MmStruct.create(kernelPageTables, task64 && is64(), params.model.processRules);
        if (mm != null && params.model == KernelModel.V2_6) {
            mm.enableMmapCache();
        }
        if (mm != null) {
            mm.swap = swap;
            mm.reclaim = reclaim;
            mm.overcommit = overcommit;
            mm.thp = thp();
            mm.hugetlb = hugetlb;
        }
        return mm;
    }

    /**
     * fork(): a new process whose mm is a copy-on-write copy of the parent's (kernel/fork.c dup_mm(),
     * copy_page_range()). When no frame is left for the copy, the fork fails with ENOMEM and null is
     * returned.
     */
    public Task fork(Task parent, String comm) {
        return copyProcess(parent, comm, 0);
    }

    /** clone(CLONE_VM): a new task sharing the parent's mm_struct (mm_users + 1). */
    public Task cloneThread(Task parent, String comm) {
        return copyProcess(parent, comm, Fork.CLONE_VM);
    }

    private Task copyProcess(Task parent, String comm, long cloneFlags) {
        String call = (cloneFlags & Fork.CLONE_VM) != 0 ? "clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD)"
                : "fork()";
        MmStruct mm = parent.mm() == null ? null : Fork.copyMm(cloneFlags, parent.mm());
        if (mm == null) {
            sink.emit(new CallResult(parent.comm() + "[" + parent.pid() + "]: " + call, Errno.ENOMEM.asResult(), false));
            return null;
        }
        int pid = nextPid++;
        sink.emit(new CallResult(parent.comm() + "[" + parent.pid() + "]: " + call, pid, false));
        Task t = new Task(this, pid, comm, mm, sink);
        tasks.add(t);
        return (cloneFlags & Fork.CLONE_VM) != 0 ? t : register(t);
    }

    /**
     * The file at {@code path}: one inode per path for the whole run, so two mappings of the same path
     * share a page cache. Its size is unknown (no SIGBUS beyond EOF) and its contents read as zero.
     */
    /** The swap area, or null when the machine has none. */
    public SwapArea swap() {
        return swap;
    }

    /**
     * The character device at {@code path} (a misc device node on devtmpfs, dev 00:05, one inode per
     * path): a driver's file whose mmap maps kernel memory ({@link org.mmdsl.runtime.vma.DeviceMap}).
     */
    public FileRef deviceFile(String path) {
        return files.computeIfAbsent(path, p -> new FileRef(p, 0, 5, nextInode++, -1, 0, false, true, true, true, false));
    }

    /** The driver of the device node {@code path} (its file and its vm_operations' counts), made on first use. */
    public org.mmdsl.runtime.vma.DeviceDriver deviceDriver(String path) {
        return drivers.computeIfAbsent(path, p -> new org.mmdsl.runtime.vma.DeviceDriver(deviceFile(p)));
    }

    /** The driver of {@code path} if anything mapped it, else null (asking makes no device node). */
    public org.mmdsl.runtime.vma.DeviceDriver deviceDriverIfMapped(String path) {
        return drivers.get(path);
    }

    public FileRef file(String path) {
        FileRef f = files.get(path);
        if (f == null) {
            f = lookup(path);
            files.put(path, f);
        }
        return f;
    }

    /** procfs's and sysfs's device numbers on the recorded 6.18 machine (anonymous block devices 00:0e, 00:0f). */
    private static final int PROC_DEV_MINOR = 0x0e;
    private static final int SYSFS_DEV_MINOR = 0x0f;

    /** Directories every root filesystem has; others are known as the parents of files the scenario names. */
    private static final java.util.Set<String> WELL_KNOWN_DIRS = java.util.Set.of("/", "/bin", "/dev", "/etc", "/home",
            "/lib", "/lib64", "/mnt", "/opt", "/root", "/run", "/sbin", "/srv", "/tmp", "/usr", "/var", "/proc",
            "/proc/self", "/proc/sys", "/proc/sys/vm", "/sys", "/sys/kernel", "/sys/kernel/mm");

    /**
     * What stat() of a path not declared with `file` shows: a regular file on the root filesystem (fe:00)
     * of unknown size (no SIGBUS beyond EOF, contents zero); a directory (a well-known one, a path ending
     * in '/', or the parent of a file already known) is size 4096 on fe:00 and has no ->mmap; a procfs
     * file (/proc, dev 00:0e, size 0) has no ->mmap (ENODEV, like proc_reg_file_ops without
     * mmap); a sysfs attribute (/sys, dev 00:0f, size 4096: kernfs' PAGE_SIZE) neither (only binary
     * attributes with an mmap op, PCI resources, have one: not modelled). Inode numbers are the model's.
     */
    private FileRef lookup(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean dir = path.endsWith("/") || WELL_KNOWN_DIRS.contains(p);
        for (String known : files.keySet()) {
            dir |= known.startsWith(p.equals("/") ? "/" : p + "/");
        }
        boolean proc = p.equals("/proc") || p.startsWith("/proc/");
        boolean sys = p.equals("/sys") || p.startsWith("/sys/");
        int major = proc || sys ? 0 : 0xfe;
        int minor = proc ? PROC_DEV_MINOR : sys ? SYSFS_DEV_MINOR : 0;
        long size = proc ? 0 : sys ? (dir ? 0 : 4096) : dir ? 4096 : -1;
        boolean mmapable = !dir && !proc && !sys;
        return new FileRef(path, major, minor, nextInode++, size, 0, false, true, true, mmapable, false, dir);
    }

    /**
     * open(2) of {@code path} with an f_mode ({@link OpenFileDescription#fModeOf}): the open file
     * description, or null when the open fails ({@link OpenFileDescription#mayOpen} says why). Does not
     * create files (every path exists) nor check permissions (root).
     */
    public OpenFileDescription open(String path, int fMode) {
        FileRef f = file(path);
        return Errno.isError(openError(f, fMode)) ? null : new OpenFileDescription(f, fMode);
    }

    /**
     * Why open(2) of {@code f} with {@code fMode} fails, or 0: {@link OpenFileDescription#mayOpen}, then
     * ETXTBSY for writing a binary some live mm runs (do_dentry_open() -> get_write_access() against
     * exe_file_deny_write_access() of execve(); 6.18 still denies, measured on 6.18.44). Mapping a
     * running binary is allowed (MAP_DENYWRITE is ignored since 5.15, and was never honoured for mmap(2)).
     */
    public long openError(FileRef f, int fMode) {
        long r = OpenFileDescription.mayOpen(f, fMode);
        if (r == 0 && (fMode & OpenFileDescription.FMODE_WRITE) != 0) {
            for (Task t : tasks) {
                if (!t.exited() && t.mm() != null && t.mm().exeFile == f) {
                    return Errno.ETXTBSY.asResult();
                }
            }
        }
        return r;
    }

    /**
     * The task whose mm kernel statements run with (current, its CR3 loaded: switch_mm()), or null
     * for none: kernel code then uses swapper_pg_dir, as a kernel thread on init_mm.
     */
    private Task current;

    /** Makes {@code t} current for the kernel statements that follow (null: none). */
    public void setCurrent(Task t) {
        this.current = t;
    }

    /** The current task, or null. */
    public Task current() {
        return current;
    }

    /**
     * Creates the regular file {@code path} (dev fe:00) of {@code size} bytes before anything opens it:
     * every byte reads {@code fillByte}, or with {@code letterPerPage} page i reads 'A' + i. How it is
     * opened is each open's ({@link #open}). Returns the file already known under that path, unchanged,
     * if there is one.
     */
    public FileRef createFile(String path, long size, int fillByte, boolean letterPerPage) {
        return files.computeIfAbsent(path, p -> new FileRef(p, 0xfe, 0, nextInode++, size, fillByte, letterPerPage,
                true, true, true, false));
    }

    /**
     * memfd_create(name, allowSealing ? MFD_ALLOW_SEALING : 0) + ftruncate(size). Mirrors mm/memfd.c
     * memfd_create(): without MFD_ALLOW_SEALING the file is born with F_SEAL_SEAL (no seal can be added).
     */
    public FileRef memfd(String name, long size, boolean allowSealing) {
        FileRef f = new FileRef("/memfd:" + name + " (deleted)", 0, 1, nextInode++, size, 0, false, true, true, true,
                true);
        f.setSeals(allowSealing ? 0 : FileRef.F_SEAL_SEAL);
        return f;
    }

    /**
     * Mirrors mapping_deny_writable()'s test of i_mmap_writable: is any VMA in any task a shared mapping
     * that may write {@code f}? 6.7+ counts VM_SHARED|VM_MAYWRITE (is_shared_maywrite()); 6.1 counts
     * every VM_SHARED VMA (mmap_region() calls mapping_map_writable() for VM_SHARED).
     */
    public boolean writablyMapped(FileRef f) {
        java.util.Set<MmStruct> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Task t : tasks) {
            MmStruct mm = t.mm();
            if (mm == null || t.exited() || !seen.add(mm)) {
                continue;
            }
            for (int i = 0; i < mm.mapCount(); i++) {
                org.mmdsl.runtime.vma.Vma v = mm.vmaAt(i);
                long need = mm.version() == org.mmdsl.runtime.uapi.KernelVersion.V6_18
                        ? org.mmdsl.runtime.vma.Vma.VM_SHARED | org.mmdsl.runtime.vma.Vma.VM_MAYWRITE
                        : org.mmdsl.runtime.vma.Vma.VM_SHARED;
                if (v.file() == f && (v.vmFlags() & need) == need) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The zone called {@code name} ("DMA", "Normal", "HighMem", ...), or {@code null}. */
    public ZoneView zone(String name) {
        Zone z = memory.zone(name);
        if (z == null) {
            return null;
        }
        return new ZoneView(z.name(), z.startPfn(), z.endPfn(), z.spanned(), z.present(), z.managed(),
                z.min(), z.low(), z.high(), z.freePages());
    }

    /** The zone called {@code name} of node {@code nid} (`expect node 1 zone Normal ...`), or null. */
    public ZoneView zone(int nid, String name) {
        Zone z = zoneOf(nid, name);
        if (z == null) {
            return null;
        }
        return new ZoneView(z.name(), z.startPfn(), z.endPfn(), z.spanned(), z.present(), z.managed(),
                z.min(), z.low(), z.high(), z.freePages());
    }

    /** free_area[order].nr_free of node nid's zone {@code name} (a column of its /proc/buddyinfo line), or -1. */
    public long zoneFreeBlocks(int nid, String name, int order) {
        Zone z = zoneOf(nid, name);
        return z == null || order < 0 || order >= Zone.MAX_ORDER ? -1 : z.nrFree(order);
    }

    /** Free blocks of {@code order} on one migrate type's list of node nid's zone {@code name}, or -1. */
    public long zoneFreeBlocks(int nid, String name, int order, String type) {
        Zone z = zoneOf(nid, name);
        int t = migratetype(type);
        return z == null || t < 0 || order < 0 || order >= Zone.MAX_ORDER ? -1
                : memory.allocator().countFree(z.slot(), t, order, Long.MAX_VALUE);
    }

    /** The pageblocks of migrate type {@code type} in node nid's zone {@code name}, or -1. */
    public long zonePageblocks(int nid, String name, String type) {
        Zone z = zoneOf(nid, name);
        int t = migratetype(type);
        return z == null || t < 0 ? -1 : PageTypeInfo.blockCounts(memory, z)[t];
    }

    /** The number of NUMA nodes (nr_online_nodes). */
    public int nrNodes() {
        return memory.nrNodes();
    }

    /** Mirrors page_to_nid(): the node of frame {@code pfn}, or -1 without a struct page. */
    public int pageNid(long pfn) {
        return memory.memMap().pfnValid(pfn) ? memory.pfnToNid(pfn) : -1;
    }

    private Zone zoneOf(int nid, String name) {
        return nid < 0 || nid >= memory.nrNodes() ? null : memory.nodes().get(nid).zone(name);
    }

    /**
     * free_area[order].nr_free of the zone called {@code name}: its free blocks of 2^order pages, the
     * column {@code order} of /proc/buddyinfo (mm/vmstat.c frag_show_print()); -1 without such a zone or
     * for an order outside 0..MAX_ORDER-1.
     */
    public long zoneFreeBlocks(String name, int order) {
        Zone z = memory.zone(name);
        return z == null || order < 0 || order >= Zone.MAX_ORDER ? -1 : z.nrFree(order);
    }

    /** The model's migrate type spelled as /proc/pagetypeinfo names it ("Movable"), or -1. */
    public int migratetype(String name) {
        return memory.allocator().migrateTypes().names().indexOf(name);
    }

    /** The model's migrate type names in /proc/pagetypeinfo's order. */
    public List<String> migratetypeNames() {
        return memory.allocator().migrateTypes().names();
    }

    /**
     * Free blocks of {@code order} on free_area[order].free_list[type] of the named zone (a column
     * of /proc/pagetypeinfo), or -1 without such a zone, order or type.
     */
    public long zoneFreeBlocks(String name, int order, String type) {
        Zone z = memory.zone(name);
        int t = migratetype(type);
        return z == null || t < 0 || order < 0 || order >= Zone.MAX_ORDER ? -1
                : memory.allocator().countFree(z.index(), t, order, Long.MAX_VALUE);
    }

    /** The pageblocks of migrate type {@code type} in the named zone (/proc/pagetypeinfo's block counts), or -1. */
    public long zonePageblocks(String name, String type) {
        Zone z = memory.zone(name);
        int t = migratetype(type);
        return z == null || t < 0 ? -1 : PageTypeInfo.blockCounts(memory, z)[t];
    }

    /**
     * The struct page of frame {@code pfn} as a scenario asks about it: page_ref_count(), page_mapcount()
     * (the ptes that map it) and page_zone()'s name; null when the pfn has no struct page (pfn_valid()).
     * Reads struct page; a tail page answers page_ref_count() for itself (0) and, as 6.1's page_mapcount()
     * does for a compound page, its own mappings plus the folio's entire (PMD) mapcount.
     */
    public PageView page(long pfn) {
        org.mmdsl.runtime.page.MemMap mm = memory.memMap();
        if (!mm.pfnValid(pfn)) {
            return null;
        }
        int idx = mm.zone(pfn);
        String zone = null;
        for (Zone z : memory.zones()) {
            if (z.index() == idx) {
                zone = z.name();
            }
        }
        int mapcount = mm.mapcount(pfn);
        if (mm.test(pfn, org.mmdsl.runtime.page.MemMap.PG_tail)) {
            long head = pfn;
            while (head > 0 && !mm.test(head, org.mmdsl.runtime.page.MemMap.PG_head)) {
                head--; // compound_head()
            }
            mapcount += mm.mapcount(head); // folio_entire_mapcount(): the head holds the PMD mappings here
        }
        return new PageView(pfn, mm.refcount(pfn), mapcount, zone);
    }

    /** What {@link #page} reports of a struct page. */
    public record PageView(long pfn, int refcount, int mapcount, String zone) {
    }

    /**
     * kmap(pfn_to_page(pfn)): a lowmem page's direct-map address, or a pkmap slot for a highmem page
     * (mm/highmem.c). Returns -1 when the pfn has no struct page (the kernel would oops),
     * or when every pkmap slot is in use and the caller would sleep on pkmap_map_wait; both are reported.
     */
    public long kmap(long pfn) {
        String call = String.format("kmap(pfn_to_page(0x%x))", pfn);
        if (!memory.memMap().pfnValid(pfn)) {
            sink.emit(new KernelMessage(String.format("%s: pfn 0x%x has no struct page (max_pfn 0x%x): "
                    + "pfn_to_page() would return a bogus pointer and the kernel would oops", call, pfn,
                    memory.maxPfn()), true));
            return -1;
        }
        highmem().mightSleep(call, "include/linux/highmem-internal.h (kmap: might_sleep)");
        long vaddr;
        if (pkmap == null) {
            vaddr = memory.layout().pageOffset() + (pfn << 12);
        } else {
            vaddr = pkmap.kmap(pfn);
            if (vaddr == Pkmap.WOULD_SLEEP) {
                sink.emit(new KernelMessage(String.format("%s would sleep: all %d pkmap slots are in use "
                        + "(pkmap_map_wait); unless another task calls kunmap, this task never wakes", call,
                        memory.layout().lastPkmap()), true));
                return -1;
            }
        }
        sink.emit(new CallResult(call, vaddr, true));
        return vaddr;
    }

    /** kunmap(pfn_to_page(pfn)); a kunmap of a page that kmap did not map is a kernel BUG, reported. */
    public void kunmap(long pfn) {
        String call = String.format("kunmap(pfn_to_page(0x%x))", pfn);
        if (pkmap == null || !memory.memMap().pfnValid(pfn)) {
            sink.emit(new CallResult(call, 0, false));
            return;
        }
        if (pkmap.kunmap(pfn) == Pkmap.KUNMAP_BUG) {
            sink.emit(new KernelMessage(call + ": kernel BUG at mm/highmem.c: the page has no kmap to drop", true));
        } else {
            sink.emit(new CallResult(call, 0, false));
        }
    }

    /**
     * Where pkmap and the kmap_local/kmap_atomic slots write kernel PTEs: swapper_pg_dir, shared by every
     * process. A changed entry already drops its cached translation (PageTables.writeEntry), and the
     * modelled TLB holds user translations only, so flush_tlb_kernel_range() has nothing more to do.
     */
    private static KernelPteWriter kernelPtes(KernelPageTables kpt) {
        return new KernelPteWriter() {
            @Override
            public void setPte(long vaddr, long pfn) {
                kpt.setKernelPte(vaddr, pfn);
            }

            @Override
            public void clearPte(long vaddr) {
                kpt.clearKernelPte(vaddr);
            }

            @Override
            public void flushTlbKernelRange(long start, long end) {
                // nothing cached beyond what writeEntry already dropped
            }
        };
    }

    /** kmap_atomic/kmap_local_page on the per-CPU fixmap slots, and the atomic-context checks. */
    public KernelHighmem highmem() {
        if (highmem == null) {
            highmem = new KernelHighmem(this, sink, org.mmdsl.runtime.highmem.HighmemApi.of(params.model),
                    kernelPtes(kernelPageTables));
        }
        return highmem;
    }

    /** The TLB and the teaching statements that bypass the kernel's flushes. */
    public KernelTlb tlb() {
        if (tlb == null) {
            tlb = new KernelTlb(this, sink);
        }
        return tlb;
    }

    /** The persistent kmap area (null on x86_64). */
    Pkmap pkmap() {
        return pkmap;
    }

    /**
     * Read-only views for pictures and editors: they create nothing (a machine that never called kmalloc
     * or kmap_local has no KernelMemory or KernelHighmem yet, and looking must not make one).
     */
    public java.util.List<Task> tasks() {
        return java.util.Collections.unmodifiableList(tasks);
    }

    /** The pkmap slots: for each slot the pfn it maps, or -1 (none on x86_64: an empty array). */
    public long[] pkmapSlotPfns() {
        if (pkmap == null) {
            return new long[0];
        }
        long[] out = new long[pkmap.slots()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pkmap.slotPfn(i);
        }
        return out;
    }

    /** pkmap_count[] of every slot (1: unmapped but not flushed yet; 2 and more: in use). */
    public int[] pkmapCounts() {
        if (pkmap == null) {
            return new int[0];
        }
        int[] out = new int[pkmap.slots()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pkmap.count(i);
        }
        return out;
    }

    /** The live vmalloc areas (vmap_area_root), lowest first; empty when nothing used vmalloc space yet. */
    public java.util.List<org.mmdsl.runtime.vmalloc.Vmalloc.Area> vmallocAreas() {
        return kmem == null ? java.util.List.of() : kmem.vmalloc().areas();
    }

    /** kmap_local/kmap_atomic's slots if any kernel statement made them, else null (none in use). */
    public KernelHighmem highmemIfUsed() {
        return highmem;
    }

    /** __pa, __va, virt_to_page, pfn_to_page, page_to_pfn, page_address, pfn_valid and dump_page(). */
    public KernelAddress addr() {
        if (addr == null) {
            addr = new KernelAddress(this, sink);
        }
        return addr;
    }

    /** The kernel's own memory services (slab, page allocator, vmalloc, address helpers). */
    public KernelMemory kmem() {
        if (kmem == null) {
            kmem = new KernelMemory(this, sink);
        }
        return kmem;
    }

    /**
     * The address-space markers of the kernel's page-table dump (arch/x86/mm/dump_pagetables.c
     * address_markers, with pt_dump_init()'s addresses), sorted by address. x86_64 leaves out the Fixmap
     * Area (the model does not size the x86_64 fixmap: FIXADDR_START is unknown) and KASAN's.
     */
    public java.util.List<org.mmdsl.runtime.pgtable.PtDump.Marker> pageTableMarkers() {
        KernelLayout l = memory.layout();
        java.util.List<org.mmdsl.runtime.pgtable.PtDump.Marker> m = new java.util.ArrayList<>();
        m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(0, "User Space"));
        if (is64()) {
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(1L << 63, "Kernel Space"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.ldtBase(), "LDT remap")); // CONFIG_MODIFY_LDT_SYSCALL
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.pageOffset(), "Low Kernel Mapping"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.vmallocStart(), "vmalloc() Area"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.vmemmapBase(), "Vmemmap"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.cpuEntryAreaBase(), "CPU entry Area"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.espfixBase(), "ESPfix Area", 16));
            // CONFIG_EFI: EFI_VA_END, -68 GB (arch/x86/include/asm/efi.h)
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(-68L << 30, "EFI Runtime Services"));
            // __START_KERNEL_map: the image's mapping starts at 0xffffffff80000000, its text 16 MB above
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(0xffffffff80000000L, "High Kernel Mapping"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.modulesVaddr(), "Modules"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.modulesEnd(), "End Modules"));
        } else {
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.pageOffset(), "Kernel Mapping"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.vmallocStart(), "vmalloc() Area"));
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.vmallocEnd(), "vmalloc() End"));
            if (l.pkmapBase() != 0) {
                m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.pkmapBase(), "Persistent kmap() Area"));
            }
            if (l.ldtBase() != 0) {
                m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.ldtBase(), "LDT remap"));
            }
            if (l.cpuEntryAreaBase() != 0) {
                m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.cpuEntryAreaBase(), "CPU entry area")); // i386's spelling
            }
            m.add(new org.mmdsl.runtime.pgtable.PtDump.Marker(l.fixaddrStart(), "Fixmap area"));
        }
        m.removeIf(x -> x.address() == 0 && !"User Space".equals(x.name()));
        m.sort((a, b) -> Long.compareUnsigned(a.address(), b.address()));
        return m;
    }

    /**
     * The kernel's page tables (swapper_pg_dir) over [start, end) in dump_pagetables format; end 0
     * means the top of the address space.
     */
    public String dumpKernelPageTables(long start, long end) {
        return org.mmdsl.runtime.pgtable.PtDump.render(kernelPageTables.pageTables(), kernelPageTables.swapperPgDir(),
                start, end, pageTableMarkers(), 2000);
    }

    /**
     * The provisional page tables of an i386 boot in dump_pagetables format (6.1: head32.c
     * mk_early_pgtbl_32(); 2.6: head_32.S's tables from pg0, after one summary line), or null on x86_64.
     */
    public String earlyPageTables() {
        if (is64()) {
            return null;
        }
        if (params.model == KernelModel.V2_6) {
            return Setup.headPageTables26(params).render(pageTableMarkers());
        }
        return Setup.earlyPageTables(params).render(pageTableMarkers());
    }

    /**
     * The vm_stat counters now, derived from the memmap, the live tasks' address spaces, the slab,
     * vmalloc and swap state and the direct map (see {@link org.mmdsl.runtime.proc.Vmstat}).
     */
    public org.mmdsl.runtime.proc.Vmstat vmstat() {
        java.util.List<MmStruct> mms = new java.util.ArrayList<>();
        java.util.Set<MmStruct> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int live = 0;
        for (Task t : tasks) {
            if (t.exited()) {
                continue;
            }
            live++;
            if (t.mm() != null && seen.add(t.mm())) {
                mms.add(t.mm());
            }
        }
        org.mmdsl.runtime.proc.Vmstat v = new org.mmdsl.runtime.proc.Vmstat(memory, kernelPageTables, mms, live,
                kmem == null ? null : kmem.slub().largeAllocations(), kmem == null ? null : kmem.vmalloc().areas(),
                swap, params.model, params.cpus, reclaim.nodeUnreclaimable());
        v.commitLimitPages = overcommit.commitLimit();
        if (hugetlb != null) {
            v.hugePagesTotal = hugetlb.total();
            v.hugePagesFree = hugetlb.free();
            v.hugePagesRsvd = hugetlb.reserved();
        }
        return v;
    }

    /** /proc/zoneinfo. */
    public String zoneinfo() {
        return PhysProc.zoneinfo(vmstat());
    }

    /** /proc/pagetypeinfo. */
    public String pagetypeinfo() {
        return PageTypeInfo.of(memory);
    }

    /** /proc/buddyinfo. */
    public String buddyinfo() {
        return PhysProc.buddyinfo(memory);
    }

    /** /proc/meminfo. */
    public String meminfo() {
        return PhysProc.meminfo(vmstat());
    }

    /**
     * One pass of khugepaged over every live address space (vma.Khugepaged): one line per 2 MiB
     * range it looked at, "comm[pid] 0xADDR: collapsed ..." or the scan result that kept it; empty
     * when THP is off or nothing was scanned.
     */
    public String khugepaged() {
        StringBuilder sb = new StringBuilder();
        java.util.Set<MmStruct> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Task t : tasks) {
            if (!t.exited() && t.mm() != null && seen.add(t.mm())) {
                sb.append(org.mmdsl.runtime.vma.Khugepaged.scanMm(t.mm(), t.comm() + "[" + t.pid() + "]"));
            }
        }
        return sb.toString();
    }

    /** The reclaim counters of /proc/vmstat ({@link org.mmdsl.runtime.reclaim.Reclaim#vmstat}). */
    public String procVmstat() {
        org.mmdsl.runtime.vma.ThpState t = thp();
        // the thp_* lines follow when THP is on (a `thp never` machine's are all 0 and left out)
        return t == null || t.mode == org.mmdsl.runtime.arch.ThpMode.NEVER ? reclaim.vmstat() : reclaim.vmstat() + t.vmstat();
    }

    /** The boot log lines, as `dmesg` prints them without timestamps. */
    public String dmesg() {
        return String.join("\n", memory.dmesg()) + "\n";
    }
}
