package org.mmdsl.runtime.zone;

import java.util.List;

/**
 * Mirrors pg_data_t (struct pglist_data, include/linux/mmzone.h) for what the model shows: the node's
 * id, node_start_pfn, node_spanned_pages, node_present_pages and node_zones[]. Built by
 * init.Setup from the firmware's SRAT (arch/x86/mm/numa.c, free_area_init_node()); a machine
 * without NUMA has one, node 0. The node's zonelists are pagealloc.Zonelists.
 */
public final class PgData {
    private final int nid;
    private final long startPfn;
    private final long spanned;
    private final List<Zone> zones;

    /** @param zones node_zones[]: every zone of the node in index order, populated or not */
    public PgData(int nid, long startPfn, long endPfn, List<Zone> zones) {
        this.nid = nid;
        this.startPfn = startPfn;
        this.spanned = endPfn - startPfn;
        this.zones = List.copyOf(zones);
    }

    /** pgdat->node_id. */
    public int nid() {
        return nid;
    }

    /** node_start_pfn. */
    public long startPfn() {
        return startPfn;
    }

    /** pgdat_end_pfn(): node_start_pfn + node_spanned_pages. */
    public long endPfn() {
        return startPfn + spanned;
    }

    /** node_spanned_pages: the pfn range, holes included. */
    public long spanned() {
        return spanned;
    }

    /** node_present_pages: Σ present of the node's zones. */
    public long present() {
        long n = 0;
        for (Zone z : zones) {
            n += z.present();
        }
        return n;
    }

    /** Σ managed of the node's zones (the node's MemTotal in /sys/devices/system/node/nodeN/meminfo). */
    public long managed() {
        long n = 0;
        for (Zone z : zones) {
            n += z.managed();
        }
        return n;
    }

    /** node_zones[]: all zones of the node in index order. */
    public List<Zone> zones() {
        return zones;
    }

    /** The node's zone called {@code name} ("DMA32", "Normal", ...), or null. */
    public Zone zone(String name) {
        for (Zone z : zones) {
            if (z.name().equals(name)) {
                return z;
            }
        }
        return null;
    }
}
