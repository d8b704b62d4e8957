package org.mmdsl.runtime.page;

/**
 * struct page for every frame of the machine as a 64-bit word per pfn, kept sparse so that memory
 * follows what a scenario touches, not the machine's RAM (issue 17 point 4; the kernel's own
 * answer to the cost of struct pages on large machines is CONFIG_DEFERRED_STRUCT_PAGE_INIT,
 * mm/mm_init.c deferred_init_memmap(), which initialises most of them after boot).
 *
 * <p>The pfns are cut in chunks of 1024 frames (one MAX_ORDER - 1 block). A chunk no frame of
 * which a scenario has changed holds no words: every frame answers the chunk's implicit word
 * (what memmap_init_range() and memblock_free_all() leave: reserved with refcount 1, or free, in
 * its zone), except its first frame when that heads a free block (memblock_free_all() frees whole
 * 4 MB blocks, so the boot leaves a chunk per free block and nothing else). The first write of any
 * other word materialises the chunk: 8 KB, 8 B per frame, where the kernel spends 40 (i386) or 64
 * (x86_64) per frame. A range that memblock keeps (the vmemmap, the kernel image) or frees at boot
 * changes implicit words only, a chunk at a time. The free lists' links (page-&gt;lru) are held
 * beside the words: one long per chunk for its first frame, and an array per chunk where a split
 * left free heads inside it (mmdsl.bench BytesPerFrame measures all of it).
 *
 * <p>A word has two forms, told apart by bit 63, as the kernel's struct page is a union whose
 * page->lru links a free page into free_area[order] while _refcount and _mapcount are unused:
 * <pre>
 *   bit 63 = 0: any page but a free block head
 *     bits  0..19  PG_* flags (the constants below; PG_buddy is never stored in this form)
 *     bits 20..23  compound order of a head page (valid with PG_head)
 *     bits 24..26  zone index (ZONE_DMA = 0, ...), set once at boot (set_page_zone)
 *     bits 32..46  _refcount (page_ref_count), 0..32767
 *     bits 47..62  _mapcount + 1 (page_mapcount(); the kernel stores -1 for "unmapped")
 *
 *   bit 63 = 1: the head of a free block (PageBuddy(), refcount 0, mapcount 0)
 *     bits  0..3   buddy order (page_private())
 *     bits  4..6   zone index
 *     bit   7      PG_highmem (the only flag a free page keeps: PAGE_FLAGS_CHECK_AT_PREP)
 * </pre>
 * Links are 32-bit pfns, so 2^31 frames (8 TB) at most. The kernel also keeps mapping/index in
 * struct page; the simulator keeps those where it needs them (VMAs know their file offsets).
 */
public final class MemMap {

    // include/linux/page-flags.h, in the kernel's order.
    public static final int PG_locked = 1 << 0;
    public static final int PG_referenced = 1 << 1;
    public static final int PG_uptodate = 1 << 2;
    public static final int PG_dirty = 1 << 3;
    public static final int PG_lru = 1 << 4;
    public static final int PG_active = 1 << 5;
    public static final int PG_slab = 1 << 6;
    public static final int PG_reserved = 1 << 7;
    public static final int PG_private = 1 << 8;
    public static final int PG_writeback = 1 << 9;
    public static final int PG_head = 1 << 10;
    public static final int PG_swapbacked = 1 << 11;
    public static final int PG_unevictable = 1 << 12;
    public static final int PG_mlocked = 1 << 13;
    public static final int PG_highmem = 1 << 14;
    /** A page-type in the kernel (page_type, PageBuddy()); a flag here. */
    public static final int PG_buddy = 1 << 15;
    /** PageTable(): a frame holding a page table. */
    public static final int PG_table = 1 << 16;
    /** PageAnon(): mapping has PAGE_MAPPING_ANON set. */
    public static final int PG_anon = 1 << 17;
    /** A tail page of a compound page (compound_head() != page). */
    public static final int PG_tail = 1 << 18;

