/**
 * The scheduler's side of memory management (kernel/sched/core.c context_switch(),
 * finish_task_switch()): which mm a CPU runs on, kernel threads borrowing the previous task's mm
 * (lazy TLB, {@code active_mm}) and the mmdrop() that ends the borrowing.
 */
package org.mmdsl.runtime.sched;
