package org.mmdsl.runtime.arch;

/**
 * The kernel's virtual address layout: arch/x86/include/asm/pgtable_32_areas.h, fixmap.h,
 * cpu_entry_area.h and page_types.h for i386 (RULES.md 3.2), Documentation/x86/x86_64/mm.rst for
 * x86_64 (RULES.md 3.5). All addresses are longs holding the unsigned value.
 *
 * <p>i386, from the top down (PAE values; every item is derived from the one above it):
 * <pre>
 *   0xfffff000  FIXADDR_TOP              fixmap index i at TOP - i*4K (APIC 3, IO-APIC 4)
 *   0xffdb8000  FIXADDR_START            TOP - __end_of_permanent_fixed_addresses(583) pages
 *               kmap_local slots         FIX_KMAP_BEGIN 68 .. FIX_KMAP_END 579 (16 per CPU x 32)
 *   0xffa00000  FIX_BTMAP (early_ioremap) 512 boot-time slots
 *   0xff9fe000  FIXADDR_TOT_START        TOP - __end_of_fixed_addresses(1537) pages
 *   0xff400000  CPU_ENTRY_AREA_BASE      (TOT_START - (32*43 + 1) pages) &amp; PMD_MASK
 *   0xff200000  LDT_BASE_ADDR            (CEA_BASE - 4K) &amp; PMD_MASK, one PMD
 *   0xff000000  PKMAP_BASE               (LDT_BASE - 4K) &amp; PMD_MASK, LAST_PKMAP pages
 *   0xfeffe000  VMALLOC_END              PKMAP_BASE - 2 pages
 *               VMALLOC_START            high_memory + 8 MiB (VMALLOC_OFFSET, not rounded in 6.1)
 *   MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE  (0x36ffe000 PAE, 0x36bfe000 non-PAE)
 * </pre>
 * Recorded only for VMSPLIT_3G. For 2G/2G and 1G/3G only PAGE_OFFSET moves (the fixmap top is
 * fixed); MAXMEM follows the same formula, which is how the kernel derives it, but no boot of those
 * splits was recorded. CONFIG_NOHIGHMEM (highmem=false) drops the kmap_local fixmap slots and the
 * pkmap area (VMALLOC_END = LDT_BASE_ADDR - 2 pages, pgtable_32_areas.h); that layout is derived,
 * not recorded.
 *
 * <p>Under {@code kernel 2.6} ({@link KernelModel#V2_6}: 2.6.24 i386, see there) the top of the
 * address space is smaller and MAXMEM does not depend on it, so lowmem ends at 896 MB:
 * <pre>
 *   0xfffff000  FIXADDR_TOP              __FIXADDR_TOP (arch/x86/mm/pgtable_32.c)
 *   0xfff4d000  FIXADDR_START            TOP - __end_of_permanent_fixed_addresses(178) pages:
 *               FIX_HOLE 0, VDSO 1, DBGP 2, EARLYCON 3, APIC 4, IO_APIC 5..68 (MAX_IO_APICS 64),
 *               FIX_KMAP_BEGIN 69 .. FIX_KMAP_END 172 (KM_TYPE_NR 13 x NR_CPUS 8), ACPI 173..176,
 *               PCIE_MCFG 177 (include/asm-x86/fixmap_32.h)
 *   0xfff3c000  FIXADDR_BOOT_START       TOP - __end_of_fixed_addresses(195) pages (16 FIX_BTMAP, FIX_WP_TEST)
 *   0xff800000  PKMAP_BASE               (BOOT_START - (LAST_PKMAP + 1) pages) &amp; PMD_MASK (include/asm-x86/highmem.h);
 *               0xffc00000 with PAE (LAST_PKMAP 512, 2 MiB PMDs)
 *   0xff7fe000  VMALLOC_END              PKMAP_BASE - 2 pages (0xffbfe000 with PAE)
 *   0xf8800000  VMALLOC_START            round_up(high_memory + 8 MiB, 8 MiB) (pgtable_32.h: rounded in 2.6)
 *   MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE = 0x38000000 (896 MB)   (include/asm-x86/page_32.h)
 * </pre>
 * vmalloc=X sets __VMALLOC_RESERVE = X (no VMALLOC_OFFSET added before 2.6.28). There is no
 * cpu_entry_area (4.15) and no LDT remap (x86-32 PTI, 4.19) in 2.6.
 */
