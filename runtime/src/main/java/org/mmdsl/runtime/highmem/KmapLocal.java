package org.mmdsl.runtime.highmem;

import java.util.Arrays;

import org.mmdsl.runtime.arch.KernelLayout;

/**
 * Mirrors the kmap_local machinery of mm/highmem.c (6.1) on i386: each CPU has KM_MAX_IDX fixmap
 * slots used as a stack. kmap_local_page() of a highmem page pushes (kmap_local_idx_push(),
 * BUG_ON(idx &gt;= KM_MAX_IDX)), maps the frame at
 * {@code __fix_to_virt(FIX_KMAP_BEGIN + idx + KM_MAX_IDX * smp_processor_id())} and disables
 * migration; a lowmem page returns page_address() without a slot (and without migrate_disable()).
 * kmap_atomic() is the same plus preempt_disable() and pagefault_disable(), for lowmem pages too
 * (include/linux/highmem-internal.h kmap_atomic_prot()).
 *
 * <p>kunmap_local_indexed() does not look the address up: it pops the top slot, and if the address
 * is not the top slot's it says WARN_ON_ONCE and still clears the top slot's PTE. This class does
 * exactly that, so an out-of-order unmap leaves the wrong page mapped, as on a real kernel.
 * Each unmap clears the PTE and flushes that one kernel address (arch_kmap_local_post_unmap() →
 * flush_tlb_one_kernel()).
 *
 * <p>Simplified: the stack belongs to the task in the kernel (current-&gt;kmap_ctrl, saved and
 * restored across context switches); here one kernel context runs per CPU, so it is per CPU.
 */
public final class KmapLocal {
    /** map(): the push overflowed KM_MAX_IDX, a BUG_ON (the kernel oopses). */
    public static final long BUG_OVERFLOW = -2;

    /** unmap() results. */
    public enum Unmap {
        /** The top slot held this page and was popped. */
        OK,
        /** A lowmem page: nothing was mapped, nothing is popped. */
        LOWMEM,
        /** The page was not the top slot's: WARN_ON_ONCE, and the top slot was popped instead. */
        OUT_OF_ORDER,
        /** No kmap_local slot of this CPU maps the page, and none is in use: nothing to pop. */
        NOT_MAPPED
    }

    private final KernelLayout layout;
    private final long maxLowPfn;
    private final KernelPteWriter pte;
    private final int perCpu;
    private final long[] slotPfn;
    private final int[] idx;
    private final int[] preemptCount;
    private final int[] pagefaultDisabled;
    private final int[] migrateDisabled;
    private long lastPopped = -1;

    /**
     * @param cpus      the CPUs booted
     * @param maxLowPfn pages at and above it are highmem
     */
    public KmapLocal(KernelLayout layout, long maxLowPfn, int cpus, HighmemApi api, KernelPteWriter pte) {
        this.layout = layout;
        this.maxLowPfn = maxLowPfn;
        this.pte = pte;
        this.perCpu = api.slotsPerCpu;
        this.slotPfn = new long[cpus * perCpu];
        Arrays.fill(slotPfn, -1);
        this.idx = new int[cpus];
        this.preemptCount = new int[cpus];
        this.pagefaultDisabled = new int[cpus];
        this.migrateDisabled = new int[cpus];
    }

    /** The fixmap address of slot {@code i} of {@code cpu}. */
    public long slotAddr(int cpu, int i) {
        return layout.kmapLocalSlot(cpu, i);
    }

    /**
     * kmap_local_page(), or kmap_atomic() when {@code atomic}. Returns the address, or
     * {@link #BUG_OVERFLOW} when every slot of the CPU is in use (nothing changed).
     */
    public long map(int cpu, long pfn, boolean atomic) {
        if (atomic) {
            preemptCount[cpu]++;
            pagefaultDisabled[cpu]++;
        }
        if (pfn < maxLowPfn) {
            return layout.va(pfn << 12);
        }
        if (idx[cpu] >= perCpu) {
            return BUG_OVERFLOW;
        }
        migrateDisabled[cpu]++;
        int i = idx[cpu]++;
        long vaddr = slotAddr(cpu, i);
        slotPfn[cpu * perCpu + i] = pfn;
        pte.setPte(vaddr, pfn);
        return vaddr;
    }

    /**
     * kunmap_local(), or kunmap_atomic() when {@code atomic}, of the page {@code pfn} (the address
     * the caller passes is the one its kmap returned: the newest slot of this CPU mapping the page).
     * After OUT_OF_ORDER, {@link #lastPopped()} is the page whose slot was cleared instead.
     */
    public Unmap unmap(int cpu, long pfn, boolean atomic) {
        Unmap r;
        if (pfn < maxLowPfn) {
            r = Unmap.LOWMEM;
        } else if (idx[cpu] == 0) {
            r = Unmap.NOT_MAPPED;
        } else {
            int top = idx[cpu] - 1;
            long topPfn = slotPfn[cpu * perCpu + top];
            r = topPfn == pfn ? Unmap.OK : Unmap.OUT_OF_ORDER;
            long vaddr = slotAddr(cpu, top);
            pte.clearPte(vaddr);
            pte.flushTlbKernelRange(vaddr, vaddr + KernelLayout.PAGE_SIZE);
            slotPfn[cpu * perCpu + top] = -1;
            lastPopped = topPfn;
            idx[cpu] = top;
            migrateDisabled[cpu]--;
        }
        if (atomic) {
            pagefaultDisabled[cpu] = Math.max(0, pagefaultDisabled[cpu] - 1);
            preemptCount[cpu] = Math.max(0, preemptCount[cpu] - 1);
        }
        return r;
    }

    /** The page the last pop cleared. */
    public long lastPopped() {
        return lastPopped;
    }

    /** The slot of {@code cpu} that maps {@code pfn} (newest first), or -1. */
    public int slotOf(int cpu, long pfn) {
        for (int i = idx[cpu] - 1; i >= 0; i--) {
            if (slotPfn[cpu * perCpu + i] == pfn) {
                return i;
            }
        }
        return -1;
    }

    /** kmap_ctrl.idx: slots in use on {@code cpu}. */
    public int depth(int cpu) {
        return idx[cpu];
    }

    /** The preempt count kmap_atomic() raised on {@code cpu} (in_atomic() when &gt; 0). */
    public int preemptCount(int cpu) {
        return preemptCount[cpu];
    }

    /** pagefault_disabled() depth on {@code cpu}. */
    public int pagefaultDisabled(int cpu) {
        return pagefaultDisabled[cpu];
    }

    /** migrate_disable() depth on {@code cpu}. */
    public int migrateDisabled(int cpu) {
        return migrateDisabled[cpu];
    }

    /** The pfn mapped at a kmap_local fixmap address, or -1 (page_address() of a kmap_local page). */
    public long pfnAt(long vaddr) {
        for (int cpu = 0; cpu < idx.length; cpu++) {
            for (int i = 0; i < idx[cpu]; i++) {
                if (slotAddr(cpu, i) == vaddr) {
                    return slotPfn[cpu * perCpu + i];
                }
            }
        }
        return -1;
    }
}
