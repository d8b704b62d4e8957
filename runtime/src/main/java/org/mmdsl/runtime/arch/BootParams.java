package org.mmdsl.runtime.arch;

/**
 * What a scenario's {@code boot} line sets: the QEMU machine ({@code -m}, {@code -smp}), the kernel
 * flavour and the command-line parameters that move the memory layout ({@code mem=},
 * {@code highmem=}, {@code vmalloc=}, {@code transparent_hugepage=}). Sizes are bytes; -1 means
 * "parameter not given".
 *
 * <p>{@link #thp} (transparent_hugepage=) defaults per model ({@link #thpMode()}): {@code never} on
 * 6.1, so the watermarks follow the textbook {@code sqrt(16 * lowmem_kB)} rule of mm/page_alloc.c (the
 * recordings' probe-nothp runs); {@code madvise} on 6.18, as the proc-maps oracle's kernel ran
 * (environment.txt). {@code always} is Debian's 6.1 default, where khugepaged raises min_free_kbytes
 * (RULES.md 3.4); {@code madvise} raises it too (hugepage_pmd_enabled()).
 *
 * <p>Memory budget: the memmap holds words only for the 4 MB chunks a scenario touches, plus
 * 32 B per chunk (MemMap), so a boot's heap follows max_pfn / 1024 (4 TB: 1M chunks, 32 MB).
 * {@link #check} caps RAM at {@link #MAX_SIM_RAM}, 4 TB: pfns are Java ints (2^31 frames, and the
 * PCI hole adds 1 GB of pfns above 4 GB), and a larger machine would boot in more than a second.
 * Beyond that the architecture's own limit is named: MAX_PHYSMEM_BITS
 * (arch/x86/include/asm/sparsemem.h), 46 bits (64 TB) with 4-level paging, 52 (4 PB) with la57.
 */
public final class BootParams {
    /** Largest RAM the simulator boots on any architecture (see the class comment). */
    public static final long MAX_SIM_RAM = 4L << 40;
    /** x86_64 MAX_PHYSMEM_BITS: 46 with 4-level paging, 52 with 5-level (arch/x86/include/asm/sparsemem.h). */
    public static final int MAX_PHYSMEM_BITS_4LEVEL = 46;
    public static final int MAX_PHYSMEM_BITS_LA57 = 52;
    public static final long MIN_RAM = 16L << 20;
    /** i386 NR_CPUS of the recorded kernels (cpu_entry_area is sized for 32 CPUs). */
    public static final int NR_CPUS_I386 = 32;
    /** x86_64 NR_CPUS of the recorded Debian kernel. */
    public static final int NR_CPUS_X86_64 = 8192;

    /** qemu -m. */
    public long ramBytes = 1536L << 20;
    public Arch arch = Arch.I386;
    public Split split = Split.SPLIT_3G_1G;
    /** false = CONFIG_NOHIGHMEM (i386 only): RAM above the lowmem limit is not used. */
    public boolean highmem = true;
    /** highmem= (arch/x86/mm/init_32.c parse_highmem()), -1 if absent. */
    public long highmemBytes = -1;
    /** vmalloc= (arch/x86/mm/pgtable_32.c parse_vmalloc()), -1 if absent. */
    public long vmallocBytes = -1;
    /** mem= (arch/x86/kernel/e820.c parse_memopt()), -1 if absent. */
    public long memBytes = -1;
    /**
     * reservetop= (i386, arch/x86/mm/pgtable.c parse_reservetop()): a hole at the top of the kernel
     * address space, for a hypervisor; it lowers __FIXADDR_TOP and everything below it. -1 if absent.
     */
    public long reserveTopBytes = -1;
    /** qemu -smp. */
    public int cpus = 1;
    /** kernelcore= (mm/page_alloc.c cmdline_parse_kernelcore()): memory kept out of ZONE_MOVABLE, bytes; -1 if absent. */
    public long kernelcoreBytes = -1;
    /** movablecore= (cmdline_parse_movablecore()): memory for ZONE_MOVABLE, bytes; -1 if absent. */
    public long movablecoreBytes = -1;
    /** The dTLB geometry (`tlb 64 entries 4 ways`): a 64-entry 4-way dTLB by default. */
    public int tlbEntries = 64;
    public int tlbWays = 4;
    /** Size of the swap area in bytes (swapon at boot); 0 = no swap. */
    public long swapBytes = 0;
    /** transparent_hugepage=always|madvise|never; null: the model's default (see the class comment). */
    public ThpMode thp;
    /**
     * hugepages= (mm/hugetlb.c hugepages_setup()): huge pages of the default size (the pmd's: 2 MiB,
     * 4 MiB on non-PAE i386) reserved for hugetlbfs at boot; 0: none.
     */
    public long hugepages = 0;

