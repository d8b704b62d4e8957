/**
 * arch/x86: boot parameters, the e820 map (arch/x86/kernel/e820.c), the kernel's virtual layout
 * (pgtable_32_areas.h, fixmap.h, page_64_types.h) and setup_arch() ({@link
 * org.mmdsl.runtime.arch.Setup}), which builds memblock, zones and the buddy allocator. Paging modes
 * and PTE layouts live next door in this package too (PagingMode, Pte).
 */
package org.mmdsl.runtime.arch;
