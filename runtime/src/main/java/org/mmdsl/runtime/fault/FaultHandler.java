package org.mmdsl.runtime.fault;

import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.PageFaultEvent;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.mmu.Mmu;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.reclaim.Vmscan;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.vma.DeviceVmOps;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.HugeMemory;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.ShowMapVma;
import org.mmdsl.runtime.vma.Mempolicy;
import org.mmdsl.runtime.vma.Vma;

/**
 * The kernel's answer to a user page fault of one task: arch/x86/mm/fault.c do_user_addr_fault()
 * and mm/memory.c handle_mm_fault(). Resolved faults emit a {@link PageFaultEvent}, signals a
 * {@link SignalEvent}.
 *
 * <p>Worked example (i386, rw-p anon VMA): read → do_anonymous_page maps the zero page read-only;
 * a later write → do_wp_page finds the zero page and maps a new zeroed frame (wp_page_copy);
 * a write to an exclusive anon page that mprotect made read-only → wp_page_reuse.
 */
public final class FaultHandler {
    private final MmStruct mm;
    private final int pid;
    private final EventSink sink;
    private final PageTables pt;
    private final PhysMem mem;
    private final MemMap memMap;
    private final FrameAllocator alloc;
    private FileRef vdsoImage;
    /** The walk's stop for the fault being handled ({@link #doUserAddrFault}); -1: walk from the pgd. */
    private int hintLevel = -1;
    private long hintSlot;
    /** See {@link #installedPte()}. */
    private long installedPte = -1;
    /** The last newAnonPage() went past the first try (reclaim, the OOM killer). */
    private boolean reclaimed;

    public FaultHandler(MmStruct mm, int pid, EventSink sink) {
        this.mm = mm;
        this.pid = pid;
        this.sink = sink;
        this.pt = mm.pageTables();
        this.mem = pt.mem();
        this.memMap = pt.memMap();
        this.alloc = pt.allocator();
    }

    /**
     * Mirrors do_user_addr_fault() for a fault from user mode.
     *
     * @param errorCode the X86_PF_* bits the MMU reported
     * @return true when the fault was resolved (the access should be retried); false when a
     *     signal was delivered (described in {@code out})
     */
    public boolean doUserAddrFault(long vaddr, Access access, int errorCode, AccessResult out) {
        return doUserAddrFault(vaddr, access, errorCode, -1, 0, out);
    }

    /**
     * {@link #doUserAddrFault(long, Access, int, AccessResult)} for a fault whose walk stopped on the
     * not-present entry at physical address {@code missSlot} of level {@code missLevel} (-1: unknown),
     * in a table that the walk from the mm's pgd reaches: the pte path allocates tables and finds the
     * pte from there (handle_mm_fault() walks the levels once). Afterwards {@link #installedPte} tells
     * whether the access may be retried from the pte written.
     */
    public boolean doUserAddrFault(long vaddr, Access access, int errorCode, int missLevel, long missSlot,
            AccessResult out) {
        installedPte = -1;
        hintLevel = missLevel;
        hintSlot = missSlot;
        try {
            return userAddrFault(vaddr, access, errorCode, out);
        } finally {
            hintLevel = -1;
        }
    }

    /**
     * The pte slot the last {@link #doUserAddrFault} wrote with a new mapping, when that fault
     * changed no other page-table entry and ran no reclaim (do_anonymous_page() with a page at the
     * first try, in a pte table that existed); else -1. The retry of the access may then resume the
     * walk at that pte ({@code Mmu.retryAfterFault}).
     */
    public long installedPte() {
        return installedPte;
    }

    private boolean userAddrFault(long vaddr, Access access, int errorCode, AccessResult out) {
        if (Long.compareUnsigned(vaddr, mm.taskSizeMax()) >= 0) {
            return signal(out, vaddr, access, Signal.SIGSEGV, SiCode.SEGV_MAPERR, null,
                    "user access to a kernel address");
        }
        Vma vma = mm.findVma(vaddr);
        if (vma == null) {
            return signal(out, vaddr, access, Signal.SIGSEGV, SiCode.SEGV_MAPERR, null, "no VMA covers the address");
        }
        if (Long.compareUnsigned(vma.vmStart(), vaddr) > 0) {
            if (!vma.has(Vma.VM_GROWSDOWN)) {
                return signal(out, vaddr, access, Signal.SIGSEGV, SiCode.SEGV_MAPERR, null,
                        "no VMA covers the address");
            }
            long r = mm.expandDownwards(vma, vaddr);
            if (r != 0) {
                String why = r == Errno.EPERM.asResult() ? "stack expansion below mmap_min_addr"
                        : "stack expansion refused (RLIMIT_STACK or stack guard gap)";
                return signal(out, vaddr, access, Signal.SIGSEGV, SiCode.SEGV_MAPERR, vma, why);
            }
        }
        String denied = accessError(errorCode, vma);
        if (denied != null) {
            return signal(out, vaddr, access, Signal.SIGSEGV, SiCode.SEGV_ACCERR, vma, denied);
        }
        return handleMmFault(vma, vaddr, access, out);
    }