public final class KernelLayout {
    public static final long PAGE_SIZE = 4096;
    /** arch/x86/include/asm/pgtable_32_areas.h VMALLOC_OFFSET. */
    public static final long VMALLOC_OFFSET = 8L << 20;
    /** __VMALLOC_RESERVE without vmalloc= (constants-i386.txt). */
    public static final long DEFAULT_VMALLOC_RESERVE = 128L << 20;
    /** i386 fixmap indices (constants-i386.txt, gdb on the recorded vmlinux). */
    public static final int FIX_APIC_BASE = 3;
    public static final int FIX_IO_APIC_BASE_0 = 4;
    public static final int FIX_KMAP_BEGIN = 68;
    /** KM_MAX_IDX: kmap_local slots per CPU. */
    public static final int KM_MAX_IDX = 16;
    /** sizeof(struct cpu_entry_area) in pages (0x2b000). */
    public static final int CPU_ENTRY_AREA_PAGES_PER_CPU = 43;
    /** 2.6.24 i386 fixmap indices (include/asm-x86/fixmap_32.h with the config of {@link KernelModel}). */
    public static final int FIX_APIC_BASE_2_6 = 4;
    public static final int FIX_IO_APIC_BASE_0_2_6 = 5;
    public static final int FIX_KMAP_BEGIN_2_6 = 69;
    /** 2.6.24 NR_FIX_BTMAPS. */
    public static final int NR_FIX_BTMAPS_2_6 = 16;

    private final KernelModel model;

    private final Arch arch;
    private final long pageOffset;
    private final long taskSize;
    private final long fixaddrTop;
    private final long fixaddrStart;
    private final long fixaddrTotStart;
    private final int kmapLocalSlots;
    private final long btmapStart;
    private final long btmapEnd;
    private final long cpuEntryAreaBase;
    private final long ldtBase;
    private final long ldtEnd;
    private final long pkmapBase;
    private final int lastPkmap;
    private final long vmallocEnd;
    private final long vmallocReserve;
    private final long maxmem;
    // x86_64
    private final long vmallocBase;
    private final long vmemmapBase;
    private final long espfixBase;
    private final long kernelText;
    private final long kernelEnd;
    private final long modulesVaddr;
    private final long modulesEnd;
    /** Set once by Setup when max_low_pfn (i386) or max_pfn (x86_64) is known; -1 before. */
    private long highMemory = -1;

