package org.mmdsl.runtime.init;

import java.util.List;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.E820;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.memblock.Memblock;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.zone.PgData;
import org.mmdsl.runtime.zone.Zone;

/**
 * The physical side of a booted machine (pglist_data of every node plus the globals around it:
 * max_pfn, max_low_pfn, totalram_pages, min_free_kbytes), built by
 * {@link Setup#boot}. The structure is fixed after boot; the memmap, the zones'
 * free counts and the allocator change as the scenario runs.
 */
public final class PhysicalMemory {
    private final BootParams params;
    private final E820 e820;
    private final KernelLayout layout;
    private final Memblock memblock;
    private final MemMap memMap;
    private final List<Zone> zones;
    private final List<Zone> allZones;
    private final List<PgData> nodes;
    private final long maxPfn;
    private final long maxLowPfn;
    private final long totalPages;
    private final long minFreeKbytes;
    private final BuddyAllocator allocator;
    private final List<String> dmesg;

    public PhysicalMemory(BootParams params, E820 e820, KernelLayout layout, Memblock memblock, MemMap memMap,
            List<PgData> nodes, long maxPfn, long maxLowPfn, long totalPages, long minFreeKbytes,
            BuddyAllocator allocator, List<String> dmesg) {
        this.params = params;
        this.e820 = e820;
        this.layout = layout;
        this.memblock = memblock;
        this.memMap = memMap;
        this.nodes = List.copyOf(nodes);
        this.zones = nodes.get(0).zones();
        List<Zone> all = new java.util.ArrayList<>();
        for (PgData n : nodes) {
            all.addAll(n.zones());
        }
        this.allZones = List.copyOf(all);
        this.maxPfn = maxPfn;
        this.maxLowPfn = maxLowPfn;
        this.totalPages = totalPages;
        this.minFreeKbytes = minFreeKbytes;
        this.allocator = allocator;
        this.dmesg = List.copyOf(dmesg);
    }

    /** A copy of the parameters the machine was booted with. */
    public BootParams params() {
        return params.copy();
    }

    public E820 e820() {
        return e820;
    }

    public KernelLayout layout() {
        return layout;
    }

    public Memblock memblock() {
        return memblock;
    }

    public MemMap memMap() {
        return memMap;
    }

    /** All zones of node 0 in index order, populated or not ({@link #allZones} for every node's). */
    public List<Zone> zones() {
        return zones;
    }

    /** Every zone of every node, node-major (the allocator's order: {@link Zone#slot()}). */
    public List<Zone> allZones() {
        return allZones;
    }

    /** pg_data_t of every node, in node order (one on a machine without NUMA). */
    public List<PgData> nodes() {
        return nodes;
    }

    /** The number of nodes (nr_online_nodes). */
    public int nrNodes() {
        return nodes.size();
    }

    /** Mirrors pfn_to_nid(). */
    public int pfnToNid(long pfn) {
        return allocator.pfnToNid(pfn);
    }

    /** Mirrors page_zone(): the zone of a pfn, on its node. */
    public Zone pageZone(long pfn) {
        return allocator.pageZone(pfn);
    }

    /** The zone of node 0 called {@code name} ("DMA", "Normal", ...), or null. */
    public Zone zone(String name) {
        for (Zone z : zones) {
            if (z.name().equals(name)) {
                return z;
            }
        }
        return null;
    }

    public long maxPfn() {
        return maxPfn;
    }

    /** max_low_pfn: end of the direct-mapped lowmem (i386); max_pfn on x86_64. */
    public long maxLowPfn() {
        return maxLowPfn;
    }

    /** "Total pages" of the "Built 1 zonelists" line (vm_total_pages). */
    public long totalPages() {
        return totalPages;
    }

    /** totalram_pages(): Σ managed. */
    public long totalramPages() {
        long n = 0;
        for (Zone z : allZones) {
            n += z.managed();
        }
        return n;
    }

    /** totalhigh_pages(): Σ managed of highmem zones. */
    public long totalhighPages() {
        long n = 0;
        for (Zone z : allZones) {
            if (z.isHighmem()) {
                n += z.managed();
            }
        }
        return n;
    }

    /** Σ present (get_num_physpages()). */
    public long presentPages() {
        long n = 0;
        for (Zone z : allZones) {
            n += z.present();
        }
        return n;
    }

    public long minFreeKbytes() {
        return minFreeKbytes;
    }

    public BuddyAllocator allocator() {
        return allocator;
    }

    /** The boot lines as the kernel prints them, without timestamps, in the kernel's order. */
    public List<String> dmesg() {
        return dmesg;
    }
}