    /**
     * Mirrors arch/x86/mm/fault.c access_error(): a write needs VM_WRITE; a protection fault on a
     * read or fetch (NX) is an error; any access to a VMA with no access bits is an error.
     * Returns the reason, or null when the access is allowed.
     */
    private static String accessError(int errorCode, Vma vma) {
        if ((errorCode & Mmu.X86_PF_WRITE) != 0) {
            return vma.has(Vma.VM_WRITE) ? null : "VMA lacks VM_WRITE";
        }
        if ((errorCode & Mmu.X86_PF_PROT) != 0) {
            return (errorCode & Mmu.X86_PF_INSTR) != 0 ? "VMA lacks VM_EXEC (NX page)"
                    : "protection fault on a present page";
        }
        if (!vma.isAccessible()) {
            return "VMA has no access rights (PROT_NONE)";
        }
        return null;
    }

    /**
     * Mirrors mm/memory.c handle_mm_fault() → handle_pte_fault() for a 4 KiB pte: not present →
     * do_anonymous_page() or do_fault(); present but write-protected on a write → do_wp_page();
     * otherwise the fault was spurious (the pte is already fine).
     */
    public boolean handleMmFault(Vma vma, long vaddr, Access access, AccessResult out) {
        long page = vaddr & MmStruct.PAGE_MASK;
        if (vma.has(Vma.VM_HUGETLB) && mm.hugetlb != null) {
            hintLevel = -1;
            return hugetlbFault(vma, vaddr, access, out);
        }
        if (mm.thp != null && (HugeMemory.hugePmd(mm, vaddr) != 0 || HugeMemory.allowed(mm, vma, vaddr))) {
            hintLevel = -1; // the pmd step may have written entries: the pte path walks from the pgd
            int r = hugePmdFault(vma, vaddr, access, out);
            if (r >= 0) {
                return r == 1;
            }
        }
        int from = hintLevel;
        hintLevel = -1;
        long slot = from >= 0 ? pt.pteSlotAllocFrom(hintSlot >>> 12, from, page) : pt.pteSlotAlloc(mm.pgd, page);
        if (slot < 0) {
            return oom(out, vaddr, access, vma);
        }
        boolean tableExisted = from == pt.mode().pteLevel();
        pt.pteOffsetMap(slot); // handle_pte_fault()'s pte_offset_map(): a kmap of a HIGHPTE table
        long pte = pt.readEntry(slot);
        boolean write = access == Access.WRITE;
        if (SwapOps.isGuardMarker(pte)) {
            // do_swap_page() → handle_pte_marker(): PTE_MARKER_GUARD is VM_FAULT_SIGSEGV, which
            // arch/x86/mm/fault.c mm_fault_error() turns into bad_area_nosemaphore(): SEGV_MAPERR
            return signal(out, vaddr, access, Signal.SIGSEGV, SiCode.SEGV_MAPERR, vma,
                    "guard region (MADV_GUARD_INSTALL marker)");
        }
        if (SwapOps.isSwapPte(pte)) {
            return doSwapPage(vma, page, slot, pte, vaddr, access, out);
        }
        if (!Pte.present(pte)) {
            if (vma.special() != Vma.Special.NONE) {
                return specialFault(vma, page, slot, vaddr, access, out);
            }
            if (vma.vmOps() != null && vma.vmOps().fault != DeviceVmOps.Fault.NONE) {
                return deviceFault(vma, page, slot, vaddr, access, out);
            }
            if (vma.has(Vma.VM_PFNMAP | Vma.VM_MIXEDMAP)) {
                // do_fault(): a driver that mapped its memory at mmap time has no ->fault
                return signal(out, vaddr, access, Signal.SIGBUS, SiCode.BUS_ADRERR, vma,
                        "device mapping without a pte: the driver has no ->fault (VM_FAULT_SIGBUS)");
            }
            if (vma.isAnonymous()) {
                reclaimed = false;
                boolean ok = doAnonymousPage(vma, page, slot, vaddr, access, out);
                if (ok && tableExisted && !reclaimed) {
                    installedPte = slot;
                }
                return ok;
            }
            return doFault(vma, page, slot, vaddr, access, out);
        }
        if (write && !Pte.writable(pte)) {
            return doWpPage(vma, page, slot, pte, vaddr, access, out);
        }
        resolved(vaddr, access, "spurious fault: pte already allows the access", Pte.pfn(pte));
        return true;
    }

