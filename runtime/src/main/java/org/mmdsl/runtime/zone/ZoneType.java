package org.mmdsl.runtime.zone;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * enum zone_type (include/linux/mmzone.h) with the names zone_names[] gives the zones, which are
 * what a scenario writes ({@code expect zone HighMem start 0x36ffe000}) and /proc/zoneinfo prints.
 * Which zones a machine has is the boot's (Setup); the value is the position in the full enum, not
 * a booted zone's index.
 */
public enum ZoneType implements KernelWord {
    DMA("DMA", null,
            "the first 16 MB, for ISA devices that address 24 bits"),
    DMA32("DMA32", "2.6.15",
            "below 4 GB, for devices that address 32 bits (x86_64)"),
    NORMAL("Normal", null,
            "memory the kernel maps permanently (the direct map)"),
    HIGHMEM("HighMem", null,
            "i386: RAM above the direct map, reached through kmap"),
    MOVABLE("Movable", "2.6.23",
            "pages that migration can move, for memory hot-remove and huge pages"),
    DEVICE("Device", "4.3",
            "device memory with struct pages (ZONE_DEVICE: persistent memory, HMM)");

    private final String word;
    private final String since;
    private final String doc;

    ZoneType(String word, String since, String doc) {
        this.word = word;
        this.since = since;
        this.doc = doc;
    }

    /** The zone type called {@code word} ("HighMem"), or null. */
    public static ZoneType byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "ZONE_" + name();
    }

    @Override
    public long value() {
        return ordinal();
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String doc() {
        return doc;
    }
}
