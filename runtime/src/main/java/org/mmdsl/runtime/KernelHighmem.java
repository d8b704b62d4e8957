package org.mmdsl.runtime;

import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.highmem.HighmemApi;
import org.mmdsl.runtime.highmem.KernelPteWriter;
import org.mmdsl.runtime.highmem.KmapLocal;

/**
 * kmap_atomic/kunmap_atomic and kmap_local_page/kunmap_local as a scenario's kernel code calls them,
 * and the atomic-context check the kernel's might_sleep() makes (kernel/sched/core.c
 * __might_resched(): "BUG: sleeping function called from invalid context"). The slot rules live in
 * {@link KmapLocal}; what differs between kernel versions in {@link HighmemApi}.
 *
 * <p>Kernel statements run on CPU 0 unless they name a CPU (`on cpu N`); kmap, kmalloc, alloc_pages
 * and vmalloc always run on CPU 0, so it is CPU 0's kmap_atomic sections that make them a BUG. The
 * BUG line names the file of the might_sleep() the call reaches but not its line number (those move
 * between builds).
 */
public final class KernelHighmem {
    private final Kernel kernel;
    private final EventSink sink;
    private final HighmemApi api;
    private final KmapLocal local;
    private boolean warnedOutOfOrder;

    KernelHighmem(Kernel kernel, EventSink sink, HighmemApi api, KernelPteWriter pte) {
        this.kernel = kernel;
        this.sink = sink;
        this.api = api;
        this.local = new KmapLocal(kernel.layout(), kernel.memory().maxLowPfn(), kernel.params().cpus, api, pte);
    }

    public HighmemApi api() {
        return api;
    }

    public KmapLocal kmapLocal() {
        return local;
    }

    private String call(String fn, long pfn, int cpu) {
        return String.format("%s(pfn_to_page(0x%x))%s", fn, pfn, cpu == 0 ? "" : " on cpu " + cpu);
    }

    private boolean checkArgs(String call, long pfn, int cpu) {
        if (cpu < 0 || cpu >= local.cpus()) {
            sink.emit(new KernelMessage(String.format("%s: cpu %d is not online (the machine booted %d)", call, cpu,
                    local.cpus()), true));
            return false;
        }
        if (!kernel.memory().memMap().pfnValid(pfn)) {
            sink.emit(new KernelMessage(String.format("%s: pfn 0x%x has no struct page (max_pfn 0x%x): pfn_to_page() "
                    + "would return a bogus pointer and the kernel would oops", call, pfn, kernel.memory().maxPfn()), true));
            return false;
        }
        return true;
    }

    /**
     * kmap_local_page(), or kmap_atomic() when {@code atomic}: the address, or -1 when the call
     * cannot be made (a BUG on slot overflow, an invalid pfn or CPU; all reported).
     */
    public long kmapLocal(int cpu, long pfn, boolean atomic) {
        String call = call(atomic ? "kmap_atomic" : "kmap_local_page", pfn, cpu);
        if (!checkArgs(call, pfn, cpu)) {
            return -1;
        }
        long vaddr = local.map(cpu, pfn, atomic);
        if (vaddr == KmapLocal.BUG_OVERFLOW) {
            sink.emit(new KernelMessage(String.format("%s: kernel BUG at mm/highmem.c! kmap_local_idx_push(): "
                    + "BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX): all %d slots of cpu %d are in use",
                    call, api.slotsPerCpu, cpu), true));
            return -1;
        }
        int slot = local.slotOf(cpu, pfn);
        sink.emit(new KernelCall(call, String.format("0x%x", vaddr) + (slot < 0 ? " [lowmem: page_address()]"
                : String.format(" [fixmap FIX_KMAP_BEGIN+%d: cpu %d slot %d]", slot + cpu * api.slotsPerCpu, cpu, slot)),
                false));
        return vaddr;
    }

    /** kunmap_local(), or kunmap_atomic() when {@code atomic}; misuse is reported as the kernel warns. */
    public void kunmapLocal(int cpu, long pfn, boolean atomic) {
        String call = call(atomic ? "kunmap_atomic" : "kunmap_local", pfn, cpu);
        if (!checkArgs(call, pfn, cpu)) {
            return;
        }
        boolean wasAtomic = local.preemptCount(cpu) > 0;
        int topSlot = local.depth(cpu) - 1;
        KmapLocal.Unmap r = local.unmap(cpu, pfn, atomic);
        switch (r) {
            case OK, LOWMEM -> sink.emit(new KernelCall(call, "void", false));
            case OUT_OF_ORDER -> {
                String once = warnedOutOfOrder ? " (WARN_ON_ONCE fired before: a real kernel is silent this time)" : "";
                warnedOutOfOrder = true;
                int still = local.slotOf(cpu, pfn);
                sink.emit(new KernelMessage(String.format("%s: WARNING: CPU: %d at mm/highmem.c kunmap_local_indexed(): "
                        + "WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx))%s: unmaps must be LIFO; the top "
                        + "slot %d (pfn 0x%x, 0x%x) was cleared instead, %s", call, cpu, once, topSlot,
                        local.lastPopped(), local.slotAddr(cpu, topSlot), pfn, still >= 0
                                ? String.format("and pfn 0x%x stays mapped in slot %d", pfn, still)
                                : String.format("and pfn 0x%x was in no slot", pfn)), true));
            }
            default -> sink.emit(new KernelMessage(String.format("%s: pfn 0x%x is not kmapped on cpu %d: there is no "
                    + "address kmap_local returned to pass (an unbalanced unmap corrupts kmap_ctrl.idx)", call, pfn, cpu),
                    true));
        }
        if (atomic && !wasAtomic) {
            sink.emit(new KernelMessage(String.format("%s: DEBUG_LOCKS_WARN_ON(val > preempt_count()): kunmap_atomic "
                    + "without kmap_atomic underflows the preempt count (kernel/sched/core.c preempt_count_sub)", call),
                    true));
        }
    }

    /**
     * might_sleep() on CPU 0 (where kmap, kmalloc, alloc_pages and vmalloc run): a BUG event when a
     * kmap_atomic section is open there. {@code where} is the file of the might_sleep().
     *
     * @return true when the BUG was reported (the call still runs, as on a kernel without
     *     CONFIG_DEBUG_ATOMIC_SLEEP it would, and might really sleep)
     */
    public boolean mightSleep(String call, String where) {
        int pc = local.preemptCount(0);
        if (pc == 0) {
            return false;
        }
        sink.emit(new KernelMessage(String.format("%s: BUG: sleeping function called from invalid context at %s; "
                + "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 0, name: swapper/0; preempt_count: %d, "
                + "expected: 0 (inside kmap_atomic: preemption and page faults are disabled)", call, where, pc), true));
        return true;
    }
}
