package org.mmdsl.runtime.highmem;

/** Where kmap writes kernel PTEs (pkmap_page_table); the integrator wires it to the page tables. */
public interface KernelPteWriter {
    /** set_pte_at(&amp;init_mm, vaddr, ..., mk_pte(page, kmap_prot)). */
    void setPte(long vaddr, long pfn);

    /** pte_clear(&amp;init_mm, vaddr, ...). */
    void clearPte(long vaddr);

    /** flush_tlb_kernel_range(start, end). */
    void flushTlbKernelRange(long start, long end);
}
