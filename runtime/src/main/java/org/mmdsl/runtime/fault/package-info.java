/**
 * The page-fault path: arch/x86/mm/fault.c do_user_addr_fault() (find_vma, stack growth,
 * access_error, SIGSEGV/SIGBUS codes) and mm/memory.c handle_mm_fault() (do_anonymous_page with
 * the shared zero page, do_read_fault/do_cow_fault/do_shared_fault on a per-file page cache,
 * do_wp_page), plus the user-access API the interpreter calls ({@link org.mmdsl.runtime.fault.UserAccess}).
 *
 * <p>Neighbours: VMAs and the mm are in {@code vma}; the hardware walk is {@code mmu.Mmu}.
 */
package org.mmdsl.runtime.fault;
