/**
 * /proc renderers: /proc/PID/maps (fs/proc/task_mmu.c show_map_vma()).
 *
 * <p>Neighbours: the VMAs rendered are in {@code vma}; zoneinfo/buddyinfo/meminfo come from the
 * zone and page-allocator work (mm/vmstat.c).
 */
package org.mmdsl.runtime.proc;
