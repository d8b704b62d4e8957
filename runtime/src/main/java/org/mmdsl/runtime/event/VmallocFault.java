package org.mmdsl.runtime.event;

/**
 * A kernel access to a vmalloc address found no page-directory entry in the current process's
 * page tables and copied it from swapper_pg_dir (2.6.24 arch/x86/mm/fault_32.c vmalloc_fault() →
 * vmalloc_sync_one()): the lazy sync of i386 without PAE, where a page table vmalloc created after
 * the process's pgd was copied is only in init_mm until the first fault on it. The access is then
 * retried and succeeds; the kernel prints nothing.
 *
 * @param comm     the current task's name
 * @param pid      its pid
 * @param vaddr    the faulting kernel address
 * @param pgdIndex the page-directory slot copied
 * @param entry    the entry copied (the kernel page table's pfn and flags)
 */
public record VmallocFault(String comm, int pid, long vaddr, int pgdIndex, long entry) implements Event {

    @Override
    public Kind kind() {
        return Kind.INFO;
    }

    @Override
    public String message() {
        return String.format("vmalloc fault at 0x%x with %s[%d]'s page tables loaded: pgd[%d] was empty, copied "
                + "0x%08x from swapper_pg_dir (vmalloc_fault(), arch/x86/mm/fault_32.c); the access is retried",
                vaddr, comm, pid, pgdIndex, entry);
    }
}
