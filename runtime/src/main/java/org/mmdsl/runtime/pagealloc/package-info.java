/**
 * mm/page_alloc.c: the buddy allocator (free_area[order] per zone, split and coalesce), GFP flags
 * and the zonelist fallback they select, the nodes' zonelist order ({@code Zonelists}:
 * build_zonelists()) and nodemasks ({@code Nodemask}), watermark checks, the per-cpu lists' sizes
 * ({@code PerCpuPages}: zone_batchsize()), get_order() ({@code GetOrder},
 * include/asm-generic/getorder.h). Zones and their counters live in zone, below; struct page
 * state in page (MemMap); boot-time memory in memblock until memblock_free_all(). The boot that
 * builds the allocator is init.Setup, above.
 */
package org.mmdsl.runtime.pagealloc;
