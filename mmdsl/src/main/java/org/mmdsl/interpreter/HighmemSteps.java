package org.mmdsl.interpreter;

import java.util.Map;

import org.mmdsl.mmdsl.Kmap;
import org.mmdsl.mmdsl.Kunmap;

/**
 * kmap/kunmap (mm/highmem.c: a pkmap slot for a highmem page, the direct map otherwise),
 * kmap_atomic/kmap_local_page and their unmaps (per-CPU fixmap slots), and, at the end of a run,
 * every kmap that no kunmap matched. The page allocator and vmalloc live in {@link KernelMemorySteps}.
 */
final class HighmemSteps {
    private final StepContext in;
    /** kmap statements not yet matched by a kunmap of the same pfn, newest first per pfn. */
    private final Map<Long, java.util.Deque<Kmap>> openKmaps = new java.util.TreeMap<>();

    HighmemSteps(StepContext in) {
        this.in = in;
    }

    /** At the end of a run: every kmap that no kunmap matched (its pkmap slot, if highmem, stays taken). */
    void reportOpenKmaps() {
        for (Map.Entry<Long, java.util.Deque<Kmap>> e : openKmaps.entrySet()) {
            for (Kmap km : e.getValue()) {
                in.recordFor(km, new KmapLeak(e.getKey(), e.getKey() >= in.kernel().memory().maxLowPfn()));
            }
        }
    }

    /**
     * What the runtime's kmap calls return when the call could not be made (-1). Never tested by
     * sign: an x86_64 direct-map address (0xffff888000000000 up) is negative as a Java long.
     */
    private static final long KMAP_FAILED = -1;

    /** kmap PFN: the page's kernel address (pkmap slot if highmem), remembered until its kunmap. */
    Outcome kmap(Kmap km) {
        Long pfn = in.address(km.getPfn());
        if (pfn == null) {
            return Outcome.EVENTS_ONLY;
        }
        long vaddr = in.kernel().kmap(pfn);
        if (vaddr != KMAP_FAILED) {
            openKmaps.computeIfAbsent(pfn, x -> new java.util.ArrayDeque<>()).push(km);
        }
        return new Outcome.Kmap(vaddr, vaddr != KMAP_FAILED);
    }

    /** kunmap PFN: releases the page's kmap and forgets the newest open kmap of that pfn. */
    Outcome kunmap(Kunmap k) {
        Long pfn = in.address(k.getPfn());
        if (pfn != null) {
            in.kernel().kunmap(pfn);
            java.util.Deque<Kmap> open = openKmaps.get(pfn);
            if (open != null && !open.isEmpty()) {
                open.pop();
            }
        }
        return Outcome.EVENTS_ONLY;
    }

    /** kmap_atomic, kunmap_atomic, kmap_local_page, kunmap_local. */
    Outcome kmapLocal(org.mmdsl.mmdsl.KmapLocal m) {
        Long pfn = in.address(m.getPfn());
        if (pfn == null) {
            return Outcome.EVENTS_ONLY;
        }
        int cpu = (int) Math.min(Integer.MAX_VALUE, m.getCpu());
        // kernel 2.6: kmap_atomic(page, KM_USER0) takes the named slot (HighmemValidator checked the name)
        org.mmdsl.runtime.highmem.KmType type = m.getKmType() == null ? null
                : org.mmdsl.runtime.highmem.KmType.byName(m.getKmType());
        if (type != null && m.getOp() == org.mmdsl.mmdsl.KmapLocalOp.KMAP_ATOMIC) {
            long vaddr = in.kernel().highmem().kmapAtomic(cpu, pfn, type);
            return new Outcome.Allocation(m.getOp().getLiteral(), vaddr != KMAP_FAILED, vaddr);
        }
        if (type != null && m.getOp() == org.mmdsl.mmdsl.KmapLocalOp.KUNMAP_ATOMIC) {
            in.kernel().highmem().kunmapAtomic(cpu, pfn, type);
            return new Outcome.KernelCall(m.getOp().getLiteral());
        }
        switch (m.getOp()) {
            case KMAP_ATOMIC, KMAP_LOCAL_PAGE -> {
                long vaddr = in.kernel().highmem().kmapLocal(cpu, pfn, m.getOp() == org.mmdsl.mmdsl.KmapLocalOp.KMAP_ATOMIC);
                return new Outcome.Allocation(m.getOp().getLiteral(), vaddr != KMAP_FAILED, vaddr);
            }
            default -> {
                in.kernel().highmem().kunmapLocal(cpu, pfn, m.getOp() == org.mmdsl.mmdsl.KmapLocalOp.KUNMAP_ATOMIC);
                return new Outcome.KernelCall(m.getOp().getLiteral());
            }
        }
    }
}
