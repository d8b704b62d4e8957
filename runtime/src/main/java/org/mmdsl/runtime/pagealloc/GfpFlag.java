package org.mmdsl.runtime.pagealloc;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The GFP names a scenario writes ({@code kmalloc obj 200B GFP_KERNEL|__GFP_NOWARN}): the compound
 * masks first, then the __GFP bits, each with its 6.1 value ({@link Gfp}) and one line of
 * include/linux/gfp_types.h's documentation. {@link Gfp#NAMES} and {@link Gfp#valueOf} read this list.
 */
public enum GfpFlag implements KernelWord {
    GFP_ATOMIC(Gfp.GFP_ATOMIC, null, null,
            "the caller cannot sleep: no reclaim, may use part of the reserves below the min watermark"),
    GFP_KERNEL(Gfp.GFP_KERNEL, null, null,
            "a normal kernel allocation: may sleep, reclaim, start I/O and call into filesystems"),
    GFP_KERNEL_ACCOUNT(Gfp.GFP_KERNEL_ACCOUNT, "4.5", null,
            "GFP_KERNEL charged to the memory cgroup of the caller"),
    GFP_NOWAIT(Gfp.GFP_NOWAIT, null, null,
            "no sleep and no direct reclaim, but kswapd is woken"),
    GFP_NOIO(Gfp.GFP_NOIO, null, null,
            "may reclaim but start no physical I/O"),
    GFP_NOFS(Gfp.GFP_NOFS, null, null,
            "may reclaim and start I/O, but not call into filesystems"),
    GFP_USER(Gfp.GFP_USER, null, null,
            "memory for user space the kernel also reaches directly; cpuset limits apply"),
    GFP_DMA(Gfp.GFP_DMA, null, null,
            "from ZONE_DMA (the first 16 MB)"),
    GFP_DMA32(Gfp.GFP_DMA32, null, null,
            "from ZONE_DMA32 (below 4 GB, x86_64)"),
    GFP_HIGHUSER(Gfp.GFP_HIGHUSER, null, null,
            "user pages that may come from ZONE_HIGHMEM"),
    GFP_HIGHUSER_MOVABLE(Gfp.GFP_HIGHUSER_MOVABLE, null, null,
            "user pages that may be highmem and that page migration may move"),
    __GFP_DMA(Gfp.__GFP_DMA, null, null,
            "zone modifier: ZONE_DMA only"),
    __GFP_HIGHMEM(Gfp.__GFP_HIGHMEM, null, null,
            "zone modifier: ZONE_HIGHMEM is allowed"),
    __GFP_DMA32(Gfp.__GFP_DMA32, null, null,
            "zone modifier: ZONE_DMA32 and below"),
    __GFP_MOVABLE(Gfp.__GFP_MOVABLE, null, null,
            "the page can be migrated; ZONE_MOVABLE is allowed"),
    __GFP_RECLAIMABLE(Gfp.__GFP_RECLAIMABLE, "2.6.24", null,
            "the page can be freed by a shrinker (slab caches): its pageblock is MIGRATE_RECLAIMABLE"),
    __GFP_HIGH(Gfp.__GFP_HIGH, null, null,
            "high priority: may use part of the reserve below the min watermark"),
    __GFP_IO(Gfp.__GFP_IO, null, null,
            "may start physical I/O"),
    __GFP_FS(Gfp.__GFP_FS, null, null,
            "may call into the filesystem layer"),
    __GFP_ZERO(Gfp.__GFP_ZERO, null, null,
            "return the memory zeroed"),
    __GFP_ATOMIC(Gfp.__GFP_ATOMIC, "4.4", "6.4",
            "the caller cannot reclaim or sleep and is of high priority (interrupt context)"),
    __GFP_DIRECT_RECLAIM(Gfp.__GFP_DIRECT_RECLAIM, "4.4", null,
            "the caller may enter direct reclaim (and so may sleep)"),
    __GFP_KSWAPD_RECLAIM(Gfp.__GFP_KSWAPD_RECLAIM, "4.4", null,
            "wake kswapd when the low watermark is reached"),
    __GFP_NOWARN(Gfp.__GFP_NOWARN, null, null,
            "print no allocation-failure warning"),
    __GFP_NOFAIL(Gfp.__GFP_NOFAIL, null, null,
            "retry for ever: the allocation cannot fail"),
    __GFP_NORETRY(Gfp.__GFP_NORETRY, null, null,
            "give up after one light attempt at reclaim; no OOM killer"),
    __GFP_COMP(Gfp.__GFP_COMP, null, null,
            "make a compound page: a head page and tail pages"),
    __GFP_HARDWALL(Gfp.__GFP_HARDWALL, null, null,
            "enforce the cpuset memory policy"),
    __GFP_ACCOUNT(Gfp.__GFP_ACCOUNT, "4.5", null,
            "charge the allocation to the memory cgroup");

    private final int value;
    private final String since;
    private final String removedIn;
    private final String doc;

    GfpFlag(int value, String since, String removedIn, String doc) {
        this.value = value;
        this.since = since;
        this.removedIn = removedIn;
        this.doc = doc;
    }

    /** The flag a scenario spells {@code word}, or null. */
    public static GfpFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return name();
    }

    @Override
    public String kernelName() {
        return name();
    }

    @Override
    public long value() {
        return value;
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String removedIn() {
        return removedIn;
    }

    @Override
    public String doc() {
        return doc;
    }
}