    private KernelLayout(BootParams p) {
        arch = p.arch;
        model = p.model;
        if (arch.is32() && model == KernelModel.V2_6) {
            long pmdSize = arch.pae() ? 2L << 20 : 4L << 20;
            pageOffset = p.split.pageOffset;
            taskSize = pageOffset;
            // 2.6.24 arch/x86/mm/pgtable_32.c reserve_top_address(): __FIXADDR_TOP = -reserve -
            // PAGE_SIZE, unrounded, and __VMALLOC_RESERVE grows by the reserve (below).
            fixaddrTop = p.reserveTopBytes > 0 ? (1L << 32) - p.reserveTopBytes - PAGE_SIZE : 0xfffff000L;
            kmapLocalSlots = p.highmem ? KernelModel.KM_TYPE_NR_2_6 * KernelModel.NR_CPUS_2_6 : 0;
            int endPermanent = FIX_KMAP_BEGIN_2_6 + kmapLocalSlots + 4 + 1; // + FIX_ACPI (4) + FIX_PCIE_MCFG
            int btmapEndIdx = endPermanent;
            int btmapBeginIdx = btmapEndIdx + NR_FIX_BTMAPS_2_6 - 1;
            int endOfFixed = btmapBeginIdx + 2; // FIX_WP_TEST, then __end_of_fixed_addresses
            fixaddrStart = fixaddrTop - (long) endPermanent * PAGE_SIZE;
            fixaddrTotStart = fixaddrTop - (long) endOfFixed * PAGE_SIZE;
            btmapStart = fixToVirt(btmapBeginIdx);
            btmapEnd = fixToVirt(btmapEndIdx) + PAGE_SIZE;
            cpuEntryAreaBase = ldtBase = ldtEnd = 0;
            if (p.highmem) {
                lastPkmap = arch.pae() ? 512 : 1024;
                pkmapBase = (fixaddrTotStart - PAGE_SIZE * (lastPkmap + 1)) & ~(pmdSize - 1);
                vmallocEnd = pkmapBase - 2 * PAGE_SIZE;
            } else {
                lastPkmap = 0;
                pkmapBase = 0;
                vmallocEnd = fixaddrStart - 2 * PAGE_SIZE;
            }
            vmallocReserve = (p.vmallocBytes >= 0 ? p.vmallocBytes : DEFAULT_VMALLOC_RESERVE)
                    + Math.max(0, p.reserveTopBytes);
            maxmem = (1L << 32) - pageOffset - vmallocReserve;
            vmallocBase = vmemmapBase = espfixBase = kernelText = kernelEnd = modulesVaddr = modulesEnd = 0;
        } else if (arch.is32()) {
            long pmdSize = arch.pae() ? 2L << 20 : 4L << 20;
            long pmdMask = ~(pmdSize - 1);
            int ptrsPerPte = arch.pae() ? 512 : 1024;
            pageOffset = p.split.pageOffset;
            taskSize = pageOffset;
            fixaddrTop = fixaddrTop6(p.reserveTopBytes, pmdSize);
            kmapLocalSlots = p.highmem ? KM_MAX_IDX * BootParams.NR_CPUS_I386 : 0;
            // enum fixed_addresses: FIX_HOLE, VSYSCALL..., FIX_APIC_BASE 3, IO-APIC 4..67, then the
            // kmap slots (HIGHMEM only), then FIX_PCIE_MCFG, FIX_APEI_GHES_IRQ/NMI.
            int endPermanent = 68 + kmapLocalSlots + 3;
            // FIX_BTMAP_END: the 512 boot-time slots must not cross a page-table boundary.
            int totalBtmaps = 512;
            int btmapEndIdx = ((endPermanent ^ (endPermanent + totalBtmaps - 1)) & -ptrsPerPte) != 0
                    ? endPermanent + totalBtmaps - (endPermanent & (totalBtmaps - 1)) : endPermanent;
            int btmapBeginIdx = btmapEndIdx + totalBtmaps - 1;
            int endOfFixed = btmapBeginIdx + 2;
            fixaddrStart = fixaddrTop - (long) endPermanent * PAGE_SIZE;
            fixaddrTotStart = fixaddrTop - (long) endOfFixed * PAGE_SIZE;
            btmapStart = fixToVirt(btmapBeginIdx);
            btmapEnd = fixToVirt(btmapEndIdx) + PAGE_SIZE;
            long ceaPages = (long) BootParams.NR_CPUS_I386 * CPU_ENTRY_AREA_PAGES_PER_CPU + 1;
            cpuEntryAreaBase = (fixaddrTotStart - ceaPages * PAGE_SIZE) & pmdMask;
            ldtBase = (cpuEntryAreaBase - PAGE_SIZE) & pmdMask;
            ldtEnd = ldtBase + pmdSize;
            if (p.highmem) {
                pkmapBase = (ldtBase - PAGE_SIZE) & pmdMask;
                lastPkmap = ptrsPerPte;
                vmallocEnd = pkmapBase - 2 * PAGE_SIZE;
            } else {
                pkmapBase = 0;
                lastPkmap = 0;
                vmallocEnd = ldtBase - 2 * PAGE_SIZE;
            }
            vmallocReserve = p.vmallocBytes >= 0 ? p.vmallocBytes + VMALLOC_OFFSET : DEFAULT_VMALLOC_RESERVE;
            maxmem = vmallocEnd - pageOffset - vmallocReserve;
            vmallocBase = vmemmapBase = espfixBase = kernelText = kernelEnd = modulesVaddr = modulesEnd = 0;
        } else {
            boolean la57 = arch == Arch.X86_64_LA57;
            // arch/x86/include/asm/page_64_types.h, pgtable_64_types.h (nokaslr values).
            pageOffset = la57 ? 0xff11000000000000L : 0xffff888000000000L;
            taskSize = ((1L << (la57 ? 56 : 47)) - PAGE_SIZE);
            vmallocBase = la57 ? 0xffa0000000000000L : 0xffffc90000000000L;
            long vmallocSizeTb = la57 ? 12800 : 32;
            vmallocEnd = vmallocBase + (vmallocSizeTb << 40) - 1;
            vmemmapBase = la57 ? 0xffd4000000000000L : 0xffffea0000000000L;
            cpuEntryAreaBase = 0xfffffe0000000000L;
            espfixBase = 0xffffff0000000000L;
            kernelText = 0xffffffff81000000L;
            kernelEnd = 0xffffffff84430000L;
            modulesVaddr = 0xffffffffc0000000L;
            modulesEnd = 0xffffffffff000000L;
            // round_up(VSYSCALL_ADDR + PAGE_SIZE, PMD_SIZE) - PAGE_SIZE
            fixaddrTop = 0xffffffffff7ff000L;
            fixaddrStart = fixaddrTotStart = 0;
            kmapLocalSlots = 0;
            btmapStart = btmapEnd = 0;
            ldtBase = la57 ? 0xff10000000000000L : 0xffff880000000000L;
            ldtEnd = ldtBase + (la57 ? 1L << 48 : 1L << 39);
            pkmapBase = 0;
            lastPkmap = 0;
            vmallocReserve = 0;
            // MAXMEM = 1 << MAX_PHYSMEM_BITS (46 with 4 levels, 52 with 5).
            maxmem = 1L << (la57 ? 52 : 46);
        }
    }