    /**
     * Mirrors __handle_mm_fault()'s pmd step: an empty pmd of a THP-eligible range goes to
     * do_huge_pmd_anonymous_page(), a huge pmd to do_huge_pmd_wp_page() on a write it does not
     * allow, else the access was spurious (huge_pmd_set_accessed()). Returns 1 resolved, 0 signal
     * delivered, -1 to go on with the pte path (VM_FAULT_FALLBACK).
     */
    private int hugePmdFault(Vma vma, long vaddr, Access access, AccessResult out) {
        boolean write = access == Access.WRITE;
        long slot = HugeMemory.pmdSlot(mm, vaddr, true);
        if (slot < 0) {
            return oom(out, vaddr, access, vma) ? 1 : 0;
        }
        long pmd = pt.readEntry(slot);
        long index = (vaddr & ~HugeMemory.HPAGE_PMD_MASK) >>> 12;
        if (pmd == 0) {
            long head = HugePmdFault.anonymous(mm, vma, vaddr, slot, write);
            if (head == HugePmdFault.OOM) {
                return oom(out, vaddr, access, vma) ? 1 : 0;
            }
            if (head == HugePmdFault.FALLBACK) {
                return -1;
            }
            resolved(vaddr, access, write ? "do_huge_pmd_anonymous_page: new 2 MB page, PMD-mapped (order 9)"
                    : "do_huge_pmd_anonymous_page: huge zero page mapped read-only", head + index);
            return 1;
        }
        if (!Pte.large(pmd)) {
            return -1;
        }
        if (write && !Pte.writable(pmd)) {
            long head = HugePmdFault.wpPage(mm, vaddr, slot, pmd);
            if (head == HugePmdFault.FALLBACK) {
                return -1;
            }
            resolved(vaddr, access, "do_huge_pmd_wp_page: reuse exclusive 2 MB page", head + index);
            return 1;
        }
        resolved(vaddr, access, "spurious fault: huge pmd already allows the access", Pte.pfn(pmd) + index);
        return 1;
    }

    /**
     * Mirrors mm/hugetlb.c hugetlb_fault(): an empty huge pmd gets a page from the pool
     * (hugetlb_no_page(): zeroed, writable on a write fault or in a shared writable VMA, consuming
     * the mmap-time reservation); a write to a read-only one of an exclusive page makes it writable
     * (hugetlb_wp() reusing it); no free page is SIGBUS (VM_FAULT_SIGBUS, as -ENOSPC gives).
     */
    private boolean hugetlbFault(Vma vma, long vaddr, Access access, AccessResult out) {
        boolean write = access == Access.WRITE;
        long slot = HugeMemory.pmdSlot(mm, vaddr, true); // huge_pte_alloc()
        if (slot < 0) {
            return oom(out, vaddr, access, vma);
        }
        long pmd = pt.readEntry(slot);
        long index = (vaddr & ~HugeMemory.HPAGE_PMD_MASK) >>> 12;
        if (pmd == 0) {
            long head = mm.hugetlb.allocFolio(!vma.has(Vma.VM_NORESERVE));
            if (head < 0) {
                return signal(out, vaddr, access, Signal.SIGBUS, SiCode.BUS_ADRERR, vma,
                        "hugetlb_no_page: no free huge page in the pool (VM_FAULT_SIGBUS)");
            }
            long prot = mm.vmPageProt(vma.vmFlags());
            boolean writable = vma.has(Vma.VM_WRITE) && (write || vma.has(Vma.VM_SHARED));
            pt.writeEntry(slot, Pte.make(head, prot | Pte._PAGE_PSE
                    | (writable ? Pte._PAGE_RW | Pte._PAGE_DIRTY : 0))); // make_huge_pte()
            HugeMemory.noteHugetlb(mm, vaddr & HugeMemory.HPAGE_PMD_MASK);
            resolved(vaddr, access, "hugetlb_no_page: 2 MB page from the hugetlb pool", head + index);
            return true;
        }
        if (write && !Pte.writable(pmd)) {
            pt.writeEntry(slot, pmd | Pte._PAGE_RW | Pte._PAGE_DIRTY);
            resolved(vaddr, access, "hugetlb_wp: reuse the exclusive huge page", Pte.pfn(pmd) + index);
            return true;
        }
        resolved(vaddr, access, "spurious fault: huge pmd already allows the access", Pte.pfn(pmd) + index);
        return true;
    }

    /**
     * Mirrors do_swap_page(): a new page gets the slot's contents, the pte maps it (writable on a
     * write fault to a VM_WRITE mapping: the page is exclusive), and the pte's hold on the slot
     * goes (swap_free(); the swap cache is not modelled, so the slot is freed with its last user).
     */
    private boolean doSwapPage(Vma vma, long page, long slot, long pte, long vaddr, Access access, AccessResult out) {
        long s = SwapOps.swpSlot(pte);
        long pfn = newAnonPage(vma, vaddr);
        if (pfn < 0) {
            return oom(out, vaddr, access, vma);
        }
        mem.zeroFrame(pfn);
        long[] words = mm.swap.read(s);
        if (words != null) {
            for (int w = 0; w < words.length; w++) {
                if (words[w] != 0) {
                    mem.write((pfn << 12) + 8L * w, 8, words[w]);
                }
            }
        }
        mm.swap.free(s);
        long prot = mm.vmPageProt(vma.vmFlags());
        boolean write = access == Access.WRITE && vma.has(Vma.VM_WRITE);
        pt.writeEntry(slot, Pte.make(pfn, prot | (write ? Pte._PAGE_RW | Pte._PAGE_DIRTY : 0)));
        resolved(vaddr, access, "do_swap_page: swap slot " + s + " read back", pfn);
        return true;
    }

