package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.page.MemMap;

/**
 * What a file's shrinking does to the mappings of one mm: mm/truncate.c truncate_pagecache()
 * (unmap_mapping_range() with even_cows, then truncate_inode_pages()) and mm/shmem.c
 * shmem_truncate_range() for a shared-anonymous object whose last mapping went.
 *
 * <p>Neighbours: the page cache itself is {@link FileRef} / {@link PageCache}; the ptes are
 * cleared by {@link Zap}; the ftruncate() system call is the {@code Kernel}'s.
 */
final class Truncate {
    private Truncate() {
    }

    /** Mirrors shmem_truncate_range() over a whole unmapped object: the cache's references go. */
    static void shmemTruncate(MmStruct mm, FileRef f) {
        for (long index = f.nextCachedIndex(0); index >= 0; index = f.nextCachedIndex(index + 1)) {
            long pfn = f.cachedPfn(index);
            assert mm.memMap.mapcount(pfn) == 0 : "truncating a mapped shmem page";
            mm.memMap.clear(pfn, MemMap.PG_lru);
            mm.putPage(pfn);
            f.setCachedPfn(index, -1);
        }
    }

    /**
     * Mirrors ftruncate() → truncate_setsize() → truncate_pagecache() for the mappings of this mm:
     * i_size changes; on a shrink every pte of this mm mapping a page wholly beyond the new size is
     * zapped, private COW copies included (unmap_mapping_range(..., even_cows = 1)), the page-cache
     * pages there are dropped and the tail of a partial last page is zeroed. Later faults there are
     * SIGBUS until the file grows again, and then read zeroes. Mappings of the file in other mms
     * are not visited (the model has no reverse map from a file to its mms).
     */
    static void truncateFile(MmStruct mm, FileRef f, long newSize) {
        long old = f.sizeBytes();
        f.setSizeBytes(newSize);
        if (old >= 0 && newSize >= old) {
            return;
        }
        long firstGone = (newSize + MmStruct.PAGE_SIZE - 1) >>> 12;
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            if (v.file != f) {
                continue;
            }
            long endIndex = v.vmPgoff + v.pages();
            if (endIndex <= firstGone) {
                continue;
            }
            long from = v.vmStart + (Math.max(0, firstGone - v.vmPgoff) << 12);
            Zap.zapPageRange(mm, v, from, v.vmEnd);
        }
        for (long index = f.nextCachedIndex(firstGone); index >= 0; index = f.nextCachedIndex(index + 1)) {
            long pfn = f.cachedPfn(index);
            f.setCachedPfn(index, -1);
            mm.memMap.clear(pfn, MemMap.PG_lru);
            mm.putPage(pfn);
        }
        if ((newSize & ~MmStruct.PAGE_MASK) != 0) {
            long pfn = f.cachedPfn(newSize >>> 12);
            if (pfn >= 0) {
                int from = (int) (newSize & ~MmStruct.PAGE_MASK);
                mm.pt.mem().fillFrame(pfn, 0, from, (int) MmStruct.PAGE_SIZE);
            }
        }
    }
}
