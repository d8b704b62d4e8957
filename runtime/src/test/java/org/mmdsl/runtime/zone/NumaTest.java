package org.mmdsl.runtime.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.pagealloc.Zonelists;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.Mempolicy;

/**
 * NUMA (issue 16 point 7): per-node pg_data_t and zones from the SRAT, the zonelists' node order,
 * the allocator's fallback and NUMA counters, memory policies and /proc/PID/numa_maps.
 */
class NumaTest {

    static Kernel boot(long ramMb, long... nodeMb) {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = ramMb << 20;
        p.nodeBytes = new long[nodeMb.length];
        for (int i = 0; i < nodeMb.length; i++) {
            p.nodeBytes[i] = nodeMb[i] << 20;
        }
        return Kernel.boot(p, null);
    }

    @Test
    void eachNodeHasTheArchitecturesZonesClampedToItsRange() {
        // 4 GB, 2 GB per node: node 1 is [2 GB, 3 GB - 128 KB) below the PCI hole and [4 GB, 5 GB) above it
        Kernel k = boot(4096, 2048, 2048);
        PgData n0 = k.memory().nodes().get(0);
        PgData n1 = k.memory().nodes().get(1);
        assertEquals(1, n0.startPfn());
        assertEquals(0x80000, n0.endPfn());
        assertEquals(0x80000, n1.startPfn());
        assertEquals(0x140000, n1.endPfn());
        assertEquals(0x80000, n0.zone("DMA32").endPfn());
        assertEquals(0, n1.zone("DMA").spanned());
        assertEquals(0x80000, n1.zone("DMA32").startPfn());
        assertEquals(0x3ffe0, n1.zone("DMA32").present());
        assertEquals(0x40000, n1.zone("Normal").present());
        assertEquals(0, n0.zone("Normal").present());
        assertTrue(k.dmesg().contains("""
                NUMA: Node 1 [mem 0x80000000-0xbfffffff] + [mem 0x100000000-0x13fffffff] -> [mem 0x80000000-0x13fffffff]
                """), k.dmesg());
        assertTrue(k.dmesg().contains("""
                Fallback order for Node 0: 0 1\s
                Fallback order for Node 1: 1 0\s
                Built 2 zonelists, mobility grouping on.  Total pages: 1031904
                Policy zone: Normal
                """), k.dmesg());
        // lowmem_reserve is per node: node 0's DMA32 has nothing above it on its node
        assertEquals(0, n0.zone("DMA32").lowmemReserve(2));
        assertTrue(n1.zone("DMA32").lowmemReserve(2) > 0);
        assertNull(k.memory().allocator().validate());
    }

    @Test
    void buddyinfoPrintsEveryNodesPopulatedZones() {
        Kernel k = boot(512, 256, 256);
        assertEquals("""
                Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n\
                Node 0, zone    DMA32      3      2      2      2      2      1      2      3      3      3     45 \n\
                Node 1, zone    DMA32      1      0      1      0      0      1      0      1      1      1     62 \n\
                """, k.buddyinfo());
    }

    @Test
    void findNextBestNodePrefersNearAndHeadlessNodesRoundRobin() {
        // three nodes, CPUs on node 0 only, every remote distance 20 (the class comment of Zonelists)
        int[][] order = Zonelists.nodeOrder(Zonelists.distances(3, 20), new boolean[] {true, false, false});
        assertArrayEquals(new int[] {0, 1, 2}, order[0]);
        assertArrayEquals(new int[] {1, 2, 0}, order[1]);
        assertArrayEquals(new int[] {2, 1, 0}, order[2]);
    }

    @Test
    void anAllocationFallsBackToTheNextNodeAndCountsMissAndForeign() {
        Kernel k = boot(512, 256, 256);
        BuddyAllocator b = k.memory().allocator();
        // __GFP_THISNODE on node 1: node 1's zones only
        long pfn = b.allocPagesNode(Gfp.GFP_KERNEL | Gfp.__GFP_THISNODE, 0, 1, BuddyAllocator.ALL_NODES, 0, false, true);
        assertEquals(1, b.pfnToNid(pfn));
        Zone n1 = k.memory().nodes().get(1).zone("DMA32");
        Zone n0 = k.memory().nodes().get(0).zone("DMA32");
        assertEquals(1, n1.numaHit());
        assertEquals(1, n1.numaOther()); // asked from node 0's CPU
        // a nodemask of node 1 with node 0 preferred: the preferred zone is the first of node 0's
        // zonelist inside the mask (first_zones_zonelist()), node 1's: a hit there
        long bound = b.allocPagesNode(Gfp.GFP_KERNEL, 0, 0, 1L << 1, 0, false, true);
        assertEquals(1, b.pfnToNid(bound));
        assertEquals(2, n1.numaHit());
        // node 0 filled to its low watermark: the next allocation for node 0 is served by node 1
        while (b.allocPagesNode(Gfp.GFP_KERNEL | Gfp.__GFP_THISNODE | Gfp.__GFP_NOWARN, 0, 0, BuddyAllocator.ALL_NODES, 0,
                false, false) >= 0) {
            assertTrue(n0.freePages() > 0);
        }
        long miss = b.allocPages(Gfp.GFP_KERNEL, 0);
        assertEquals(1, b.pfnToNid(miss));
        assertEquals(1, n1.numaMiss());
        assertEquals(1, n0.numaForeign());
        assertNull(b.validate());
    }

