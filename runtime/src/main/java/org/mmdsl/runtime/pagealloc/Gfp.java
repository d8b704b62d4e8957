package org.mmdsl.runtime.pagealloc;

/**
 * GFP flags with the bit values of Linux 6.1 (include/linux/gfp_types.h), so a mask prints as the
 * kernel's would.
 *
 * <pre>
 *   0x01 __GFP_DMA   0x02 __GFP_HIGHMEM   0x04 __GFP_DMA32   0x08 __GFP_MOVABLE      (zone modifiers)
 *   0x10 __GFP_RECLAIMABLE                                    (with 0x08: the migrate type)
 *   0x20 __GFP_HIGH  0x40 __GFP_IO  0x80 __GFP_FS  0x100 __GFP_ZERO  0x200 __GFP_ATOMIC
 *   0x400 __GFP_DIRECT_RECLAIM  0x800 __GFP_KSWAPD_RECLAIM  0x2000 __GFP_NOWARN  0x8000 __GFP_NOFAIL
 *   0x10000 __GFP_NORETRY  0x40000 __GFP_COMP  0x100000 __GFP_HARDWALL  0x400000 __GFP_ACCOUNT
 * </pre>
 */
public final class Gfp {
    private Gfp() {
    }

    public static final int __GFP_DMA = 1 << 0;
    public static final int __GFP_HIGHMEM = 1 << 1;
    public static final int __GFP_DMA32 = 1 << 2;
    public static final int __GFP_MOVABLE = 1 << 3;
    /** Slab pages a shrinker can free: MIGRATE_RECLAIMABLE (gfp_migratetype()); no zone effect. */
    public static final int __GFP_RECLAIMABLE = 1 << 4;
    public static final int __GFP_HIGH = 1 << 5;
    public static final int __GFP_IO = 1 << 6;
    public static final int __GFP_FS = 1 << 7;
    public static final int __GFP_ZERO = 1 << 8;
    public static final int __GFP_ATOMIC = 1 << 9;
    public static final int __GFP_DIRECT_RECLAIM = 1 << 10;
    public static final int __GFP_KSWAPD_RECLAIM = 1 << 11;
    public static final int __GFP_NOWARN = 1 << 13;
    public static final int __GFP_NOFAIL = 1 << 15;
    public static final int __GFP_NORETRY = 1 << 16;
    public static final int __GFP_COMP = 1 << 18;
    /** Enforce the cpuset memory policy (user allocations); no zone effect in the simulator. */
    public static final int __GFP_HARDWALL = 1 << 20;
    /** Only the preferred node's zones (ZONELIST_NOFALLBACK), no fallback to other nodes. */
    public static final int __GFP_THISNODE = 1 << 21;
    public static final int __GFP_ACCOUNT = 1 << 22;

    public static final int __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;

    public static final int GFP_ATOMIC = __GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
    public static final int GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
    public static final int GFP_NOWAIT = __GFP_KSWAPD_RECLAIM;
    public static final int GFP_NOIO = __GFP_RECLAIM;
    public static final int GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
    public static final int GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL;
    public static final int GFP_DMA = __GFP_DMA;
    public static final int GFP_DMA32 = __GFP_DMA32;
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;
    /** arch/x86/include/asm/pgalloc.h GFP_PGTABLE_USER: page-table pages come zeroed and accounted. */
    public static final int GFP_PGTABLE_USER = GFP_KERNEL_ACCOUNT | __GFP_ZERO;
    public static final int GFP_PGTABLE_KERNEL = GFP_KERNEL | __GFP_ZERO;

    /** Names the language accepts ({@link GfpFlag}, the one list): compound flags first, then the __GFP bits. */
    public static final String[] NAMES = new String[GfpFlag.values().length];

    static {
        for (GfpFlag f : GfpFlag.values()) {
            NAMES[f.ordinal()] = f.word();
        }
    }

    /** The value of a GFP name, or -1 if the name is not one the simulator knows. */
    public static int valueOf(String name) {
        GfpFlag f = GfpFlag.byWord(name);
        return f == null ? -1 : (int) f.value();
    }

    /** True when the caller may sleep (gfpflags_allow_blocking()). */
    public static boolean allowsBlocking(int gfp) {
        return (gfp & __GFP_DIRECT_RECLAIM) != 0;
    }
}
