package org.mmdsl.runtime;

import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.highmem.HighmemApi;
import org.mmdsl.runtime.highmem.KernelPteWriter;
import org.mmdsl.runtime.highmem.KmTypeSlots;
import org.mmdsl.runtime.highmem.KmType;
import org.mmdsl.runtime.highmem.KmapLocal;

/**
 * kmap_atomic/kunmap_atomic and kmap_local_page/kunmap_local as a scenario's kernel code calls them,
 * and the atomic-context check the kernel's might_sleep() makes (kernel/sched/core.c
 * __might_resched(): "BUG: sleeping function called from invalid context"). The slot rules live in
 * {@link KmapLocal} (6.1) and {@link KmTypeSlots} (2.6: kmap_atomic(page, KM_USER0)); what differs
 * between kernel versions in {@link HighmemApi}. A machine has one of the two slot kinds, as the
 * kernel it plays does; a call of the other kernel's API is reported and does nothing (the validator
 * rejects it before a run).
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
    /** 6.1's slots (null under 2.6). */
    private final KmapLocal local;
    /** 2.6's km_type slots (null under 6.1). */
    private final KmTypeSlots typed;
    private boolean warnedOutOfOrder;
    private long walkedHighPtes;

    KernelHighmem(Kernel kernel, EventSink sink, HighmemApi api, KernelPteWriter pte) {
        this.kernel = kernel;
        this.sink = sink;
        this.api = api;
        long maxLow = kernel.memory().maxLowPfn();
        int cpus = kernel.params().cpus;
        this.local = api.slotTypeArgument ? null : new KmapLocal(kernel.layout(), maxLow, cpus, api, pte);
        this.typed = api.slotTypeArgument ? new KmTypeSlots(kernel.layout(), maxLow, cpus, pte) : null;
    }

    /**
     * CONFIG_HIGHPTE: the fault path's pte_offset_map() of a pte table in highmem, then pte_unmap().
     * 6.1 include/linux/pgtable.h pte_offset_map(): kmap_atomic(), a slot of this CPU's kmap_local stack
     * with preemption and page faults off (6.5 made it kmap_local_page()); 2.6.24
     * include/asm-x86/pgtable_32.h: kmap_atomic_pte(page, KM_PTE0). The slot's fixmap pte is set and
     * cleared, and the unmap flushes that address (flush_tlb_one_kernel()). Emits one line saying so;
     * a slot that cannot be taken (a full stack, KM_PTE0 held) is left alone.
     */
    void ptePageWalked(long ptePfn) {
        if (local != null) {
            long vaddr = local.map(0, ptePfn, true);
            if (vaddr < 0) {
                return;
            }
            local.unmap(0, ptePfn, true);
            sink.emit(new org.mmdsl.runtime.event.KernelMessage(String.format("pte_offset_map(): the pte page (pfn %#x) "
                    + "is in HighMem: kmap_atomic() maps it at %#x to walk it, pte_unmap() unmaps it", ptePfn, vaddr),
                    false));
        } else {
            long vaddr = typed.map(0, ptePfn, org.mmdsl.runtime.highmem.KmType.KM_PTE0);
            if (vaddr < 0) {
                return;
            }
            typed.unmap(0, ptePfn, org.mmdsl.runtime.highmem.KmType.KM_PTE0);
            sink.emit(new org.mmdsl.runtime.event.KernelMessage(String.format("pte_offset_map(): the pte page (pfn %#x) "
                    + "is in HighMem: kmap_atomic(KM_PTE0) maps it at %#x to walk it, pte_unmap() unmaps it", ptePfn, vaddr),
                    false));
        }
        walkedHighPtes++;
    }

    /** How many times the fault path mapped a HIGHPTE pte table to walk it since boot. */
    public long walkedHighPtes() {
        return walkedHighPtes;
    }

    public HighmemApi api() {
        return api;
    }

    /** 6.1's kmap_local slots; null under {@code kernel 2.6}. */
    public KmapLocal kmapLocal() {
        return local;
    }

    /** 2.6's km_type slots; null under {@code kernel 6.1}. */
    public KmTypeSlots kmTypeSlots() {
        return typed;
    }

    /** Whether a kmap_local/kmap_atomic slot of any CPU maps {@code pfn} (page_address() does not see them). */
    public boolean slotMaps(long pfn) {
        for (int c = 0; c < kernel.params().cpus; c++) {
            if (local != null ? local.slotOf(c, pfn) >= 0 : typed.typeOf(c, pfn) != null) {
                return true;
            }
        }
        return false;
    }

    /** The preempt count kmap_atomic raised on {@code cpu} (in_atomic() when &gt; 0). */
    public int preemptCount(int cpu) {
        return local != null ? local.preemptCount(cpu) : typed.preemptCount(cpu);
    }

    private String call(String fn, long pfn, int cpu) {
        return String.format("%s(pfn_to_page(0x%x))%s", fn, pfn, cpu == 0 ? "" : " on cpu " + cpu);
    }

    private boolean checkArgs(String call, long pfn, int cpu) {
        int cpus = kernel.params().cpus;
        if (cpu < 0 || cpu >= cpus) {
            sink.emit(new KernelMessage(String.format("%s: cpu %d is not online (the machine booted %d)", call, cpu,
                    cpus), true));
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
        if (local == null) {
            notInModel(call, atomic);
            return -1;
        }
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
        if (local == null) {
            notInModel(call, atomic);
            return;
        }
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
                // Mirrors 6.1 mm/highmem.c kunmap_local_indexed(): WARN_ON_ONCE(addr != __fix_to_virt(
                // FIX_KMAP_BEGIN + idx)) prints "WARNING: CPU: N PID: P at mm/highmem.c:LINE
                // kunmap_local_indexed+0x../0x.." (kernel/panic.c __warn()); the model names neither the pid
                // nor the line, which move between builds. It then clears the top slot's pte all the same.
                sink.emit(new KernelMessage(String.format("%s: WARNING: CPU: %d at mm/highmem.c kunmap_local_indexed(): "
                        + "WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx))%s: unmaps must be LIFO; the top "
                        + "slot %d (pfn 0x%x at 0x%x) was cleared instead, %s", call, cpu, once, topSlot,
                        local.lastPopped(), local.slotAddr(cpu, topSlot), still >= 0
                                ? String.format("and pfn 0x%x stays mapped in slot %d (0x%x)", pfn, still,
                                        local.slotAddr(cpu, still))
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

    private void notInModel(String call, boolean atomic) {
        sink.emit(new KernelMessage(String.format(atomic
                ? "%s: kernel 2.6 (2.6.24) has kmap_atomic(page, type) only: name the km_type slot (KM_USER0)"
                : "%s: kernel 2.6 (2.6.24) has no kmap_local_page/kunmap_local (5.11): use kmap_atomic(page, KM_USER0)",
                call), true));
    }

    private String call(String fn, long pfn, KmType type, int cpu) {
        return String.format("%s(pfn_to_page(0x%x), %s)%s", fn, pfn, type, cpu == 0 ? "" : " on cpu " + cpu);
    }

    /**
     * 2.6's kmap_atomic(page, type) (arch/x86/mm/highmem_32.c kmap_atomic_prot(), see {@link KmTypeSlots}):
     * the address, or -1 when the call cannot be made (a BUG_ON on a slot still in use, an invalid
     * pfn or CPU, a 6.1 machine; all reported).
     */
    public long kmapAtomic(int cpu, long pfn, KmType type) {
        String call = call("kmap_atomic", pfn, type, cpu);
        if (typed == null) {
            sink.emit(new KernelMessage(call + ": 6.1 has no km_type slots: kmap_atomic(page) takes a per-CPU stack "
                    + "slot; prefer kmap_local_page", true));
            return -1;
        }
        if (!checkArgs(call, pfn, cpu)) {
            return -1;
        }
        long vaddr = typed.map(cpu, pfn, type);
        if (vaddr == KmTypeSlots.BUG_SLOT_IN_USE) {
            sink.emit(new KernelMessage(String.format("%s: kernel BUG at arch/x86/mm/highmem_32.c! kmap_atomic_prot(): "
                    + "BUG_ON(!pte_none(*(kmap_pte-idx))): %s of cpu %d (0x%x) still maps pfn 0x%x; two users of one "
                    + "km_type on a CPU would overwrite each other's mapping, and 2.6.24 refuses", call, type, cpu,
                    typed.slotAddr(cpu, type), typed.pfnIn(cpu, type)), true));
            return -1;
        }
        sink.emit(new KernelCall(call, String.format("0x%x", vaddr) + (pfn < kernel.memory().maxLowPfn()
                ? " [lowmem: page_address()]"
                : String.format(" [fixmap FIX_KMAP_BEGIN+%d: %s + KM_TYPE_NR*%d]",
                        KmTypeSlots.fixIndex(cpu, type) - org.mmdsl.runtime.arch.KernelLayout.FIX_KMAP_BEGIN_2_6,
                        type, cpu)), false));
        return vaddr;
    }

    /**
     * 2.6's kunmap_atomic(kvaddr, type), where kvaddr is what kmap_atomic returned for the page on
     * that CPU; misuse is reported as 2.6.24's CONFIG_DEBUG_HIGHMEM checks would catch it.
     */
    public void kunmapAtomic(int cpu, long pfn, KmType type) {
        String call = call("kunmap_atomic", pfn, type, cpu);
        if (typed == null) {
            sink.emit(new KernelMessage(call + ": 6.1 has no km_type slots: kunmap_atomic(addr) pops the per-CPU "
                    + "stack; prefer kunmap_local", true));
            return;
        }
        if (!checkArgs(call, pfn, cpu)) {
            return;
        }
        boolean wasAtomic = typed.preemptCount(cpu) > 0;
        KmType held = typed.typeOf(cpu, pfn);
        switch (typed.unmap(cpu, pfn, type)) {
            case OK, LOWMEM -> sink.emit(new KernelCall(call, "void", false));
            case WRONG_TYPE -> sink.emit(new KernelMessage(String.format("%s: the page was mapped as %s (0x%x), not "
                    + "%s (0x%x): with CONFIG_DEBUG_HIGHMEM, kernel BUG at arch/x86/mm/highmem_32.c! kunmap_atomic(): "
                    + "BUG_ON(vaddr >= (unsigned long)high_memory); without it nothing is cleared: %s of cpu %d stays "
                    + "mapped and the next kmap_atomic(..., %s) there hits BUG_ON(!pte_none)", call, held,
                    typed.slotAddr(cpu, held), type, typed.slotAddr(cpu, type), held, cpu, held), true));
            default -> sink.emit(new KernelMessage(String.format("%s: pfn 0x%x is not kmap_atomic'ed on cpu %d: there "
                    + "is no address kmap_atomic returned to pass", call, pfn, cpu), true));
        }
        if (!wasAtomic) {
            sink.emit(new KernelMessage(String.format("%s: DEBUG_LOCKS_WARN_ON(val > preempt_count()): kunmap_atomic "
                    + "without kmap_atomic underflows the preempt count (kernel/sched.c sub_preempt_count)", call),
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
        int pc = preemptCount(0);
        if (pc == 0) {
            return false;
        }
        if (typed != null) {
            // 2.6.24 kernel/sched.c __might_sleep() (CONFIG_DEBUG_SPINLOCK_SLEEP) prints two lines; `where`
            // names 6.1's call site, and 2.6.24's sits elsewhere, so it is left out
            sink.emit(new KernelMessage(String.format("%s: BUG: sleeping function called from invalid context; "
                    + "in_atomic():1, irqs_disabled():0 (inside kmap_atomic: pagefault_disable() raised the preempt "
                    + "count to %d; 2.6.24's might_sleep call site is not modelled)", call, pc), true));
            return true;
        }
        sink.emit(new KernelMessage(String.format("%s: BUG: sleeping function called from invalid context at %s; "
                + "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 0, name: swapper/0; preempt_count: %d, "
                + "expected: 0 (inside kmap_atomic: preemption and page faults are disabled)", call, where, pc), true));
        return true;
    }
}
