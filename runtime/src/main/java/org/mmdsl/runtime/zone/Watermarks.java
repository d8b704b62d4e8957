package org.mmdsl.runtime.zone;

import java.util.List;

/**
 * The zone watermark arithmetic of mm/page_alloc.c (calculate_min_free_kbytes(),
 * __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve()) and mm/khugepaged.c
 * (set_recommended_min_free_kbytes()), as RULES.md 3.4 states it. All functions take the zones as
 * they are (managed pages set) and write the results into them.
 */
public final class Watermarks {
    private Watermarks() {
    }

    /** sysctl vm.watermark_scale_factor default. */
    public static final int WATERMARK_SCALE_FACTOR = 10;
    /** SWAP_CLUSTER_MAX: the least a highmem zone's min watermark can be. */
    public static final long SWAP_CLUSTER_MAX = 32;
    /** MIGRATE_PCPTYPES. */
    public static final int MIGRATE_PCPTYPES = 3;

    /**
     * Mirrors nr_free_zone_pages(): Σ max(managed - high, 0) over the zones with index &lt;=
     * highestIdx (nr_free_buffer_pages() is highestIdx = ZONE_NORMAL).
     */
    public static long nrFreeZonePages(List<Zone> zones, int highestIdx) {
        long sum = 0;
        for (Zone z : zones) {
            if (z.index() <= highestIdx && z.managed() > z.high()) {
                sum += z.managed() - z.high();
            }
        }
        return sum;
    }

    /** Mirrors calculate_min_free_kbytes(): int_sqrt(16 * lowmem_kB), clamped to [128, 262144]. */
    public static long calculateMinFreeKbytes(List<Zone> zones, int normalIdx) {
        long lowmemKb = nrFreeZonePages(zones, normalIdx) * 4;
        long v = intSqrt(lowmemKb * 16);
        return Math.max(128, Math.min(262144, v));
    }

    /**
     * Mirrors set_recommended_min_free_kbytes() with THP enabled: 2 + 3*3 pageblocks per zone up
     * to ZONE_NORMAL, at most 5 % of nr_free_buffer_pages(); returns the larger of that and
     * {@code minFreeKbytes}.
     */
    public static long recommendedMinFreeKbytes(List<Zone> zones, int normalIdx, int pageblockPages, long minFreeKbytes) {
        int nrZones = 0;
        for (Zone z : zones) {
            if (z.populated() && z.index() <= normalIdx) {
                nrZones++;
            }
        }
        long rec = (long) pageblockPages * nrZones * 2;
        rec += (long) pageblockPages * nrZones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
        rec = Math.min(rec, nrFreeZonePages(zones, normalIdx) / 20);
        rec <<= 2;
        return Math.max(rec, minFreeKbytes);
    }

    /**
     * Mirrors __setup_per_zone_wmarks(): min is the zone's share of min_free_kbytes among lowmem
     * zones (highmem zones: managed/1024 clamped to [32, 128]); low and high add one and two times
     * max(tmp/4, managed * watermark_scale_factor / 10000).
     */
    public static void setupPerZoneWmarks(List<Zone> zones, long minFreeKbytes) {
        long pagesMin = minFreeKbytes >> 2;
        long lowmemPages = 0;
        for (Zone z : zones) {
            if (!z.isHighmem()) {
                lowmemPages += z.managed();
            }
        }
        for (Zone z : zones) {
            long tmp = lowmemPages == 0 ? 0 : pagesMin * z.managed() / lowmemPages;
            long min;
            if (z.isHighmem()) {
                min = Math.max(SWAP_CLUSTER_MAX, Math.min(128, z.managed() / 1024));
            } else {
                min = tmp;
            }
            long d = Math.max(tmp >> 2, multFrac(z.managed(), WATERMARK_SCALE_FACTOR, 10000));
            z.setWatermarks(min, min + d, min + 2 * d);
        }
    }

