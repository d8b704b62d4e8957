package org.mmdsl.runtime.vma;

/**
 * The kernel whose address-space rules the simulator follows. 6.1 is the default; 6.18 is the
 * kernel the conformance oracle (shared/conformance/proc-maps) was recorded on.
 *
 * <pre>
 *   rule                                    6.1                         6.18
 *   vDSO data pages                         [vvar] 4 pages              [vvar] 4 + [vvar_vclock] 2
 *   MAP_STACK                               no effect                   VM_NOHUGEPAGE (since 6.7)
 *   THP alignment of anon private maps      no (file/shmem only)        2 MiB multiples, 64-bit tasks
 *   [heap] label (task_mmu.c)               start <= brk && end >= start_brk  (inclusive)
 *                                                                       start < brk && end > start_brk
 * </pre>
 */
public enum KernelVersion {
    V6_1,
    V6_18
}