    /**
     * Mirrors do_anonymous_page(). 2.6.24 (kernel 2.6) has no zero page here (removed in 2.6.24,
     * back in 2.6.32): every fault allocates a zeroed page, its pte made dirty, and writable when the
     * VMA is (maybe_mkwrite(pte_mkdirty(entry), vma), mm/memory.c).
     */
    private boolean doAnonymousPage(Vma vma, long page, long slot, long vaddr, Access access, AccessResult out) {
        long prot = mm.vmPageProt(vma.vmFlags());
        if (mm.version() == KernelVersion.V2_6) {
            mm.anonVmaPrepare(vma);
            long pfn = newAnonPage(vma, vaddr);
            if (pfn < 0) {
                return oom(out, vaddr, access, vma);
            }
            mem.zeroFrame(pfn);
            pt.writeEntry(slot, Pte.make(pfn, prot | Pte._PAGE_DIRTY | (vma.has(Vma.VM_WRITE) ? Pte._PAGE_RW : 0)));
            resolved(vaddr, access, "do_anonymous_page: new zeroed page (2.6.24 maps no zero page)", pfn);
            return true;
        }
        if (access != Access.WRITE) {
            // pte_mkspecial(pfn_pte(my_zero_pfn(addr), vma->vm_page_prot)): the zero page's pte carries
            // _PAGE_SPECIAL (x86 has pte_special since 2.6.26), so vm_normal_page() skips it
            long zero = mm.kernelPageTables().zeroPfn();
            pt.writeEntry(slot, Pte.make(zero, (prot & ~Pte._PAGE_RW) | Pte._PAGE_SPECIAL));
            resolved(vaddr, access, "do_anonymous_page: zero page mapped read-only", zero);
            return true;
        }
        mm.anonVmaPrepare(vma);
        long pfn = newAnonPage(vma, vaddr);
        if (pfn < 0) {
            return oom(out, vaddr, access, vma);
        }
        mem.zeroFrame(pfn);
        pt.writeEntry(slot, Pte.make(pfn, prot | Pte._PAGE_RW | Pte._PAGE_DIRTY));
        resolved(vaddr, access, "do_anonymous_page: new zeroed page", pfn);
        return true;
    }

    /**
     * alloc_zeroed_user_highpage_movable() -> alloc_pages_vma(): without a NUMA policy (the VMA's,
     * else the task's) the allocator's default zonelist; with one, the node and nodemask the
     * policy gives (mm/mempolicy.c, {@link Mempolicy}). {@code warn}: allocPages() or the
     * silent tryAllocPages().
     */
    private long userPage(Vma vma, long vaddr, boolean warn) {
        int gfp = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO;
        Mempolicy pol = vma.policy() != null ? vma.policy() : mm.mempolicy; // get_vma_policy()
        if (pol == null) {
            return warn ? alloc.allocPages(gfp, 0) : alloc.tryAllocPages(gfp, 0);
        }
        if (pol.mode() == Mempolicy.MPOL_INTERLEAVE) {
            // interleave_nid() -> offset_il_node() with the page's offset in the VMA
            int nid = pol.interleaveNode(vma.vmPgoff() + ((vaddr - vma.vmStart()) >>> 12));
            return alloc.allocPagesNode(gfp, 0, nid, -1L, mm.numaNode, true, warn);
        }
        return alloc.allocPagesNode(gfp, 0, pol.preferredNode(mm.numaNode), pol.allowedNodes(), mm.numaNode, false, warn);
    }

    /** alloc_zeroed_user_highpage_movable() + page_add_new_anon_rmap(): refcount 1, mapcount 1. */
    private long newAnonPage(Vma vma, long vaddr) {
        long pfn = mm.reclaim != null ? userPage(vma, vaddr, false)
                : userPage(vma, vaddr, true);
        if (pfn < 0) {
            reclaimed = true;
        }
        if (pfn < 0 && mm.reclaim != null) {
            // __alloc_pages_slowpath(): direct reclaim over every process, then the OOM killer; an
            // allocation that succeeds after the OOM kill prints no "page allocation failure"
            // (warn_alloc() is at the slowpath's nopage label only): the last try below warns
            for (int retry = 0; pfn < 0 && retry < 16 && mm.reclaim.slowpath(mm, pid); retry++) {
                pfn = userPage(vma, vaddr, false);
            }
            if (pfn < 0) {
                pfn = userPage(vma, vaddr, true);
            }
        } else if (pfn < 0 && Vmscan.tryToFreePages(mm, 32) > 0) {
            // __alloc_pages_slowpath() → __alloc_pages_direct_reclaim(), then one more try
            pfn = userPage(vma, vaddr, true);
        }
        if (pfn < 0) {
            return -1;
        }
        // lru_cache_add_inactive_or_unevictable(): a new anon page starts on the inactive list
        memMap.set(pfn, MemMap.PG_anon | MemMap.PG_swapbacked | MemMap.PG_uptodate | MemMap.PG_lru);
        if (mm.reclaim != null) {
            long runs = mm.reclaim.kswapdRuns();
            mm.reclaim.allocated(Gfp.GFP_HIGHUSER_MOVABLE); // wakeup_kswapd() below the low watermark
            reclaimed |= mm.reclaim.kswapdRuns() != runs;
        }
        memMap.incMapcount(pfn);
        return pfn;
    }

