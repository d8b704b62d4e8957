/**
 * mm/mm_init.c and include/linux/mmzone.h: the node's zones (DMA, DMA32, Normal, HighMem, Movable,
 * Device) with their spanned/present/managed pages, watermarks and lowmem_reserve, and the booted
 * physical machine ({@link org.mmdsl.runtime.zone.PhysicalMemory}). The free lists themselves live
 * in pagealloc (mm/page_alloc.c); Setup (arch) builds all of this at boot.
 */
package org.mmdsl.runtime.zone;
