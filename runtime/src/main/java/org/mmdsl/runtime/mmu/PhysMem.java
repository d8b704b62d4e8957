package org.mmdsl.runtime.mmu;

import java.util.Arrays;

import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Contents of simulated physical frames, stored only for frames something wrote to (page tables,
 * pages a scenario stored values in); every other frame reads as zero.
 *
 * <p>Index: a two-level radix from pfn to a slot, as the kernel's sparse memory model splits a pfn
 * into a section and an offset (include/linux/mmzone.h __pfn_to_section()): a chunk of
 * {@link #CHUNK} consecutive pfns (4 MiB of physical memory) has an {@code int[CHUNK]} leaf of
 * slot + 1 (0: no contents), made on the first write in the chunk; the leaves are found by chunk
 * number in a directory array (below 4 TiB; see {@link #DIRECT_CHUNKS}). Leaves are never freed:
 * 4 bytes per frame of the 4 MiB chunks a scenario wrote in, about 0.1% of what those chunks
 * simulate, plus 4 bytes of directory per 4 MiB up to the highest physical address written.
 *
 * <pre>
 *   pfn 0x12345:  chunk 0x48 (pfn &gt;&gt;&gt; 10) -&gt; leaf[0x345] = slot + 1 -&gt; words of that slot
 * </pre>
 * Measured reason (FaultBench, JFR, 2026-12-07): with one hash of every pfn (a 1 M-entry table for a
 * 1 GB range write) each fault's zeroFrame() and store missed the cache at a random place, and
 * PhysMem was most of the fault's time; the buddy allocator hands out consecutive pfns, which now
 * land in consecutive leaf entries and slots.
 *
 * <p>A slot holds a frame in one of two forms. A frame with few written 8-byte words (the usual case:
 * a scenario stores one value per page, a fresh page table has a few entries) keeps them as up to
 * {@link #SMALL} (word index, word) pairs in flat arrays ({@code smallIdx}/{@code smallWord} at
 * {@code slot * SMALL}), about 90 bytes; the ninth distinct word turns it into a full image of 512
 * words. Measured reason: `write big for 1GB value 7` stored 1 GiB of byte arrays with full images
 * only; with small frames it stores 262,144 × ~90 B ≈ 24 MB.
 *
 * <p>Reads and writes of existing frames allocate nothing; the first write to a frame takes a slot
 * (the flat arrays grow by doubling), the first in a chunk takes a leaf, and the ninth distinct word
 * takes a 4 KiB array.
 */
public final class PhysMem {
    private static final int PAGE = 4096;
    private static final int WORDS = PAGE / 8;
    private static final long EMPTY = -1;
    /** Distinct 8-byte words a frame keeps before it becomes a full image. */
    static final int SMALL = 8;
    /** Pfns per leaf of the index (a power of two). */
    static final int CHUNK_SHIFT = 10;
    static final int CHUNK = 1 << CHUNK_SHIFT;

    /**
     * Chunks below this (physical addresses below 4 TiB) have their leaf in {@link #dir}, indexed by
     * chunk number and grown by doubling up to the highest chunk written (a 4 GB machine: 1,024
     * references); leaves of chunks above it (an ioremap high in the physical space) are in a hash.
     */
    static final long DIRECT_CHUNKS = 1L << 20;

    private int[][] dir = new int[16][];
    /** Chunk hash for chunks at or above DIRECT_CHUNKS: chunk number or EMPTY, and its leaf. */
    private long[] chunkKeys;
    private int[][] chunkLeaves;
    private int nrChunks;

    /** Full image of the frame in a slot, or null while the frame is small. */
    private long[][] full = new long[16][];
    /** Small form: word indices (0..511) and words at slot * SMALL; smallLen[slot] of them are in use. */
    private short[] smallIdx = new short[16 * SMALL];
    private long[] smallWord = new long[16 * SMALL];
    private byte[] smallLen = new byte[16];
    private int nrSlots;
    private int[] freeSlots = new int[16];
    private int nrFree;

    /**
     * Host side, for {@link Mmu}'s walk cache: up to four watched frames (the upper page tables of
     * the walk it cached; -1 when unused). Any change to one of them (a write, a fill, a copy into it,
     * its zeroing) bumps {@link #watchGen} and ends the watch, so a cache made at one generation is
     * exact while the generation holds.
     */
    private long watch0 = -1;
    private long watch1 = -1;
    private long watch2 = -1;
    private long watch3 = -1;
    private long watchGen;

    public PhysMem() {
        chunkKeys = new long[16];
        Arrays.fill(chunkKeys, EMPTY);
        chunkLeaves = new int[16][];
    }

    /** Number of stored frames held as full images (the rest are small). */
    public int fullFrames() {
        int n = 0;
        for (int s = 0; s < nrSlots; s++) {
            if (full[s] != null) {
                n++; // a freed slot's image is dropped in zeroFrame()
            }
        }
        return n;
    }

    /** True when the frame has stored contents (it may still be all zero). */
    public boolean hasContents(long pfn) {
        return find(pfn) >= 0;
    }

    private static int hash(long chunk) {
        long h = chunk * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The leaf of the chunk holding {@code pfn}, or null when nothing in it was ever written. */
    private int[] leaf(long pfn) {
        long c = pfn >>> CHUNK_SHIFT;
        if (c < dir.length) {
            return dir[(int) c];
        }
        return c < DIRECT_CHUNKS ? null : hashedLeaf(c);
    }

    private int[] hashedLeaf(long c) {
        int mask = chunkKeys.length - 1;
        int i = hash(c) & mask;
        while (true) {
            long k = chunkKeys[i];
            if (k == c) {
                return chunkLeaves[i];
            }
            if (k == EMPTY) {
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    /** The leaf of the chunk holding {@code pfn}, made on first use. */
    private int[] leafForWrite(long pfn) {
        int[] l = leaf(pfn);
        if (l != null) {
            return l;
        }
        l = new int[CHUNK];
        long c = pfn >>> CHUNK_SHIFT;
        if (c < DIRECT_CHUNKS) {
            if (c >= dir.length) {
                dir = Arrays.copyOf(dir, (int) Math.min(DIRECT_CHUNKS, Math.max(c + 1, 2L * dir.length)));
            }
            dir[(int) c] = l;
            return l;
        }
        if ((nrChunks + 1) * 2 > chunkKeys.length) {
            long[] oldKeys = chunkKeys;
            int[][] oldLeaves = chunkLeaves;
            chunkKeys = new long[oldKeys.length * 2];
            Arrays.fill(chunkKeys, EMPTY);
            chunkLeaves = new int[oldKeys.length * 2][];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    insertChunk(oldKeys[i], oldLeaves[i]);
                }
            }
        }
        insertChunk(c, l);
        nrChunks++;
        return l;
    }

    private void insertChunk(long chunk, int[] l) {
        int mask = chunkKeys.length - 1;
        int i = hash(chunk) & mask;
        while (chunkKeys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        chunkKeys[i] = chunk;
        chunkLeaves[i] = l;
    }

    private int find(long pfn) {
        int[] l = leaf(pfn);
        return l == null ? -1 : l[(int) pfn & (CHUNK - 1)] - 1;
    }

    /**
     * Watches frames {@code a}..{@code d} (-1: none) instead of the ones watched so far; returns the
     * new generation, which holds until one of them changes or the next watch.
     */
    public long watch(long a, long b, long c, long d) {
        watch0 = a;
        watch1 = b;
        watch2 = c;
        watch3 = d;
        return ++watchGen;
    }

    /** The generation of the watch ({@link #watch}): it moves when a watched frame changes. */
    public long watchGen() {
        return watchGen;
    }

    /** A frame's contents are about to change. */
    private void changing(long pfn) {
        if (pfn == watch0 || pfn == watch1 || pfn == watch2 || pfn == watch3) {
            watch0 = watch1 = watch2 = watch3 = -1;
            watchGen++;
        }
    }

    /** The slot of a frame, taking a new (small, all-zero) one on first use. */
    private int slotForWrite(long pfn) {
        changing(pfn);
        int[] l = leafForWrite(pfn);
        int at = (int) pfn & (CHUNK - 1);
        int s = l[at] - 1;
        if (s >= 0) {
            return s;
        }
        int slot;
        if (nrFree > 0) {
            slot = freeSlots[--nrFree];
        } else {
            if (nrSlots == full.length) {
                int n = full.length * 2;
                full = Arrays.copyOf(full, n);
                smallIdx = Arrays.copyOf(smallIdx, n * SMALL);
                smallWord = Arrays.copyOf(smallWord, n * SMALL);
                smallLen = Arrays.copyOf(smallLen, n);
            }
            slot = nrSlots++;
        }
        full[slot] = null;
        smallLen[slot] = 0;
        l[at] = slot + 1;
        return slot;
    }

    /** The full image of a slot, converting a small frame (its words replayed into a new array). */
    private long[] full(int slot) {
        long[] p = full[slot];
        if (p == null) {
            p = new long[WORDS];
            int base = slot * SMALL;
            for (int i = 0; i < smallLen[slot]; i++) {
                p[smallIdx[base + i]] = smallWord[base + i];
            }
            smallLen[slot] = 0;
            full[slot] = p;
        }
        return p;
    }

    private long readWord(int slot, int idx) {
        long[] p = full[slot];
        if (p != null) {
            return p[idx];
        }
        int base = slot * SMALL;
        for (int i = base, end = base + smallLen[slot]; i < end; i++) {
            if (smallIdx[i] == idx) {
                return smallWord[i];
            }
        }
        return 0;
    }

    private void writeWord(int slot, int idx, long w) {
        long[] p = full[slot];
        if (p != null) {
            p[idx] = w;
            return;
        }
        int base = slot * SMALL;
        int n = smallLen[slot];
        for (int i = base; i < base + n; i++) {
            if (smallIdx[i] == idx) {
                smallWord[i] = w;
                return;
            }
        }
        if (n < SMALL) {
            smallIdx[base + n] = (short) idx;
            smallWord[base + n] = w;
            smallLen[slot] = (byte) (n + 1);
            return;
        }
        full(slot)[idx] = w;
    }

    /** Forgets a frame's contents: it reads as zero again, and its storage is released. */
    public void zeroFrame(long pfn) {
        changing(pfn);
        int[] l = leaf(pfn);
        if (l == null) {
            return;
        }
        int at = (int) pfn & (CHUNK - 1);
        int slot = l[at] - 1;
        if (slot < 0) {
            return;
        }
        l[at] = 0;
        full[slot] = null;
        smallLen[slot] = 0;
        if (nrFree == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, nrFree * 2);
        }
        freeSlots[nrFree++] = slot;
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
        if (full[s] != null) {
            full[d] = full[s].clone();
        } else {
            int n = smallLen[s];
            System.arraycopy(smallIdx, s * SMALL, smallIdx, d * SMALL, n);
            System.arraycopy(smallWord, s * SMALL, smallWord, d * SMALL, n);
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

    /** An aligned 8-byte load, as {@code read(paddr, 8)} (a page-table entry of PAE and long mode). */
    public long readLong(long paddr) {
        assert (paddr & 7) == 0 : "unaligned";
        int s = find(paddr >>> 12);
        return s < 0 ? 0 : readWord(s, (int) (paddr & 0xfff) >>> 3);
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
        long[] p = full(slotForWrite(pfn));
        long b = value & 0xffL;
        for (int off = fromOffset; off < toOffset; off++) {
            int shift = (off & 7) * 8;
            p[off >>> 3] = (p[off >>> 3] & ~(0xffL << shift)) | (b << shift);
        }
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
