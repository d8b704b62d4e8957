/**
 * arch/x86: boot parameters, the e820 map (arch/x86/kernel/e820.c), the kernel's virtual layout
 * (pgtable_32_areas.h, fixmap.h, page_64_types.h) and setup_arch() ({@link
 * org.mmdsl.runtime.arch.Setup}), which builds memblock, zones and the buddy allocator; x86 paging as
 * the hardware and pgtable*.h, pgtable_types.h describe it: paging modes ({@code PagingMode}) and the
 * page-table entry bit layout ({@code Pte}).
 *
 * <p>Neighbours: page tables living in simulated frames are in {@code pgtable}; the translation with
 * permission checks is in {@code mmu}.
 */
package org.mmdsl.runtime.arch;
