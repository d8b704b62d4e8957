package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * {@code show mm}: the fields of struct mm_struct (include/linux/mm_types.h) in the order of Love's
 * table of the memory descriptor: the VMA list and tree, map_count, mm_users, mm_count, pgd, total_vm,
 * locked_vm, the layout fields start_code .. env_end and rss. No kernel file prints an mm_struct (mm/debug.c
 * dump_mm() is for oopses): the layout is mmdsl's, one field a line, with what each model has:
 * 2.6.24's mmap list, mm_rb tree and mmap_cache, 6.1's maple tree mm_mt (6.1 removed mm->mmap, vm_next and
 * mm_rb); 2.6.24's _file_rss/_anon_rss, 6.1's rss_stat counters. arg_start .. env_end are 0: mmdsl does not
 * lay out argv and envp on the stack (as /proc/PID/stat shows them).
 */
public final class ShowMm {
    private ShowMm() {
    }

    /** The mm_struct of {@code mm}, one field a line. */
    public static String show(MmStruct mm) {
        KernelVersion version = mm.version();
        boolean wide = mm.kernelPageTables().kernel64();
        String a = wide ? "0x%016x" : "0x%08x";
        StringBuilder sb = new StringBuilder();
        String first = mm.mapCount() == 0 ? "NULL" : ShowVma.range(mm.vmaAt(0));
        if (version == KernelVersion.V2_6) {
            sb.append(line("mmap", first + " (the first VMA of the vm_next list)"));
            sb.append(line("mm_rb", mm.mapCount() + " VMAs in the red-black tree"));
            Vma cached = mm.mmapCache();
            sb.append(line("mmap_cache", cached == null ? "NULL" : ShowVma.range(cached)));
        } else {
            sb.append(line("mm_mt", mm.mapCount() + " VMAs in the maple tree, the first " + first
                    + " (no mmap list, vm_next or mm_rb since 6.1)"));
        }
        sb.append(line("map_count", Integer.toString(mm.mapCount())));
        sb.append(line("mm_users", Integer.toString(mm.mmUsers())));
        sb.append(line("mm_count", Integer.toString(mm.mmCount())));
        sb.append(line("pgd", String.format(a + " (pfn 0x%x)", mm.kernelPageTables().va(mm.pgd << 12), mm.pgd)));
        sb.append(line("total_vm", mm.totalVm() + " pages"));
        sb.append(line("locked_vm", mm.lockedVm() + " pages"));
        sb.append(line("start_code", String.format(a, mm.startCode)));
        sb.append(line("end_code", String.format(a, mm.endCode)));
        sb.append(line("start_data", String.format(a, mm.startData)));
        sb.append(line("end_data", String.format(a, mm.endData)));
        sb.append(line("start_brk", String.format(a, mm.startBrk)));
        sb.append(line("brk", String.format(a, mm.brk)));
        sb.append(line("start_stack", String.format(a, mm.startStack)));
        sb.append(line("arg_start", "0 (argv and envp are not modelled), arg_end, env_start, env_end likewise"));
        long[] c = mm.rssCounters();
        if (version == KernelVersion.V2_6) {
            // 2.6.24 counts shmem pages as file pages (there is no MM_SHMEMPAGES before 4.5)
            sb.append(line("rss", (c[0] + c[1] + c[2]) + " pages: _file_rss " + (c[0] + c[2]) + ", _anon_rss " + c[1]));
        } else {
            sb.append(line("rss", mm.rss() + " pages: rss_stat MM_FILEPAGES " + c[0] + ", MM_ANONPAGES " + c[1]
                    + ", MM_SWAPENTS " + mm.swapEnts() + ", MM_SHMEMPAGES " + c[2]));
        }
        return sb.toString();
    }

    private static String line(String field, String value) {
        StringBuilder sb = new StringBuilder(field);
        while (sb.length() < 14) {
            sb.append(' ');
        }
        return sb.append(value).append('\n').toString();
    }
}
