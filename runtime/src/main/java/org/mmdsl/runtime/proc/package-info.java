/**
 * fs/proc and mm/vmstat.c: text renderers of runtime state, byte for byte in the kernel's seq_printf
 * formats. /proc/PID/maps ({@link org.mmdsl.runtime.proc.ProcMaps}; the line of one VMA,
 * fs/proc/task_mmu.c show_map_vma(), is vma.ShowMapVma, as the fault path below uses it too);
 * physical memory: /proc/zoneinfo, /proc/buddyinfo, /proc/meminfo ({@link org.mmdsl.runtime.proc.PhysProc}).
 *
 * <p>Neighbours: the VMAs rendered are in {@code vma}; zones and free areas in {@code zone} and
 * {@code pagealloc}.
 */
package org.mmdsl.runtime.proc;
