package org.mmdsl.runtime.uapi;

/**
 * The flags a scenario gives open(2) ({@code open f "/srv/oracle/f8" O_RDWR}): one access mode, or
 * O_PATH. Values: {@link Fcntl}; releases from the kernel's git history. What each gives the open file
 * (its f_mode) is vma.OpenFileDescription's.
 *
 * <p>Does not hold O_CREAT, O_TRUNC, O_APPEND and the other creation and status flags: the language's
 * open takes one word, and the files a scenario opens exist (its {@code file} statements).
 */
public enum OpenFlag implements KernelWord {
    RDONLY(Fcntl.O_RDONLY, null, "open for reading only"),
    WRONLY(Fcntl.O_WRONLY, null, "open for writing only"),
    RDWR(Fcntl.O_RDWR, null, "open for reading and writing"),
    PATH(Fcntl.O_PATH, "2.6.39",
            "a descriptor for the path only: no read, write or mmap (fget() does not see it, EBADF)");

    private final long value;
    private final String since;
    private final String doc;

    OpenFlag(long value, String since, String doc) {
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The flag a scenario spells {@code word} ("O_RDWR"), or null. */
    public static OpenFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    /** The word as the kernel spells it: a scenario writes the kernel's name. */
    @Override
    public String word() {
        return kernelName();
    }

    @Override
    public String kernelName() {
        return "O_" + name();
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
