package org.mmdsl.runtime.event;

import org.mmdsl.runtime.arch.Access;


/**
 * A page fault the kernel resolved (handle_mm_fault() returned without a signal).
 *
 * @param pid    the task
 * @param vaddr  the faulting address
 * @param access the access that faulted
 * @param how    what the fault did, in mm/memory.c terms ("do_anonymous_page: new zeroed page",
 *               "do_anonymous_page: zero page mapped read-only", "do_wp_page: copy")
 * @param pfn    the frame now mapped at the page
 */
public record PageFaultEvent(int pid, long vaddr, Access access, String how, long pfn) implements Event {

    @Override
    public Kind kind() {
        return Kind.INFO;
    }

    @Override
    public String message() {
        return String.format("page fault on %s of 0x%x by pid %d: %s, pfn 0x%x", access.word, vaddr, pid, how, pfn);
    }
}
