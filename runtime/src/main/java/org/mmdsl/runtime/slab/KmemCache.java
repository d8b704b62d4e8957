package org.mmdsl.runtime.slab;

import java.util.ArrayList;
import java.util.List;

import org.mmdsl.runtime.pagealloc.GetOrder;

/**
 * One slab cache (struct kmem_cache) with SLUB's geometry: object size, slab order and objects per
 * slab as mm/slub.c calculate_sizes()/calculate_order() compute them, min_partial as
 * set_min_partial() does, and its slabs.
 *
 * <p>The slabs of one cache: at most one CPU slab (c->slab of CPU 0, "frozen"; every kernel
 * statement of a scenario runs on CPU 0), the node's partial list (n->partial) and full slabs,
 * which SLUB does not list without CONFIG_SLUB_DEBUG but which are counted here for slabinfo.
 */
public final class KmemCache {
    /** mm/slub.c MIN_PARTIAL / MAX_PARTIAL. */
    static final int MIN_PARTIAL = 5;
    static final int MAX_PARTIAL = 10;
    /** mm/slub.c MAX_OBJS_PER_PAGE (the 15-bit objects field of struct slab). */
    static final int MAX_OBJS_PER_PAGE = 32767;
    /** slub_max_order = PAGE_ALLOC_COSTLY_ORDER. */
    public static final int SLUB_MAX_ORDER = 3;

    final String name;
    final int size;
    final int order;
    final int objsPerSlab;
    final int minPartial;
    final boolean dma;
    Slab cpuSlab;
    final List<Slab> partial = new ArrayList<>();
    /** Every slab of the cache (SLUB lists only partial ones; full slabs are kept here for slabinfo). */
    final List<Slab> slabs = new ArrayList<>();

    KmemCache(String name, int objectSize, boolean dma, int nrCpus) {
        this.name = name;
        this.dma = dma;
        // calculate_sizes(): kmalloc caches have no ctor, RCU or poisoning, so the free pointer
        // lives inside the object (at ALIGN_DOWN(object_size / 2, sizeof(void *))) and adds no
        // bytes; the size is rounded to the cache's alignment, ARCH_KMALLOC_MINALIGN = 8.
        this.size = (objectSize + 7) & ~7;
        this.order = calculateOrder(size, nrCpus);
        this.objsPerSlab = (4096 << order) / size;
        this.minPartial = setMinPartial(size);
    }

    public String name() {
        return name;
    }

    /** s->size: bytes per object, as slabinfo's objsize column shows it. */
    public int size() {
        return size;
    }

    /** oo_order(s->oo): the order of a slab's pages. */
    public int order() {
        return order;
    }

    /** oo_objects(s->oo). */
    public int objsPerSlab() {
        return objsPerSlab;
    }

    public int nrSlabs() {
        return slabs.size();
    }

    public int nrPartial() {
        return partial.size();
    }

    /** Objects handed out and not freed (the real count, not slabinfo's active_objs). */
    public long inUse() {
        long n = 0;
        for (Slab s : slabs) {
            n += s.inuse;
        }
        return n;
    }

    /** Objects in all slabs of the cache (slabinfo's num_objs). */
    public long numObjs() {
        long n = 0;
        for (Slab s : slabs) {
            n += s.free.length;
        }
        return n;
    }

    /**
     * slabinfo's active_objs: SLUB counts only the free objects on the node's partial lists
     * (mm/slub.c get_slabinfo() → count_partial()), so the free objects of the CPU slab show as active.
     */
    public long activeObjs() {
        long free = 0;
        for (Slab s : partial) {
            free += s.nrFree;
        }
        return numObjs() - free;
    }

    /** Mirrors set_min_partial(): ilog2(size) / 2, clamped to [MIN_PARTIAL, MAX_PARTIAL]. */
    static int setMinPartial(int size) {
        int p = (31 - Integer.numberOfLeadingZeros(size)) / 2;
        return Math.max(MIN_PARTIAL, Math.min(MAX_PARTIAL, p));
    }

    /** Mirrors order_objects(). */
    static int orderObjects(int order, int size) {
        return (4096 << order) / size;
    }

    /** Mirrors calc_slab_order(): the first order from get_order(min_objects * size) with little waste. */
    static int calcSlabOrder(int size, int minObjects, int maxOrder, int fractLeftover) {
        int minOrder = 0; // slub_min_order
        if (orderObjects(minOrder, size) > MAX_OBJS_PER_PAGE) {
            return GetOrder.getOrder((long) size * MAX_OBJS_PER_PAGE) - 1;
        }
        int order;
        for (order = Math.max(minOrder, GetOrder.getOrder((long) minObjects * size)); order <= maxOrder; order++) {
            int slabSize = 4096 << order;
            int rem = slabSize % size;
            if (rem <= slabSize / fractLeftover) {
                break;
            }
        }
        return order;
    }

    /**
     * Mirrors calculate_order(): min_objects = 4 * (fls(nr_cpus) + 1), capped by what fits in a
     * slub_max_order slab; tries leftover fractions 1/16, 1/8, 1/4, then fewer objects. With one CPU
     * that is 8 objects: kmalloc-1k gets order 1, kmalloc-8k order 3 with 4 objects.
     */
    static int calculateOrder(int size, int nrCpus) {
        int fls = 32 - Integer.numberOfLeadingZeros(Math.max(1, nrCpus));
        int minObjects = 4 * (fls + 1);
        int maxObjects = orderObjects(SLUB_MAX_ORDER, size);
        minObjects = Math.min(minObjects, maxObjects);
        while (minObjects > 1) {
            for (int fraction = 16; fraction >= 4; fraction /= 2) {
                int order = calcSlabOrder(size, minObjects, SLUB_MAX_ORDER, fraction);
                if (order <= SLUB_MAX_ORDER) {
                    return order;
                }
            }
            minObjects--;
        }
        int order = calcSlabOrder(size, 1, SLUB_MAX_ORDER, 1);
        if (order <= SLUB_MAX_ORDER) {
            return order;
        }
        return calcSlabOrder(size, 1, org.mmdsl.runtime.zone.Zone.MAX_ORDER - 1, 1);
    }

    /**
     * One slab (struct slab): 2^order frames from the buddy allocator, its objects at
     * {@code vaddr + i * size}, the freelist as a LIFO stack of object indices (SLUB pushes a freed
     * object on the head of the freelist; without CONFIG_SLAB_FREELIST_RANDOM the initial freelist
     * is in address order, so the first allocation gets object 0).
     */
    static final class Slab {
        final long pfn;
        final int order;
        final long vaddr;
        final int[] free;
        int nrFree;
        final boolean[] allocated;
        int inuse;

        Slab(long pfn, int order, long vaddr, int objects) {
            this.pfn = pfn;
            this.order = order;
            this.vaddr = vaddr;
            this.free = new int[objects];
            this.allocated = new boolean[objects];
            for (int i = 0; i < objects; i++) {
                free[i] = objects - 1 - i;
            }
            nrFree = objects;
        }
    }
}
