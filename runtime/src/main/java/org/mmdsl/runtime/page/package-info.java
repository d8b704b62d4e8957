/**
 * The memmap: one struct page per frame, kept as primitive arrays indexed by pfn
 * (include/linux/mm_types.h, include/linux/page-flags.h, include/linux/page_ref.h).
 *
 * <p>Neighbours: the buddy allocator that hands frames out is in {@code pagealloc}; zones that own
 * pfn ranges are in {@code zone}; who maps a frame into an address space is in {@code vma} and
 * {@code fault}.
 */
package org.mmdsl.runtime.page;