    /**
     * Mirrors setup_per_zone_lowmem_reserve(): lowmem_reserve[j] of zone i = Σ managed(i+1..j) /
     * ratio[i], 0 when the ratio is 0 or zone i manages nothing.
     */
    public static void setupLowmemReserve(List<Zone> zones, int[] ratio) {
        int n = zones.size();
        for (int i = 0; i < n - 1; i++) {
            Zone zone = zones.get(i);
            boolean clear = ratio[i] == 0 || zone.managed() == 0;
            long managed = 0;
            for (int j = i + 1; j < n; j++) {
                managed += zones.get(j).managed();
                zone.setLowmemReserve(j, clear ? 0 : managed / ratio[i]);
            }
        }
    }

    /**
     * Mirrors 2.6.24 mm/page_alloc.c init_per_zone_pages_min(): int_sqrt(16 * lowmem_kB) clamped to
     * [128, 65536], where lowmem_kB is nr_free_buffer_pages() = Σ (present - pages_high) over the
     * zones up to ZONE_NORMAL. 2.6.24 has no managed pages: it counts present_pages (which its
     * free_area_init_core() already reduced by the memmap). Does not set the watermarks.
     */
    public static long calculateMinFreeKbytes26(List<Zone> zones, int normalIdx) {
        long sum = 0;
        for (Zone z : zones) {
            if (z.index() <= normalIdx && z.present() > z.high()) {
                sum += z.present() - z.high();
            }
        }
        long v = intSqrt(sum * 4 * 16);
        return Math.max(128, Math.min(65536, v));
    }

    /**
     * Mirrors 2.6.24 mm/page_alloc.c setup_per_zone_pages_min(): tmp = pages_min * present /
     * lowmem_pages (present of the non-highmem zones); pages_min = tmp, or for a highmem zone
     * present/1024 clamped to [SWAP_CLUSTER_MAX, 128]; pages_low = pages_min + tmp/4 and pages_high
     * = pages_min + tmp/2. Unlike 6.1 there is no watermark_scale_factor term and no managed count.
     * Example, 1536 MB: Normal present 223520 of 227584 lowmem pages, min_free_kbytes 3816: tmp =
     * 954 * 223520 / 227584 = 936, so 936/1170/1404.
     */
    public static void setupPerZonePagesMin26(List<Zone> zones, long minFreeKbytes) {
        long pagesMin = minFreeKbytes >> 2;
        long lowmemPages = 0;
        for (Zone z : zones) {
            if (!z.isHighmem()) {
                lowmemPages += z.present();
            }
        }
        for (Zone z : zones) {
            long tmp = lowmemPages == 0 ? 0 : pagesMin * z.present() / lowmemPages;
            long min = z.isHighmem() ? Math.max(SWAP_CLUSTER_MAX, Math.min(128, z.present() / 1024)) : tmp;
            z.setWatermarks(min, min + (tmp >> 2), min + (tmp >> 1));
        }
    }

    /**
     * Mirrors 2.6.24 setup_per_zone_lowmem_reserve(): as 6.1's, but over present_pages (the
     * zone's realsize) and with 2.6.24's ratios (i386: DMA 256, Normal 32, HighMem 32).
     */
    public static void setupLowmemReserve26(List<Zone> zones, int[] ratio) {
        int n = zones.size();
        for (int i = 0; i < n - 1; i++) {
            Zone zone = zones.get(i);
            long present = 0;
            for (int j = i + 1; j < n; j++) {
                present += zones.get(j).present();
                zone.setLowmemReserve(j, present / Math.max(1, ratio[i]));
            }
        }
    }

    /** include/linux/math.h mult_frac(). */
    static long multFrac(long x, long numer, long denom) {
        return (x / denom) * numer + ((x % denom) * numer) / denom;
    }

    /** lib/math/int_sqrt.c: floor(sqrt(x)). */
    public static long intSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }
}
