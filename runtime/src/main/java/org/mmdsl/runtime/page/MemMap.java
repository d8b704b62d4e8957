package org.mmdsl.runtime.page;

/**
 * struct page for every frame of the machine, as primitive arrays indexed by pfn: 8 bytes of simulator
 * memory per simulated 4 KB frame, where the kernel spends 40 (i386) or 64 (x86_64).
 *
 * <pre>
 *   flags[pfn]  (int)   bits  0..19  PG_* flags (the constants below)
 *                       bits 20..23  buddy order of a free block head (valid with PG_buddy), or the
 *                                    compound order of a head page (valid with PG_head)
 *                       bits 24..26  zone index (ZONE_DMA = 0, ...), set once at boot (set_page_zone)
 *   counts[pfn] (int)   bits  0..15  _refcount  (page_ref_count), 0..32767
 *                       bits 16..31  _mapcount + 1 (page_mapcount(); the kernel stores -1 for "unmapped")
 * </pre>
 * The kernel also keeps mapping/index and lru links in struct page; the simulator keeps those where
 * it needs them (VMAs know their file offsets; the buddy allocator keeps its own free lists).
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
    private static final int ORDER_MASK = 0xf << ORDER_SHIFT;
    private static final int ZONE_SHIFT = 24;
    private static final int ZONE_MASK = 0x7 << ZONE_SHIFT;
    private static final int REF_MASK = 0xffff;
    private static final int MAP_SHIFT = 16;
    public static final int MAX_REFCOUNT = 0x7fff;

    private static final String[] FLAG_NAMES = {
        "locked", "referenced", "uptodate", "dirty", "lru", "active", "slab", "reserved", "private",
        "writeback", "head", "swapbacked", "unevictable", "mlocked", "highmem", "buddy", "table", "anon", "tail"};

    private final int[] flags;
    private final int[] counts;

    /** A memmap for pfns [0, nrPfns): every frame starts with no flags, refcount 0, unmapped. */
    public MemMap(int nrPfns) {
        flags = new int[nrPfns];
        counts = new int[nrPfns];
    }

    /** One past the highest pfn that has a struct page. */
    public int size() {
        return flags.length;
    }

    /** Mirrors pfn_valid() for a FLATMEM memmap: a struct page exists for the pfn. */
    public boolean pfnValid(long pfn) {
        return pfn >= 0 && pfn < flags.length;
    }

    public boolean test(long pfn, int flag) {
        return (flags[(int) pfn] & flag) != 0;
    }

    public void set(long pfn, int flag) {
        flags[(int) pfn] |= flag;
    }

    public void clear(long pfn, int flag) {
        flags[(int) pfn] &= ~flag;
    }

    /** All PG_* bits of a frame. */
    public int flags(long pfn) {
        return flags[(int) pfn] & FLAG_MASK;
    }

    /** The order stored with a buddy head or compound head (page_private() / compound_order()). */
    public int order(long pfn) {
        return (flags[(int) pfn] & ORDER_MASK) >>> ORDER_SHIFT;
    }

    public void setOrder(long pfn, int order) {
        int i = (int) pfn;
        flags[i] = (flags[i] & ~ORDER_MASK) | (order << ORDER_SHIFT);
    }

    /** Mirrors page_zonenum(). */
    public int zone(long pfn) {
        return (flags[(int) pfn] & ZONE_MASK) >>> ZONE_SHIFT;
    }

    /** Mirrors set_page_zone(); called once per frame at boot. */
    public void setZone(long pfn, int zoneIdx) {
        int i = (int) pfn;
        flags[i] = (flags[i] & ~ZONE_MASK) | (zoneIdx << ZONE_SHIFT);
    }

    /** Mirrors page_ref_count(). */
    public int refcount(long pfn) {
        return counts[(int) pfn] & REF_MASK;
    }

    /** Mirrors set_page_refcounted()/init_page_count() for any value. */
    public void setRefcount(long pfn, int ref) {
        assert ref >= 0 && ref <= MAX_REFCOUNT : "refcount out of range: " + ref;
        int i = (int) pfn;
        counts[i] = (counts[i] & ~REF_MASK) | ref;
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
        return (counts[(int) pfn] >>> MAP_SHIFT) & 0xffff;
    }

    public void setMapcount(long pfn, int mapcount) {
        assert mapcount >= 0 && mapcount < 0xffff : "mapcount out of range: " + mapcount;
        int i = (int) pfn;
        counts[i] = (counts[i] & REF_MASK) | (mapcount << MAP_SHIFT);
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

    /** Simulator bytes spent per frame by this class (two int arrays). */
    public static int bytesPerFrame() {
        return Integer.BYTES * 2;
    }
}
