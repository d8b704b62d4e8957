package org.mmdsl.runtime.uapi;

/**
 * PROT_* bits: the letters of a PROT ({@code rw-}, as maps prints them) and mprotect()'s
 * {@code growsdown}/{@code growsup}. Values: {@link Mman}.
 */
public enum Prot implements KernelWord {
    READ("r", Mman.PROT_READ, null,
            "the pages may be read"),
    WRITE("w", Mman.PROT_WRITE, null,
            "the pages may be written"),
    EXEC("x", Mman.PROT_EXEC, null,
            "the pages may be executed"),
    GROWSDOWN("growsdown", Mman.PROT_GROWSDOWN, null,
            "mprotect(): extend the change down to the start of a growsdown VMA"),
    GROWSUP("growsup", Mman.PROT_GROWSUP, null,
            "mprotect(): extend the change up to the end of a growsup VMA (none on x86: EINVAL)");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    Prot(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The PROT bit a scenario spells {@code word}, or null. */
    public static Prot byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "PROT_" + name();
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
