/**
 * The machine as the language drives it: {@link org.mmdsl.runtime.Kernel} boots it (arch/x86/kernel/setup.c
 * start_kernel() order: setup_arch, zones, buddy, the final page tables) and creates tasks;
 * {@link org.mmdsl.runtime.Task} is a process's view (its mm_struct, its system calls as the syscall
 * entry points take them, its memory accesses through the MMU). These two classes only wire the
 * subsystems and format strace-style call lines; every rule lives in the package named after its
 * kernel file (arch, memblock, zone, pagealloc, page, pgtable, mmu, vma, fault, proc).
 */
package org.mmdsl.runtime;
