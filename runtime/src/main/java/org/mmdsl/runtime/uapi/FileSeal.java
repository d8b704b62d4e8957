package org.mmdsl.runtime.uapi;

/**
 * The seals of a memfd a scenario adds with {@code fcntl FD F_ADD_SEALS F_SEAL_WRITE | F_SEAL_SHRINK}
 * (include/uapi/linux/fcntl.h, with its comments as the doc lines). Values: {@link Fcntl}; releases from
 * the kernel's git history. The rules that apply them are mm/memfd.c's (Task.addSeals(), the mmap and
 * write checks); F_ADD_SEALS itself is {@link KernelFeature#FILE_SEALS}.
 */
public enum FileSeal implements KernelWord {
    SEAL(Fcntl.F_SEAL_SEAL, "3.17", "prevent further seals from being set"),
    SHRINK(Fcntl.F_SEAL_SHRINK, "3.17", "prevent file from shrinking"),
    GROW(Fcntl.F_SEAL_GROW, "3.17", "prevent file from growing"),
    WRITE(Fcntl.F_SEAL_WRITE, "3.17", "prevent writes"),
    FUTURE_WRITE(Fcntl.F_SEAL_FUTURE_WRITE, "5.1", "prevent future writes while mapped"),
    EXEC(Fcntl.F_SEAL_EXEC, "6.3", "prevent chmod modifying exec bits");

    private final int value;
    private final String since;
    private final String doc;

    FileSeal(int value, String since, String doc) {
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The seal a scenario spells {@code word} ("F_SEAL_WRITE"), or null. */
    public static FileSeal byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    /**
     * F_ALL_SEALS of {@code version}: the seals that release knows, so memfd_add_seals() refuses any
     * other bit with EINVAL (6.1 has no F_SEAL_EXEC). Allocates nothing.
     */
    public static int allSeals(KernelVersion version) {
        int all = 0;
        for (FileSeal s : VALUES) {
            if (version.has(s)) {
                all |= s.value;
            }
        }
        return all;
    }

    private static final FileSeal[] VALUES = values();

    /** The seal's bit. */
    public int bit() {
        return value;
    }

    /** The word as the kernel spells it: a scenario writes the kernel's name. */
    @Override
    public String word() {
        return kernelName();
    }

    @Override
    public String kernelName() {
        return "F_SEAL_" + name();
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
