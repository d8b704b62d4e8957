package org.mmdsl.runtime.vma;

import java.util.ArrayDeque;

import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * The pool of hugetlbfs pages of the default size (mm/hugetlb.c struct hstate): {@code hugepages=N}
 * at boot allocates N order-9 compound pages from the buddy allocator (hugetlb_hstate_alloc_pages()
 * → alloc_buddy_huge_page()), which then belong to the pool, not to the page allocator: MemFree
 * drops by N * 2 MiB and HugePages_Total/Free say N. A MAP_HUGETLB mmap reserves its pages at mmap
 * time (hugetlb_reserve_pages() → hugetlb_acct_memory(): ENOMEM when free - reserved is short);
 * a fault takes one (alloc_hugetlb_folio(), consuming the reservation); unmapping returns it
 * (free_huge_folio()) and gives back the reservations never used (hugetlb_vm_op_close()).
 *
 * <p>One pool per machine, shared by every mm. Surplus pages (nr_overcommit_hugepages) and
 * per-node pools are not modelled.
 */
public final class HugetlbPool {
    /** huge_page_order(): 9, 2 MiB pages (x86_64 and PAE's pmd). */
    public final int order;
    private final ArrayDeque<Long> freeList = new ArrayDeque<>();
    private final MemMap memMap;
    private final PhysMem mem;
    private long total;
    private long resv;

    private HugetlbPool(int order, MemMap memMap, PhysMem mem) {
        this.order = order;
        this.memMap = memMap;
        this.mem = mem;
    }

    /**
     * Mirrors hugetlb_hstate_alloc_pages() for {@code hugepages=n}: as many of the n pages as the
     * buddy allocator can give (htlb_alloc_mask: GFP_HIGHUSER | __GFP_COMP, no warning); the kernel
     * prints "HugeTLB: allocating n of page size 2.00 MiB failed. Only allocated k hugepages." when
     * it gets fewer.
     */
    public static HugetlbPool boot(FrameAllocator alloc, MemMap memMap, PhysMem mem, int order, long n) {
        HugetlbPool p = new HugetlbPool(order, memMap, mem);
        for (long i = 0; i < n; i++) {
            long pfn = alloc.tryAllocPages(Gfp.GFP_HIGHUSER | Gfp.__GFP_COMP | Gfp.__GFP_NOWARN, order);
            if (pfn < 0) {
                break;
            }
            memMap.setRefcount(pfn, 0); // a free huge page has refcount 0 (folio_ref_freeze())
            p.freeList.push(pfn); // enqueue_hugetlb_folio(): list_move() to the head
            p.total++;
        }
        return p;
    }

    public long sizeBytes() {
        return 1L << (12 + order);
    }

    /** HugePages_Total. */
    public long total() {
        return total;
    }

    /** HugePages_Free. */
    public long free() {
        return freeList.size();
    }

    /** HugePages_Rsvd. */
    public long reserved() {
        return resv;
    }

    /** Mirrors hugetlb_acct_memory(h, n): reserves n pages, or false (ENOMEM) when fewer are free and unreserved. */
    public boolean reserve(long n) {
        if (free() - resv < n) {
            return false;
        }
        resv += n;
        return true;
    }

    /** Gives back n reservations that were never used (hugetlb_vm_op_close() → hugetlb_acct_memory(h, -n)). */
    public void unreserve(long n) {
        resv = Math.max(0, resv - n);
    }

    /**
     * Mirrors alloc_hugetlb_folio() + the zeroing of hugetlb_no_page(): a free page, consuming one
     * reservation when {@code reserved}; refcount 1, mapcount 1. Returns -1 when none is free
     * (the fault is then VM_FAULT_SIGBUS... as -ENOSPC gives).
     */
    public long allocFolio(boolean reserved) {
        if (freeList.isEmpty() || (!reserved && free() - resv < 1)) {
            return -1;
        }
        long pfn = freeList.pop(); // dequeue_hugetlb_folio_node_exact(): the first on the list
        if (reserved) {
            resv--;
        }
        for (long p = pfn; p < pfn + (1L << order); p++) {
            mem.zeroFrame(p); // folio_zero_user()
        }
        memMap.setRefcount(pfn, 1);
        memMap.set(pfn, MemMap.PG_uptodate);
        memMap.incMapcount(pfn);
        return pfn;
    }

    /** Mirrors free_huge_folio(): the last reference puts the page back on the free list. */
    public void putFolio(long pfn) {
        memMap.decMapcount(pfn);
        if (memMap.putTestZero(pfn) == 0) {
            memMap.clear(pfn, MemMap.PG_uptodate | MemMap.PG_dirty);
            freeList.push(pfn);
        }
    }
}
