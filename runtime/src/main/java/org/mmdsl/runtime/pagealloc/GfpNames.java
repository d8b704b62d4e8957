package org.mmdsl.runtime.pagealloc;

/**
 * A GFP mask as the kernel prints it with %pGg (lib/vsprintf.c format_flags() over
 * include/trace/events/mmflags.h's names): the allocation-failure lines of {@link BuddyAllocator},
 * slab and vmalloc use it.
 */
final class GfpNames {
    private GfpNames() {
    }

    // include/trace/events/mmflags.h __def_gfpflag_names, in the kernel's order, limited to the
    // names Gfp defines.
    private static final String[] GFP_NAMES = {
        "GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER", "GFP_USER", "GFP_KERNEL_ACCOUNT", "GFP_KERNEL", "GFP_NOFS", "GFP_ATOMIC",
        "GFP_NOIO", "GFP_NOWAIT", "GFP_DMA", "__GFP_HIGHMEM", "GFP_DMA32", "__GFP_HIGH", "__GFP_ATOMIC", "__GFP_IO",
        "__GFP_FS", "__GFP_NOWARN", "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO", "__GFP_RECLAIMABLE", "__GFP_MOVABLE",
        "__GFP_HARDWALL", "__GFP_ACCOUNT", "__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"};
    private static final int[] GFP_VALUES = {
        Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_HIGHUSER, Gfp.GFP_USER, Gfp.GFP_KERNEL_ACCOUNT, Gfp.GFP_KERNEL, Gfp.GFP_NOFS,
        Gfp.GFP_ATOMIC, Gfp.GFP_NOIO, Gfp.GFP_NOWAIT, Gfp.GFP_DMA, Gfp.__GFP_HIGHMEM, Gfp.GFP_DMA32,
        Gfp.__GFP_HIGH, Gfp.__GFP_ATOMIC, Gfp.__GFP_IO, Gfp.__GFP_FS, Gfp.__GFP_NOWARN, Gfp.__GFP_NOFAIL,
        Gfp.__GFP_NORETRY, Gfp.__GFP_COMP, Gfp.__GFP_ZERO, Gfp.__GFP_RECLAIMABLE, Gfp.__GFP_MOVABLE, Gfp.__GFP_HARDWALL, Gfp.__GFP_ACCOUNT,
        Gfp.__GFP_RECLAIM, Gfp.__GFP_DIRECT_RECLAIM, Gfp.__GFP_KSWAPD_RECLAIM};

    /** Mirrors %pGg (lib/vsprintf.c format_flags()): "GFP_KERNEL|__GFP_ZERO"; leftover bits in hex. */
    public static String of(int gfp) {
        if (gfp == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        int rest = gfp;
        for (int i = 0; i < GFP_NAMES.length && rest != 0; i++) {
            int mask = GFP_VALUES[i];
            if (mask != 0 && (rest & mask) == mask) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(GFP_NAMES[i]);
                rest &= ~mask;
            }
        }
        if (rest != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
