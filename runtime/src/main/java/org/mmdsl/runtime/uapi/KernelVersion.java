package org.mmdsl.runtime.uapi;

/**
 * The kernel whose address-space rules the simulator follows. 6.1 is the default; 6.18 is the
 * kernel the conformance oracle (shared/conformance/proc-maps) was recorded on; 2.6 is 2.6.24 i386,
 * the textbook kernel ({@code boot ... kernel 2.6}), derived from its sources, not recorded.
 *
 * <pre>
 *   rule                                    6.1                         6.18
 *   vDSO data pages                         [vvar] 4 pages              [vvar] 4 + [vvar_vclock] 2
 *   MAP_STACK                               no effect                   VM_NOHUGEPAGE (since 6.7)
 *   THP alignment of anon private maps      no (file/shmem only)        2 MiB multiples, 64-bit tasks
 *   [heap] label (task_mmu.c)               start <= brk && end >= start_brk  (inclusive)
 *                                                                       start < brk && end > start_brk
 * </pre>
 *
 * <p>2.6.24 i386 ({@link #V2_6}), where it differs from 6.1:
 * <pre>
 *   vDSO              CONFIG_COMPAT_VDSO (Kconfig default y): no VMA, the gate VMA at the fixmap
 *                     page FIX_VDSO = 0xffffe000 (arch/x86/kernel/sysenter_32.c
 *                     arch_setup_additional_pages(), get_gate_vma()); maps and smaps end with it
 *                     as [vdso] (fs/proc/task_mmu.c: a VMA without vm_mm); no [vvar]
 *   initial [stack]   argument page + EXTRA_STACK_VM_PAGES 20 = 0x15000 (fs/exec.c setup_arg_pages())
 *   stack growth      no stack_guard_gap (4.12) (mm/mmap.c expand_downwards(), acct_stack_growth())
 *   mmap_base         TASK_SIZE - clamp(rlimit, 128 MB, TASK_SIZE/6*5), no guard gap; an unlimited
 *                     stack picks the legacy layout (arch/x86/mm/mmap_32.c arch_pick_mmap_layout())
 *   maps offset       vm_pgoff &lt;&lt; PAGE_SHIFT for anonymous VMAs too (show_map_internal());
 *                     insert_vm_struct()/do_brk()/do_mmap_pgoff() set it to vm_start &gt;&gt; PAGE_SHIFT
 *   [heap] label      start &lt;= start_brk &amp;&amp; end &gt;= brk
 *   smaps             Size, Rss, Shared/Private Clean/Dirty, Referenced; no VmFlags
 *   mmap_min_addr     0 (security/security.c: "0 means no protection")
 * </pre>
 */
public enum KernelVersion {
    V2_6,
    V6_1,
    V6_18
}
