package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.vma.HugeMemory;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * /proc/PID/smaps, the memory lines of /proc/PID/status and procps' {@code pmap -x}, from the
 * page tables as fs/proc/task_mmu.c walks them (smaps_pte_range() → smaps_account()) and the mm
 * counters (task_mem()). Neighbours: the maps line itself is {@link ProcMaps}; the counters live in
 * {@link MmStruct}.
 */
public final class ProcSmaps {
    private ProcSmaps() {
    }

    /** The page statistics of one VMA in bytes, as struct mem_size_stats holds them. */
    public static final class Stats {
        public long resident;
        /** Proportional set size in bytes (a page mapped n times counts 1/n). */
        public double pss;
        public double pssDirty;
        public long sharedClean;
        public long sharedDirty;
        public long privateClean;
        public long privateDirty;
        public long referenced;
        public long anonymous;
        public long swap;
        /** Swap divided among the ptes holding each entry (SwapPss). */
        public double swapPss;
        public double pssLocked;
        /** AnonHugePages: bytes of PMD-mapped anonymous THPs (smaps_pmd_entry()). */
        public long anonHuge;
        /** Private_Hugetlb / Shared_Hugetlb: hugetlbfs pages mapped once / more than once (smaps_hugetlb_range()). */
        public long privateHugetlb;
        public long sharedHugetlb;
        /** vma_kernel_pagesize(): 2 MiB for a hugetlb VMA. */
        public long pageSize = PagingMode.PAGE_SIZE;
    }

    /**
     * Mirrors smaps_pte_entry() + smaps_account() over the VMA's ptes: vm_normal_page() skips the
     * shared zero page and VM_PFNMAP ranges; a page mapped twice or more is shared, else private;
     * dirty means pte or page dirty. A 64-bit task's vDSO pages are counted as shared: they are
     * mapped into every 64-bit process of the system (init at least), which is what their mapcount
     * says on a real machine (the recorded [vdso] line shows Shared_Clean); the 32-bit vDSO of a
     * compat task was private in the recording (no other 32-bit process).
     */
    public static Stats stats(MmStruct mm, Vma v) {
        Stats s = new Stats();
        PageTables pt = mm.pageTables();
        MemMap memMap = pt.memMap();
        if (v.has(Vma.VM_PFNMAP)) {
            return s;
        }
        if (v.has(Vma.VM_HUGETLB) && mm.hugetlb != null) {
            s.pageSize = mm.hugetlb.sizeBytes();
        }
        for (long a = v.vmStart(); Long.compareUnsigned(a, v.vmEnd()) < 0; a += PagingMode.PAGE_SIZE) {
            long slot = pt.pteSlot(mm.pgd, a);
            long huge = slot < 0 ? HugeMemory.hugePmd(mm, a) : 0;
            if (huge != 0) {
                hugeEntry(s, mm, v, huge);
                a = (a & HugeMemory.HPAGE_PMD_MASK) + HugeMemory.HPAGE_PMD_SIZE - PagingMode.PAGE_SIZE;
                continue;
            }
            if (slot < 0) {
                a = HugeMemory.nextTableOrHuge(mm, a, v.vmEnd()) - PagingMode.PAGE_SIZE; // walk_page_range(): empty levels skip
                continue;
            }
            long e = pt.readEntry(slot);
            if (SwapOps.isSwapPte(e)) {
                s.swap += PagingMode.PAGE_SIZE; // smaps_pte_entry(): a swap entry
                int users = mm.swap == null ? 1 : Math.max(1, mm.swap.count(SwapOps.swpSlot(e)));
                s.swapPss += (double) PagingMode.PAGE_SIZE / users;
                continue;
            }
            if (!MmStruct.ptePresent(e)) {
                continue;
            }
            long pfn = Pte.pfn(e);
            if (mm.isZeroPfn(pfn)) {
                continue;
            }
            long size = PagingMode.PAGE_SIZE;
            boolean anon = memMap.test(pfn, MemMap.PG_anon);
            boolean dirty = (e & Pte._PAGE_DIRTY) != 0 || memMap.test(pfn, MemMap.PG_dirty);
            int mapcount = v.special() != Vma.Special.NONE && mm.is64() ? 2 : memMap.mapcount(pfn);
            s.resident += size;
            if (anon) {
                s.anonymous += size;
            }
            if ((e & Pte._PAGE_ACCESSED) != 0 || memMap.test(pfn, MemMap.PG_referenced)) {
                s.referenced += size;
            }
            double pss = mapcount >= 2 ? (double) size / mapcount : size;
            if (mapcount >= 2) {
                if (dirty) {
                    s.sharedDirty += size;
                } else {
                    s.sharedClean += size;
                }
            } else if (dirty) {
                s.privateDirty += size;
            } else {
                s.privateClean += size;
            }
            s.pss += pss;
            if (dirty) {
                s.pssDirty += pss;
            }
            if (v.has(Vma.VM_LOCKED)) {
                s.pssLocked += pss;
            }
        }
        return s;
    }

