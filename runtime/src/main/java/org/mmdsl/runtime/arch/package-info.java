/**
 * arch/x86: boot parameters, the e820 map (arch/x86/kernel/e820.c), the kernel's virtual layout
 * (pgtable_32_areas.h, fixmap.h, page_64_types.h), the kernel models; x86 paging as the hardware
 * and pgtable*.h, pgtable_types.h describe it: paging modes ({@code PagingMode}), the page-table
 * entry bit layout ({@code Pte}), what a non-present pte holds ({@code SwapOps}, swapops.h) and the
 * access kind of the page-fault error code ({@code Access}, trap_pf.h).
 *
 * <p>Layer: the bottom with uapi; uses nothing of the runtime but uapi. Neighbours: setup_arch(),
 * which builds memblock, zones and the buddy allocator from these, is {@code init.Setup}; page
 * tables living in simulated frames are in {@code pgtable}; the translation with permission checks
 * is in {@code mmu}.
 */
package org.mmdsl.runtime.arch;
