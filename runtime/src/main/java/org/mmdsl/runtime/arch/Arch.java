package org.mmdsl.runtime.arch;

/**
 * The kernel flavours the simulator boots, named after the recorded Debian 6.1 kernels:
 * {@code I386} = 686 (HIGHMEM4G, 2-level paging), {@code I386_PAE} = 686-pae (HIGHMEM64G, PAE),
 * {@code X86_64} = amd64 with 4-level paging, {@code X86_64_LA57} = amd64 with 5-level paging.
 */
public enum Arch {
    I386, I386_PAE, X86_64, X86_64_LA57;

    /**
     * The flavour {@code arch NAME [VARIANT]} boots: x86_64 with la57 is 5-level, any other variant of
     * x86_64 none; i386 with pae is PAE. Does not check that the variant belongs to the architecture
     * (the language's BootValidator says so).
     */
    public static Arch of(ArchWord name, ArchWord variant) {
        if (name == ArchWord.X86_64) {
            return variant == ArchWord.LA57 ? X86_64_LA57 : X86_64;
        }
        return variant == ArchWord.PAE ? I386_PAE : I386;
    }

    /** CONFIG_X86_32. */
    public boolean is32() {
        return this == I386 || this == I386_PAE;
    }

    /** CONFIG_X86_PAE (64-bit PTEs on i386; x86_64 page tables are always 64-bit). */
    public boolean pae() {
        return this == I386_PAE;
    }

    /** sizeof(struct page): 40 on the recorded i386 kernels (constants-i386.txt), 64 on x86_64. */
    public int structPageBytes() {
        return is32() ? 40 : 64;
    }

    /** pageblock_order = HUGETLB_PAGE_ORDER: 4 MiB large pages without PAE, 2 MiB otherwise. */
    public int pageblockOrder() {
        return this == I386 ? 10 : 9;
    }
}
