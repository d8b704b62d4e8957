package org.mmdsl.runtime.arch;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The words of the boot statement's {@code arch} option ({@code arch i386 pae}, {@code arch x86_64 la57}):
 * an architecture and a paging variant of it, as arch/x86/Kconfig configures them. Which {@link Arch}
 * flavour a pair boots is {@link Arch#of}.
 */
public enum ArchWord implements KernelWord {
    I386("i386", "CONFIG_X86_32", null, null,
            "32-bit x86: 2-level paging, a user/kernel split, RAM above the direct map is HighMem"),
    X86_64("x86_64", "CONFIG_X86_64", null, null,
            "64-bit x86: 4-level paging, 128 TB of user space, all RAM in the direct map"),
    PAE("pae", "CONFIG_X86_PAE", null, I386,
            "i386 with 64-bit page-table entries: 3-level paging, NX, RAM up to 64 GB (HIGHMEM64G)"),
    LA57("la57", "CONFIG_X86_5LEVEL", "4.14", X86_64,
            "x86_64 with 5-level paging: 57-bit virtual addresses, 64 PB of user space (above 128 TB only for a hint there)");

    private final String word;
    private final String kernelName;
    private final String since;
    private final String doc;
    /** For a paging variant, the architecture it belongs to; null for an architecture. */
    public final ArchWord variantOf;

    ArchWord(String word, String kernelName, String since, ArchWord variantOf, String doc) {
        this.word = word;
        this.kernelName = kernelName;
        this.since = since;
        this.variantOf = variantOf;
        this.doc = doc;
    }

    /** The word a scenario spells {@code word} ("pae"), or null. */
    public static ArchWord byWord(String word) {
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

    /** Its position: an architecture has no number. */
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
