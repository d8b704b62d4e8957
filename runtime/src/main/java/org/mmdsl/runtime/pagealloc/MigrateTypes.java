package org.mmdsl.runtime.pagealloc;

import java.util.List;
import org.mmdsl.runtime.arch.KernelModel;

/**
 * The migrate types of a kernel model (include/linux/mmzone.h enum migratetype), their names as
 * /proc/pagetypeinfo prints them (mm/page_alloc.c migratetype_names[]) and the fallback order of
 * __rmqueue_fallback() (mm/page_alloc.c fallbacks[]). The numbering differs between the models, so
 * every index here is the model's own:
 * <pre>
 *   6.1 (CONFIG_CMA, CONFIG_MEMORY_ISOLATION):  0 Unmovable  1 Movable      2 Reclaimable  3 HighAtomic  4 CMA  5 Isolate
 *   2.6.24:                                     0 Unmovable  1 Reclaimable  2 Movable      3 Reserve     4 Isolate
 * </pre>
 * The buddy allocator keeps one free list per (zone, type, order) and one type per pageblock.
 */
public final class MigrateTypes {

    /** Linux 6.1: fallbacks[] after commit 1dd214b8f21c (no MIGRATE_RESERVE, HighAtomic instead). */
    public static final MigrateTypes V6_1 = new MigrateTypes(false,
            new String[] {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"},
            0, 1, 2, 3, 4, 5, -1,
            new int[][] {{2, 1}, {2, 0}, {0, 1}});

    /** Linux 2.6.24, where /proc/pagetypeinfo first appeared: MIGRATE_RESERVE is the last resort. */
    public static final MigrateTypes V2_6 = new MigrateTypes(true,
            new String[] {"Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate"},
            0, 2, 1, -1, -1, 4, 3,
            new int[][] {{1, 2}, {0, 2}, {1, 0}});

    private final boolean v26;
    private final String[] names;
    public final int unmovable;
    public final int movable;
    public final int reclaimable;
    /** MIGRATE_HIGHATOMIC, or -1 (2.6.24). */
    public final int highatomic;
    /** MIGRATE_CMA, or -1 (2.6.24). */
    public final int cma;
    public final int isolate;
    /** MIGRATE_RESERVE, or -1 (6.1). */
    public final int reserve;
    /** fallbacks[start] for the three types a GFP mask can ask for (MIGRATE_PCPTYPES). */
    private final int[][] fallbacks;

    private MigrateTypes(boolean v26, String[] names, int unmovable, int movable, int reclaimable, int highatomic,
            int cma, int isolate, int reserve, int[][] fallbacks) {
        this.v26 = v26;
        this.names = names;
        this.unmovable = unmovable;
        this.movable = movable;
        this.reclaimable = reclaimable;
        this.highatomic = highatomic;
        this.cma = cma;
        this.isolate = isolate;
        this.reserve = reserve;
        this.fallbacks = fallbacks;
    }

    /** The migrate types of a kernel model. */
    public static MigrateTypes of(KernelModel model) {
        return model == KernelModel.V2_6 ? V2_6 : V6_1;
    }

    /** migratetype_names[], in the model's order. */
    public List<String> names() {
        return List.of(names);
    }

    /** MIGRATE_TYPES. */
    public int count() {
        return names.length;
    }

    /** migratetype_names[type]. */
    public String name(int type) {
        return names[type];
    }

    /** Whether these are 2.6.24's types (its __rmqueue_fallback() and MIGRATE_RESERVE). */
    public boolean is26() {
        return v26;
    }

    /**
     * fallbacks[start][i] (i = 0, 1), the types an allocation of type {@code start} may take from in
     * that order; start is one of the three types a GFP mask selects. The table is indexed by the
     * types' numbers, which are 0..2 for those three in both models.
     */
    public int fallback(int start, int i) {
        return fallbacks[start][i];
    }

    /**
     * Mirrors gfp_migratetype() (6.1, include/linux/gfp.h) and 2.6.24's allocflags_to_migratetype():
     * __GFP_MOVABLE selects MIGRATE_MOVABLE, __GFP_RECLAIMABLE MIGRATE_RECLAIMABLE, neither
     * MIGRATE_UNMOVABLE (GFP_KERNEL), both is a bug the kernel warns about (treated as movable here).
     */
    public int ofGfp(int gfp) {
        if ((gfp & Gfp.__GFP_MOVABLE) != 0) {
            return movable;
        }
        if ((gfp & Gfp.__GFP_RECLAIMABLE) != 0) {
            return reclaimable;
        }
        return unmovable;
    }

    /** Mirrors migratetype_is_mergeable(): the types below MIGRATE_PCPTYPES. */
    public boolean mergeable(int type) {
        return type == unmovable || type == movable || type == reclaimable;
    }
}