    /**
     * __FIXADDR_TOP of 6.1 i386: 0xfffff000, or with reservetop=R, round_down(-R, PMD_SIZE) - PAGE_SIZE
     * (arch/x86/mm/pgtable.c reserve_top_address()): 0xfefff000 for reservetop=16M, and every area
     * below the fixmap (cpu_entry_area, LDT, pkmap, vmalloc end, MAXMEM) moves down with it.
     */
    static long fixaddrTop6(long reserveTop, long pmdSize) {
        if (reserveTop <= 0) {
            return 0xfffff000L;
        }
        return (((1L << 32) - reserveTop) & ~(pmdSize - 1)) - PAGE_SIZE;
    }

    /** The layout fixed at compile time and by the boot parameters; high_memory is still unset. */
    public static KernelLayout of(BootParams p) {
        return new KernelLayout(p);
    }

    /** Sets high_memory; called once, by init.Setup, when the lowmem/highmem split is known. */
    public void setHighMemory(long highMemory) {
        this.highMemory = highMemory;
    }

    /** Mirrors fix_to_virt() (i386). */
    public long fixToVirt(int idx) {
        return fixaddrTop - (long) idx * PAGE_SIZE;
    }

    /**
     * The 2.6 kmap_atomic() address of CPU {@code cpu} for slot {@code type} (an enum km_type value,
     * 0 .. 12): idx = type + KM_TYPE_NR * cpu, vaddr = __fix_to_virt(FIX_KMAP_BEGIN + idx)
     * (arch/x86/mm/highmem_32.c kmap_atomic_prot() in 2.6.24).
     */
    public long kmapAtomicSlot26(int cpu, int type) {
        return fixToVirt(FIX_KMAP_BEGIN_2_6 + type + KernelModel.KM_TYPE_NR_2_6 * cpu);
    }

    /** The kmap_local slot of CPU {@code cpu}, index {@code k} (i386 kmap_local_page()). */
    public long kmapLocalSlot(int cpu, int k) {
        return fixToVirt(FIX_KMAP_BEGIN + KM_MAX_IDX * cpu + k);
    }

    /** Mirrors PKMAP_ADDR(nr). */
    public long pkmapAddr(int nr) {
        return pkmapBase + (long) nr * PAGE_SIZE;
    }

