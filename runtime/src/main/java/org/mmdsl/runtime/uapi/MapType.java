package org.mmdsl.runtime.uapi;

/**
 * The sharing type of a mapping, the MAP_TYPE bits of mmap()'s flags ({@code mmap buf 16KB rw-
 * private anon}): exactly one is required (EINVAL otherwise).
 */
public enum MapType implements KernelWord {
    PRIVATE("private", Mman.MAP_PRIVATE, null,
            "writes are copy-on-write, never reach the file or other mappings"),
    SHARED("shared", Mman.MAP_SHARED, null,
            "writes go to the shared page cache page"),
    SHARED_VALIDATE("shared_validate", Mman.MAP_SHARED_VALIDATE, "4.15",
            "MAP_SHARED that fails with EOPNOTSUPP on a flag the kernel does not know");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    MapType(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The sharing type a scenario spells {@code word}, or null. */
    public static MapType byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "MAP_" + name();
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