    /**
     * mpol_set_nodemask() ANDs the caller's nodes with the nodes that have memory and only an empty result
     * is EINVAL: on two nodes `bind 0,3` binds to node 0, `bind 3` fails; mpol_new_preferred() keeps the
     * first node of a preferred mask.
     */
    @Test
    void absentNodesAreDroppedAndOnlyAMaskOfAbsentNodesIsRefused() {
        Kernel k = boot(512, 256, 256);
        Task t = k.spawn("p");
        int prot = Mman.PROT_READ | Mman.PROT_WRITE;
        int flags = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
        long a = t.mmap(0, 3 * 4096, prot, flags, null, 0);
        assertEquals(-22, t.mbind(a, 4096, Mempolicy.MPOL_BIND, 0b1000)); // node 3 alone: EINVAL
        assertEquals(0, t.mbind(a, 4096, Mempolicy.MPOL_BIND, 0b1001)); // nodes 0 and 3: bound to node 0
        assertEquals(0, t.mbind(a + 8192, 4096, Mempolicy.MPOL_PREFERRED, 0b11)); // prefers node 0
        assertEquals(-22, t.setMempolicy(Mempolicy.MPOL_INTERLEAVE, 0b1100));
        assertEquals(0, t.setMempolicy(Mempolicy.MPOL_INTERLEAVE, 0b110)); // interleave over node 1 alone
        for (long p = 0; p < 3; p++) {
            t.write(a + p * 4096, 1, new AccessResult());
        }
        // a VMA without a policy of its own shows the task's (show_numa_map(): proc_priv->task_mempolicy)
        String expected = String.format("""
                %x bind:0 anon=1 dirty=1 active=0 N0=1 kernelpagesize_kB=4
                %x interleave:1 anon=1 dirty=1 active=0 N1=1 kernelpagesize_kB=4
                %x prefer:0 anon=1 dirty=1 active=0 N0=1 kernelpagesize_kB=4
                """, a, a + 4096, a + 8192);
        assertTrue(t.numaMaps().startsWith(expected), t.numaMaps());
        long b = t.mmap(0, 2 * 4096, prot, flags, null, 0);
        for (long p = 0; p < 2; p++) {
            t.write(b + p * 4096, 1, new AccessResult()); // the task's interleave over node 1: both on node 1
        }
        assertTrue(t.numaMaps().contains(String.format("%x interleave:1 anon=2 dirty=2 active=0 N1=2", b)), t.numaMaps());
    }

    @Test
    void policiesPlaceUserPagesAndNumaMapsShowsThem() {
        Kernel k = boot(512, 256, 256);
        Task t = k.spawn("p");
        int prot = Mman.PROT_READ | Mman.PROT_WRITE;
        int flags = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
        assertEquals(0, t.setMempolicy(Mempolicy.MPOL_INTERLEAVE, 0b11));
        long a = t.mmap(0, 4 * 4096, prot, flags, null, 0);
        for (long p = 0; p < 4; p++) {
            t.write(a + p * 4096, 1, new AccessResult()); // the task's policy when the page is faulted in
        }
        assertEquals(0, t.setMempolicy(Mempolicy.MPOL_DEFAULT, 0));
        long b = t.mmap(0, 3 * 4096, prot, flags, null, 0);
        assertEquals(0, t.mbind(b + 4096, 4096, Mempolicy.MPOL_BIND, 0b10));
        assertEquals(-22, t.mbind(b, 4096, Mempolicy.MPOL_BIND, 0b100)); // node 2: EINVAL
        assertEquals(-14, t.mbind(b - 0x100000, 4096, Mempolicy.MPOL_BIND, 0b1)); // a hole: EFAULT
        for (long p = 0; p < 3; p++) {
            t.write(b + p * 4096, 1, new AccessResult());
        }
        // a's pages alternate by (vm_pgoff + index) % 2; b's middle page is bound to node 1
        String expected = String.format("""
                %x default anon=1 dirty=1 active=0 N0=1 kernelpagesize_kB=4
                %x bind:1 anon=1 dirty=1 active=0 N1=1 kernelpagesize_kB=4
                %x default anon=5 dirty=5 active=0 N0=3 N1=2 kernelpagesize_kB=4
                """, b, b + 4096, b + 8192);
        assertEquals(expected, t.numaMaps());
        assertEquals(a, b + 3 * 4096); // the third VMA is b's last page merged with a
        assertNull(k.memory().allocator().validate());
    }
}
