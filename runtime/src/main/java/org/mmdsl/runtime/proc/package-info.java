/**
 * fs/proc and mm/vmstat.c: text renderers of runtime state, byte for byte in the kernel's
 * seq_printf formats. Physical memory: /proc/zoneinfo, /proc/buddyinfo, /proc/meminfo
 * ({@link org.mmdsl.runtime.proc.PhysProc}); /proc/pid/maps lives next door (Maps).
 */
package org.mmdsl.runtime.proc;
