package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.ThpMode;

/**
 * What a machine keeps for transparent huge pages (mm/huge_memory.c): the mode it booted with
 * (after hugepage_init(), which turns THP off below 512 MiB of RAM), the huge zero page, and the
 * thp_* event counters of /proc/vmstat (mm/vmstat.c vmstat_text[], 6.1's order). One object per
 * machine, shared by every mm as the overcommit state is; {@link HugeMemory} does the work.
 */
public final class ThpState {
    /** The mode faults follow (never when hugepage_init() switched THP off). */
    public final ThpMode mode;
    /** The huge zero page's head pfn (mm_get_huge_zero_page()), -1 until a read fault needs it. */
    long hugeZeroPfn = -1;

    public long faultAlloc;
    public long faultFallback;
    public long collapseAlloc;
    public long collapseAllocFailed;
    public long splitPage;
    public long splitPmd;
    public long zeroPageAlloc;
    public long zeroPageAllocFailed;

    public ThpState(ThpMode mode) {
        this.mode = mode;
    }

    /** The huge zero page's head pfn, or -1 when no read fault has needed it yet. */
    public long hugeZeroPfn() {
        return hugeZeroPfn;
    }

    /** The thp_* lines of /proc/vmstat, in 6.1's order; what the model never does stays 0. */
    public String vmstat() {
        String[] names = {"thp_fault_alloc", "thp_fault_fallback", "thp_fault_fallback_charge", "thp_collapse_alloc",
            "thp_collapse_alloc_failed", "thp_file_alloc", "thp_file_fallback", "thp_file_fallback_charge",
            "thp_file_mapped", "thp_split_page", "thp_split_page_failed", "thp_deferred_split_page", "thp_split_pmd",
            "thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte", "thp_scan_exceed_share_pte", "thp_split_pud",
            "thp_zero_page_alloc", "thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback"};
        long[] values = {faultAlloc, faultFallback, 0, collapseAlloc, collapseAllocFailed, 0, 0, 0, 0, splitPage, 0,
            0, splitPmd, 0, 0, 0, 0, zeroPageAlloc, zeroPageAllocFailed, 0, 0};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            sb.append(names[i]).append(' ').append(values[i]).append('\n');
        }
        return sb.toString();
    }
}