    /**
     * Mirrors do_fault(): do_read_fault() maps the page-cache page; do_cow_fault() (private write)
     * copies it into a new anon page; do_shared_fault() maps the cache page writable. A page wholly
     * beyond EOF is SIGBUS BUS_ADRERR (filemap_fault()).
     */
    private boolean doFault(Vma vma, long page, long slot, long vaddr, Access access, AccessResult out) {
        FileRef f = vma.file();
        long index = vma.vmPgoff() + ((page - vma.vmStart()) >>> 12);
        if (f.sizeBytes() >= 0 && index >= (f.sizeBytes() + MmStruct.PAGE_SIZE - 1) >>> 12) {
            return signal(out, vaddr, access, Signal.SIGBUS, SiCode.BUS_ADRERR, vma,
                    "file page beyond EOF (filemap_fault)");
        }
        boolean write = access == Access.WRITE;
        if (!write && faultAround(vma, page)) {
            resolved(vaddr, access, "do_read_fault: fault-around mapped the cached file page " + index,
                    Pte.pfn(pt.readEntry(slot)));
            return true;
        }
        boolean refault = f.cachedPfn(index) < 0 && f.hasShadow(index);
        if (f.cachedPfn(index) < 0 && !f.shmem && !vma.has(Vma.VM_RAND_READ)) {
            readAround(f, index);
        }
        long cache = pageCachePage(f, index);
        if (cache < 0) {
            return oom(out, vaddr, access, vma);
        }
        long prot = mm.vmPageProt(vma.vmFlags());
        if (write && !vma.has(Vma.VM_SHARED)) {
            mm.anonVmaPrepare(vma);
            memMap.get(cache); // the fault holds the page cache page (reclaim for the copy cannot free it)
            long pfn = newAnonPage(vma, vaddr);
            memMap.putTestZero(cache);
            if (pfn < 0) {
                return oom(out, vaddr, access, vma);
            }
            mem.copyFrame(pfn, cache);
            pt.writeEntry(slot, Pte.make(pfn, prot | Pte._PAGE_RW | Pte._PAGE_DIRTY));
            resolved(vaddr, access, "do_cow_fault: private copy of file page " + index, pfn);
            return true;
        }
        memMap.get(cache);
        memMap.incMapcount(cache);
        long e = Pte.make(cache, prot | (write ? Pte._PAGE_DIRTY : 0));
        pt.writeEntry(slot, e);
        if (write) {
            // do_shared_fault() -> fault_dirty_shared_page() -> folio_mark_dirty(): the page-cache page
            // itself is dirty (every other pte of it sees PG_dirty), for shmem too (noop_dirty_folio()
            // still sets the flag). Does not start writeback or account balance_dirty_pages().
            memMap.set(cache, MemMap.PG_dirty);
        }
        resolved(vaddr, access, (write ? "do_shared_fault: file page " : "do_read_fault: file page ") + index
                + (refault ? " (refault: reclaim had evicted it, read again from the file)" : ""), cache);
        return true;
    }

    /**
     * Mirrors do_fault() for a device VMA whose vm_ops has a fault handler ({@link DeviceVmOps}):
     * __do_fault() calls it with vmf->pgoff (vm_pgoff + the page's index in the VMA);
     * VM_FAULT_SIGBUS becomes SIGBUS BUS_ADRERR (mm_fault_error() → do_sigbus()). vmf->page (the
     * handler took the pte's reference): finish_fault() maps it, dirty on a shared write
     * (do_shared_fault()); a private write copies it into a new anon page and drops the driver's
     * reference (do_cow_fault()). A pfn: the handler's vmf_insert_pfn() wrote a special pte
     * (VM_FAULT_NOPAGE); no struct page is touched. 2.6.24 names them do_linear_fault() →
     * __do_fault() → vm_ops->nopage, and do_no_pfn() → vm_ops->nopfn; the work is the same.
     */
    private boolean deviceFault(Vma vma, long page, long slot, long vaddr, Access access, AccessResult out) {
        DeviceVmOps ops = vma.vmOps();
        boolean v26 = mm.version() == KernelVersion.V2_6;
        boolean pfnFlavour = ops.fault == DeviceVmOps.Fault.PFN;
        String handler = "the driver's " + ops.handlerName(v26);
        long pgoff = vma.vmPgoff() + ((page - vma.vmStart()) >>> 12);
        long pfn = ops.fault(pgoff, memMap);
        if (pfn == DeviceVmOps.REFCOUNT_ZERO) {
            sink.emit(new KernelMessage(String.format("%s: get_page() of %s, a page with refcount 0 (a tail page of a "
                    + "non-compound alloc_pages; allocate with __GFP_COMP, or map order 0 as LDD3's scullp does): "
                    + "VM_BUG_ON_FOLIO(folio_ref_zero_or_close_to_overflow)", handler, ops.lookup.describe(pgoff, false)),
                    true));
            return signal(out, vaddr, access, Signal.SIGBUS, SiCode.BUS_ADRERR, vma,
                    handler + ": get_page() of a page with refcount 0 (VM_BUG_ON; modelled as VM_FAULT_SIGBUS)");
        }
        if (pfn < 0) {
            String code = !v26 ? "VM_FAULT_SIGBUS" : pfnFlavour ? "NOPFN_SIGBUS" : "NOPAGE_SIGBUS";
            return signal(out, vaddr, access, Signal.SIGBUS, SiCode.BUS_ADRERR, vma, String.format(
                    "%s: page offset %d is beyond the %d-page buffer (%s)", handler, pgoff, ops.bufferPages(), code));
        }
        long prot = mm.vmPageProt(vma.vmFlags());
        boolean write = access == Access.WRITE;
        String what = ops.lookup.describe(pgoff, pfnFlavour);
        if (pfnFlavour) {
            pt.writeEntry(slot, Pte.make(pfn, prot | Pte._PAGE_SPECIAL));
            resolved(vaddr, access, v26 ? "do_no_pfn: " + handler + " returned pfn 0x" + Long.toHexString(pfn)
                    + " = " + what : "do_fault: " + handler + " called vmf_insert_pfn(pfn 0x" + Long.toHexString(pfn)
                    + " = " + what + "): VM_FAULT_NOPAGE", pfn);
            return true;
        }
        String core = v26 ? "do_linear_fault: " + handler + " returned " + what
                : handler + " returned vmf->page = " + what;
        if (write && !vma.has(Vma.VM_SHARED)) {
            mm.anonVmaPrepare(vma);
            long copy = newAnonPage(vma, vaddr);
            if (copy < 0) {
                mm.putPage(pfn);
                return oom(out, vaddr, access, vma);
            }
            mem.copyFrame(copy, pfn);
            mm.putPage(pfn); // do_cow_fault(): put_page(vmf->page)
            pt.writeEntry(slot, Pte.make(copy, prot | Pte._PAGE_RW | Pte._PAGE_DIRTY));
            resolved(vaddr, access, (v26 ? core : "do_cow_fault: " + core) + ", copied into a private anon page", copy);
            return true;
        }
        memMap.incMapcount(pfn); // finish_fault() → do_set_pte(): page_add_file_rmap()
        pt.writeEntry(slot, Pte.make(pfn, prot | (write ? Pte._PAGE_DIRTY : 0)));
        resolved(vaddr, access, v26 ? core : (write ? "do_shared_fault: " : "do_read_fault: ") + core
                + ", finish_fault mapped it", pfn);
        return true;
    }