    /**
     * Mirrors smaps_pmd_entry() → smaps_account() for a huge pmd: 2 MiB resident, anonymous and
     * AnonHugePages (the huge zero page is not a normal page: nothing counts).
     */
    private static void hugeEntry(Stats s, MmStruct mm, Vma v, long pmd) {
        if (HugeMemory.isHugeZero(mm, pmd)) {
            return;
        }
        if (v.has(Vma.VM_HUGETLB)) { // smaps_hugetlb_range(): not in Rss, only the *_Hugetlb lines
            if (mm.pageTables().memMap().mapcount(Pte.pfn(pmd)) >= 2) {
                s.sharedHugetlb += HugeMemory.HPAGE_PMD_SIZE;
            } else {
                s.privateHugetlb += HugeMemory.HPAGE_PMD_SIZE;
            }
            return;
        }
        long size = HugeMemory.HPAGE_PMD_SIZE;
        long head = Pte.pfn(pmd);
        int mapcount = mm.pageTables().memMap().mapcount(head);
        boolean dirty = (pmd & Pte._PAGE_DIRTY) != 0;
        s.resident += size;
        s.anonymous += size;
        s.anonHuge += size;
        if ((pmd & Pte._PAGE_ACCESSED) != 0) {
            s.referenced += size;
        }
        double pss = mapcount >= 2 ? (double) size / mapcount : size;
        if (mapcount >= 2) {
            s.sharedDirty += dirty ? size : 0;
            s.sharedClean += dirty ? 0 : size;
        } else if (dirty) {
            s.privateDirty += size;
        } else {
            s.privateClean += size;
        }
        s.pss += pss;
        s.pssDirty += dirty ? pss : 0;
        if (v.has(Vma.VM_LOCKED)) {
            s.pssLocked += pss;
        }
    }

    /** The whole smaps file, in the format of show_smap() of {@code mm}'s kernel version. */
    public static String smaps(MmStruct mm, boolean kernel64) {
        if (mm.version() == KernelVersion.V2_6) {
            return smaps26(mm);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            sb.append(ProcMaps.mapsLine(v)).append('\n');
            Stats s = stats(mm, v);
            boolean thp = mm.thp != null ? HugeMemory.eligible(mm, v) : v.has(Vma.VM_HUGEPAGE) && v.isAnonymous() && kernel64
                    && ((v.vmStart() + (2L << 20) - 1) & -(2L << 20)) + (2L << 20) <= v.vmEnd();
            block(sb, v.vmEnd() - v.vmStart(), s, mm.version(), thp);
            sb.append("VmFlags: ").append(v.vmFlagsMnemonics()).append('\n');
        }
        if (mm.hasVsyscallPage()) {
            String line = ProcMaps.render(mm, kernel64);
            line = line.substring(line.lastIndexOf('\n', line.length() - 2) + 1);
            sb.append(line);
            block(sb, PagingMode.PAGE_SIZE, new Stats(), mm.version(), false);
            sb.append("VmFlags: ex \n");
        }
        return sb.toString();
    }

