package org.mmdsl.runtime.init;

import java.util.ArrayList;
import java.util.List;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.memblock.Memblock;

/**
 * The NUMA half of x86_64's initmem_init() (arch/x86/mm/numa.c numa_init() with x86_acpi_numa_init(),
 * drivers/acpi/numa/srat.c and arch/x86/mm/srat.c) for a machine whose firmware gives an SRAT, as
 * qemu's {@code -numa node,mem=} builds it (hw/i386/acpi-build.c build_srat()): node 0 gets
 * [0, 640K) and [1M, its size), each next node the following RAM, a node crossing the PCI hole below
 * 4 GiB continuing at 4 GiB. Prints the SRAT's CPU and memory affinity lines, merges each node's
 * blocks as numa_cleanup_meminfo() does ("NUMA: Node 0 [mem ...] + [mem ...] -> [mem ...]"), gives
 * memblock its node ids (memblock_set_node()) and allocates each node's pg_data_t in the node
 * (setup_node_data(): "NODE_DATA(1) allocated [mem ...]").
 *
 * <p>CPU i belongs to node i % nodes (qemu's default: one socket per CPU, sockets round-robin over
 * the nodes). Not modelled: a node without memory, hotpluggable ranges, numa=fake (numa_emulation()).
 */
final class NumaInit {
    /** sizeof(pg_data_t) of the recorded kernel rounded up to a page (its NODE_DATA(0) line: 0x2b000). */
    static final long NODE_DATA_BYTES = 0x2b000;

    /** One SRAT memory affinity entry or numa_memblk: [start, end) on node nid. */
    record Blk(long start, long end, int nid) {
    }

    /** The merged numa_meminfo blocks, one per node after the merge (qemu's layout is in node order). */
    final List<Blk> blocks;
    /** Where each node's addresses end, in pfns (pfn_to_nid(): the first node whose end is above). */
    final long[] nodeEndPfns;
    final int nrNodes;

    private NumaInit(List<Blk> blocks, int nrNodes) {
        this.blocks = blocks;
        this.nrNodes = nrNodes;
        this.nodeEndPfns = new long[nrNodes];
        for (Blk b : blocks) {
            nodeEndPfns[b.nid()] = Math.max(nodeEndPfns[b.nid()], b.end() >>> 12);
        }
    }

    /** The node of a CPU (see the class comment). */
    static int cpuToNode(int cpu, int nrNodes) {
        return cpu % nrNodes;
    }

    /**
     * Mirrors qemu's build_srat() memory entries for node sizes {@code nodeBytes}, with
     * {@code below4g} bytes of RAM under the PCI hole.
     */
    static List<Blk> srat(long[] nodeBytes, long below4g) {
        List<Blk> out = new ArrayList<>();
        out.add(new Blk(0, 640L << 10, 0));
        long next = 1L << 20;
        for (int i = 0; i < nodeBytes.length; i++) {
            long base = next;
            long len = nodeBytes[i] - (i == 0 ? 1L << 20 : 0);
            next = base + len;
            if (base <= below4g && next > below4g) {
                // "Cut out the ACPI_PCI hole"
                len -= next - below4g;
                if (len > 0) {
                    out.add(new Blk(base, base + len, i));
                }
                base = 1L << 32;
                len = next - below4g;
                next = base + len;
            }
            if (len > 0) {
                out.add(new Blk(base, base + len, i));
            }
        }
        return out;
    }