    private static final int FLAG_MASK = (1 << 20) - 1;
    private static final int ORDER_SHIFT = 20;
    private static final long ORDER_MASK = 0xfL << ORDER_SHIFT;
    private static final int ZONE_SHIFT = 24;
    private static final long ZONE_MASK = 0x7L << ZONE_SHIFT;
    private static final int REF_SHIFT = 32;
    private static final long REF_MASK = 0x7fffL << REF_SHIFT;
    private static final int MAP_SHIFT = 47;
    private static final long MAP_MASK = 0xffffL << MAP_SHIFT;
    public static final int MAX_REFCOUNT = 0x7fff;
    private static final int MAX_MAPCOUNT = 0xfffe;

    /** Bit 63: the word is a free block head (the second form of the class comment). */
    private static final long FREE = 1L << 63;
    private static final long FREE_ORDER_MASK = 0xfL;
    private static final int FREE_ZONE_SHIFT = 4;
    private static final long FREE_HIGHMEM = 1L << 7;
    /** Frames a memmap can hold: pfns are Java ints (2^31 frames, 8 TB of 4 KB pages). */
    public static final int MAX_PFNS = Integer.MAX_VALUE;
    /** log2 of a chunk's frames: one MAX_ORDER - 1 block (4 MB), as a boot-time free block is. */
    public static final int CHUNK_SHIFT = 10;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK - 1;

    private static final String[] FLAG_NAMES = {
        "locked", "referenced", "uptodate", "dirty", "lru", "active", "slab", "reserved", "private",
        "writeback", "head", "swapbacked", "unevictable", "mlocked", "highmem", "buddy", "table", "anon", "tail"};

    private final int size;
    /** The words of the chunks a scenario touched, else null (the chunk's words are implicit). */
    private final long[][] chunk;
    /** An absent chunk: the word of every frame but a free head at its first frame. */
    private final long[] uniform;
    /** An absent chunk: the word of its first frame when that frame heads a free block, else 0. */
    private final long[] firstHead;
    /** The free-list links (lru.next &lt;&lt; 32 | lru.prev) of each chunk's first frame. */
    private final long[] firstLinks;
    /** The free-list links of the other frames, per chunk, allocated when a free head there is linked. */
    private final long[][] links;
    private int materialised;

    /** A memmap for pfns [0, nrPfns): every frame starts with no flags, refcount 0, unmapped. */
    public MemMap(int nrPfns) {
        if (nrPfns < 0 || nrPfns > MAX_PFNS) {
            throw new IllegalArgumentException("memmap of " + nrPfns + " frames: at most " + MAX_PFNS);
        }
        size = nrPfns;
        int chunks = (int) (((long) nrPfns + CHUNK - 1) >>> CHUNK_SHIFT);
        chunk = new long[chunks][];
        uniform = new long[chunks];
        firstHead = new long[chunks];
        firstLinks = new long[chunks];
        links = new long[chunks][];
    }

    /** One past the highest pfn that has a struct page. */
    public int size() {
        return size;
    }

    /** Mirrors pfn_valid() for a FLATMEM memmap: a struct page exists for the pfn. */
    public boolean pfnValid(long pfn) {
        return pfn >= 0 && pfn < size;
    }

    /** The word of frame i (the class comment's two forms). */
    private long word(int i) {
        int c = i >>> CHUNK_SHIFT;
        long[] a = chunk[c];
        if (a != null) {
            return a[i & CHUNK_MASK];
        }
        if ((i & CHUNK_MASK) == 0 && firstHead[c] != 0) {
            return firstHead[c];
        }
        return uniform[c];
    }

    /**
     * Stores frame i's word. An absent chunk stays absent while the word is what it already answers
     * or is a free head at its first frame; any other word materialises the chunk (8 KB).
     */
    private void put(int i, long w) {
        int c = i >>> CHUNK_SHIFT;
        long[] a = chunk[c];
        if (a != null) {
            a[i & CHUNK_MASK] = w;
            return;
        }
        if ((i & CHUNK_MASK) == 0) {
            if (w < 0) {
                firstHead[c] = w;
                return;
            }
            if (w == uniform[c]) {
                firstHead[c] = 0;
                return;
            }
        } else if (w == uniform[c]) {
            return;
        }
        materialise(c)[i & CHUNK_MASK] = w;
    }

    private long[] materialise(int c) {
        long[] a = new long[CHUNK];
        java.util.Arrays.fill(a, uniform[c]);
        if (firstHead[c] != 0) {
            a[0] = firstHead[c];
            firstHead[c] = 0;
        }
        chunk[c] = a;
        materialised++;
        return a;
    }