    /** fault_around_bytes (64 KiB): the window do_fault_around() maps from the page cache. */
    private static final int FAULT_AROUND_PAGES = 16;
    /** The default readahead window (VM_READAHEAD_PAGES, 128 KiB). */
    private static final int RA_PAGES = 32;

    /**
     * Mirrors do_fault_around() → filemap_map_pages(): on a read fault, maps every page of the
     * 16-page aligned window around the fault (clipped to the VMA and to the page table) that is
     * already in the page cache, inside i_size, and not mapped yet. Returns true when the faulting
     * page itself got mapped. This is why a read of one page of a file the process read before
     * shows several pages in Rss.
     */
    private boolean faultAround(Vma vma, long page) {
        FileRef f = vma.file();
        int ptrs = pt.mode().entriesPerTable(pt.mode().pteLevel());
        long pteOff = (page >>> 12) & (ptrs - 1);
        long vmaOff = (page - vma.vmStart()) >>> 12;
        long fromPte = Math.max(pteOff & ~(FAULT_AROUND_PAGES - 1), pteOff - Math.min(pteOff, vmaOff));
        long toPte = Math.min(Math.min(fromPte + FAULT_AROUND_PAGES, ptrs), pteOff + vma.pages() - vmaOff);
        long eofPages = f.sizeBytes() < 0 ? Long.MAX_VALUE : (f.sizeBytes() + MmStruct.PAGE_SIZE - 1) >>> 12;
        long prot = mm.vmPageProt(vma.vmFlags());
        boolean target = false;
        for (long p = fromPte; p < toPte; p++) {
            long addr = page + ((p - pteOff) << 12);
            long index = vma.vmPgoff() + ((addr - vma.vmStart()) >>> 12);
            long pfn = f.cachedPfn(index);
            if (pfn < 0 || index >= eofPages) {
                continue;
            }
            long slot = pt.pteSlotAlloc(mm.pgd, addr);
            if (slot < 0 || pt.readEntry(slot) != 0) {
                continue;
            }
            memMap.get(pfn);
            memMap.incMapcount(pfn);
            pt.writeEntry(slot, Pte.make(pfn, prot));
            target |= addr == page;
        }
        return target;
    }

    /**
     * Mirrors do_sync_mmap_readahead()'s read-around for a page-cache miss: the RA_PAGES pages
     * centred on the missing one (inside the file) are read into the page cache, not mapped.
     */
    private void readAround(FileRef f, long index) {
        long eofPages = f.sizeBytes() < 0 ? index + RA_PAGES / 2 : (f.sizeBytes() + MmStruct.PAGE_SIZE - 1) >>> 12;
        long start = Math.max(0, index - RA_PAGES / 2);
        for (long i = start; i < start + RA_PAGES && i < eofPages; i++) {
            if (f.cachedPfn(i) < 0 && pageCachePage(f, i) < 0) {
                return;
            }
        }
    }

    /**
     * The page-cache frame of page {@code index} of {@code f} for read(2)/write(2) through a
     * descriptor (filemap_get_pages() / the write_begin of generic_perform_write()): the frame every
     * mapping of the file maps, read in if absent (no readahead window), or -1 when no frame can be
     * had. Does not map it anywhere.
     */
    public long filePage(FileRef f, long index) {
        return pageCachePage(f, index);
    }