    /**
     * numa_init() with the SRAT of {@code p}: prints into {@code log}, merges, and allocates the
     * pg_data_ts from {@code mb}. {@code maxPfn} trims the blocks (numa_cleanup_meminfo()).
     */
    static NumaInit run(BootParams p, long below4g, long maxPfn, Memblock mb, List<String> log) {
        int n = p.nrNodes();
        for (int cpu = 0; cpu < p.cpus; cpu++) {
            // arch/x86/mm/srat.c acpi_numa_processor_affinity_init(); qemu's PXM is the node id
            log.add(String.format("SRAT: PXM %d -> APIC 0x%02x -> Node %d", cpuToNode(cpu, n), cpu, cpuToNode(cpu, n)));
        }
        List<Blk> srat = srat(p.nodeBytes, below4g);
        List<Blk> mi = new ArrayList<>();
        for (Blk b : srat) {
            // drivers/acpi/numa/srat.c acpi_numa_memory_affinity_init()
            log.add(String.format("ACPI: SRAT: Node %d PXM %d [mem %s-%s]", b.nid(), b.nid(), hex010(b.start()),
                    hex010(b.end() - 1)));
            mi.add(b);
        }
        long high = maxPfn << 12;
        for (int i = 0; i < mi.size(); i++) {
            Blk b = mi.get(i);
            long end = Math.min(b.end(), high);
            if (mb.memoryPages(b.start() >>> 12, (b.end() + 4095) >>> 12) == 0 || b.start() >= end) {
                mi.remove(i--); // reserved or beyond max_pfn: not a memory block
            } else if (end != b.end()) {
                mi.set(i, new Blk(b.start(), end, b.nid()));
            }
        }
        for (int i = 0; i < mi.size(); i++) {
            for (int j = i + 1; j < mi.size(); j++) {
                Blk bi = mi.get(i);
                Blk bj = mi.get(j);
                if (bi.nid() != bj.nid()) {
                    continue;
                }
                long start = Math.min(bi.start(), bj.start());
                long end = Math.max(bi.end(), bj.end());
                boolean other = false;
                for (Blk bk : mi) {
                    if (bk.nid() != bi.nid() && start < bk.end() && end > bk.start()) {
                        other = true;
                    }
                }
                if (other) {
                    continue;
                }
                log.add(String.format("NUMA: Node %d [mem %s-%s] + [mem %s-%s] -> [mem %s-%s]", bi.nid(), hex010(bi.start()),
                        hex010(bi.end() - 1), hex010(bj.start()), hex010(bj.end() - 1), hex010(start), hex010(end - 1)));
                mi.set(i, new Blk(start, end, bi.nid()));
                mi.remove(j--);
            }
        }
        NumaInit numa = new NumaInit(List.copyOf(mi), n);
        for (int nid = 0; nid < n; nid++) {
            // setup_node_data(): memblock_phys_alloc_try_nid(nd_size, SMP_CACHE_BYTES, nid), top-down in the node
            long pa = mb.allocTopDown(NODE_DATA_BYTES, 64, numa.nodeEndPfns[nid] << 12, "NODE_DATA(" + nid + ")");
            log.add(String.format("NODE_DATA(%d) allocated [mem %s-%s]", nid, hex010(pa), hex010(pa + NODE_DATA_BYTES - 1)));
        }
        return numa;
    }

    /** The node of pfn: the first node whose addresses end above it. */
    int nid(long pfn) {
        for (int nid = 0; nid < nrNodes - 1; nid++) {
            if (pfn < nodeEndPfns[nid]) {
                return nid;
            }
        }
        return nrNodes - 1;
    }

    /**
     * memblock.memory split at the node boundaries with each piece's node (memblock_set_node(), as
     * for_each_mem_pfn_range() walks it): {base, end, nid} in bytes.
     */
    List<long[]> memoryByNode(Memblock mb) {
        List<long[]> out = new ArrayList<>();
        for (Memblock.Region r : mb.memory()) {
            long s = r.base();
            while (s < r.end()) {
                int nid = nid(s >>> 12);
                long e = nid == nrNodes - 1 ? r.end() : Math.min(r.end(), nodeEndPfns[nid] << 12);
                out.add(new long[] {s, e, nid});
                s = e;
            }
        }
        return out;
    }

    /** printk's %#010Lx: "0x" and at least 8 hex digits. */
    static String hex010(long v) {
        String h = Long.toHexString(v);
        return "0x" + (h.length() >= 8 ? h : "00000000".substring(h.length()) + h);
    }
}
