package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.zone.PhysicalMemory;
import org.mmdsl.runtime.zone.Zone;

/**
 * /proc/zoneinfo, /proc/buddyinfo and /proc/meminfo for the modelled physical state. Only the lines
 * the simulator models are printed (zoneinfo: the zone header, the "pages" block and protection;
 * meminfo: totals, free and the high/low split, vmalloc total); each is in the kernel's format.
 */
public final class PhysProc {
    private PhysProc() {
    }

    /**
     * Mirrors mm/vmstat.c zoneinfo_show_print() up to the protection line, for every zone of node 0
     * (populated or not, as zoneinfo shows them).
     */
    public static String zoneinfo(PhysicalMemory m) {
        StringBuilder sb = new StringBuilder();
        for (Zone z : m.zones()) {
            sb.append(String.format("Node %d, zone %8s", 0, z.name()));
            sb.append("\n  pages free     ").append(z.freePages())
                    .append("\n        boost    ").append(0)
                    .append("\n        min      ").append(z.min())
                    .append("\n        low      ").append(z.low())
                    .append("\n        high     ").append(z.high())
                    .append("\n        spanned  ").append(z.spanned())
                    .append("\n        present  ").append(z.present())
                    .append("\n        managed  ").append(z.managed())
                    .append("\n        cma      ").append(0);
            long[] prot = z.protection();
            sb.append("\n        protection: (").append(prot[0]);
            for (int i = 1; i < prot.length; i++) {
                sb.append(", ").append(prot[i]);
            }
            sb.append(")\n");
            if (z.populated()) {
                sb.append("  start_pfn:           ").append(z.startPfn()).append('\n');
            }
        }
        return sb.toString();
    }

    /** Mirrors mm/vmstat.c frag_show_print(): populated zones only, "%6lu " per order. */
    public static String buddyinfo(PhysicalMemory m) {
        StringBuilder sb = new StringBuilder();
        for (Zone z : m.zones()) {
            if (!z.populated()) {
                continue;
            }
            sb.append(String.format("Node %d, zone %8s ", 0, z.name()));
            for (int o = 0; o < Zone.MAX_ORDER; o++) {
                sb.append(String.format("%6d ", z.nrFree(o)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Mirrors fs/proc/meminfo.c meminfo_proc_show() for MemTotal, MemFree, HighTotal/HighFree/
     * LowTotal/LowFree (CONFIG_HIGHMEM kernels only) and VmallocTotal.
     */
    public static String meminfo(PhysicalMemory m) {
        long total = m.totalramPages();
        long free = 0;
        long highTotal = 0;
        long highFree = 0;
        for (Zone z : m.zones()) {
            free += z.freePages();
            if (z.isHighmem()) {
                highTotal += z.managed();
                highFree += z.freePages();
            }
        }
        StringBuilder sb = new StringBuilder();
        kb(sb, "MemTotal:       ", total);
        kb(sb, "MemFree:        ", free);
        if (m.layout().arch().is32() && m.layout().lastPkmap() > 0) {
            kb(sb, "HighTotal:      ", highTotal);
            kb(sb, "HighFree:       ", highFree);
            kb(sb, "LowTotal:       ", total - highTotal);
            kb(sb, "LowFree:        ", free - highFree);
        }
        long vmallocTotalKb = (m.layout().vmallocEnd() - m.layout().vmallocStart()) >>> 10;
        sb.append(String.format("%s%8d kB\n", "VmallocTotal:   ", vmallocTotalKb));
        return sb.toString();
    }

    /** show_val_kb(): the label, then pages in kB right-aligned in 8 columns. */
    private static void kb(StringBuilder sb, String label, long pages) {
        sb.append(String.format("%s%8d kB\n", label, pages * 4));
    }
}
