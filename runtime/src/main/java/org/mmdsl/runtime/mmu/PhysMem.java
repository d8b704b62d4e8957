package org.mmdsl.runtime.mmu;

import java.util.Arrays;

import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Contents of simulated physical frames, stored only for frames something wrote to (page tables,
 * pages a scenario stored values in); every other frame reads as zero.
 *
 * <p>Index: an open-addressing hash (linear probing, power-of-two capacity, load ≤ 1/2) from pfn
 * to a slot of a 4 KiB byte array; deletion shifts the probe run back so no tombstones build up.
 * Reads and writes allocate nothing; only the first write to a frame takes (or reuses) an array.
 */
public final class PhysMem {
    private static final int PAGE = 4096;
    private static final long EMPTY = -1;

    private long[] keys;
    private int[] slots;
    private byte[][] pages = new byte[16][];
    private int nrPages;
    private int[] freeSlots = new int[16];
    private int nrFree;
    private int size;

    public PhysMem() {
        keys = new long[64];
        Arrays.fill(keys, EMPTY);
        slots = new int[64];
    }

    /** Number of frames whose contents are stored. */
    public int storedFrames() {
        return size;
    }

    /** True when the frame has stored contents (it may still be all zero). */
    public boolean hasContents(long pfn) {
        return find(pfn) >= 0;
    }

    private static int hash(long pfn) {
        long h = pfn * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int find(long pfn) {
        int mask = keys.length - 1;
        int i = hash(pfn) & mask;
        while (true) {
            long k = keys[i];
            if (k == pfn) {
                return slots[i];
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    private byte[] pageForWrite(long pfn) {
        int s = find(pfn);
        if (s >= 0) {
            return pages[s];
        }
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int slot;
        if (nrFree > 0) {
            slot = freeSlots[--nrFree];
        } else {
            if (nrPages == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            slot = nrPages++;
            pages[slot] = new byte[PAGE];
        }
        insert(pfn, slot);
        size++;
        return pages[slot];
    }

    private void insert(long pfn, int slot) {
        int mask = keys.length - 1;
        int i = hash(pfn) & mask;
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = pfn;
        slots[i] = slot;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        slots = new int[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldSlots[i]);
            }
        }
    }

    /** Forgets a frame's contents: it reads as zero again. */
    public void zeroFrame(long pfn) {
        int mask = keys.length - 1;
        int i = hash(pfn) & mask;
        while (keys[i] != pfn) {
            if (keys[i] == EMPTY) {
                return;
            }
            i = (i + 1) & mask;
        }
        int slot = slots[i];
        Arrays.fill(pages[slot], (byte) 0);
        if (nrFree == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, nrFree * 2);
        }
        freeSlots[nrFree++] = slot;
        size--;
        // Backward-shift deletion: move later members of the probe run into the hole.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long k = keys[j];
            if (k == EMPTY) {
                break;
            }
            int home = hash(k) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = k;
                slots[hole] = slots[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
    }

    /** Clears 2^order frames starting at pfn (clear_highpage() for each). */
    public void zeroFrames(long pfn, int order) {
        for (long p = pfn; p < pfn + (1L << order); p++) {
            zeroFrame(p);
        }
    }

    /** Mirrors copy_highpage(): dst gets src's contents. */
    public void copyFrame(long dstPfn, long srcPfn) {
        int s = find(srcPfn);
        if (s < 0) {
            zeroFrame(dstPfn);
            return;
        }
        byte[] src = pages[s];
        System.arraycopy(src, 0, pageForWrite(dstPfn), 0, PAGE);
    }

    /** One byte at a physical address. */
    public int readByte(long paddr) {
        int s = find(paddr >>> 12);
        return s < 0 ? 0 : pages[s][(int) (paddr & 0xfff)] & 0xff;
    }

    public void writeByte(long paddr, int value) {
        pageForWrite(paddr >>> 12)[(int) (paddr & 0xfff)] = (byte) value;
    }

    /**
     * Little-endian load of {@code size} (1..8) bytes that lie in one frame.
     * Precondition: {@code (paddr & 0xfff) + size <= 4096}.
     */
    public long read(long paddr, int size) {
        assert (paddr & 0xfff) + size <= PAGE : "read crosses a frame";
        int s = find(paddr >>> 12);
        if (s < 0) {
            return 0;
        }
        byte[] p = pages[s];
        int off = (int) (paddr & 0xfff);
        long v = 0;
        for (int b = size - 1; b >= 0; b--) {
            v = (v << 8) | (p[off + b] & 0xffL);
        }
        return v;
    }

    /** Little-endian store of the low {@code size} bytes of value, within one frame. */
    public void write(long paddr, int size, long value) {
        assert (paddr & 0xfff) + size <= PAGE : "write crosses a frame";
        byte[] p = pageForWrite(paddr >>> 12);
        int off = (int) (paddr & 0xfff);
        for (int b = 0; b < size; b++) {
            p[off + b] = (byte) (value >>> (8 * b));
        }
    }

    /** Fills a whole frame with one byte value (used for file page contents). */
    public void fillFrame(long pfn, int value, int fromOffset, int toOffset) {
        if (value == 0) {
            if (hasContents(pfn)) {
                Arrays.fill(pageForWrite(pfn), fromOffset, toOffset, (byte) 0);
            }
            return;
        }
        Arrays.fill(pageForWrite(pfn), fromOffset, toOffset, (byte) value);
    }

    /**
     * The zeroing hook: an allocator that clears the contents of frames handed out with
     * __GFP_ZERO (as prep_new_page() does with clear_highpage()) and leaves the previous contents
     * of other frames in place, as real memory does.
     */
    public FrameAllocator zeroing(FrameAllocator inner) {
        return new FrameAllocator() {
            @Override
            public long allocPages(int gfp, int order) {
                long pfn = inner.allocPages(gfp, order);
                if (pfn >= 0 && (gfp & Gfp.__GFP_ZERO) != 0) {
                    zeroFrames(pfn, order);
                }
                return pfn;
            }

            @Override
            public void freePages(long pfn, int order) {
                inner.freePages(pfn, order);
            }
        };
    }
}
