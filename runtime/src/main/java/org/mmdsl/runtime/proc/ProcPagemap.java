package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * /proc/PID/pagemap as fs/proc/task_mmu.c pagemap_read() → pte_to_pagemap_entry() builds one
 * 64-bit entry per page:
 *
 * <pre>
 *   bits 0-54 PFN (0 without CAP_SYS_ADMIN: show_pfn)   bit 56 PM_MMAP_EXCLUSIVE (mapcount 1)
 *   bit 58 PM_GUARD_REGION (6.14+)   bit 61 PM_FILE (page not anonymous: file or shmem)
 *   bit 62 PM_SWAP (swap entry, also a guard marker)    bit 63 PM_PRESENT (PROT_NONE ptes too)
 * </pre>
 * The PM_FILE and PM_MMAP_EXCLUSIVE bits come from vm_normal_page(), which is NULL for the shared
 * zero page and for remapped pfns (VM_PFNMAP, [vvar]): such a present page has neither bit.
 * Soft-dirty (bit 55) is not modelled (CONFIG_MEM_SOFT_DIRTY off: smaps shows no "sd").
 */
public final class ProcPagemap {
    public static final long PM_PFRAME_MASK = (1L << 55) - 1;
    public static final long PM_MMAP_EXCLUSIVE = 1L << 56;
    public static final long PM_GUARD_REGION = 1L << 58;
    public static final long PM_FILE = 1L << 61;
    public static final long PM_SWAP = 1L << 62;
    public static final long PM_PRESENT = 1L << 63;
    /** MAX_SWAPFILES_SHIFT: a swap entry's frame is type | offset << 5. */
    private static final int MAX_SWAPFILES_SHIFT = 5;

    private ProcPagemap() {
    }

    /**
     * The pagemap entry of the page at {@code vaddr}.
     *
     * @param showPfn the reader has CAP_SYS_ADMIN (root); otherwise every frame reads 0
     */
    public static long entry(MmStruct mm, long vaddr, boolean showPfn) {
        Vma vma = mm.vmaLookup(vaddr);
        if (vma == null) {
            return 0; // pagemap_pte_hole()
        }
        long pte = mm.pageTables().getPte(mm.pgd, vaddr);
        long flags = 0;
        long frame = 0;
        long huge = pte == 0 ? org.mmdsl.runtime.vma.HugeMemory.hugePmd(mm, vaddr) : 0;
        if (huge != 0) {
            // pagemap_pmd_range(): a huge pmd reports the frame of this 4 KiB part of it (PM_PRESENT,
            // PM_MMAP_EXCLUSIVE when the folio is mapped once); the huge zero page is not a normal page
            long pfn = Pte.pfn(huge) + ((vaddr >>> 12) & ((1L << org.mmdsl.runtime.vma.HugeMemory.HPAGE_PMD_ORDER) - 1));
            flags |= PM_PRESENT;
            frame = showPfn ? pfn : 0;
            if (!org.mmdsl.runtime.vma.HugeMemory.isHugeZero(mm, huge) && mm.pageTables().memMap().mapcount(Pte.pfn(huge)) == 1) {
                flags |= PM_MMAP_EXCLUSIVE;
            }
        } else if (MmStruct.ptePresent(pte)) {
            flags |= PM_PRESENT;
            long pfn = Pte.pfn(pte);
            frame = showPfn ? pfn : 0;
            if (!mm.isZeroPfn(pfn) && !Pte.special(pte)) { // vm_normal_page() != NULL
                MemMap memMap = mm.pageTables().memMap();
                if (!memMap.test(pfn, MemMap.PG_anon)) {
                    flags |= PM_FILE;
                }
                if (memMap.mapcount(pfn) == 1) {
                    flags |= PM_MMAP_EXCLUSIVE;
                }
            }
        } else if (SwapOps.isGuardMarker(pte)) {
            flags |= PM_SWAP | PM_GUARD_REGION; // a pte marker is a swap entry of type SWP_PTE_MARKER
        } else if (SwapOps.isSwapPte(pte)) {
            flags |= PM_SWAP;
            frame = showPfn ? SwapOps.swpSlot(pte) << MAX_SWAPFILES_SHIFT : 0;
        }
        return flags | (frame & PM_PFRAME_MASK);
    }
}
