package org.mmdsl.runtime.init;

import java.util.List;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.E820;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.memblock.Memblock;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.zone.Zone;

/**
 * The physical side of a booted machine (pglist_data for node 0 plus the globals around it:
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
    private final long maxPfn;
    private final long maxLowPfn;
    private final long totalPages;
    private final long minFreeKbytes;
    private final BuddyAllocator allocator;
    private final List<String> dmesg;

    public PhysicalMemory(BootParams params, E820 e820, KernelLayout layout, Memblock memblock, MemMap memMap,
            List<Zone> zones, long maxPfn, long maxLowPfn, long totalPages, long minFreeKbytes,
            BuddyAllocator allocator, List<String> dmesg) {
        this.params = params;
        this.e820 = e820;
        this.layout = layout;
        this.memblock = memblock;
        this.memMap = memMap;
        this.zones = List.copyOf(zones);
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

    /** All zones of node 0 in index order, populated or not. */
    public List<Zone> zones() {
        return zones;
    }

    /** The zone called {@code name} ("DMA", "Normal", ...), or null. */
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
        for (Zone z : zones) {
            n += z.managed();
        }
        return n;
    }

    /** totalhigh_pages(): Σ managed of highmem zones. */
    public long totalhighPages() {
        long n = 0;
        for (Zone z : zones) {
            if (z.isHighmem()) {
                n += z.managed();
            }
        }
        return n;
    }

    /** Σ present (get_num_physpages()). */
    public long presentPages() {
        long n = 0;
        for (Zone z : zones) {
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