    /** Chunks whose words are held one per frame (a scenario touched a frame there). */
    public int materialisedChunks() {
        return materialised;
    }

    /** Frames per chunk. */
    public static int chunkFrames() {
        return CHUNK;
    }

    public boolean test(long pfn, int flag) {
        return (flags(pfn) & flag) != 0;
    }

    /**
     * Sets PG_* bits of a page that is not a free block head (PG_buddy itself is set by
     * {@link #setBuddy}).
     */
    public void set(long pfn, int flag) {
        int i = (int) pfn;
        long[] a = chunk[i >>> CHUNK_SHIFT];
        if (a != null && a[i & CHUNK_MASK] >= 0) { // a touched chunk, not a free head: one read, one write
            assert (flag & PG_buddy) == 0 : "set PG_buddy, pfn 0x" + Long.toHexString(pfn);
            a[i & CHUNK_MASK] |= flag & FLAG_MASK;
            return;
        }
        long w = word(i);
        assert w >= 0 && (flag & PG_buddy) == 0 : "set flags on a free page, pfn 0x" + Long.toHexString(pfn);
        if (w < 0) {
            return; // never corrupt the free-list links (asserted above under CONFIG_DEBUG_VM)
        }
        put(i, w | (flag & FLAG_MASK));
    }

    /** Clears PG_* bits; clearing PG_buddy of a free block head is {@link #clearBuddy}. */
    public void clear(long pfn, int flag) {
        int i = (int) pfn;
        long w = word(i);
        if (w < 0) {
            if ((flag & PG_buddy) != 0) {
                clearBuddy(pfn);
            } else if ((flag & PG_highmem) != 0) {
                put(i, w & ~FREE_HIGHMEM);
            }
            return;
        }
        put(i, w & ~(long) (flag & FLAG_MASK));
    }

    /** All PG_* bits of a frame. */
    public int flags(long pfn) {
        long w = word((int) pfn);
        if (w < 0) {
            return PG_buddy | ((w & FREE_HIGHMEM) != 0 ? PG_highmem : 0);
        }
        return (int) w & FLAG_MASK;
    }

    /** The order stored with a buddy head or compound head (page_private() / compound_order()). */
    public int order(long pfn) {
        long w = word((int) pfn);
        return w < 0 ? (int) (w & FREE_ORDER_MASK) : (int) ((w & ORDER_MASK) >>> ORDER_SHIFT);
    }

    /**
     * Mirrors compound_head(): the head of the compound page a PG_tail page belongs to (the
     * nearest PG_head below it), or the page itself. get_page()/put_page() of a tail act on it.
     */
    public long compoundHead(long pfn) {
        if (!test(pfn, PG_tail)) {
            return pfn;
        }
        long head = pfn;
        while (head > 0 && !test(head, PG_head)) {
            head--;
        }
        return head;
    }

    public void setOrder(long pfn, int order) {
        int i = (int) pfn;
        long w = word(i);
        put(i, w < 0 ? (w & ~FREE_ORDER_MASK) | order : (w & ~ORDER_MASK) | ((long) order << ORDER_SHIFT));
    }

    /**
     * Mirrors __init_single_page() with the boot's reservation over [start, end): each frame PG_reserved
     * (and PG_highmem when {@code highmem}), refcount 1, in zone {@code zoneIdx}, nothing else, as
     * set(PG_reserved), setRefcount(1) and setZone() would leave it. Whole chunks take the word as
     * their implicit one (what deferred_init_memmap() leaves for later, the simulator never
     * spends); only the partial chunks at the ends hold words. Only for frames not in the allocator.
     */
    public void initReservedRange(long start, long end, int zoneIdx, boolean highmem) {
        long w = ((PG_reserved | (highmem ? PG_highmem : 0)) & FLAG_MASK) | (1L << REF_SHIFT)
                | ((long) zoneIdx << ZONE_SHIFT);
        fillRange(start, end, w);
    }

