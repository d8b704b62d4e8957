/**
 * mm/mm_init.c and include/linux/mmzone.h: each node's pg_data_t ({@code PgData}) and zones (DMA, DMA32,
 * Normal, HighMem, Movable, Device) with their spanned/present/managed pages, watermarks, lowmem_reserve
 * and NUMA counters. The free lists
 * themselves live in pagealloc (mm/page_alloc.c), above; init.Setup builds all of this at boot
 * into the booted machine, init.PhysicalMemory.
 */
package org.mmdsl.runtime.zone;
