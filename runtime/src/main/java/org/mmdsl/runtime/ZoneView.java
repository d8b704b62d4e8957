package org.mmdsl.runtime;

/**
 * A zone's boundaries and sizes as /proc/zoneinfo reports them (pfns and pages), with its
 * watermarks (min/low/high, mm/page_alloc.c __setup_per_zone_wmarks()) and its free pages now.
 */
public record ZoneView(String name, long startPfn, long endPfn, long spanned, long present, long managed,
        long min, long low, long high, long free) {

    /** The watermark or the free count a scenario names by {@code mark}. */
    public long mark(org.mmdsl.runtime.zone.ZoneMark mark) {
        return switch (mark) {
            case MIN -> min;
            case LOW -> low;
            case HIGH -> high;
            case FREE -> free;
        };
    }
}
