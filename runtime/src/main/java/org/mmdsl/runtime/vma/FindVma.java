package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * The lookups of mm/mmap.c a driver or a fault handler makes on an address space: find_vma(),
 * find_vma_prev() and find_vma_intersection(), as the kernel model has them (2.6.24's red-black tree
 * with the one-entry mmap_cache, 6.1's maple tree). {@link MmStruct} holds the {@link VmaTree} they
 * search; this file says what each returns, which is not always what its name suggests.
 *
 * <p>The classic surprise, drawn: with VMAs [08048000-0804e000) and [b7ff6000-b7ffa000),
 * {@code find_vma(0x10000000)} returns b7ff6000-b7ffa000, the first VMA that ends above the address,
 * although it does not contain it; a caller must check {@code vma->vm_start <= addr} itself (as
 * do_page_fault() does before it tries expand_stack()).
 * <pre>
 *   08048000 [text ) ....... 0x10000000 ....... b7ff6000 [lib ) ...
 *                                ^ find_vma -----------^  prev = text
 * </pre>
 */
public final class FindVma {
    private FindVma() {
    }

    /** What find_vma_prev() hands back: the VMA it returns and what it stores in *pprev (either may be null). */
    public record WithPrev(Vma vma, Vma prev) {
    }

    /**
     * Mirrors mm/mmap.c find_vma(): the first VMA whose vm_end is above {@code addr}, which may start
     * above it, or null. Under {@code kernel 2.6} the lookup goes through mm->mmap_cache first and
     * caches what the tree walk found (2.6.24: "Cache hit rate is typically around 35%"); 6.1 walks
     * the maple tree (mt_find(), no cache: the vmacache went with the maple tree).
     */
    public static Vma findVma(MmStruct mm, long addr) {
        return mm.findVma(addr);
    }

    /**
     * Mirrors mm/mmap.c find_vma_prev(): find_vma()'s answer and the VMA before it. 2.6.24 walks the
     * rbtree to the last VMA ending at or below addr ({@code prev}) and returns {@code prev->vm_next},
     * or mm->mmap when there is none, without touching mm->mmap_cache; 6.1 does mas_walk(),
     * mas_prev() and, in a gap, mas_next(): the same two VMAs. Above the last VMA it returns null
     * with the last VMA as prev; below the first, the first with prev null.
     */
    public static WithPrev findVmaPrev(MmStruct mm, long addr) {
        Vma v = mm.tree.find(addr);
        return new WithPrev(v, v == null ? mm.tree.last() : v.vmPrev);
    }

    /**
     * Mirrors find_vma_intersection(mm, start_addr, end_addr): the first VMA overlapping
     * [start, end), or null. 6.1 (mm/mmap.c) is {@code mt_find(&mm->mm_mt, &start, end - 1)}, and
     * mt_find() returns NULL when start is above end - 1, so an empty range finds nothing. 2.6.24
     * (include/linux/mm.h) is find_vma(start) dropped when {@code end <= vma->vm_start}: an empty
     * range inside a VMA finds that VMA, and the lookup fills mmap_cache as find_vma() does.
     */
    public static Vma findVmaIntersection(MmStruct mm, long start, long end) {
        if (mm.version() != KernelVersion.V2_6 && Long.compareUnsigned(start, end - 1) > 0) {
            return null;
        }
        return mm.findVmaIntersection(start, end); // 2.6.24's rule, which the mm's own callers use
    }
}