    /**
     * Mirrors what __free_pages_core() does to each frame of a boot-time block before freeing it
     * (__ClearPageReserved(), set_page_count(0)), over [start, end): whole absent chunks change
     * their implicit word.
     */
    public void releaseBootRange(long start, long end) {
        int s = (int) start;
        int e = (int) end;
        int i = s;
        while (i < e) {
            int c = i >>> CHUNK_SHIFT;
            int ce = (int) Math.min((long) (c + 1) << CHUNK_SHIFT, e);
            if (chunk[c] == null && (i & CHUNK_MASK) == 0 && ce - i == CHUNK && firstHead[c] == 0) {
                uniform[c] = (uniform[c] & ~((long) PG_reserved | REF_MASK));
            } else {
                for (int p = i; p < ce; p++) {
                    clear(p, PG_reserved);
                    setRefcount(p, 0);
                }
            }
            i = ce;
        }
    }

    private void fillRange(long start, long end, long w) {
        int s = (int) start;
        int e = (int) end;
        int i = s;
        while (i < e) {
            int c = i >>> CHUNK_SHIFT;
            int ce = (int) Math.min((long) (c + 1) << CHUNK_SHIFT, e);
            if ((i & CHUNK_MASK) == 0 && ce - i == CHUNK) {
                if (chunk[c] != null) {
                    chunk[c] = null;
                    materialised--;
                }
                links[c] = null;
                uniform[c] = w;
                firstHead[c] = 0;
            } else {
                long[] a = chunk[c] != null ? chunk[c] : materialise(c);
                java.util.Arrays.fill(a, i & CHUNK_MASK, ((ce - 1) & CHUNK_MASK) + 1, w);
            }
            i = ce;
        }
    }

    /**
     * Frames in [start, end) whose word is not a free block head and whose flags masked with
     * {@code mask} equal {@code value}: absent chunks count arithmetically.
     */
    public long countFlags(long start, long end, int mask, int value) {
        long n = 0;
        int s = (int) Math.max(0, start);
        int e = (int) Math.min(size, end);
        int i = s;
        while (i < e) {
            int c = i >>> CHUNK_SHIFT;
            int ce = (int) Math.min((long) (c + 1) << CHUNK_SHIFT, e);
            if (chunk[c] == null) {
                long u = uniform[c];
                int from = i;
                if ((i & CHUNK_MASK) == 0 && firstHead[c] != 0) {
                    from++; // a free head is never counted
                }
                if (u >= 0 && ((int) u & mask) == value) {
                    n += ce - from;
                }
            } else {
                long[] a = chunk[c];
                for (int p = i; p < ce; p++) {
                    long w = a[p & CHUNK_MASK];
                    if (w >= 0 && ((int) w & mask) == value) {
                        n++;
                    }
                }
            }
            i = ce;
        }
        return n;
    }

    /**
     * The next pfn at or after {@code pfn} that may have one of the {@code flags} or a mapcount:
     * a frame of a materialised chunk, or the first frame of an absent chunk whose implicit word
     * has them; {@link #size()} when there is none. A walk over what a scenario touched (the LRU
     * lists, /proc/vmstat's counters) so skips the rest of the machine in O(chunks).
     */
    public long nextTouched(long pfn, int flags) {
        int i = (int) Math.max(0, pfn);
        if (i >= size) {
            return size;
        }
        long interesting = (flags & FLAG_MASK) | MAP_MASK;
        for (int c = i >>> CHUNK_SHIFT; c < chunk.length; c++) {
            if (chunk[c] != null || (uniform[c] & interesting) != 0) {
                return Math.max(i, (long) c << CHUNK_SHIFT);
            }
        }
        return size;
    }

    /** Whether pfn's chunk holds a word per frame (else its frames answer the implicit word). */
    public boolean materialised(long pfn) {
        return chunk[(int) (pfn >>> CHUNK_SHIFT)] != null;
    }