    /**
     * Mirrors filemap_fault()'s page-cache lookup and readahead of one page: a cached frame, or a
     * new GFP_HIGHUSER_MOVABLE frame filled with the file's bytes (zero past EOF). The cache
     * holds one reference.
     */
    private long pageCachePage(FileRef f, long index) {
        long pfn = f.cachedPfn(index);
        if (pfn >= 0) {
            return pfn;
        }
        pfn = mm.reclaim != null ? alloc.tryAllocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0)
                : alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        if (pfn < 0 && mm.reclaim != null) {
            // __alloc_pages_slowpath() for the page cache: direct reclaim, then the OOM killer; only
            // the last try warns (warn_alloc() at nopage)
            for (int retry = 0; pfn < 0 && retry < 16 && mm.reclaim.slowpath(mm, pid); retry++) {
                pfn = alloc.tryAllocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
            }
            if (pfn < 0) {
                pfn = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
            }
        }
        if (pfn < 0) {
            return -1;
        }
        if (mm.reclaim != null) {
            mm.reclaim.allocated(Gfp.GFP_HIGHUSER_MOVABLE); // wakeup_kswapd() below the low watermark
        }
        mem.zeroFrame(pfn);
        long off = index << 12;
        int valid = f.dataEnd() < 0 ? 4096 : (int) Math.max(0, Math.min(4096, f.dataEnd() - off));
        long[] written = f.writtenPage(index);
        if (written == null) {
            int b = f.byteAt(off);
            mem.fillFrame(pfn, b, 0, valid);
        } else {
            for (int w = 0; w < written.length; w++) { // what an earlier writeback left in the file
                if (written[w] != 0) {
                    mem.write((pfn << 12) + 8L * w, 8, written[w]);
                }
            }
            mem.fillFrame(pfn, 0, valid, 4096);
        }
        // a file page starts on the inactive file LRU; shmem pages are swap-backed (the anon LRU)
        memMap.set(pfn, MemMap.PG_uptodate | MemMap.PG_lru | (f.shmem ? MemMap.PG_swapbacked : 0));
        f.setCachedPfn(index, pfn);
        long evictionAge = f.takeShadow(index); // the shadow entry goes as the page comes back
        if (evictionAge >= 0 && mm.reclaim != null) {
            mm.reclaim.refaulted(pfn, evictionAge); // workingset_refault()
        }
        return pfn;
    }

    /**
     * Mirrors do_wp_page(): shared maps get the pte made writable (wp_page_shared); an exclusive
     * anon page is reused (wp_page_reuse); the zero page or a shared/file page is copied into a
     * new anon page (wp_page_copy).
     *
     * <p>After fork both sides map an anon page read-only with refcount = mapcount = 2. 6.1 reuses
     * an anon page that is PageAnonExclusive() or whose folio_ref_count() is 1 (the swap-cache
     * reference is not modelled); a refcount of 1 means the faulting pte is its only mapping, so
     * {@link MmStruct#anonExclusive} (mapcount 1, refcount 1) is that test: the first writer
     * copies, the last owner reuses the frame without copying.
     */
    private boolean doWpPage(Vma vma, long page, long slot, long pte, long vaddr, Access access, AccessResult out) {
        long old = Pte.pfn(pte);
        if (vma.has(Vma.VM_SHARED)) {
            pt.writeEntry(slot, pte | Pte._PAGE_RW | Pte._PAGE_DIRTY);
            if (!vma.has(Vma.VM_PFNMAP) && vma.file() != null && memMap.pfnValid(old)) {
                // wp_page_shared() -> fault_dirty_shared_page(): the cache page is marked dirty
                memMap.set(old, MemMap.PG_dirty);
            }
            resolved(vaddr, access, "do_wp_page: shared page made writable", old);
            return true;
        }
        if (!mm.isZeroPfn(old) && mm.anonExclusive(old)) {
            pt.writeEntry(slot, pte | Pte._PAGE_RW | Pte._PAGE_DIRTY);
            resolved(vaddr, access, "do_wp_page: reuse exclusive anon page", old);
            return true;
        }
        mm.anonVmaPrepare(vma);
        long pfn = newAnonPage(vma, vaddr);
        if (pfn < 0) {
            return oom(out, vaddr, access, vma);
        }
        String how;
        if (mm.isZeroPfn(old)) {
            mem.zeroFrame(pfn);
            how = "do_wp_page: zero page replaced by a new zeroed page";
        } else if (Pte.special(pte)) {
            mem.copyFrame(pfn, old); // vm_normal_page() is NULL: copy the pfn, drop no reference
            how = "do_wp_page: copy of a remapped pfn (VM_PFNMAP, private)";
        } else {
            mem.copyFrame(pfn, old);
            memMap.decMapcount(old);
            mm.putPage(old);
            how = "do_wp_page: copy";
        }
        long prot = mm.vmPageProt(vma.vmFlags());
        pt.writeEntry(slot, Pte.make(pfn, prot | Pte._PAGE_RW | Pte._PAGE_DIRTY | Pte._PAGE_ACCESSED));
        resolved(vaddr, access, how, pfn);
        return true;
    }

    /**
     * Special mappings (arch/x86/entry/vdso/vma.c): [vdso] pages are the vDSO image (an ELF file,
     * "\x7fELF" first); [vvar] page 0 is the vvar data page, the pvclock/hvclock/timens pages
     * SIGBUS when their clock is absent (vvar_fault()); 6.18 also serves page 2 and vclock page 0.
     */
    private boolean specialFault(Vma vma, long page, long slot, long vaddr, Access access, AccessResult out) {
        long index = (page - vma.vmStart()) >>> 12;
        boolean v618 = mm.version() == KernelVersion.V6_18;
        FileRef img;
        long fileIndex;
        switch (vma.special()) {
            case VDSO:
                img = vdsoImage();
                fileIndex = index;
                break;
            case VVAR:
                if (!(index == 0 || (v618 && index == 2))) {
                    return signal(out, vaddr, access, Signal.SIGBUS, SiCode.BUS_ADRERR, vma,
                            "vvar_fault: no clock page here (VM_FAULT_SIGBUS)");
                }
                img = vdsoImage();
                fileIndex = 2 + index;
                break;
            default:
                if (index != 0) {
                    return signal(out, vaddr, access, Signal.SIGBUS, SiCode.BUS_ADRERR, vma,
                            "vvar_vclock_fault: no clock page here (VM_FAULT_SIGBUS)");
                }
                img = vdsoImage();
                fileIndex = 6;
                break;
        }
        long pfn = pageCachePage(img, fileIndex);
        if (pfn < 0) {
            return oom(out, vaddr, access, vma);
        }
        memMap.get(pfn);
        memMap.incMapcount(pfn);
        pt.writeEntry(slot, Pte.make(pfn, mm.vmPageProt(vma.vmFlags())));
        resolved(vaddr, access, "special mapping " + vma.special().name + " page " + index, pfn);
        return true;
    }

    private FileRef vdsoImage() {
        if (vdsoImage == null) {
            vdsoImage = new FileRef("[vdso image]", 0, 0, 0, -1, 0, false, true, false, true, false);
            long pfn = pageCachePage(vdsoImage, 0);
            if (pfn >= 0) {
                mem.write(pfn << 12, 4, 0x464c457fL); // "\x7fELF"
            }
        }
        return vdsoImage;
    }

    /**
     * Mirrors mm_populate() / __mm_populate() for MAP_POPULATE, MAP_LOCKED, mlock and madvise(POPULATE_*): faults every page of [start, end)
     * in as get_user_pages() does (write faults for writable private maps, read faults otherwise).
     */
    public void populate(long start, long end, AccessResult scratch) {
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += MmStruct.PAGE_SIZE) {
            Vma v = mm.vmaLookup(a);
            // populate_vma_page_range() / __mm_populate(): VM_IO and VM_PFNMAP VMAs are skipped
            if (v == null || !v.isAccessible() || v.has(Vma.VM_IO | Vma.VM_PFNMAP)) {
                continue;
            }
            if ((v.vmFlags() & (Vma.VM_LOCKED | Vma.VM_LOCKONFAULT)) == (Vma.VM_LOCKED | Vma.VM_LOCKONFAULT)) {
                continue; // populate_vma_page_range(): lock-on-fault VMAs are not populated
            }
            boolean write = v.has(Vma.VM_WRITE) && !v.has(Vma.VM_SHARED);
            long huge = HugeMemory.hugePmd(mm, a);
            if (huge != 0 && (!write || Pte.writable(huge))) {
                a = (a & HugeMemory.HPAGE_PMD_MASK) + HugeMemory.HPAGE_PMD_SIZE - MmStruct.PAGE_SIZE; // follow_trans_huge_pmd()
                continue;
            }
            long pte = pt.getPte(mm.pgd, a);
            if (Pte.present(pte) && (!write || Pte.writable(pte))) {
                continue;
            }
            scratch.reset();
            handleMmFault(v, a, write ? Access.WRITE : Access.READ, scratch);
        }
    }

    /** Reports a resolved fault; allocates nothing unless the sink builds an event (EventSink#pageFault). */
    private void resolved(long vaddr, Access access, String how, long pfn) {
        sink.pageFault(pid, vaddr, access, how, pfn);
    }

    private boolean oom(AccessResult out, long vaddr, Access access, Vma vma) {
        return signal(out, vaddr, access, Signal.SIGKILL, SiCode.SI_KERNEL, vma,
                "VM_FAULT_OOM: no frame for the fault (the OOM killer would run)");
    }

    private boolean signal(AccessResult out, long vaddr, Access access, Signal sig, SiCode code, Vma vma,
            String reason) {
        out.ok = false;
        out.signal = sig;
        out.siCode = code;
        out.faultAddr = vaddr;
        out.vmaLine = vma == null ? null : ShowMapVma.line(vma);
        out.reason = reason;
        out.pfn = -1;
        out.paddr = -1;
        if (sink != EventSink.NONE) {
            sink.emit(new SignalEvent(pid, vaddr, access, sig, code, out.vmaLine, reason));
        }
        return false;
    }

    /** Reports a #GP from user mode (non-canonical address): SIGSEGV SI_KERNEL, si_addr 0. */
    boolean generalProtection(long vaddr, Access access, AccessResult out) {
        signal(out, 0, access, Signal.SIGSEGV, SiCode.SI_KERNEL, null,
                "general protection fault: non-canonical address 0x" + Long.toHexString(vaddr));
        return false;
    }
}
