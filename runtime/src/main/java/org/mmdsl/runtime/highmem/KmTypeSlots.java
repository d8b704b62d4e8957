package org.mmdsl.runtime.highmem;

import java.util.Arrays;

import org.mmdsl.runtime.arch.KernelLayout;

/**
 * Mirrors kmap_atomic_prot() and kunmap_atomic() of 2.6.24 i386 (arch/x86/mm/highmem_32.c): the
 * caller names a {@link KmType} and gets the fixmap page of that type on its CPU. No stack, no
 * search: the slot is pure arithmetic (LDD3 15.1.3; Love ch. 15 "Temporary Mappings"):
 * <pre>
 *   idx   = type + KM_TYPE_NR * smp_processor_id()          KM_TYPE_NR = 13
 *   vaddr = __fix_to_virt(FIX_KMAP_BEGIN + idx)             FIX_KMAP_BEGIN = 69
 *   cpu 0: KM_BOUNCE_READ 0xfffba000, KM_USER0 0xfffb7000, KM_USER1 0xfffb6000, KM_IRQ0 0xfffb1000
 *   cpu 1: KM_USER0 0xfffaa000 (13 pages lower)
 * </pre>
 * kmap_atomic_prot() calls pagefault_disable() (in 2.6.24 that is inc_preempt_count(), so the
 * section is atomic) and returns page_address() for a lowmem page; for a highmem page it says
 * {@code BUG_ON(!pte_none(*(kmap_pte-idx)))} — unconditionally, not only under DEBUG_HIGHMEM — so
 * taking a type that is still mapped on that CPU is a kernel BUG, not a silent overwrite.
 *
 * <p>kunmap_atomic(kvaddr, type) clears the PTE only when kvaddr is that type's slot. Otherwise it
 * does nothing, except that CONFIG_DEBUG_HIGHMEM checks {@code BUG_ON(vaddr < PAGE_OFFSET)} and
 * {@code BUG_ON(vaddr >= high_memory)}: a lowmem address passes, a fixmap address of another type
 * BUGs. Without DEBUG_HIGHMEM (this model) the slot kmap_atomic took stays mapped, and the next
 * kmap_atomic of that type on that CPU hits the BUG_ON above. pagefault_enable() runs either way.
 *
 * <p>Simplified, as {@link KmapLocal}: one kernel context per CPU.
 */
public final class KmTypeSlots {
    /** map(): the type's slot is still mapped on that CPU, BUG_ON(!pte_none(...)) (nothing changed). */
    public static final long BUG_SLOT_IN_USE = -2;

    /** unmap() results. */
    public enum Unmap {
        /** The address was the type's slot: its PTE is cleared. */
        OK,
        /** A lowmem page: page_address(), nothing to clear (passes DEBUG_HIGHMEM's checks). */
        LOWMEM,
        /** The page is mapped in another type's slot: nothing is cleared (DEBUG_HIGHMEM would BUG). */
        WRONG_TYPE,
        /** No slot of this CPU maps the page: there is no address kmap_atomic returned to pass. */
        NOT_MAPPED
    }

    private final KernelLayout layout;
    private final long maxLowPfn;
    private final KernelPteWriter pte;
    private final long[] slotPfn;
    private final int[] preemptCount;

    /**
     * @param cpus      the CPUs booted
     * @param maxLowPfn pages at and above it are highmem
     */
    public KmTypeSlots(KernelLayout layout, long maxLowPfn, int cpus, KernelPteWriter pte) {
        this.layout = layout;
        this.maxLowPfn = maxLowPfn;
        this.pte = pte;
        this.slotPfn = new long[cpus * KmType.KM_TYPE_NR];
        Arrays.fill(slotPfn, -1);
        this.preemptCount = new int[cpus];
    }

    /** The fixmap address of {@code type} on {@code cpu}. */
    public long slotAddr(int cpu, KmType type) {
        return layout.kmapAtomicSlot26(cpu, type.ordinal());
    }

    /** The fixmap index FIX_KMAP_BEGIN + idx of {@code type} on {@code cpu}. */
    public static int fixIndex(int cpu, KmType type) {
        return KernelLayout.FIX_KMAP_BEGIN_2_6 + type.ordinal() + KmType.KM_TYPE_NR * cpu;
    }

    /**
     * Mirrors kmap_atomic(page, type): the address, or {@link #BUG_SLOT_IN_USE} when the type's
     * slot of that CPU still maps a page (then nothing changed: the kernel oopses).
     */
    public long map(int cpu, long pfn, KmType type) {
        if (pfn < maxLowPfn) {
            preemptCount[cpu]++;
            return layout.va(pfn << 12);
        }
        int i = cpu * KmType.KM_TYPE_NR + type.ordinal();
        if (slotPfn[i] >= 0) {
            return BUG_SLOT_IN_USE;
        }
        preemptCount[cpu]++;
        long vaddr = slotAddr(cpu, type);
        slotPfn[i] = pfn;
        pte.setPte(vaddr, pfn);
        return vaddr;
    }

    /**
     * Mirrors kunmap_atomic(kvaddr, type), where kvaddr is what kmap_atomic returned for {@code pfn}
     * on this CPU: the type's slot when it maps the page, else another slot that does.
     * Does not lower the preempt count below zero (the caller reports that underflow).
     */
    public Unmap unmap(int cpu, long pfn, KmType type) {
        Unmap r;
        if (pfn < maxLowPfn) {
            r = Unmap.LOWMEM;
        } else if (slotPfn[cpu * KmType.KM_TYPE_NR + type.ordinal()] == pfn) {
            long vaddr = slotAddr(cpu, type);
            pte.clearPte(vaddr);
            pte.flushTlbKernelRange(vaddr, vaddr + KernelLayout.PAGE_SIZE);
            slotPfn[cpu * KmType.KM_TYPE_NR + type.ordinal()] = -1;
            r = Unmap.OK;
        } else {
            r = typeOf(cpu, pfn) == null ? Unmap.NOT_MAPPED : Unmap.WRONG_TYPE;
        }
        preemptCount[cpu] = Math.max(0, preemptCount[cpu] - 1);
        return r;
    }

    /** The type whose slot of {@code cpu} maps {@code pfn} (the first in enum order), or null. */
    public KmType typeOf(int cpu, long pfn) {
        for (KmType t : KmType.values()) {
            if (slotPfn[cpu * KmType.KM_TYPE_NR + t.ordinal()] == pfn) {
                return t;
            }
        }
        return null;
    }

    /** The page {@code type}'s slot of {@code cpu} maps, or -1. */
    public long pfnIn(int cpu, KmType type) {
        return slotPfn[cpu * KmType.KM_TYPE_NR + type.ordinal()];
    }

    /** The preempt count kmap_atomic's pagefault_disable() raised on {@code cpu}. */
    public int preemptCount(int cpu) {
        return preemptCount[cpu];
    }
}
