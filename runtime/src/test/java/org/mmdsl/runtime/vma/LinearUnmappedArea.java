package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The reference for {@link UnmappedAreaPropertyTest}: get_unmapped_area() as mmdsl computed it before
 * the {@link VmaTree} (UnmappedArea.java of 2026-12-06), a linear scan over the sorted VMAs. The
 * VMAs are read from a snapshot of the mm ({@link MmStruct#vmas()}) and find_vma() is a plain scan
 * of it (no 2.6 mmap_cache), so the tree is not involved at all; the 2.6 searches move
 * free_area_cache and cached_hole_size of the mm as the real ones do.
 */
final class LinearUnmappedArea {
    /** PMD_SIZE: the 2 MiB a THP-aligned map lines up with. */
    private static final long PMD_SIZE = 2L << 20;

    private LinearUnmappedArea() {
    }

    /**
     * Mirrors the argument checks of __get_unmapped_area() (mm/mmap.c) and x86's
     * arch_get_unmapped_area*(): a length beyond TASK_SIZE is ENOMEM; under MAP_FIXED an address
     * that is not page aligned is EINVAL and an end beyond TASK_SIZE ENOMEM. A pure function of
     * its arguments: 0 or -errno.
     *
     * @param len the page-aligned length
     */
    static long checkGetUnmappedArea(long addr, long len, int flags, long taskSize) {
        if (Long.compareUnsigned(len, taskSize) > 0) {
            return Errno.ENOMEM.asResult();
        }
        if ((flags & Mman.MAP_FIXED) != 0) {
            if ((addr & ~MmStruct.PAGE_MASK) != 0) {
                return Errno.EINVAL.asResult();
            }
            if (Long.compareUnsigned(addr, taskSize - len) > 0) {
                return Errno.ENOMEM.asResult();
            }
        }
        return 0;
    }

    /**
     * Mirrors vm_start_gap(): a growsdown VMA keeps stack_guard_gap free below it. 2.6.24 has no
     * stack_guard_gap (4.12): its get_unmapped_area() stops at vm_start.
     */
    static long vmStartGap(Vma v) {
        if (v.has(Vma.VM_GROWSDOWN) && (v.mm == null || v.mm.version != KernelVersion.V2_6)) {
            long s = v.vmStart - MmStruct.STACK_GUARD_GAP;
            return Long.compareUnsigned(s, v.vmStart) > 0 ? 0 : s;
        }
        return v.vmStart;
    }

    /** Where x86's find_start_end() searches for a MAP_32BIT mapping of a 64-bit task: the second GB. */
    static final long MAP_32BIT_BEGIN = 0x40000000L;
    static final long MAP_32BIT_END = 0x80000000L;

    /** TASK_UNMAPPED_BASE: PAGE_ALIGN(TASK_SIZE / 3), the bottom-up base. */
    static long taskUnmappedBase(MmStruct mm) {
        return MmStruct.pageAlign(mm.taskSize / 3);
    }

    /**
     * Mirrors mm/mmap.c unmapped_area_topdown(): the highest gap in [low, high) of at least
     * length + alignBytes, the result at its top (aligned down when alignBytes != 0).
     */
    private static long unmappedAreaTopdown(MmStruct mm, long length, long low, long high, long alignBytes) {
        long need = length + alignBytes;
        for (int i = n(mm); i >= 0; i--) {
            long gapEnd = i == n(mm) ? high : vmStartGap(vmas(mm)[i]);
            long gapStart = i == 0 ? 0 : vmas(mm)[i - 1].vmEnd;
            long hi = Math.min(gapEnd, high);
            long lo = Math.max(gapStart, low);
            if (hi <= lo || gapStart >= high) {
                continue;
            }
            if (hi - lo >= need) {
                long addr = hi - length;
                if (alignBytes != 0) {
                    addr &= ~(alignBytes - 1);
                }
                return addr;
            }
        }
        return Errno.ENOMEM.asResult();
    }

    /** Mirrors unmapped_area(): the lowest gap in [low, high) that fits, at its bottom. */
    private static long unmappedArea(MmStruct mm, long length, long low, long high) {
        for (int i = 0; i <= n(mm); i++) {
            long gapStart = i == 0 ? 0 : vmas(mm)[i - 1].vmEnd;
            long gapEnd = i == n(mm) ? high : vmStartGap(vmas(mm)[i]);
            long lo = Math.max(gapStart, low);
            long hi = Math.min(gapEnd, high);
            if (hi > lo && hi - lo >= length) {
                return lo;
            }
        }
        return Errno.ENOMEM.asResult();
    }

    /**
     * Mirrors mm/mmap.c __get_unmapped_area() with x86's arch_get_unmapped_area_topdown() and
     * arch_get_unmapped_area() (arch/x86/kernel/sys_x86_64.c): MAP_FIXED returns addr; 6.18
     * 64-bit tasks first try thp_get_unmapped_area() (ext4 files, and hint-less private
     * anonymous maps of a 2 MiB multiple); then the arch search: a hint is used when
     * [addr, addr+len) is free and clear of a stack guard gap; otherwise the highest fitting gap
     * below mmap_base, falling back to a bottom-up search from TASK_UNMAPPED_BASE to TASK_SIZE.
     * The legacy layout searches bottom-up only; MAP_32BIT (64-bit task) searches bottom-up in
     * [1 GiB, 2 GiB) whatever the layout.
     * Worked example (64-bit, empty area below [vvar] at 0x7ffff7ff7000): len 0x2000 → 0x7ffff7ff5000.
     *
     * @param addr hint, already rounded by round_hint_to_min(); 0 for none
     * @return the address, or -ENOMEM / -EINVAL
     */
    static long getUnmappedArea(MmStruct mm, FileRef file, long addr, long len, long pgoff, int flags) {
        long bad = checkGetUnmappedArea(addr, len, flags, mm.taskSize);
        if (bad != 0) {
            return bad;
        }
        if ((flags & Mman.MAP_FIXED) != 0) {
            return addr;
        }
        if (mm.version == KernelVersion.V6_18 && mm.task64) {
            boolean anonPrivate = file == null && (flags & Mman.MAP_SHARED) == 0
                    && (flags & Mman.MAP_TYPE) != Mman.MAP_SHARED_VALIDATE;
            long r = 0;
            if (file != null && !file.shmem) {
                r = thpGetUnmappedArea(mm, addr, len, pgoff << 12, flags); // ext4's f_op->get_unmapped_area
            } else if (anonPrivate && addr == 0 && (len & (PMD_SIZE - 1)) == 0) {
                r = thpGetUnmappedArea(mm, 0, len, 0, flags); // anonymous THP alignment (6.7+)
            }
            if (r != 0) {
                return r;
            }
        }
        return archGetUnmappedArea(mm, addr, len, flags);
    }

    /**
     * Mirrors fs/hugetlbfs/inode.c hugetlb_get_unmapped_area() (top-down): a hint rounded up to the
     * huge page size is taken when free; else the highest huge-page-aligned gap below mmap_base
     * (vm_unmapped_area() with align_mask = ~huge_page_mask()). The bottom-up layout is not modelled
     * for hugetlb (it searches top-down too).
     */
    static long hugetlbGetUnmappedArea(MmStruct mm, long addr0, long len, int flags, long hsize) {
        long bad = checkGetUnmappedArea(addr0, len, flags, mm.taskSize);
        if (bad != 0) {
            return bad;
        }
        if ((flags & Mman.MAP_FIXED) != 0) {
            return addr0;
        }
        if (addr0 != 0) {
            long addr = (addr0 + hsize - 1) & -hsize;
            if (Long.compareUnsigned(addr, mm.taskSize - len) <= 0) {
                Vma v = findVma(mm, addr);
                if (v == null || Long.compareUnsigned(addr + len, vmStartGap(v)) <= 0) {
                    return addr;
                }
            }
        }
        return unmappedAreaTopdown(mm, len, Math.max(MmStruct.PAGE_SIZE, mm.mmapMinAddr), mm.mmapBase, hsize);
    }

    /**
     * mm_get_unmapped_area(): arch_get_unmapped_area_topdown() when MMF_TOPDOWN, else
     * arch_get_unmapped_area().
     */
    private static long archGetUnmappedArea(MmStruct mm, long addr0, long len, int flags) {
        if (mm.version == KernelVersion.V2_6) {
            return mm.legacyLayout ? getUnmappedArea26(mm, addr0, len) : getUnmappedAreaTopdown26(mm, addr0, len);
        }
        if (mm.legacyLayout) {
            return archGetUnmappedAreaBottomUp(mm, addr0, len, flags);
        }
        if (mm.task64 && (flags & Mman.MAP_32BIT) != 0) {
            return archGetUnmappedAreaBottomUp(mm, addr0, len, flags); // "force the legacy mmap base"
        }
        if (addr0 != 0) {
            long addr = addr0 & MmStruct.PAGE_MASK;
            if (Long.compareUnsigned(addr, mm.taskSize - len) <= 0) { // mmap_address_hint_valid()
                Vma v = findVma(mm, addr);
                if (v == null || Long.compareUnsigned(addr + len, vmStartGap(v)) <= 0) {
                    return addr;
                }
            }
        }
        long r = unmappedAreaTopdown(mm, len, Math.max(MmStruct.PAGE_SIZE, mm.mmapMinAddr), mm.mmapBase, 0);
        if (!Errno.isError(r)) {
            return r;
        }
        // "A failed mmap() very likely causes application failure, so fall back to the
        // bottom-up function here" (with the original hint)
        return archGetUnmappedAreaBottomUp(mm, addr0, len, flags);
    }

    /**
     * 2.6.24 mm/mmap.c arch_get_unmapped_area() (i386 uses the generic one): a free hint; else the
     * first gap that fits going up from free_area_cache (from TASK_UNMAPPED_BASE when the request
     * fits a hole skipped before), once more from TASK_UNMAPPED_BASE when the top is reached.
     * Remembers the end of the result in free_area_cache. Its find_vma() calls use mmap_cache.
     */
    private static long getUnmappedArea26(MmStruct mm, long addr, long len) {
        long base = taskUnmappedBase(mm);
        if (addr != 0) {
            addr = MmStruct.pageAlign(addr);
            Vma v = findVma(mm, addr);
            if (Long.compareUnsigned(mm.taskSize - len, addr) >= 0
                    && (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0)) {
                return addr;
            }
        }
        long start;
        if (Long.compareUnsigned(len, mm.cachedHoleSize) > 0) {
            start = addr = mm.freeAreaCache;
        } else {
            start = addr = base;
            mm.cachedHoleSize = 0;
        }
        while (true) { // full_search:
            Vma v = findVma(mm, addr);
            int i = v == null ? n(mm) : indexOf(mm, v);
            while (true) {
                if (Long.compareUnsigned(mm.taskSize - len, addr) < 0) {
                    break;
                }
                if (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0) {
                    mm.freeAreaCache = addr + len;
                    return addr;
                }
                if (Long.compareUnsigned((addr + mm.cachedHoleSize) & MmStruct.ULONG_MAX_32, v.vmStart) < 0) {
                    mm.cachedHoleSize = v.vmStart - addr;
                }
                addr = v.vmEnd;
                i++;
                v = i < n(mm) ? vmas(mm)[i] : null; // vma = vma->vm_next
            }
            if (start == base) {
                return Errno.ENOMEM.asResult();
            }
            start = addr = base;
            mm.cachedHoleSize = 0;
        }
    }

    /**
     * 2.6.24 mm/mmap.c arch_get_unmapped_area_topdown(): a free hint; else right below
     * free_area_cache (the last result) when that fits; else the first gap that fits going down
     * from mmap_base, which becomes free_area_cache; bottom-up as the last resort. A request that
     * fits a hole skipped before starts over from mmap_base. There is no stack guard gap. Its
     * find_vma() calls use mmap_cache.
     */
    private static long getUnmappedAreaTopdown26(MmStruct mm, long addr0, long len) {
        long addr = addr0;
        if (addr != 0) {
            addr = MmStruct.pageAlign(addr);
            Vma v = findVma(mm, addr);
            if (Long.compareUnsigned(mm.taskSize - len, addr) >= 0
                    && (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0)) {
                return addr;
            }
        }
        if (Long.compareUnsigned(len, mm.cachedHoleSize) <= 0) {
            mm.cachedHoleSize = 0;
            mm.freeAreaCache = mm.mmapBase;
        }
        addr = mm.freeAreaCache;
        if (Long.compareUnsigned(addr, len) > 0) {
            Vma v = findVma(mm, addr - len);
            if (v == null || Long.compareUnsigned(addr, v.vmStart) <= 0) {
                return mm.freeAreaCache = addr - len;
            }
        }
        if (Long.compareUnsigned(mm.mmapBase, len) >= 0) {
            addr = mm.mmapBase - len;
            Vma v;
            do {
                v = findVma(mm, addr);
                if (v == null || Long.compareUnsigned(addr + len, v.vmStart) <= 0) {
                    return mm.freeAreaCache = addr;
                }
                if (Long.compareUnsigned((addr + mm.cachedHoleSize) & MmStruct.ULONG_MAX_32, v.vmStart) < 0) {
                    mm.cachedHoleSize = v.vmStart - addr;
                }
                addr = v.vmStart - len;
            } while (Long.compareUnsigned(len, v.vmStart) < 0);
        }
        // bottomup: "A failed mmap() very likely causes application failure, so fall back to the
        // bottom-up function here"
        mm.cachedHoleSize = MmStruct.ULONG_MAX_32;
        mm.freeAreaCache = taskUnmappedBase(mm);
        addr = getUnmappedArea26(mm, addr0, len);
        mm.freeAreaCache = mm.mmapBase;
        mm.cachedHoleSize = MmStruct.ULONG_MAX_32;
        return addr;
    }

    /**
     * 2.6.24 detach_vmas_to_be_unmapped() → mm->unmap_area(): arch_unmap_area_topdown() raises
     * free_area_cache to the start of the VMA above the hole (at most mmap_base);
     * arch_unmap_area() lowers it to the end of the VMA below the hole.
     */
    static void unmapArea26(MmStruct mm, int holeIndex) {
        if (mm.legacyLayout) {
            long addr = holeIndex > 0 ? vmas(mm)[holeIndex - 1].vmEnd : mm.mmapBase;
            if (Long.compareUnsigned(addr, taskUnmappedBase(mm)) >= 0
                    && Long.compareUnsigned(addr, mm.freeAreaCache) < 0) {
                mm.freeAreaCache = addr;
                mm.cachedHoleSize = MmStruct.ULONG_MAX_32;
            }
        } else {
            long addr = holeIndex < n(mm) ? vmas(mm)[holeIndex].vmStart : mm.mmapBase;
            if (Long.compareUnsigned(addr, mm.freeAreaCache) > 0) {
                mm.freeAreaCache = addr;
            }
            if (Long.compareUnsigned(mm.freeAreaCache, mm.mmapBase) > 0) {
                mm.freeAreaCache = mm.mmapBase;
            }
        }
    }

    /**
     * Mirrors arch_get_unmapped_area() with find_start_end(): [TASK_UNMAPPED_BASE, TASK_SIZE),
     * or [0x40000000, 0x80000000) for MAP_32BIT; a hint is used when it fits below the end and
     * is free; otherwise the lowest fitting gap, at its bottom.
     */
    private static long archGetUnmappedAreaBottomUp(MmStruct mm, long addr, long len, int flags) {
        long begin = taskUnmappedBase(mm);
        long end = mm.taskSize;
        if (mm.task64 && (flags & Mman.MAP_32BIT) != 0) {
            begin = MAP_32BIT_BEGIN;
            end = MAP_32BIT_END;
        }
        if (Long.compareUnsigned(len, end) > 0) {
            return Errno.ENOMEM.asResult();
        }
        if (addr != 0) {
            addr = MmStruct.pageAlign(addr);
            if (Long.compareUnsigned(addr, mm.taskSize - len) <= 0 && Long.compareUnsigned(end - len, addr) >= 0) {
                Vma v = findVma(mm, addr);
                if (v == null || Long.compareUnsigned(addr + len, vmStartGap(v)) <= 0) {
                    return addr;
                }
            }
        }
        return unmappedArea(mm, len, begin, end);
    }

    /**
     * Mirrors mm/huge_memory.c __thp_get_unmapped_area() (ext4 files in 6.18, as case 30 shows,
     * and hint-less private anonymous maps of a 2 MiB multiple): when [off, off+len) contains a
     * 2 MiB-aligned file range, search for len + 2 MiB with the normal search (hint, layout,
     * MAP_32BIT and all) and place the map so that address and offset agree modulo 2 MiB; top-down
     * the highest such place (ret + 2 MiB when the padded area is already aligned), bottom-up the
     * lowest. A hint that the padded search honours is kept as it is.
     *
     * @return the address, or 0 to fall back to the plain search
     */
    private static long thpGetUnmappedArea(MmStruct mm, long addr, long len, long off, int flags) {
        long offEnd = off + len;
        long offAlign = (off + PMD_SIZE - 1) & -PMD_SIZE;
        if (Long.compareUnsigned(offEnd, offAlign) <= 0 || Long.compareUnsigned(offEnd - offAlign, PMD_SIZE) < 0) {
            return 0;
        }
        long lenPad = len + PMD_SIZE;
        if (Long.compareUnsigned(lenPad, len) < 0 || Long.compareUnsigned(lenPad, mm.taskSize) > 0) {
            return 0;
        }
        long ret = archGetUnmappedArea(mm, addr, lenPad, flags);
        if (Errno.isError(ret)) {
            return 0; // "the failure might be due to length padding": the caller retries without
        }
        if (ret == addr) {
            return addr;
        }
        long offSub = (off - ret) & (PMD_SIZE - 1);
        if (!mm.legacyLayout && offSub == 0) {
            return ret + PMD_SIZE; // MMF_TOPDOWN: also when MAP_32BIT searched bottom-up
        }
        return ret + offSub;
    }

    private static Vma[] vmas(MmStruct mm) {
        return mm.vmas().toArray(new Vma[0]);
    }

    private static int n(MmStruct mm) {
        return mm.mapCount();
    }

    /** find_vma() as a scan: the first VMA ending above addr. */
    private static Vma findVma(MmStruct mm, long addr) {
        for (Vma v : vmas(mm)) {
            if (Long.compareUnsigned(v.vmEnd, addr) > 0) {
                return v;
            }
        }
        return null;
    }

    private static int indexOf(MmStruct mm, Vma v) {
        Vma[] all = vmas(mm);
        for (int i = 0; i < all.length; i++) {
            if (all[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("not in the mm: " + v);
    }
}
