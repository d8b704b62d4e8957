/**
 * Process creation and teardown of address spaces: kernel/fork.c dup_mm() / dup_mmap() with
 * mm/memory.c copy_page_range() (fork's copy-on-write set-up), copy_mm() for CLONE_VM threads,
 * and the mm_users / mm_count life cycle of mmget()/mmput() and mmgrab()/mmdrop() that
 * kernel/exit.c exit_mm() ends in.
 *
 * <p>Neighbours: the mm_struct and its VMAs are in {@code vma}; the write fault that breaks the
 * sharing fork sets up (do_wp_page()) is in {@code fault}; page tables are in {@code pgtable}.
 */
package org.mmdsl.runtime.fork;
