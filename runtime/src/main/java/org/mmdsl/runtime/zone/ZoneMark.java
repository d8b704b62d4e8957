package org.mmdsl.runtime.zone;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The counts of a zone a scenario checks by a plain word ({@code expect zone Normal min 911}): its three
 * watermarks (enum zone_watermarks, include/linux/mmzone.h; zone->pages_min/low/high before 2.6.31) and
 * its free pages now, as /proc/zoneinfo prints them ("pages free", "min", "low", "high"). How the
 * watermarks are set is {@link Watermarks}; the runtime's answer for a word is ZoneView.mark().
 *
 * <p>Does not hold zoneinfo's start, end, spanned, present and managed: the grammar spells those as its
 * own enum (ZoneField).
 */
public enum ZoneMark implements KernelWord {
    MIN("min", "WMARK_MIN",
            "below it an allocation must reclaim directly; the reserve for atomic allocations (vm.min_free_kbytes)"),
    LOW("low", "WMARK_LOW",
            "below it the page allocator wakes kswapd"),
    HIGH("high", "WMARK_HIGH",
            "kswapd reclaims until the zone's free pages are above it, then sleeps"),
    FREE("free", "NR_FREE_PAGES",
            "the zone's free pages now (zoneinfo's \"pages free\")");

    private final String word;
    private final String kernelName;
    private final String doc;

    ZoneMark(String word, String kernelName, String doc) {
        this.word = word;
        this.kernelName = kernelName;
        this.doc = doc;
    }

    /** The mark a scenario spells {@code word} ("min"), or null. */
    public static ZoneMark byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    /** Its position: the watermarks' index in zone->_watermark[] for the first three. */
    @Override
    public long value() {
        return ordinal();
    }

    /** Older than 2.6.24 (as pages_min, pages_low, pages_high and the free_pages count). */
    @Override
    public String since() {
        return null;
    }

    @Override
    public String doc() {
        return doc;
    }
}
