package org.mmdsl.runtime.arch;

import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * Which kernel a scenario plays: the textbook 2.6 kernel of the course books, the 6.1 kernel the
 * boot conformance data was recorded on (the default), or 6.18, the kernel of the proc-maps oracle
 * (6.1's kernel side with 6.18's address-space rules). Chosen by {@code boot ... kernel 2.6}; one value
 * per machine, in {@link BootParams#model} and {@code Kernel.model()}, so every rule that differs
 * between the two (boot layout, find_vma's mmap_cache, kmap_atomic's km_type slots) asks it.
 *
 * <p>The 2.6 model is Linux 2.6.24 for i386 (the first release after the i386/x86_64 merge, the
 * kernel of Mauerer's "Professional Linux Kernel Architecture", and the last layout before
 * 2.6.28's "x86: fix vmalloc_start" moved MAXMEM below VMALLOC_END): CONFIG_HIGHMEM4G (HIGHMEM64G
 * with {@code arch i386 pae}), VMSPLIT_3G, SMP with the Kconfig default NR_CPUS = 8, LOCAL_APIC,
 * IO_APIC, ACPI and PCI_MMCONFIG, no PARAVIRT, no DEBUG_HIGHMEM. What it shares with the books:
 * lowmem ends at 896 MB (LDD3 15.1 "The Memory Map of Address Types"; Love, Linux Kernel
 * Development ch. 11/15 "ZONE_HIGHMEM: above 896 MB"; Understanding the Linux Kernel 3rd ed. ch. 2
 * and 8 "Noncontiguous Memory Area Management", fig. 8-2). It is derived from the sources
 * (include/asm-x86/page_32.h MAXMEM, pgtable_32.h VMALLOC_START, highmem.h PKMAP_BASE,
 * fixmap_32.h enum fixed_addresses, kmap_types.h enum km_type; arch/x86/kernel/setup_32.c
 * zone_sizes_init(); arch/x86/mm/init_32.c mem_init(); mm/mmap.c find_vma()), not recorded.
 */
public enum KernelModel {
    V2_6(KernelVersion.V2_6),
    V6_1(KernelVersion.V6_1),
    /**
     * The kernel the proc-maps oracle was recorded on (6.18, x86_64): its process rules
     * ({@link KernelVersion#V6_18}: [vvar_vclock], MAP_STACK's VM_NOHUGEPAGE, THP alignment of anonymous
     * maps, the [heap] label). The kernel side (boot layout, zones, kmap) is 6.1's model.
     */
    V6_18(KernelVersion.V6_18);

    /** How a scenario names it: {@code kernel 2.6}. */
    public final String label;
    /** The release whose sources the model follows. */
    public final String release;
    /**
     * The address-space rules (vma package) the model uses: {@link KernelVersion#V2_6} for 2.6 (the
     * compat vDSO at 0xffffe000, 2.6.24's stack, mmap_base, maps and smaps formats; see there), whose
     * find_vma also has the mmap_cache (see MmStruct).
     */
    public final KernelVersion processRules;

    /** Label and release are the version's (uapi KernelVersion, the one table of versions). */
    KernelModel(KernelVersion processRules) {
        this.label = processRules.label;
        this.release = processRules.release;
        this.processRules = processRules;
    }

    /** The model a scenario names by {@code label}, or null. */
    public static KernelModel byLabel(String label) {
        for (KernelModel m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        return null;
    }

    /** 2.6.24's km_type has 13 slot types per CPU (KM_BOUNCE_READ .. KM_SOFTIRQ1). */
    public static final int KM_TYPE_NR_2_6 = 13;
    /** NR_CPUS of the 2.6 model (arch/x86/Kconfig default for SMP i386 in 2.6.24). */
    public static final int NR_CPUS_2_6 = 8;
}
