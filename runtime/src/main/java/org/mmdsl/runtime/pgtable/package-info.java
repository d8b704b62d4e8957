/**
 * Page tables living in simulated frames (mm/pgtable-generic.c, arch/x86/mm/pgtable.c,
 * arch/x86/mm/init_32.c for the direct map): walk, set and clear entries for every
 * {@link org.mmdsl.runtime.arch.PagingMode}, swapper_pg_dir and pgd_alloc().
 *
 * <p>Neighbours: the bit layout is in {@code arch.Pte}, what a non-present pte holds (swap entries,
 * pte markers) in {@code arch.SwapOps}; hardware translation is {@code mmu.Mmu};
 * who decides what to map is {@code fault} (user pages) and {@code highmem}/{@code vmalloc}
 * (kernel pages).
 */
package org.mmdsl.runtime.pgtable;