    /**
     * The THP mode the kernel boots with: {@link #thp}, or the model's default (6.1: never, as the
     * probe-nothp recordings; 6.18: madvise, as the oracle's kernel, environment.txt). hugepage_init()
     * still turns THP off on a machine with less than 512 MiB (see init.PhysicalMemory).
     */
    public ThpMode thpMode() {
        if (thp != null) {
            return thp;
        }
        return model == KernelModel.V6_18 ? ThpMode.MADVISE : ThpMode.NEVER;
    }
    /** The kernel played: 6.1 (recorded, the default) or the textbook 2.6 ({@link KernelModel}). */
    public KernelModel model = KernelModel.V6_1;
    /**
     * pti=on|off (arch/x86/mm/pti.c pti_check_boottime_disable()): page-table isolation, x86_64 only.
     * Off by default: the recorded x86_64 machine's CPU is not Meltdown-affected (its boot log has no
     * "Kernel/User page tables isolation: enabled" line), so 6.1's pti=auto leaves it off there, and
     * every x86_64 result stays the recorded kernel's. {@code pti on} is what 6.1 does on an affected CPU.
     */
    public boolean pti = false;
    /** CONFIG_HIGHPTE (i386 with HIGHMEM): user page-table pages come from ZONE_HIGHMEM. */
    public boolean highpte = false;
    /**
     * NUMA nodes (x86_64): the RAM of each node in bytes, in node order, as the firmware's SRAT gives
     * it (qemu {@code -numa node,mem=}); null: one node, no SRAT ("No NUMA configuration found").
     * {@link #evenNodes} splits the RAM as qemu does when no node is given its size.
     */
    public long[] nodeBytes;
    /**
     * The SLIT's distance between two different nodes (the local one is always 10); 20, qemu's and
     * the kernel's default (REMOTE_DISTANCE) when the firmware has no SLIT.
     */
    public int remoteDistance = 20;

    /** Most nodes the model boots (MAX_NUMNODES of the recorded kernel is 1024; 8 keep the views short). */
    public static final int MAX_NODES = 8;

    /**
     * {@code n} nodes sharing the RAM as qemu's numa_default_auto_assign_ram() does: each node but
     * the last gets ram / n rounded down to 8 MiB (numa_mem_align_shift 23 of the pc machines), the
     * last the rest.
     */
    public static long[] evenNodes(long ramBytes, int n) {
        long[] sizes = new long[n];
        long used = 0;
        for (int i = 0; i < n - 1; i++) {
            sizes[i] = (ramBytes / n) & ~((1L << 23) - 1);
            used += sizes[i];
        }
        sizes[n - 1] = ramBytes - used;
        return sizes;
    }

    /** The number of nodes: 1 without {@link #nodeBytes}. */
    public int nrNodes() {
        return nodeBytes == null ? 1 : nodeBytes.length;
    }

    /** A copy, so a booted machine keeps the parameters it was booted with. */
    public BootParams copy() {
        BootParams p = new BootParams();
        p.ramBytes = ramBytes;
        p.arch = arch;
        p.split = split;
        p.highmem = highmem;
        p.highmemBytes = highmemBytes;
        p.vmallocBytes = vmallocBytes;
        p.memBytes = memBytes;
        p.reserveTopBytes = reserveTopBytes;
        p.cpus = cpus;
        p.tlbEntries = tlbEntries;
        p.tlbWays = tlbWays;
        p.thp = thp;
        p.hugepages = hugepages;
        p.model = model;
        p.swapBytes = swapBytes;
        p.kernelcoreBytes = kernelcoreBytes;
        p.movablecoreBytes = movablecoreBytes;
        p.pti = pti;
        p.highpte = highpte;
        p.nodeBytes = nodeBytes == null ? null : nodeBytes.clone();
        p.remoteDistance = remoteDistance;
        return p;
    }

    /**
     * Null, or one sentence on what these parameters make the kernel do silently that the user likely
     * did not mean. Today: a non-PAE i386 kernel with RAM above 4 GB boots, but max_arch_pfn
     * (1 << 20) cuts the e820 map at 4 GB and the rest of the RAM is never used (arch/x86/kernel/e820.c
     * e820__end_of_ram_pfn(); recorded in np-6144M).
     */
    public static String warning(BootParams p) {
        if (check(p) == null && p.arch == Arch.I386 && p.ramBytes > (4L << 30)) {
            return String.format("a non-PAE kernel addresses only 4 GB: %d MB of the %d MB of RAM are never used; "
                    + "PAE is required above 4 GB (`arch i386 pae`)", (p.ramBytes - (4L << 30)) >> 20, p.ramBytes >> 20);
        }
        return null;
    }

