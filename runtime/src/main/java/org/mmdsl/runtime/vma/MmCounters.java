package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * The counters of an mm_struct that /proc/PID/status prints: vm_stat_account()'s total_vm, locked_vm,
 * exec_vm, stack_vm, data_vm (mm/mmap.c) and rss_stat's MM_FILEPAGES, MM_ANONPAGES, MM_SHMEMPAGES,
 * MM_SWAPENTS (include/linux/mm.h get_mm_counter(), get_mm_rss()). The kernel adjusts them at every VMA
 * and pte change; here they are computed from the VMAs and page tables when asked, which gives the same
 * numbers at every system-call boundary (and costs a walk of the page tables for the rss counters).
 * hiwater_rss and hiwater_vm stay in MmStruct, which stores them. Reads only; changes nothing.
 */
final class MmCounters {
    private MmCounters() {
    }

    /** total_vm in pages. */
    static long totalVm(MmStruct mm) {
        long n = 0;
        for (int i = 0; i < mm.mapCount(); i++) {
            n += mm.vmaAt(i).pages();
        }
        return n;
    }

    /** locked_vm in pages: the pages of VM_LOCKED VMAs (mlock_fixup() keeps it so). */
    static long lockedVm(MmStruct mm) {
        long n = 0;
        for (int i = 0; i < mm.mapCount(); i++) {
            if (mm.vmaAt(i).has(Vma.VM_LOCKED)) {
                n += mm.vmaAt(i).pages();
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
    static long[] rssCounters(MmStruct mm) {
        long[] c = new long[3];
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            for (long a = v.vmStart; Long.compareUnsigned(a, v.vmEnd) < 0; a += MmStruct.PAGE_SIZE) {
                long slot = mm.pt.pteSlot(mm.pgd, a);
                long huge = slot < 0 ? HugeMemory.hugePmd(mm, a) : 0;
                if (huge != 0) { // a PMD-mapped THP counts HPAGE_PMD_NR in MM_ANONPAGES; the huge zero page and hugetlb none
                    c[1] += HugeMemory.isHugeZero(mm, huge) || v.has(Vma.VM_HUGETLB) ? 0 : 1L << HugeMemory.HPAGE_PMD_ORDER;
                    a = (a & HugeMemory.HPAGE_PMD_MASK) + HugeMemory.HPAGE_PMD_SIZE - MmStruct.PAGE_SIZE;
                    continue;
                }
                if (slot < 0) {
                    a = HugeMemory.nextTableOrHuge(mm, a, v.vmEnd) - MmStruct.PAGE_SIZE; // skip empty pmd/pud/pgd entries
                    continue;
                }
                long e = mm.pt.readEntry(slot);
                // vm_normal_page() is NULL for remap_pfn_range()'s special ptes (6.1
                // pte_special(); 2.6.24: a VM_PFNMAP pfn of the linear remap or of a non-COW
                // mapping, which DeviceMap marks special too), so zap_pte_range() and
                // copy_pte_range() never touch an rss counter for them: get_mm_rss() leaves
                // them out, as smaps' Rss does
                if (!MmStruct.ptePresent(e) || mm.isZeroPfn(Pte.pfn(e)) || Pte.special(e)) {
                    continue;
                }
                long pfn = Pte.pfn(e);
                if (mm.memMap.test(pfn, MemMap.PG_anon)) {
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
    static long swapEnts(MmStruct mm) {
        long n = 0;
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            for (long a = v.vmStart; Long.compareUnsigned(a, v.vmEnd) < 0; a += MmStruct.PAGE_SIZE) {
                long slot = mm.pt.pteSlot(mm.pgd, a);
                if (slot < 0) {
                    a = mm.pt.nextPteTable(mm.pgd, a, v.vmEnd) - MmStruct.PAGE_SIZE; // skip empty pmd/pud/pgd entries
                    continue;
                }
                if (SwapOps.isSwapPte(mm.pt.readEntry(slot))) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * One rss_stat counter in pages, as get_mm_counter() reads it. Under kernel 2.6 (2.6.24: file_rss and
     * anon_rss only) a shmem page is a file page, and SHMEM and SWAP, which that kernel does not count, are 0
     * (the validator refuses the words there).
     */
    static long rssCounter(MmStruct mm, MmCounter c) {
        if (c == MmCounter.SWAP) {
            return mm.version == KernelVersion.V2_6 ? 0 : swapEnts(mm);
        }
        long[] rss = rssCounters(mm);
        boolean old = mm.version == KernelVersion.V2_6;
        return switch (c) {
            case FILE -> old ? rss[0] + rss[2] : rss[0];
            case ANON -> rss[1];
            default -> old ? 0 : rss[2];
        };
    }

    /**
     * pinned_vm in pages (VmPin): raised by long-term pins that account themselves there (io_uring's registered
     * buffers, RDMA, VFIO: account_locked_vm()/atomic64_add(.., &mm->pinned_vm)); the model has no such caller,
     * so it is always 0, as status's VmPin.
     */
    static long pinnedVm(MmStruct mm) {
        return 0;
    }

    /** get_mm_rss() in pages. */
    static long rss(MmStruct mm) {
        long[] c = rssCounters(mm);
        return c[0] + c[1] + c[2];
    }

    /**
     * exec_vm: VM_EXEC without VM_WRITE or VM_STACK (mm/mmap.c vm_stat_account(), is_exec_mapping()). Under
     * kernel 2.6, 2.6.24's vm_stat_account(): file-backed VM_EXEC without VM_WRITE.
     */
    static long execVm(MmStruct mm) {
        if (mm.version == KernelVersion.V2_6) {
            long n = 0;
            for (int i = 0; i < mm.mapCount(); i++) {
                if (mm.vmaAt(i).file != null && (mm.vmaAt(i).vmFlags & (Vma.VM_EXEC | Vma.VM_WRITE)) == Vma.VM_EXEC) {
                    n += mm.vmaAt(i).pages();
                }
            }
            return n;
        }
        return sumPages(mm, Vma.VM_EXEC | Vma.VM_WRITE | Vma.VM_STACK, Vma.VM_EXEC);
    }

    /**
     * stack_vm: VM_STACK VMAs (is_stack_mapping()). Under kernel 2.6, 2.6.24's vm_stat_account(): anonymous
     * VMAs with VM_GROWSDOWN (a file mapping counts in shared_vm instead).
     */
    static long stackVm(MmStruct mm) {
        long n = 0;
        for (int i = 0; i < mm.mapCount(); i++) {
            boolean stack = mm.version == KernelVersion.V2_6 ? mm.vmaAt(i).file == null && mm.vmaAt(i).has(Vma.VM_GROWSDOWN)
                    : mm.vmaAt(i).has(Vma.VM_STACK);
            if (stack) {
                n += mm.vmaAt(i).pages();
            }
        }
        return n;
    }

    /** data_vm: private writable, not stack. */
    static long dataVm(MmStruct mm) {
        return sumPages(mm, Vma.VM_WRITE | Vma.VM_SHARED | Vma.VM_STACK, Vma.VM_WRITE);
    }

    private static long sumPages(MmStruct mm, long mask, long want) {
        long n = 0;
        for (int i = 0; i < mm.mapCount(); i++) {
            if ((mm.vmaAt(i).vmFlags & mask) == want) {
                n += mm.vmaAt(i).pages();
            }
        }
        return n;
    }
}