    /**
     * 2.6.24's smaps (fs/proc/task_mmu.c show_smap() → show_map_internal()): the maps line, then
     * Size, Rss, Shared_Clean, Shared_Dirty, Private_Clean, Private_Dirty and Referenced, each
     * {@code "%-16s%8lu kB"}-wide; no Pss (2.6.25), Swap (2.6.26), VmFlags (3.8). The gate VMA (the
     * compat vDSO) ends the file with zeros: its vm_mm is NULL, so no page walk.
     */
    private static String smaps26(MmStruct mm) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            sb.append(ProcMaps.mapsLine(v)).append('\n');
            block26(sb, v.vmEnd() - v.vmStart(), stats(mm, v));
        }
        if (mm.hasGateVdso()) {
            sb.append(ProcMaps.gateVdsoLine(mm)).append('\n');
            block26(sb, PagingMode.PAGE_SIZE, new Stats());
        }
        return sb.toString();
    }

    private static void block26(StringBuilder sb, long size, Stats s) {
        kb(sb, "Size:", size);
        kb(sb, "Rss:", s.resident);
        kb(sb, "Shared_Clean:", s.sharedClean);
        kb(sb, "Shared_Dirty:", s.sharedDirty);
        kb(sb, "Private_Clean:", s.privateClean);
        kb(sb, "Private_Dirty:", s.privateDirty);
        kb(sb, "Referenced:", s.referenced);
    }

    private static void block(StringBuilder sb, long size, Stats s, KernelVersion version, boolean thp) {
        kb(sb, "Size:", size);
        kb(sb, "KernelPageSize:", s.pageSize);
        kb(sb, "MMUPageSize:", s.pageSize);
        kb(sb, "Rss:", s.resident);
        kb(sb, "Pss:", (long) s.pss);
        kb(sb, "Pss_Dirty:", (long) s.pssDirty);
        kb(sb, "Shared_Clean:", s.sharedClean);
        kb(sb, "Shared_Dirty:", s.sharedDirty);
        kb(sb, "Private_Clean:", s.privateClean);
        kb(sb, "Private_Dirty:", s.privateDirty);
        kb(sb, "Referenced:", s.referenced);
        kb(sb, "Anonymous:", s.anonymous);
        if (version == KernelVersion.V6_18) {
            kb(sb, "KSM:", 0); // 6.7+ (no KSM merging modelled)
        }
        kb(sb, "LazyFree:", 0);
        kb(sb, "AnonHugePages:", s.anonHuge);
        kb(sb, "ShmemPmdMapped:", 0);
        kb(sb, "FilePmdMapped:", 0);
        kb(sb, "Shared_Hugetlb:", s.sharedHugetlb);
        // a 17-character label: width 7 (__show_smap())
        sb.append(String.format("Private_Hugetlb: %7d kB%n", s.privateHugetlb >> 10).replace(System.lineSeparator(), "\n"));
        kb(sb, "Swap:", s.swap);
        kb(sb, "SwapPss:", (long) s.swapPss);
        kb(sb, "Locked:", (long) s.pssLocked);
        sb.append(String.format("THPeligible:    %8d%n", thp ? 1 : 0).replace(System.lineSeparator(), "\n"));
    }

    /** SEQ_PUT_DEC(): a 16-column label, the value in kB right-aligned in 8 columns, " kB". */
    private static void kb(StringBuilder sb, String label, long bytes) {
        sb.append(label);
        for (int i = label.length(); i < 16; i++) {
            sb.append(' ');
        }
        String v = Long.toString(bytes >> 10);
        for (int i = v.length(); i < 8; i++) {
            sb.append(' ');
        }
        sb.append(v).append(" kB\n");
    }

    /**
     * The memory lines of /proc/PID/status (fs/proc/task_mmu.c task_mem()): "Name:\t%8lu kB".
     * VmPTE counts the page-table pages below the page directory (mm_pgtables_bytes()).
     */
    public static String status(MmStruct mm) {
        if (mm.version() == KernelVersion.V2_6) {
            return status26(mm);
        }
        long[] rss = mm.rssCounters();
        long text = (((mm.endCode + 4095) & ~4095L) - (mm.startCode & ~4095L)) >> 10;
        long lib = (mm.execVm() << 2) - text;
        StringBuilder sb = new StringBuilder();
        status(sb, "VmPeak:", mm.hiwaterVm() << 2);
        status(sb, "VmSize:", mm.totalVm() << 2);
        status(sb, "VmLck:", mm.lockedVm() << 2);
        status(sb, "VmPin:", mm.pinnedVm() << 2);
        status(sb, "VmHWM:", mm.hiwaterRss() << 2);
        status(sb, "VmRSS:", (rss[0] + rss[1] + rss[2]) << 2);
        status(sb, "RssAnon:", rss[1] << 2);
        status(sb, "RssFile:", rss[0] << 2);
        status(sb, "RssShmem:", rss[2] << 2);
        status(sb, "VmData:", mm.dataVm() << 2);
        status(sb, "VmStk:", mm.stackVm() << 2);
        status(sb, "VmExe:", text);
        status(sb, "VmLib:", lib);
        status(sb, "VmPTE:", pgtableBytes(mm) >> 10);
        status(sb, "VmSwap:", mm.swapEnts() << 2);
        return sb.toString();
    }

    /**
     * 2.6.24's task_mem() (fs/proc/task_mmu.c): ten lines, from the counters vm_stat_account() keeps
     * (mm/mmap.c): shared_vm counts file-backed pages, stack_vm anonymous VM_GROWSDOWN ones, exec_vm
     * file-backed VM_EXEC without VM_WRITE, reserved_vm VM_RESERVED or VM_IO ones, which VmSize leaves
     * out. VmData is total_vm - shared_vm - stack_vm; VmPTE counts the pte tables (nr_ptes).
     */
    private static String status26(MmStruct mm) {
        long[] rss = mm.rssCounters();
        long total = 0;
        long shared = 0;
        long reserved = 0;
        for (Vma v : mm.vmas()) {
            long pages = v.pages();
            total += pages;
            if (v.file() != null) {
                shared += pages;
            }
            if (v.has(Vma.VM_RESERVED | Vma.VM_IO)) {
                reserved += pages;
            }
        }
        long stack = mm.stackVm(); // 2.6.24's exec_vm and stack_vm: MmStruct follows its vm_stat_account()
        long exec = mm.execVm();
        long text = (((mm.endCode + 4095) & ~4095L) - (mm.startCode & ~4095L)) >> 10;
        StringBuilder sb = new StringBuilder();
        status(sb, "VmPeak:", Math.max(mm.hiwaterVm(), total) << 2);
        status(sb, "VmSize:", (total - reserved) << 2);
        status(sb, "VmLck:", mm.lockedVm() << 2);
        status(sb, "VmHWM:", mm.hiwaterRss() << 2);
        status(sb, "VmRSS:", (rss[0] + rss[1] + rss[2]) << 2);
        status(sb, "VmData:", (total - shared - stack) << 2);
        status(sb, "VmStk:", stack << 2);
        status(sb, "VmExe:", text);
        status(sb, "VmLib:", (exec << 2) - text);
        status(sb, "VmPTE:", pteTables(mm.pageTables(), mm.pgd, 0, mm.kernelPageTables().kernelPgdBoundary()) << 2);
        return sb.toString();
    }

    /** nr_ptes: the pte tables below the pgd's first {@code entries} entries. */
    private static long pteTables(PageTables pt, long tablePfn, int level, int entries) {
        PagingMode mode = pt.mode();
        long n = 0;
        for (int i = 0; i < entries; i++) {
            long e = pt.readEntry((tablePfn << PagingMode.PAGE_SHIFT) + (long) i * mode.entrySize());
            if (!Pte.present(e) || (Pte.large(e) && mode.largePageAllowed(level))) {
                continue;
            }
            n += level + 1 == mode.pteLevel() ? 1 : pteTables(pt, Pte.pfn(e), level + 1, mode.entriesPerTable(level + 1));
        }
        return n;
    }

    private static void status(StringBuilder sb, String label, long kb) {
        sb.append(label).append('\t');
        String v = Long.toString(kb);
        for (int i = v.length(); i < 8; i++) {
            sb.append(' ');
        }
        sb.append(v).append(" kB\n");
    }

    /** mm_pgtables_bytes(): the user page-table pages below the pgd (pte, pmd, pud tables). */
    public static long pgtableBytes(MmStruct mm) {
        PageTables pt = mm.pageTables();
        int boundary = mm.kernelPageTables().kernelPgdBoundary();
        return countBelow(pt, mm.pgd, 0, boundary) * PagingMode.PAGE_SIZE;
    }

    private static long countBelow(PageTables pt, long tablePfn, int level, int entries) {
        PagingMode mode = pt.mode();
        if (level >= mode.pteLevel()) {
            return 0;
        }
        long n = 0;
        int esize = mode.entrySize();
        for (int i = 0; i < entries; i++) {
            long e = pt.readEntry((tablePfn << PagingMode.PAGE_SHIFT) + (long) i * esize);
            if (!Pte.present(e) || (Pte.large(e) && mode.largePageAllowed(level))) {
                continue;
            }
            n += 1 + countBelow(pt, Pte.pfn(e), level + 1, mode.entriesPerTable(level + 1));
        }
        return n;
    }

    /**
     * procps {@code pmap -x PID}: one line per VMA (address, Kbytes, RSS, Dirty, mode, mapping)
     * and the total line. Mode is rwx, then 's' for a shared mapping, then '-'; the mapping is the
     * file's base name, "[ stack ]" for the stack and "[ anon ]" for anything else without a file.
     */
    public static String pmapX(MmStruct mm, int pid, String comm, boolean kernel64) {
        int w = kernel64 ? 16 : 8;
        StringBuilder sb = new StringBuilder();
        sb.append(pid).append(":   ").append(comm).append('\n');
        sb.append(String.format("%-" + w + "s Kbytes     RSS   Dirty Mode  Mapping%n", "Address"));
        long tk = 0;
        long tr = 0;
        long td = 0;
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            Stats s = stats(mm, v);
            long kbytes = (v.vmEnd() - v.vmStart()) >> 10;
            long dirty = (s.sharedDirty + s.privateDirty) >> 10;
            String name = mm.vmaName(v);
            String mapping = v.file() != null ? v.file().path.substring(v.file().path.lastIndexOf('/') + 1)
                    : "[stack]".equals(name) ? "[ stack ]" : "[ anon ]";
            String mode = v.perms().substring(0, 3) + (v.has(Vma.VM_MAYSHARE) ? 's' : '-') + '-';
            sb.append(String.format("%0" + w + "x %7d %7d %7d %s %s%n", v.vmStart(), kbytes, s.resident >> 10, dirty,
                    mode, mapping));
            tk += kbytes;
            tr += s.resident >> 10;
            td += dirty;
        }
        if (mm.hasGateVdso()) {
            // 2.6.24 (procps 3.2.7): pmap reads the lines of /proc/PID/maps, so the gate VMA that
            // m_start() appends (get_gate_vma()) is listed too; its vm_mm is NULL, so smaps walks
            // no page of it (RSS and Dirty 0), and without a file it is "[ anon ]"
            long kbytes = MmStruct.PAGE_SIZE >> 10;
            sb.append(String.format("%0" + w + "x %7d %7d %7d %s %s%n", mm.gateVdsoAddr(), kbytes, 0, 0, "r-x--",
                    "[ anon ]"));
            tk += kbytes;
        }
        sb.append("-".repeat(w)).append(" ------- ------- ------- \n");
        sb.append(String.format("total kB %" + (w - 1) + "d %7d %7d%n", tk, tr, td));
        return sb.toString().replace(System.lineSeparator(), "\n");
    }
}