    /**
     * Null when init.Setup.boot() can boot these parameters, else one sentence in kernel words saying
     * what is contradictory or absurd. Boot never throws for parameters this accepts.
     */
    public static String check(BootParams p) {
        if (p.arch == null || p.split == null || p.model == null) {
            return "the kernel model, flavour and memory split must be given";
        }
        if (p.model == KernelModel.V2_6) {
            String problem = check26(p);
            if (problem != null) {
                return problem;
            }
        }
        if (p.model == KernelModel.V6_18 && p.arch.is32()) {
            return "the 6.18 model is the proc-maps oracle's x86_64 kernel: use `arch x86_64` (or `kernel 6.1` for i386)";
        }
        if (p.arch.is32() && p.thp != null && p.thp != ThpMode.NEVER) {
            return "the model plays transparent huge pages on x86_64 only (a 32-bit kernel maps them with "
                    + (p.arch == Arch.I386 ? "4 MB" : "2 MB") + " pmds, not modelled): use `arch x86_64`, or leave `thp` out";
        }
        if (p.hugepages < 0 || p.hugepages > (1L << 20)) {
            return "hugepages must be between 0 and 1048576";
        }
        if (p.arch.is32() && p.hugepages > 0) {
            return "the model reserves hugetlbfs pages on x86_64 only (a 32-bit kernel's are "
                    + (p.arch == Arch.I386 ? "4 MB" : "2 MB") + " pmd pages, not modelled): use `arch x86_64`";
        }
        String numa = checkNodes(p);
        if (numa != null) {
            return numa;
        }
        if (p.ramBytes < MIN_RAM) {
            return "at least 16 MB of RAM is needed: ZONE_DMA alone spans the first 16 MB";
        }
        if ((p.ramBytes & 0xfff) != 0) {
            return "RAM size must be a whole number of 4 KB pages";
        }
        if (p.arch == Arch.I386_PAE && p.ramBytes > (64L << 30)) {
            return "PAE addresses at most 64 GB of RAM (max_arch_pfn 0x1000000)";
        }
        if (p.arch == Arch.X86_64 && p.ramBytes > (1L << MAX_PHYSMEM_BITS_4LEVEL)) {
            return "x86_64 with 4-level paging addresses at most 64 TB of RAM (MAX_PHYSMEM_BITS 46): use `arch la57`, or less RAM";
        }
        if (p.arch == Arch.X86_64_LA57 && p.ramBytes > (1L << MAX_PHYSMEM_BITS_LA57)) {
            return "x86_64 with 5-level paging addresses at most 4 PB of RAM (MAX_PHYSMEM_BITS 52)";
        }
        if (!p.arch.is32() && p.ramBytes > MAX_SIM_RAM) {
            return "the simulator boots at most 4 TB (" + (p.arch == Arch.X86_64 ? "x86_64 itself allows 64 TB"
                    : "la57 itself allows 4 PB") + "): its page frame numbers are 31-bit";
        }
        if (p.pti && p.arch.is32()) {
            return p.model == KernelModel.V2_6 ? "page-table isolation arrived in 4.15: the 2.6 model (2.6.24) has none"
                    : "pti is modelled on x86_64 only (6.1's i386 PTI needs PAE and is not modelled): use `arch x86_64`";
        }
        if (p.highpte && !p.arch.is32()) {
            return "highpte is an i386 option (CONFIG_HIGHPTE): x86_64 has no highmem";
        }
        if (p.highpte && !p.highmem) {
            return "highpte needs a HIGHMEM kernel (CONFIG_HIGHPTE depends on HIGHMEM): remove `highmem off`";
        }
        if (!p.arch.is32() && p.split != Split.SPLIT_3G_1G) {
            return "VMSPLIT is an i386 option: x86_64 always puts the direct map at page_offset_base";
        }
        if (!p.arch.is32() && (p.highmemBytes >= 0 || p.vmallocBytes >= 0)) {
            return (p.highmemBytes >= 0 ? "highmem=" : "vmalloc=") + " is an i386 parameter: x86_64 has no highmem and a 32 TB vmalloc area";
        }
        if (!p.arch.is32() && p.reserveTopBytes >= 0) {
            return "reservetop= is an i386 parameter: x86_64 keeps its fixmap at a fixed address";
        }
        if (p.reserveTopBytes > (256L << 20)) {
            return "reservetop= above 256 MB would push the fixmap, cpu_entry_area and pkmap down into lowmem";
        }
        if (!p.highmem && p.highmemBytes >= 0) {
            return "highmem= needs a HIGHMEM kernel: this one is built with CONFIG_NOHIGHMEM";
        }
        if (p.tlbEntries <= 0 || p.tlbWays <= 0 || p.tlbEntries % p.tlbWays != 0
                || Integer.bitCount(p.tlbEntries / p.tlbWays) != 1 || p.tlbEntries > 65536) {
            return "tlb: entries must be a multiple of ways with a power-of-two number of sets (at most 65536 entries)";
        }
        int maxCpus = p.model == KernelModel.V2_6 ? KernelModel.NR_CPUS_2_6 : p.arch.is32() ? NR_CPUS_I386 : NR_CPUS_X86_64;
        if (p.cpus < 1 || p.cpus > maxCpus) {
            return "cpus must be between 1 and " + maxCpus + " (NR_CPUS of this kernel)";
        }
        if (p.memBytes >= 0 && p.memBytes < MIN_RAM) {
            return "mem= below 16 MB leaves no memory to boot in";
        }
        if ((p.highmemBytes >= 0 && (p.highmemBytes & 0xfff) != 0) || (p.vmallocBytes >= 0 && (p.vmallocBytes & 0xfff) != 0)
                || (p.memBytes >= 0 && (p.memBytes & 0xfff) != 0)) {
            return "mem=, highmem= and vmalloc= must be whole 4 KB pages";
        }
        if (p.arch.is32()) {
            long maxmem = KernelLayout.of(p).maxmem();
            if (maxmem < (64L << 20)) {
                return "vmalloc=" + (p.vmallocBytes >> 20) + "M leaves less than 64 MB of lowmem";
            }
        }
        return null;
    }

