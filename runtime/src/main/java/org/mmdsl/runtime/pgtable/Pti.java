package org.mmdsl.runtime.pgtable;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Page-table isolation on x86_64 (KPTI, `boot ... pti on`): arch/x86/mm/pti.c. Each pgd is a pair of
 * frames (pgd_alloc() with PGD_ALLOCATION_ORDER 1): the kernel pgd, which maps everything, and the
 * user pgd right after it (kernel_to_user_pgdp(): the address with bit PAGE_SHIFT set), which the CPU
 * runs on in user mode. The user pgd maps the user half (every user pgd entry is written to both,
 * {@link PageTables}: __pti_set_user_pgtbl(), which also puts _PAGE_NX on the kernel's copy) and, of
 * the kernel half, only what the entry code needs before it switches CR3:
 *
 * <pre>
 *   pti_clone_user_shared(): the cpu_entry_area, CPU_ENTRY_AREA_BASE (0xfffffe0000000000, pgd 508):
 *                            the kernel's pgd entry copied (pti_clone_p4d()), so the same tables
 *   pti_clone_entry_text():  __entry_text_start..__entry_text_end, the PMD holding it copied into user
 *                            pud/pmd tables of its own (pti_clone_pgtable(..., PTI_CLONE_PMD)) and made
 *                            _PAGE_GLOBAL in both copies
 * </pre>
 *
 * Every process's pgd pair gets swapper's kernel half on both sides at pgd_alloc() (clone_pgd_range()).
 * On entry, SWITCH_TO_KERNEL_CR3 clears bits 12 (the user pgd) and 11 (X86_CR3_PTI_PCID_USER_BIT) of
 * CR3; on exit SWITCH_TO_USER_CR3 sets them (arch/x86/entry/calling.h): kernel PCID asid + 1, user PCID
 * (asid + 1) | 0x800, both tagging the TLB ({@link org.mmdsl.runtime.mmu.Tlb}).
 *
 * <p>Simplified: the model's x86_64 kernel side has no kernel image or cpu_entry_area without PTI;
 * under {@code pti on} it maps what the user pgd clones: the 2 MB page of the entry text (where a 6.1
 * System.map puts __entry_text_start, {@link #ENTRY_TEXT}, physical 0x1e00000 in the image) and, of the
 * cpu_entry_area, the read-only IDT page and CPU 0's first three pages (GDT read-only, entry stack,
 * TSS), fresh frames where the kernel maps percpu pages. Not modelled: the rest of struct
 * cpu_entry_area (exception stacks, debug store), ESPFIX64 (pti_setup_espfix64()), the LDT remap,
 * the vsyscall page (6.1's vsyscall=xonly maps none) and the i386 (PAE) variant.
 */
public final class Pti {
    /** CPU_ENTRY_AREA_BASE on x86_64 (arch/x86/include/asm/pgtable_64_types.h, 4-level). */
    public static final long CPU_ENTRY_AREA_BASE = 0xfffffe0000000000L;
    /** __entry_text_start: .entry.text, PMD-aligned under PTI (vmlinux.lds.S ALIGN_ENTRY_TEXT_BEGIN). */
    public static final long ENTRY_TEXT = 0xffffffff81e00000L;
    /** __START_KERNEL_map: the kernel image's mapping starts at physical 0. */
    static final long START_KERNEL_MAP = 0xffffffff80000000L;

    private Pti() {
    }

    /**
     * Mirrors pti_init() + pti_finalize() at boot, before the first process: maps the cloned parts in
     * swapper_pg_dir (see the class comment) and clones them into its user pgd.
     *
     * @return false when a frame or a page table could not be allocated
     */
    public static boolean init(KernelPageTables kpt) {
        PageTables pt = kpt.pageTables();
        PagingMode mode = pt.mode();
        long swapper = kpt.swapperPgDir();
        long user = pt.userPgd(swapper);
        long ro = Pte._PAGE_PRESENT | Pte._PAGE_ACCESSED | Pte._PAGE_DIRTY | Pte._PAGE_NX;
        long rw = ro | Pte._PAGE_RW;
        // the cpu_entry_area: CPU_ENTRY_AREA_RO_IDT, then CPU 0's gdt, entry_stack_page, tss
        long[] flags = {ro, ro, rw, rw};
        for (int i = 0; i < flags.length; i++) {
            long pfn = pt.allocator().allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 0);
            long slot = pfn < 0 ? -1 : pt.entrySlot(swapper, CPU_ENTRY_AREA_BASE + i * PagingMode.PAGE_SIZE,
                    mode.pteLevel(), Gfp.GFP_PGTABLE_KERNEL, false);
            if (slot < 0) {
                return false;
            }
            pt.mem().zeroFrame(pfn);
            pt.writeEntry(slot, Pte.make(pfn, flags[i]));
        }
        // pti_clone_user_shared() -> pti_clone_p4d(CPU_ENTRY_AREA_BASE)
        int p4dLevel = mode == PagingMode.FIVE_LEVEL ? 1 : 0;
        long kernelP4d = pt.entrySlot(swapper, CPU_ENTRY_AREA_BASE, p4dLevel, 0, false);
        long userP4d = pt.entrySlot(user, CPU_ENTRY_AREA_BASE, p4dLevel, Gfp.GFP_PGTABLE_KERNEL, false);
        if (kernelP4d < 0 || userP4d < 0) {
            return false;
        }
        pt.writeEntry(userP4d, pt.readEntry(kernelP4d));
        // the kernel text's 2 MB page holding .entry.text, then pti_clone_entry_text()
        int pmdLevel = mode.pteLevel() - 1;
        long kernelPmd = pt.entrySlot(swapper, ENTRY_TEXT, pmdLevel, Gfp.GFP_PGTABLE_KERNEL, false);
        long userPmd = pt.entrySlot(user, ENTRY_TEXT, pmdLevel, Gfp.GFP_PGTABLE_KERNEL, false);
        if (kernelPmd < 0 || userPmd < 0) {
            return false;
        }
        // PAGE_KERNEL_LARGE_EXEC after mark_rodata_ro(): read-only, executable; pti_clone_pgtable()
        // sets _PAGE_GLOBAL on the kernel's pmd and copies it
        long pmd = (ENTRY_TEXT - START_KERNEL_MAP) | Pte._PAGE_PRESENT | Pte._PAGE_ACCESSED | Pte._PAGE_DIRTY
                | Pte._PAGE_PSE | Pte._PAGE_GLOBAL;
        pt.writeEntry(kernelPmd, pmd);
        pt.writeEntry(userPmd, pmd);
        return true;
    }
}
