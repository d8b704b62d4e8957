package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.MigrateTypes;
import org.mmdsl.runtime.zone.Zone;

/**
 * /proc/pagetypeinfo (mm/vmstat.c pagetypeinfo_show(), 2.6.24 and 6.1 alike): pageblock_order, the
 * free blocks of each order per zone and migrate type (pagetypeinfo_showfree()), the pageblocks of
 * each type per zone (pagetypeinfo_showblockcount()). The mixed-block counts follow only with
 * CONFIG_PAGE_OWNER and page_owner=on, which the models do not have. /proc/buddyinfo is the
 * first table summed over the types. Neighbours: the lists and pageblock types are
 * {@link BuddyAllocator}'s, the names {@link MigrateTypes}'.
 */
public final class PageTypeInfo {
    /** pagetypeinfo_showfree_print() stops counting a list here and prints "&gt;100000". */
    static final long LIST_CAP = 100000;

    private PageTypeInfo() {
    }

    /** Mirrors pagetypeinfo_show() for node 0. */
    public static String of(PhysicalMemory m) {
        BuddyAllocator b = m.allocator();
        MigrateTypes t = b.migrateTypes();
        int order = b.pageblockOrder();
        StringBuilder sb = new StringBuilder();
        sb.append("Page block order: ").append(order).append('\n');
        sb.append("Pages per block:  ").append(1L << order).append('\n');
        sb.append('\n');
        // pagetypeinfo_showfree()
        sb.append(String.format("%-43s ", "Free pages count per migrate type at order"));
        for (int o = 0; o < Zone.MAX_ORDER; o++) {
            sb.append(String.format("%6d ", o));
        }
        sb.append('\n');
        for (Zone z : m.allZones()) {
            if (!z.populated()) {
                continue;
            }
            for (int type = 0; type < t.count(); type++) {
                sb.append(String.format("Node %4d, zone %8s, type %12s ", z.nid(), z.name(), t.name(type)));
                for (int o = 0; o < Zone.MAX_ORDER; o++) {
                    long n = b.countFree(z.slot(), type, o, LIST_CAP);
                    sb.append(String.format("%s%6d ", n >= LIST_CAP ? ">" : "", n));
                }
                sb.append('\n');
            }
        }
        // pagetypeinfo_showblockcount()
        sb.append(String.format("\n%-23s", "Number of blocks type "));
        for (int type = 0; type < t.count(); type++) {
            sb.append(String.format("%12s ", t.name(type)));
        }
        sb.append('\n');
        for (Zone z : m.allZones()) {
            if (!z.populated()) {
                continue;
            }
            long[] count = blockCounts(m, z);
            sb.append(String.format("Node %d, zone %8s ", z.nid(), z.name()));
            for (long c : count) {
                sb.append(String.format("%12d ", c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Mirrors pagetypeinfo_showblockcount_print(): from zone_start_pfn in steps of a pageblock, each
     * pfn with an online struct page (pfn_to_online_page(): below max_pfn, and on x86_64's
     * SPARSEMEM in a 128 MiB section that has RAM) counts its pageblock's type.
     */
    public static long[] blockCounts(PhysicalMemory m, Zone z) {
        BuddyAllocator b = m.allocator();
        long[] count = new long[b.migrateTypes().count()];
        long step = 1L << b.pageblockOrder();
        boolean sparse = !m.params().arch.is32();
        for (long pfn = z.startPfn(); pfn < z.endPfn(); pfn += step) {
            if (pfn >= m.maxPfn()) {
                break;
            }
            if (sparse) {
                long section = pfn >> 15;
                if (m.memblock().memoryPages(section << 15, (section + 1) << 15) == 0) {
                    continue;
                }
            }
            count[b.pageblockMigratetype(pfn)]++;
        }
        return count;
    }
}