    public Arch arch() {
        return arch;
    }

    public KernelModel model() {
        return model;
    }

    /** PAGE_OFFSET (i386) or page_offset_base (x86_64): start of the direct map. */
    public long pageOffset() {
        return pageOffset;
    }

    /** TASK_SIZE (TASK_SIZE_MAX on x86_64): the end of user space. */
    public long taskSize() {
        return taskSize;
    }

    public long fixaddrTop() {
        return fixaddrTop;
    }

    public long fixaddrStart() {
        return fixaddrStart;
    }

    public long fixaddrTotStart() {
        return fixaddrTotStart;
    }

    public long fixApicBase() {
        return arch.is32() ? fixToVirt(model == KernelModel.V2_6 ? FIX_APIC_BASE_2_6 : FIX_APIC_BASE) : 0xffffffffff5fd000L;
    }

    public long fixIoApicBase0() {
        return arch.is32() ? fixToVirt(model == KernelModel.V2_6 ? FIX_IO_APIC_BASE_0_2_6 : FIX_IO_APIC_BASE_0) : 0xffffffffff5fc000L;
    }

    /** Number of kmap_local fixmap slots (512 on HIGHMEM i386, 0 otherwise; 2.6: the 104 kmap_atomic slots). */
    public int kmapLocalSlots() {
        return kmapLocalSlots;
    }

    public long btmapStart() {
        return btmapStart;
    }

    public long btmapEnd() {
        return btmapEnd;
    }

    public long cpuEntryAreaBase() {
        return cpuEntryAreaBase;
    }

    public long ldtBase() {
        return ldtBase;
    }

    public long ldtEnd() {
        return ldtEnd;
    }

    /** PKMAP_BASE (0 without highmem). */
    public long pkmapBase() {
        return pkmapBase;
    }

    public long pkmapEnd() {
        return pkmapBase + (long) lastPkmap * PAGE_SIZE;
    }

    /** LAST_PKMAP: 512 with PAE, 1024 without, 0 without highmem. */
    public int lastPkmap() {
        return lastPkmap;
    }

    public long vmallocEnd() {
        return vmallocEnd;
    }

    /** VMALLOC_START: high_memory + 8 MiB on i386 (rounded up to 8 MiB in 2.6), vmalloc_base on x86_64. */
    public long vmallocStart() {
        if (!arch.is32()) {
            return vmallocBase;
        }
        if (highMemory < 0) {
            return -1;
        }
        if (model == KernelModel.V2_6) {
            return (highMemory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1);
        }
        return highMemory + VMALLOC_OFFSET;
    }

    /** __VMALLOC_RESERVE (i386). */
    public long vmallocReserve() {
        return vmallocReserve;
    }

    /** MAXMEM: the most RAM the direct map can hold. */
    public long maxmem() {
        return maxmem;
    }

    public long maxmemPfn() {
        return maxmem >>> 12;
    }

    /** high_memory: the end of the direct map (-1 until boot has set it). */
    public long highMemory() {
        return highMemory;
    }

    public long vmemmapBase() {
        return vmemmapBase;
    }

    public long espfixBase() {
        return espfixBase;
    }

    /** _text: 16 MiB above PAGE_OFFSET in the recorded 6.1 kernels, 1 MiB (CONFIG_PHYSICAL_START) in 2.6.24. */
    public long kernelText() {
        if (arch.is32() && model == KernelModel.V2_6) {
            return pageOffset + 0x100000L;
        }
        return arch.is32() ? pageOffset + 0x1000000L : kernelText;
    }

    public long modulesVaddr() {
        return arch.is32() ? vmallocStart() : modulesVaddr;
    }

    public long modulesEnd() {
        return arch.is32() ? vmallocEnd : modulesEnd;
    }

    /** kernelEnd on x86_64 (_end); on i386 see Setup's image constants. */
    public long kernelEnd64() {
        return kernelEnd;
    }

    /** Mirrors __va() for a direct-mapped physical address. */
    public long va(long paddr) {
        return pageOffset + paddr;
    }
}
