package org.mmdsl.runtime.uapi;

/**
 * What {@code show} shows: the /proc files and kernel views a scenario can read at a point of the run
 * ({@code show maps}, {@code show buddyinfo}, {@code show page PFN}). Which statement block takes
 * which target is the grammar's; which kernel has it is {@link KernelVersion#has(KernelFact)}. The
 * renderers are in {@code proc} and beside the state they show.
 */
public enum ShowTarget implements KernelWord {
    MAPS("maps", "/proc/PID/maps", null, null,
            "fs/proc/task_mmu.c show_map_vma(): one line per VMA"),
    DMESG("dmesg", "dmesg", null, null,
            "the boot log: e820, zone ranges, LOWMEM/HIGHMEM, Memory: lines"),
    ZONEINFO("zoneinfo", "/proc/zoneinfo", null, null,
            "mm/vmstat.c zoneinfo_show(): per-zone counters and watermarks"),
    BUDDYINFO("buddyinfo", "/proc/buddyinfo", null, null,
            "mm/vmstat.c frag_show(): free blocks per order per zone"),
    MEMINFO("meminfo", "/proc/meminfo", null, null,
            "fs/proc/meminfo.c meminfo_proc_show(): system-wide memory counters"),
    SMAPS("smaps", "/proc/PID/smaps", null, null,
            "fs/proc/task_mmu.c show_smap(): each VMA with its Rss, Pss, Swap and VmFlags"),
    STATUS("status", "/proc/PID/status", null, null,
            "fs/proc/task_mmu.c task_mem(): the Vm* and Rss* lines"),
    PMAP("pmap", "pmap", null, null,
            "procps pmap: one line per mapping and the total; -x adds RSS and Dirty, -d the device and Love's summary line"),
    MMAP_CACHE("mmap_cache", "mm->mmap_cache", null, "3.15",
            "the one-entry find_vma() cache of the task (mm/mmap.c), replaced by the vmacache in 3.15"),
    EARLY_PAGETABLES("early_pagetables", "early page tables", null, null,
            "arch/x86/kernel/head32.c mk_early_pgtbl_32(): the provisional page tables the kernel boots on"),
    VMSTAT("vmstat", "/proc/vmstat", null, null,
            "mm/vmstat.c vmstat_show(): the event and reclaim counters"),
    STAT("stat", "/proc/PID/stat", null, null,
            "fs/proc/array.c do_task_stat(): the mm fields start_code ... env_end"),
    MM("mm", "struct mm_struct", null, null,
            "include/linux/mm_types.h: the memory descriptor's fields as Love's table lists them"),
    VMA("vma", "struct vm_area_struct", null, null,
            "include/linux/mm_types.h: the VMA holding ADDR, its vm_flags decoded with the model's VM_* names"),
    SLABINFO("slabinfo", "/proc/slabinfo", null, null,
            "mm/slab_common.c slab_show(): the kmalloc caches"),
    VMALLOCINFO("vmallocinfo", "/proc/vmallocinfo", "2.6.25", null,
            "mm/vmalloc.c s_show(): one line per vmalloc area"),
    TLB("tlb", "the dTLB", null, null,
            "the data TLB: geometry, hits, misses, flushes and the cached entries"),
    ACTIVE_MM("active_mm", "current->active_mm", null, null,
            "the current task of CPU 0, its mm and active_mm (mm_users, mm_count) and CR3 (kernel/sched/core.c)"),
    PAGETABLES("pagetables", "/sys/kernel/debug/page_tables", null, null,
            "arch/x86/mm/dump_pagetables.c: runs of entries with the same level and protection"),
    PAGEMAP("pagemap", "/proc/PID/pagemap", null, null,
            "fs/proc/task_mmu.c pagemap_read(): one 64-bit entry per page: present, swapped, pfn"),
    PAGE("page", "dump_page()", null, null,
            "mm/debug.c dump_page(): a struct page: refcount, mapcount, flags, zone"),
    PICTURE("picture", "a picture (SVG)", null, null,
            "mmdsl's own drawing of the state at that step: maps, physical, kernel, buddy, walk ADDR (docs/pictures.md)"),
    PAGETYPEINFO("pagetypeinfo", "/proc/pagetypeinfo", "2.6.24", null,
            "mm/vmstat.c pagetypeinfo_show(): free blocks per order per zone and migrate type, pageblocks per type"),
    NUMA_MAPS("numa_maps", "/proc/PID/numa_maps", null, null,
            "fs/proc/task_mmu.c show_numa_map(): each VMA's NUMA policy and its pages per node"),
    FOLIO("folio", "struct folio", "5.16", null,
            "include/linux/mm_types.h: the folio mapping ADDR: order, refcount, mapcount, flags, pfn range");

    private final String word;
    private final String kernelName;
    private final String since;
    private final String removedIn;
    private final String doc;

    ShowTarget(String word, String kernelName, String since, String removedIn, String doc) {
        this.word = word;
        this.kernelName = kernelName;
        this.since = since;
        this.removedIn = removedIn;
        this.doc = doc;
    }

    /** The target a scenario spells {@code word}, or null. */
    public static ShowTarget byWord(String word) {
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

    /** Its position: show targets have no number. */
    @Override
    public long value() {
        return ordinal();
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String removedIn() {
        return removedIn;
    }

    @Override
    public String doc() {
        return doc;
    }
}
