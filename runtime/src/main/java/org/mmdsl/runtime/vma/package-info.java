/**
 * Address spaces: mm_struct, VMAs, find_vma, get_unmapped_area, merge/split, mmap, munmap,
 * mprotect, brk and the exec layout (mm/mmap.c, mm/vma.c, mm/mprotect.c, arch/x86/mm/mmap.c,
 * arch/x86/kernel/sys_x86_64.c, fs/binfmt_elf.c, arch/x86/entry/vdso/vma.c).
 *
 * <p>Neighbours: what happens when a task touches a VMA is in {@code fault} (mm/memory.c);
 * /proc/PID/maps is rendered in {@code proc}, one VMA's line of it here ({@code ShowMapVma}: the
 * fault path names the faulting VMA with it); page tables are in {@code pgtable}.
 */
package org.mmdsl.runtime.vma;
