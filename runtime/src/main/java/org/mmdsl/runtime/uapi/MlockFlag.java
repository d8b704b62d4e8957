package org.mmdsl.runtime.uapi;

/** mlock2()'s flag (include/uapi/asm-generic/mman-common.h). Values: {@link Mman}. */
public enum MlockFlag implements KernelWord {
    ONFAULT("onfault", Mman.MLOCK_ONFAULT, "4.4",
            "lock the pages as they are faulted in, not all at once");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    MlockFlag(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The flag a scenario spells {@code word}, or null. */
    public static MlockFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "MLOCK_" + name();
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
