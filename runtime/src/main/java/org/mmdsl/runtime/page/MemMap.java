package org.mmdsl.runtime.page;

/**
 * struct page for every frame of the machine, one long per pfn: 8 bytes of simulator memory per
 * simulated 4 KB frame, where the kernel spends 40 (i386) or 64 (x86_64). The buddy allocator's
 * free lists live in the same word (measured by mmdsl.bench BytesPerFrame; it was 16 B/frame with
 * separate next/prev arrays).
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
 *     bits  8..34  pfn of the next block on free_area[order] (lru.next), circular
 *     bits 35..61  pfn of the previous block (lru.prev)
 * </pre>
 * 27-bit links address 2^27 frames (512 GB); the simulator boots at most 64 GB. The kernel also
 * keeps mapping/index in struct page; the simulator keeps those where it needs them (VMAs know
 * their file offsets).
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
    private static final int NEXT_SHIFT = 8;
    private static final int PREV_SHIFT = 35;
    private static final long LINK_MASK = (1L << 27) - 1;
    /** Frames a memmap can hold with 27-bit free-list links. */
    public static final int MAX_PFNS = 1 << 27;

    private static final String[] FLAG_NAMES = {
        "locked", "referenced", "uptodate", "dirty", "lru", "active", "slab", "reserved", "private",
        "writeback", "head", "swapbacked", "unevictable", "mlocked", "highmem", "buddy", "table", "anon", "tail"};

    private final long[] page;

    /** A memmap for pfns [0, nrPfns): every frame starts with no flags, refcount 0, unmapped. */
    public MemMap(int nrPfns) {
        if (nrPfns < 0 || nrPfns > MAX_PFNS) {
            throw new IllegalArgumentException("memmap of " + nrPfns + " frames: at most " + MAX_PFNS);
        }
        page = new long[nrPfns];
    }

    /** One past the highest pfn that has a struct page. */
    public int size() {
        return page.length;
    }

    /** Mirrors pfn_valid() for a FLATMEM memmap: a struct page exists for the pfn. */
    public boolean pfnValid(long pfn) {
        return pfn >= 0 && pfn < page.length;
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
        assert page[i] >= 0 && (flag & PG_buddy) == 0 : "set flags on a free page, pfn 0x" + Long.toHexString(pfn);
        if (page[i] < 0) {
            return; // never corrupt the free-list links (asserted above under CONFIG_DEBUG_VM)
        }
        page[i] |= flag & FLAG_MASK;
    }

    /** Clears PG_* bits; clearing PG_buddy of a free block head is {@link #clearBuddy}. */
    public void clear(long pfn, int flag) {
        int i = (int) pfn;
        if (page[i] < 0) {
            if ((flag & PG_buddy) != 0) {
                clearBuddy(pfn);
            } else if ((flag & PG_highmem) != 0) {
                page[i] &= ~FREE_HIGHMEM;
            }
            return;
        }
        page[i] &= ~(long) (flag & FLAG_MASK);
    }

    /** All PG_* bits of a frame. */
    public int flags(long pfn) {
        long w = page[(int) pfn];
        if (w < 0) {
            return PG_buddy | ((w & FREE_HIGHMEM) != 0 ? PG_highmem : 0);
        }
        return (int) w & FLAG_MASK;
    }

    /** The order stored with a buddy head or compound head (page_private() / compound_order()). */
    public int order(long pfn) {
        long w = page[(int) pfn];
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
        long w = page[i];
        page[i] = w < 0 ? (w & ~FREE_ORDER_MASK) | order : (w & ~ORDER_MASK) | ((long) order << ORDER_SHIFT);
    }

    /**
     * Mirrors __init_single_page() with the boot's reservation over [start, end): each frame PG_reserved
     * (and PG_highmem when {@code highmem}), refcount 1, in zone {@code zoneIdx}, nothing else, as
     * set(PG_reserved), setRefcount(1) and setZone() would leave it, one word per frame in one pass
     * (the boot of a large machine writes every frame). Only for frames not yet in the allocator.
     */
    public void initReservedRange(long start, long end, int zoneIdx, boolean highmem) {
        long w = ((PG_reserved | (highmem ? PG_highmem : 0)) & FLAG_MASK) | (1L << REF_SHIFT)
                | ((long) zoneIdx << ZONE_SHIFT);
        java.util.Arrays.fill(page, (int) start, (int) end, w);
    }

    /** Mirrors page_zonenum(). */
    public int zone(long pfn) {
        long w = page[(int) pfn];
        return w < 0 ? (int) (w >>> FREE_ZONE_SHIFT) & 0x7 : (int) ((w & ZONE_MASK) >>> ZONE_SHIFT);
    }

    /** Mirrors set_page_zone(); called once per frame at boot, before the frame is freed. */
    public void setZone(long pfn, int zoneIdx) {
        int i = (int) pfn;
        assert page[i] >= 0 : "set_page_zone on a free page";
        page[i] = (page[i] & ~ZONE_MASK) | ((long) zoneIdx << ZONE_SHIFT);
    }

    /** Mirrors page_ref_count() (0 for a free block head). */
    public int refcount(long pfn) {
        long w = page[(int) pfn];
        return w < 0 ? 0 : (int) ((w & REF_MASK) >>> REF_SHIFT);
    }

    /** Mirrors set_page_refcounted()/init_page_count() for any value. */
    public void setRefcount(long pfn, int ref) {
        assert ref >= 0 && ref <= MAX_REFCOUNT : "refcount out of range: " + ref;
        int i = (int) pfn;
        if (page[i] < 0) {
            assert ref == 0 : "set_page_count(" + ref + ") on a free page, pfn 0x" + Long.toHexString(pfn);
            return;
        }
        page[i] = (page[i] & ~REF_MASK) | ((long) ref << REF_SHIFT);
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
        long w = page[(int) pfn];
        return w < 0 ? 0 : (int) ((w & MAP_MASK) >>> MAP_SHIFT);
    }

    public void setMapcount(long pfn, int mapcount) {
        assert mapcount >= 0 && mapcount <= MAX_MAPCOUNT : "mapcount out of range: " + mapcount;
        int i = (int) pfn;
        assert page[i] >= 0 || mapcount == 0 : "mapcount on a free page, pfn 0x" + Long.toHexString(pfn);
        if (page[i] >= 0) {
            page[i] = (page[i] & ~MAP_MASK) | ((long) mapcount << MAP_SHIFT);
        }
    }

    /** Mirrors page_add_*_rmap()'s atomic_inc(&page->_mapcount). */
    public void incMapcount(long pfn) {
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
        return page[(int) pfn] < 0;
    }

    /**
     * Mirrors set_buddy_order() (__SetPageBuddy() + set_page_private()): the frame becomes the head
     * of a free block of {@code order}; its word now holds the free-list links, which the caller
     * sets next. Precondition: refcount 0, mapcount 0, no flag but PG_highmem (what
     * free_pages_prepare() leaves); the zone is kept.
     */
    public void setBuddy(long pfn, int order) {
        int i = (int) pfn;
        long w = page[i];
        if (w < 0) {
            page[i] = (w & ~FREE_ORDER_MASK) | order;
            return;
        }
        assert (w & (REF_MASK | MAP_MASK)) == 0 : "free page with refcount or mapcount, pfn 0x" + Long.toHexString(pfn);
        assert ((int) w & FLAG_MASK & ~PG_highmem) == 0 : "free page with flags " + flagNames(pfn);
        long zone = (w & ZONE_MASK) >>> ZONE_SHIFT;
        page[i] = FREE | order | (zone << FREE_ZONE_SHIFT) | ((w & PG_highmem) != 0 ? FREE_HIGHMEM : 0);
    }

    /**
     * Mirrors __ClearPageBuddy() + set_page_private(page, 0) when a block leaves the free lists:
     * the word returns to the page form with its zone and PG_highmem, order 0, refcount 0, unmapped.
     */
    public void clearBuddy(long pfn) {
        int i = (int) pfn;
        long w = page[i];
        if (w >= 0) {
            return;
        }
        long zone = (w >>> FREE_ZONE_SHIFT) & 0x7;
        page[i] = (zone << ZONE_SHIFT) | ((w & FREE_HIGHMEM) != 0 ? PG_highmem : 0);
    }

    /** lru.next of a free block head: the next block's pfn on its circular free list. */
    public int freeNext(long pfn) {
        long w = page[(int) pfn];
        assert w < 0 : "free-list link of a page that is not free, pfn 0x" + Long.toHexString(pfn);
        return (int) ((w >>> NEXT_SHIFT) & LINK_MASK);
    }

    /** lru.prev of a free block head. */
    public int freePrev(long pfn) {
        long w = page[(int) pfn];
        assert w < 0 : "free-list link of a page that is not free, pfn 0x" + Long.toHexString(pfn);
        return (int) ((w >>> PREV_SHIFT) & LINK_MASK);
    }

    public void setFreeNext(long pfn, int next) {
        int i = (int) pfn;
        assert page[i] < 0;
        page[i] = (page[i] & ~(LINK_MASK << NEXT_SHIFT)) | ((long) next << NEXT_SHIFT);
    }

    public void setFreePrev(long pfn, int prev) {
        int i = (int) pfn;
        assert page[i] < 0;
        page[i] = (page[i] & ~(LINK_MASK << PREV_SHIFT)) | ((long) prev << PREV_SHIFT);
    }

    /** Simulator bytes spent per frame by this class (one long array; free-list links included). */
    public static int bytesPerFrame() {
        return Long.BYTES;
    }
}
