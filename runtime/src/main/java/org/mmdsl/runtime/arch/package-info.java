/**
 * x86 paging as the hardware and arch/x86/include/asm/pgtable*.h, pgtable_types.h and page_types.h
 * describe it: paging modes, the page-table entry bit layout.
 *
 * <p>Neighbours: page tables living in simulated frames are in {@code pgtable}; the translation
 * with permission checks is in {@code mmu}; boot parameters, e820 and the kernel layout
 * (PAGE_OFFSET, the split) arrive in this package from the boot work.
 */
package org.mmdsl.runtime.arch;
