package org.mmdsl.runtime.sched;

import org.mmdsl.runtime.vma.MmStruct;

/**
 * What context_switch() reads and writes of a task_struct: {@code mm} (null for a kernel thread and
 * for a task past exit_mm()) and {@code active_mm}, the mm the CPU runs on while the task is current.
 */
public interface SchedTask {
    int pid();

    String comm();

    /** task->mm: the task's own address space, null for a kernel thread or a task that exited. */
    MmStruct mm();

    /** task->active_mm; null stands for init_mm (swapper_pg_dir), which is never freed. */
    MmStruct activeMm();

    void setActiveMm(MmStruct mm);
}
