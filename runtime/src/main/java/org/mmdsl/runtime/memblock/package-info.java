/**
 * mm/memblock.c: the boot-time allocator. It records which physical ranges are RAM and which are
 * reserved (first 1 MiB, kernel image, mem_map, SWIOTLB, ...) until memblock_free_all() hands the
 * rest to the buddy allocator (pagealloc). The e820 map it starts from lives in arch.
 */
package org.mmdsl.runtime.memblock;
