package org.mmdsl.runtime.uapi;

/** mlockall() flags (include/uapi/asm-generic/mman.h). Values: {@link Mman}. */
public enum MlockallFlag implements KernelWord {
    CURRENT("current", Mman.MCL_CURRENT, null,
            "lock every page mapped now"),
    FUTURE("future", Mman.MCL_FUTURE, null,
            "lock every mapping made from now on (VM_LOCKED by default)"),
    ONFAULT("onfault", Mman.MCL_ONFAULT, "4.4",
            "with CURRENT or FUTURE: lock pages as they are faulted in");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    MlockallFlag(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The flag a scenario spells {@code word}, or null. */
    public static MlockallFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "MCL_" + name();
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
