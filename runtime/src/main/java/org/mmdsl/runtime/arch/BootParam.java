package org.mmdsl.runtime.arch;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The options of the boot statement ({@code boot ram 1536MB highmem vmalloc 256MB kernel 2.6}), in the
 * grammar's order: each is a kernel command-line parameter (mem=, vmalloc=, highmem=, reservetop=, pti=), a
 * kernel configuration (CONFIG_VMSPLIT_*, CONFIG_HIGHMEM) or what the machine has (e820 RAM, CPUs, the
 * TLB, a swap area). What each sets is a field of {@link BootParams}; the words after {@code arch} are
 * {@link ArchWord}, after {@code split} {@link Split}, after {@code kernel} the kernel versions.
 */
public enum BootParam implements KernelWord {
    RAM("ram", "e820 RAM", "the RAM the firmware's e820 map reports (QEMU/SeaBIOS layout)"),
    ARCH("arch", "ARCH", "the kernel flavour: i386 (2-level), i386 pae (3-level), x86_64 (4-level), x86_64 la57 (5-level paging)"),
    SPLIT("split", "CONFIG_VMSPLIT_*", "where PAGE_OFFSET puts the user/kernel boundary on i386"),
    HIGHMEM("highmem", "CONFIG_HIGHMEM, highmem=",
            "RAM above the direct map is ZONE_HIGHMEM, reached through kmap (mm/highmem.c); "
                    + "`highmem off` is CONFIG_NOHIGHMEM, `highmem SIZE` the highmem= parameter"),
    VMALLOC("vmalloc", "vmalloc=", "a larger vmalloc area lowers the lowmem limit (arch/x86/mm/init_32.c)"),
    MEM("mem", "mem=", "RAM above the limit is ignored (arch/x86/kernel/e820.c)"),
    CPUS("cpus", "NR_CPUS", "the number of CPUs (per-CPU areas, kmap_local slots)"),
    KERNEL("kernel", "the release", "which kernel the machine plays: its rules, layout and /proc formats"),
    TLB("tlb", "CPUID leaf 2", "the data TLB's geometry: entries and ways (entries / ways sets, a power of two)"),
    SWAP("swap", "swapon", "a swap area of that size, switched on at boot"),
    RESERVETOP("reservetop", "reservetop=",
            "i386: a hole of that size at the top of the kernel's address space (arch/x86/mm/pgtable.c parse_reservetop())"),
    KERNELCORE("kernelcore", "kernelcore=",
            "memory kept for allocations that cannot move; the rest of the highest zone becomes ZONE_MOVABLE"),
    MOVABLECORE("movablecore", "movablecore=",
            "memory for ZONE_MOVABLE, taken from the top of the highest zone (find_zone_movable_pfns_for_nodes())"),
    PTI("pti", "pti=",
            "x86_64: page-table isolation on or off (arch/x86/mm/pti.c): each process gets a user and a kernel PGD; off by default"),
    HIGHPTE("highpte", "CONFIG_HIGHPTE",
            "i386: user page tables come from ZONE_HIGHMEM and are mapped with kmap_atomic (2.6: its KM_PTE0 slot) to be walked"),
    THP("thp", "transparent_hugepage=",
            "x86_64: which anonymous VMAs get 2 MB pages on a fault: always, madvise (VM_HUGEPAGE only) or never (mm/huge_memory.c)"),
    HUGEPAGES("hugepages", "hugepages=",
            "x86_64: that many 2 MB pages reserved for hugetlbfs at boot, for MAP_HUGETLB (mm/hugetlb.c)"),
    NODES("nodes", "SRAT (qemu -numa node)",
            "x86_64: NUMA nodes, a count sharing the RAM or each node's RAM (`nodes 1GB,3GB`), `distance` the SLIT's remote distance (arch/x86/mm/numa.c)");

    private final String word;
    private final String kernelName;
    private final String doc;

    BootParam(String word, String kernelName, String doc) {
        this.word = word;
        this.kernelName = kernelName;
        this.doc = doc;
    }

    /** The option a scenario spells {@code word} ("vmalloc"), or null. */
    public static BootParam byWord(String word) {
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

    /** Its position: an option has no number. */
    @Override
    public long value() {
        return ordinal();
    }

    /** Each is older than 2.6.24. */
    @Override
    public String since() {
        return null;
    }

    @Override
    public String doc() {
        return doc;
    }
}
