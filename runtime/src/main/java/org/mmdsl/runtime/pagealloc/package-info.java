/**
 * mm/page_alloc.c: the buddy allocator (free_area[order] per zone, split and coalesce), GFP flags
 * and the zonelist fallback they select, watermark checks. Zones and their counters live in zone;
 * struct page state in page (MemMap); boot-time memory in memblock until memblock_free_all().
 */
package org.mmdsl.runtime.pagealloc;