    /** The NUMA options: x86_64 only, 2..MAX_NODES nodes whose sizes add up to the RAM, no mem=/kernelcore=. */
    private static String checkNodes(BootParams p) {
        if (p.nodeBytes == null) {
            return p.remoteDistance == 20 ? null : "distance needs `nodes`: a machine of one node has no remote distance";
        }
        if (p.arch.is32()) {
            return "the model plays NUMA on x86_64 only (an i386 NUMA kernel is CONFIG_X86_32 NUMAQ-era history): use `arch x86_64`";
        }
        if (p.model == KernelModel.V2_6) {
            return "the 2.6 model is i386 only: NUMA is modelled on 6.1's x86_64";
        }
        int n = p.nodeBytes.length;
        if (n < 2 || n > MAX_NODES) {
            return "nodes must be between 2 and " + MAX_NODES + " (one node is the default machine)";
        }
        long sum = 0;
        for (long b : p.nodeBytes) {
            if (b < MIN_RAM || (b & ((1L << 20) - 1)) != 0) {
                return "each node needs at least 16 MB of RAM, in whole MB";
            }
            sum += b;
        }
        if (sum != p.ramBytes) {
            return "the nodes' sizes add up to " + (sum >> 20) + " MB but the machine has " + (p.ramBytes >> 20)
                    + " MB of RAM: give `ram` the sum, or sizes that add up to it";
        }
        if (p.memBytes >= 0 || p.kernelcoreBytes >= 0 || p.movablecoreBytes >= 0) {
            return "mem=, kernelcore= and movablecore= are not modelled with several nodes (they are spread over the nodes by rules the model does not play)";
        }
        if (p.remoteDistance <= 10 || p.remoteDistance > 254) {
            return "a remote distance is between 11 and 254 (10 is LOCAL_DISTANCE, 255 means unreachable)";
        }
        return null;
    }

    /**
     * What the 2.6 model does not cover. It is i386 only, as the books are (LDD3, Love and ULK draw
     * the 3G/1G i386 layout; x86_64 and la57 (4.14) are 6.1's); transparent hugepages arrived in
     * 2.6.38.
     */
    private static String check26(BootParams p) {
        if (!p.arch.is32()) {
            return "the 2.6 model is i386 only, as the books are (" + (p.arch == Arch.X86_64_LA57
                    ? "5-level paging arrived in 4.14" : "x86_64 is modelled on 6.1") + "): use `arch i386` or `kernel 6.1`";
        }
        if (p.thp != null && p.thp != ThpMode.NEVER) {
            return "transparent hugepages arrived in 2.6.38: the 2.6 model (2.6.24) has none";
        }
        return null;
    }
}
