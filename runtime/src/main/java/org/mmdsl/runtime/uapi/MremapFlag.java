package org.mmdsl.runtime.uapi;

/** mremap() flags (include/uapi/linux/mman.h). Values: {@link Mman}. */
public enum MremapFlag implements KernelWord {
    MAYMOVE("maymove", Mman.MREMAP_MAYMOVE, null,
            "the mapping may move when it cannot grow in place"),
    FIXED("fixed", Mman.MREMAP_FIXED, null,
            "move the mapping to the given address, replacing what was there (with MREMAP_MAYMOVE)"),
    DONTUNMAP("dontunmap", Mman.MREMAP_DONTUNMAP, "5.7",
            "move the pages but leave the old range mapped, empty (with MREMAP_MAYMOVE)");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    MremapFlag(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The flag a scenario spells {@code word}, or null. */
    public static MremapFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "MREMAP_" + name();
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
    public String doc() {
        return doc;
    }
}
