package org.mmdsl.runtime.highmem;

import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.page.MemMap;

/**
 * Mirrors the persistent kmap of mm/highmem.c for one machine: LAST_PKMAP slots at PKMAP_BASE,
 * pkmap_count[] (0 = free, 1 = unmapped by kunmap but its PTE and TLB entry still stand until the
 * next flush, n &gt; 1 = n - 1 users) and last_pkmap_nr, the round-robin cursor. When the cursor
 * wraps to 0, flush_all_zero_pkmaps() clears every count-1 slot at once with one TLB flush.
 * page_address() of a mapped highmem page is looked up by scanning the slots (the kernel hashes;
 * at most 1024 slots, no allocation).
 */
public final class Pkmap {
    /** kmap() would sleep in map_new_virtual(): every slot is in use. */
    public static final long WOULD_SLEEP = -1;
    /** kunmap() results. */
    public static final int KUNMAP_OK = 0;
    public static final int KUNMAP_LOWMEM = 1;
    /** kunmap_high() on a page that kmap did not map: BUG_ON(!vaddr) or pkmap_count 0. */
    public static final int KUNMAP_BUG = 2;

    private final KernelLayout layout;
    private final MemMap memMap;
    private final long maxLowPfn;
    private final KernelPteWriter pte;
    private final int lastPkmap;
    private final int[] pkmapCount;
    private final long[] slotPfn;
    private int lastPkmapNr;
    private int flushes;

    public Pkmap(KernelLayout layout, MemMap memMap, long maxLowPfn, KernelPteWriter pte) {
        this.layout = layout;
        this.memMap = memMap;
        this.maxLowPfn = maxLowPfn;
        this.pte = pte;
        this.lastPkmap = layout.lastPkmap();
        this.pkmapCount = new int[lastPkmap];
        this.slotPfn = new long[lastPkmap];
        java.util.Arrays.fill(slotPfn, -1);
    }

    private boolean pageHighMem(long pfn) {
        return pfn >= maxLowPfn;
    }

    /** Mirrors page_address(): the direct-map address of lowmem, the pkmap address or 0 for highmem. */
    public long pageAddress(long pfn) {
        if (!pageHighMem(pfn)) {
            return layout.va(pfn << 12);
        }
        for (int i = 0; i < lastPkmap; i++) {
            if (slotPfn[i] == pfn) {
                return layout.pkmapAddr(i);
            }
        }
        return 0;
    }

    /**
     * Mirrors kmap(): lowmem pages return their direct-map address; a highmem page gets (or reuses)
     * a pkmap slot and its count goes up. Returns {@link #WOULD_SLEEP} when no slot is free (the
     * kernel would sleep on pkmap_map_wait); the caller reports it.
     */
    public long kmap(long pfn) {
        if (!pageHighMem(pfn)) {
            return layout.va(pfn << 12);
        }
        long vaddr = pageAddress(pfn);
        if (vaddr == 0) {
            vaddr = mapNewVirtual(pfn);
            if (vaddr == WOULD_SLEEP) {
                return WOULD_SLEEP;
            }
        }
        int nr = pkmapNr(vaddr);
        pkmapCount[nr]++;
        assert pkmapCount[nr] >= 2;
        return vaddr;
    }

    /** Mirrors map_new_virtual(): the next slot with count 0 after last_pkmap_nr, flushing on wrap. */
    private long mapNewVirtual(long pfn) {
        int count = lastPkmap;
        for (;;) {
            lastPkmapNr = (lastPkmapNr + 1) & (lastPkmap - 1);
            if (lastPkmapNr == 0) {
                flushAllZeroPkmaps();
                count = lastPkmap;
            }
            if (pkmapCount[lastPkmapNr] == 0) {
                break;
            }
            if (--count != 0) {
                continue;
            }
            return WOULD_SLEEP;
        }
        long vaddr = layout.pkmapAddr(lastPkmapNr);
        pte.setPte(vaddr, pfn);
        pkmapCount[lastPkmapNr] = 1;
        slotPfn[lastPkmapNr] = pfn;
        return vaddr;
    }

    /** Mirrors flush_all_zero_pkmaps(): slots with count 1 become free; one TLB flush if any did. */
    private void flushAllZeroPkmaps() {
        boolean needFlush = false;
        for (int i = 0; i < lastPkmap; i++) {
            if (pkmapCount[i] != 1) {
                continue;
            }
            pkmapCount[i] = 0;
            pte.clearPte(layout.pkmapAddr(i));
            slotPfn[i] = -1;
            needFlush = true;
        }
        if (needFlush) {
            flushes++;
            pte.flushTlbKernelRange(layout.pkmapAddr(0), layout.pkmapAddr(lastPkmap));
        }
    }

    /** Mirrors kunmap() / kunmap_high(): drops one use; the mapping stays until the next flush. */
    public int kunmap(long pfn) {
        if (!pageHighMem(pfn)) {
            return KUNMAP_LOWMEM;
        }
        long vaddr = pageAddress(pfn);
        if (vaddr == 0) {
            return KUNMAP_BUG;
        }
        int nr = pkmapNr(vaddr);
        if (pkmapCount[nr] <= 1) {
            return KUNMAP_BUG;
        }
        pkmapCount[nr]--;
        return KUNMAP_OK;
    }

    /** PKMAP_NR(vaddr). */
    public int pkmapNr(long vaddr) {
        return (int) ((vaddr - layout.pkmapBase()) >>> 12);
    }

    /** pkmap_count[nr]. */
    public int count(int nr) {
        return pkmapCount[nr];
    }

    /** LAST_PKMAP: the number of slots. */
    public int slots() {
        return lastPkmap;
    }

    /** The pfn slot {@code nr} maps (page_address_htable's entry), or -1 when the slot is free. */
    public long slotPfn(int nr) {
        return slotPfn[nr];
    }

    /** How many times flush_all_zero_pkmaps() flushed the TLB. */
    public int flushes() {
        return flushes;
    }

    /** MemMap the pages belong to (for callers that want PageHighMem by flag). */
    public MemMap memMap() {
        return memMap;
    }
}
