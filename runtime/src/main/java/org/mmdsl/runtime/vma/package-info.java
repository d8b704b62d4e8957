/**
 * Address spaces: mm_struct and its VMAs ({@link org.mmdsl.runtime.vma.MmStruct},
 * {@link org.mmdsl.runtime.vma.Vma}, kept in VmaTree: the maple tree's role, with the largest free
 * gap per subtree), one file per kernel file or concept: mm/mmap.c (Mmap),
 * get_unmapped_area() with arch/x86/kernel/sys_x86_64.c (UnmappedArea), mm/vma.c's merge and
 * split (VmaMerge), mm/mprotect.c (Mprotect), mm/mseal.c (Mseal), brk (Brk), mm/mremap.c
 * (Mremap), mm/madvise.c (Madvise), mm/mlock.c (Mlock), mm/msync.c and mincore (Msync),
 * zap_pte_range() (Zap), truncation (Truncate), the exec layout with fs/binfmt_elf.c and the vDSO
 * (ExecLayout), overcommit (Overcommit), files and the page cache (FileRef, PageCache,
 * OpenFileDescription), device maps (DeviceMap; a mapping's vm_ops with its fault handler DeviceVmOps, the
 * counts of a device node's open/close/fault calls DeviceDriver).
 *
 * <p>The argument checks each system call makes before it touches the address space are pure
 * public functions in the file of that call, returning 0 or -errno ({@code Mmap.checkMmap},
 * {@code checkMunmap}, {@code Mprotect.checkMprotect}, {@code Mremap.checkMremap},
 * {@code Madvise.checkMadvise}, {@code Mlock.checkMlock2/checkMlockRange/checkMlockall},
 * {@code Msync.checkMsync/checkMincore}, {@code Mseal.checkMseal},
 * {@code UnmappedArea.checkGetUnmappedArea}); the calls run them at the kernel's place, and
 * validators can call them without an mm.
 *
 * <p>Neighbours: what happens when a task touches a VMA is in {@code fault} (mm/memory.c);
 * /proc/PID/maps is rendered in {@code proc}, one VMA's line of it here ({@code ShowMapVma}: the
 * fault path names the faulting VMA with it); page tables are in {@code pgtable}; reclaim and
 * swap are reached through the hooks {@link org.mmdsl.runtime.vma.ReclaimHook} and
 * {@link org.mmdsl.runtime.vma.SwapInfo}, which {@code reclaim} implements.
 */
package org.mmdsl.runtime.vma;