    /** The end of pfn's chunk (the frame after its last). */
    public long chunkEnd(long pfn) {
        return Math.min(size, ((pfn >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT);
    }

    /** Mirrors page_zonenum(). */
    public int zone(long pfn) {
        long w = word((int) pfn);
        return w < 0 ? (int) (w >>> FREE_ZONE_SHIFT) & 0x7 : (int) ((w & ZONE_MASK) >>> ZONE_SHIFT);
    }

    /** Mirrors set_page_zone(); called once per frame at boot, before the frame is freed. */
    public void setZone(long pfn, int zoneIdx) {
        int i = (int) pfn;
        long w = word(i);
        assert w >= 0 : "set_page_zone on a free page";
        put(i, (w & ~ZONE_MASK) | ((long) zoneIdx << ZONE_SHIFT));
    }

    /** Mirrors page_ref_count() (0 for a free block head). */
    public int refcount(long pfn) {
        long w = word((int) pfn);
        return w < 0 ? 0 : (int) ((w & REF_MASK) >>> REF_SHIFT);
    }

    /** Mirrors set_page_refcounted()/init_page_count() for any value. */
    public void setRefcount(long pfn, int ref) {
        assert ref >= 0 && ref <= MAX_REFCOUNT : "refcount out of range: " + ref;
        int i = (int) pfn;
        long[] a = chunk[i >>> CHUNK_SHIFT];
        if (a != null && a[i & CHUNK_MASK] >= 0) { // a touched chunk, not a free head: one read, one write
            int j = i & CHUNK_MASK;
            a[j] = (a[j] & ~REF_MASK) | ((long) ref << REF_SHIFT);
            return;
        }
        long w = word(i);
        if (w < 0) {
            assert ref == 0 : "set_page_count(" + ref + ") on a free page, pfn 0x" + Long.toHexString(pfn);
            return;
        }
        put(i, (w & ~REF_MASK) | ((long) ref << REF_SHIFT));
    }

    /** Mirrors get_page() / page_ref_inc(); returns the new count. */
    public int get(long pfn) {
        int ref = refcount(pfn);
        assert ref > 0 : "get_page on a free page, pfn 0x" + Long.toHexString(pfn);
        assert ref < MAX_REFCOUNT : "refcount overflow, pfn 0x" + Long.toHexString(pfn);
        setRefcount(pfn, ref + 1);
        return ref + 1;
    }

    /** Mirrors put_page_testzero(): drops one reference; returns the new count (0 = caller frees). */
    public int putTestZero(long pfn) {
        int ref = refcount(pfn);
        assert ref > 0 : "put_page on a page with refcount 0, pfn 0x" + Long.toHexString(pfn);
        setRefcount(pfn, ref - 1);
        return ref - 1;
    }

    /** Mirrors page_mapcount(): how many page-table entries map the frame. */
    public int mapcount(long pfn) {
        long w = word((int) pfn);
        return w < 0 ? 0 : (int) ((w & MAP_MASK) >>> MAP_SHIFT);
    }

    public void setMapcount(long pfn, int mapcount) {
        assert mapcount >= 0 && mapcount <= MAX_MAPCOUNT : "mapcount out of range: " + mapcount;
        int i = (int) pfn;
        long w = word(i);
        assert w >= 0 || mapcount == 0 : "mapcount on a free page, pfn 0x" + Long.toHexString(pfn);
        if (w >= 0) {
            put(i, (w & ~MAP_MASK) | ((long) mapcount << MAP_SHIFT));
        }
    }

    /** Mirrors page_add_*_rmap()'s atomic_inc(&page->_mapcount). */
    public void incMapcount(long pfn) {
        int i = (int) pfn;
        long[] a = chunk[i >>> CHUNK_SHIFT];
        int j = i & CHUNK_MASK;
        if (a != null && a[j] >= 0) { // a touched chunk, not a free head: one read, one write
            long w = a[j];
            int m = (int) ((w & MAP_MASK) >>> MAP_SHIFT) + 1;
            assert m <= MAX_MAPCOUNT : "mapcount out of range: " + m;
            a[j] = (w & ~MAP_MASK) | ((long) m << MAP_SHIFT);
            return;
        }
        setMapcount(pfn, mapcount(pfn) + 1);
    }

    /** Mirrors page_remove_rmap(); returns the new mapcount. */
    public int decMapcount(long pfn) {
        int m = mapcount(pfn);
        assert m > 0 : "page_remove_rmap on an unmapped page, pfn 0x" + Long.toHexString(pfn);
        setMapcount(pfn, m - 1);
        return m - 1;
    }

    /** The set flags as the kernel's %pGp prints them: "referenced|uptodate|lru". */
    public String flagNames(long pfn) {
        int f = flags(pfn);
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
            if ((f & (1 << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(FLAG_NAMES[bit]);
            }
        }
        return sb.toString();
    }

    /** True when the frame heads a free block (PageBuddy()). */
    public boolean isBuddy(long pfn) {
        return word((int) pfn) < 0;
    }

    /**
     * Mirrors set_buddy_order() (__SetPageBuddy() + set_page_private()): the frame becomes the head
     * of a free block of {@code order}; its free-list links are set next by the caller. Precondition:
     * refcount 0, mapcount 0, no flag but PG_highmem (what free_pages_prepare() leaves); the zone
     * is kept.
     */
    public void setBuddy(long pfn, int order) {
        int i = (int) pfn;
        long w = word(i);
        if (w < 0) {
            put(i, (w & ~FREE_ORDER_MASK) | order);
            return;
        }
        assert (w & (REF_MASK | MAP_MASK)) == 0 : "free page with refcount or mapcount, pfn 0x" + Long.toHexString(pfn);
        assert ((int) w & FLAG_MASK & ~PG_highmem) == 0 : "free page with flags " + flagNames(pfn);
        long zone = (w & ZONE_MASK) >>> ZONE_SHIFT;
        put(i, FREE | order | (zone << FREE_ZONE_SHIFT) | ((w & PG_highmem) != 0 ? FREE_HIGHMEM : 0));
    }

    /**
     * Mirrors __ClearPageBuddy() + set_page_private(page, 0) when a block leaves the free lists:
     * the word returns to the page form with its zone and PG_highmem, order 0, refcount 0, unmapped.
     */
    public void clearBuddy(long pfn) {
        int i = (int) pfn;
        long w = word(i);
        if (w >= 0) {
            return;
        }
        long zone = (w >>> FREE_ZONE_SHIFT) & 0x7;
        put(i, (zone << ZONE_SHIFT) | ((w & FREE_HIGHMEM) != 0 ? PG_highmem : 0));
    }

    private long links(int i) {
        int c = i >>> CHUNK_SHIFT;
        if ((i & CHUNK_MASK) == 0) {
            return firstLinks[c];
        }
        long[] l = links[c];
        return l == null ? 0 : l[i & CHUNK_MASK];
    }

    private void putLinks(int i, long v) {
        int c = i >>> CHUNK_SHIFT;
        if ((i & CHUNK_MASK) == 0) {
            firstLinks[c] = v;
            return;
        }
        long[] l = links[c];
        if (l == null) {
            l = new long[CHUNK];
            links[c] = l;
        }
        l[i & CHUNK_MASK] = v;
    }

    /** lru.next of a free block head: the next block's pfn on its circular free list. */
    public int freeNext(long pfn) {
        assert word((int) pfn) < 0 : "free-list link of a page that is not free, pfn 0x" + Long.toHexString(pfn);
        return (int) (links((int) pfn) >>> 32);
    }

    /** lru.prev of a free block head. */
    public int freePrev(long pfn) {
        assert word((int) pfn) < 0 : "free-list link of a page that is not free, pfn 0x" + Long.toHexString(pfn);
        return (int) links((int) pfn);
    }

    public void setFreeNext(long pfn, int next) {
        int i = (int) pfn;
        assert word(i) < 0;
        putLinks(i, (links(i) & 0xffffffffL) | ((long) next << 32));
    }

    public void setFreePrev(long pfn, int prev) {
        int i = (int) pfn;
        assert word(i) < 0;
        putLinks(i, (links(i) & ~0xffffffffL) | (prev & 0xffffffffL));
    }

    /**
     * Both free-list links of a free block head at once (lru.next in the high half, lru.prev in the low
     * half): one look-up where freeNext() and freePrev() take two.
     */
    public long freeLinks(long pfn) {
        assert word((int) pfn) < 0 : "free-list link of a page that is not free, pfn 0x" + Long.toHexString(pfn);
        return links((int) pfn);
    }

    /** Sets both free-list links of a free block head at once: list_add()'s writes to the new entry. */
    public void setFreeLinks(long pfn, int next, int prev) {
        int i = (int) pfn;
        assert word(i) < 0;
        putLinks(i, ((long) next << 32) | (prev & 0xffffffffL));
    }

    /** Simulator bytes spent per frame of a materialised chunk (its words; links are held apart). */
    public static int bytesPerFrame() {
        return Long.BYTES;
    }
}
