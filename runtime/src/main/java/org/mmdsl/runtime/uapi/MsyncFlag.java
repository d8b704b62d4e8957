package org.mmdsl.runtime.uapi;

/** msync() flags (include/uapi/asm-generic/mman-common.h), in the grammar's order. Values: {@link Mman}. */
public enum MsyncFlag implements KernelWord {
    SYNC("sync", Mman.MS_SYNC, null,
            "write the dirty pages back and wait"),
    ASYNC("async", Mman.MS_ASYNC, null,
            "schedule the write-back, do not wait (a no-op since 2.6.19)"),
    INVALIDATE("invalidate", Mman.MS_INVALIDATE, null,
            "ask other mappings of the file to refresh (EBUSY on a locked range)");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    MsyncFlag(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The flag a scenario spells {@code word}, or null. */
    public static MsyncFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "MS_" + name();
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
