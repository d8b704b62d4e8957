package org.mmdsl.runtime.mmu;

import java.util.Arrays;

import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Contents of simulated physical frames, stored only for frames something wrote to (page tables,
 * pages a scenario stored values in); every other frame reads as zero.
 *
 * <p>Index: an open-addressing hash (linear probing, power-of-two capacity, load ≤ 1/2) from pfn
 * to a slot; deletion shifts the probe run back so no tombstones build up.
 *
 * <p>A slot holds a frame in one of two forms. A frame with few written 8-byte words (the usual case:
 * a scenario stores one value per page, a fresh page table has a few entries) keeps them as up to
 * {@link #SMALL} (word index, word) pairs, about 150 bytes; the ninth distinct word turns it into a
 * full 4 KiB image. Measured reason: `write big for 1GB value 7` stored 1 GiB of byte arrays with
 * full images only; with small frames it stores 262,144 × ~150 B ≈ 40 MB.
 *
 * <p>Reads and writes of existing frames allocate nothing; the first write to a frame takes a slot,
 * and the ninth distinct word takes a 4 KiB array.
 */
public final class PhysMem {
    private static final int PAGE = 4096;
    private static final long EMPTY = -1;
    /** Distinct 8-byte words a frame keeps before it becomes a full image. */
    static final int SMALL = 8;

    private long[] keys;
    private int[] slots;
    /** Full image of the frame in a slot, or null while the frame is small. */
    private byte[][] pages = new byte[16][];
    /** Small form: word indices (0..511) and words; smallLen[slot] of them are in use. */
    private short[][] smallIdx = new short[16][];
    private long[][] smallWord = new long[16][];
    private byte[] smallLen = new byte[16];
    private int nrSlots;
    private int[] freeSlots = new int[16];
    private int nrFree;
    private int size;

    public PhysMem() {
        keys = new long[64];
        Arrays.fill(keys, EMPTY);
        slots = new int[64];
    }

    /** Number of stored frames held as full 4 KiB images (the rest are small). */
    public int fullFrames() {
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY && pages[slots[i]] != null) {
                n++;
            }
        }
        return n;
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

    /** The slot of a frame, taking a new (small, all-zero) one on first use. */
    private int slotForWrite(long pfn) {
        int s = find(pfn);
        if (s >= 0) {
            return s;
        }
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int slot;
        if (nrFree > 0) {
            slot = freeSlots[--nrFree];
        } else {
            if (nrSlots == pages.length) {
                int n = pages.length * 2;
                pages = Arrays.copyOf(pages, n);
                smallIdx = Arrays.copyOf(smallIdx, n);
                smallWord = Arrays.copyOf(smallWord, n);
                smallLen = Arrays.copyOf(smallLen, n);
            }
            slot = nrSlots++;
            smallIdx[slot] = new short[SMALL];
            smallWord[slot] = new long[SMALL];
        }
        pages[slot] = null;
        smallLen[slot] = 0;
        insert(pfn, slot);
        size++;
        return slot;
    }

    /** The full image of a slot, converting a small frame (its words replayed into a new array). */
    private byte[] full(int slot) {
        byte[] p = pages[slot];
        if (p == null) {
            p = new byte[PAGE];
            for (int i = 0; i < smallLen[slot]; i++) {
                putWord(p, smallIdx[slot][i], smallWord[slot][i]);
            }
            smallLen[slot] = 0;
            pages[slot] = p;
        }
        return p;
    }

    private static long getWord(byte[] p, int idx) {
        int off = idx << 3;
        long v = 0;
        for (int b = 7; b >= 0; b--) {
            v = (v << 8) | (p[off + b] & 0xffL);
        }
        return v;
    }

    private static void putWord(byte[] p, int idx, long w) {
        int off = idx << 3;
        for (int b = 0; b < 8; b++) {
            p[off + b] = (byte) (w >>> (8 * b));
        }
    }

    private long readWord(int slot, int idx) {
        byte[] p = pages[slot];
        if (p != null) {
            return getWord(p, idx);
        }
        short[] ix = smallIdx[slot];
        for (int i = 0, n = smallLen[slot]; i < n; i++) {
            if (ix[i] == idx) {
                return smallWord[slot][i];
            }
        }
        return 0;
    }

    private void writeWord(int slot, int idx, long w) {
        byte[] p = pages[slot];
        if (p != null) {
            putWord(p, idx, w);
            return;
        }
        short[] ix = smallIdx[slot];
        int n = smallLen[slot];
        for (int i = 0; i < n; i++) {
            if (ix[i] == idx) {
                smallWord[slot][i] = w;
                return;
            }
        }
        if (n < SMALL) {
            ix[n] = (short) idx;
            smallWord[slot][n] = w;
            smallLen[slot] = (byte) (n + 1);
            return;
        }
        putWord(full(slot), idx, w);
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

    /** Forgets a frame's contents: it reads as zero again, and its storage is released. */
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
        pages[slot] = null;
        smallLen[slot] = 0;
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
        zeroFrame(dstPfn);
        int d = slotForWrite(dstPfn);
        s = find(srcPfn); // the insertion may have rehashed; slots stay, but re-find for clarity
        if (pages[s] != null) {
            pages[d] = pages[s].clone();
        } else {
            int n = smallLen[s];
            System.arraycopy(smallIdx[s], 0, smallIdx[d], 0, n);
            System.arraycopy(smallWord[s], 0, smallWord[d], 0, n);
            smallLen[d] = (byte) n;
        }
    }

    /** One byte at a physical address. */
    public int readByte(long paddr) {
        return (int) read(paddr, 1);
    }

    public void writeByte(long paddr, int value) {
        write(paddr, 1, value);
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
        int off = (int) (paddr & 0xfff);
        int shift = (off & 7) * 8;
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        long lo = readWord(s, off >>> 3) >>> shift;
        if ((off & 7) + size > 8) {
            lo |= readWord(s, (off >>> 3) + 1) << (64 - shift);
        }
        return lo & mask;
    }

    /** Little-endian store of the low {@code size} bytes of value, within one frame. */
    public void write(long paddr, int size, long value) {
        assert (paddr & 0xfff) + size <= PAGE : "write crosses a frame";
        int s = slotForWrite(paddr >>> 12);
        int off = (int) (paddr & 0xfff);
        int idx = off >>> 3;
        int shift = (off & 7) * 8;
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        long v = value & mask;
        writeWord(s, idx, (readWord(s, idx) & ~(mask << shift)) | (v << shift));
        if ((off & 7) + size > 8) {
            int hiBits = 64 - shift;
            long hiMask = mask >>> hiBits;
            writeWord(s, idx + 1, (readWord(s, idx + 1) & ~hiMask) | (v >>> hiBits));
        }
    }

    /** Fills bytes [fromOffset, toOffset) of a frame with one byte value (used for file page contents). */
    public void fillFrame(long pfn, int value, int fromOffset, int toOffset) {
        if (value == 0 && !hasContents(pfn)) {
            return;
        }
        Arrays.fill(full(slotForWrite(pfn)), fromOffset, toOffset, (byte) value);
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
            public long allocPagesNode(int gfp, int order, int preferredNid, long nodemask, int localNid,
                    boolean interleave, boolean warn) {
                long pfn = inner.allocPagesNode(gfp, order, preferredNid, nodemask, localNid, interleave, warn);
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
