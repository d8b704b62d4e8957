package org.mmdsl.runtime.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.init.Setup;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.uapi.Mman;

/**
 * /proc/zoneinfo, /proc/buddyinfo and /proc/meminfo: whole files as snapshots (6.1 and 2.6.24),
 * and counters that follow what a scenario does. Line layout and pageset values are compared with
 * the real probe dumps by arch.ProcFilesConformanceTest.
 */
class PhysProcTest {

    private static BootParams pae1536() {
        BootParams p = new BootParams();
        p.arch = Arch.I386_PAE;
        return p;
    }

    @Test
    void zoneinfoOfAFreshPaeMachineIsTheKernelsWholeFile() {
        String z = Kernel.boot(pae1536(), EventSink.NONE).zoneinfo();
        assertEquals("""
                Node 0, zone      DMA
                  per-node stats
                      nr_inactive_anon 0
                      nr_active_anon 0
                      nr_inactive_file 0
                      nr_active_file 0
                      nr_unevictable 0
                      nr_slab_reclaimable 0
                      nr_slab_unreclaimable 0
                      nr_isolated_anon 0
                      nr_isolated_file 0
                      workingset_nodes 0
                      workingset_refault_anon 0
                      workingset_refault_file 0
                      workingset_activate_anon 0
                      workingset_activate_file 0
                      workingset_restore_anon 0
                      workingset_restore_file 0
                      workingset_nodereclaim 0
                      nr_anon_pages 0
                      nr_mapped    0
                      nr_file_pages 0
                      nr_dirty     0
                      nr_writeback 0
                      nr_writeback_temp 0
                      nr_shmem     0
                      nr_shmem_hugepages 0
                      nr_shmem_pmdmapped 0
                      nr_file_hugepages 0
                      nr_file_pmdmapped 0
                      nr_anon_transparent_hugepages 0
                      nr_vmscan_write 0
                      nr_vmscan_immediate_reclaim 0
                      nr_dirtied   0
                      nr_written   0
                      nr_throttled_written 0
                      nr_kernel_misc_reclaimable 0
                      nr_foll_pin_acquired 0
                      nr_foll_pin_released 0
                      nr_kernel_stack 0
                      nr_page_table_pages 0
                      nr_sec_page_table_pages 0
                      nr_swapcached 0
                  pages free     3840
                        boost    0
                        min      16
                        low      20
                        high     24
                        spanned  4095
                        present  3998
                        managed  3840
                        cma      0
                        protection: (0, 832, 1488, 1488)
                      nr_free_pages 3840
                      nr_zone_inactive_anon 0
                      nr_zone_active_anon 0
                      nr_zone_inactive_file 0
                      nr_zone_active_file 0
                      nr_zone_unevictable 0
                      nr_zone_write_pending 0
                      nr_mlock     0
                      nr_bounce    0
                      nr_zspages   0
                      nr_free_cma  0
                  pagesets
                    cpu: 0
                              count: 0
                              high:  20
                              batch: 1
                  vm stats threshold: 2
                  node_unreclaimable:  0
                  start_pfn:           1
                Node 0, zone   Normal
                  pages free     213473
                        boost    0
                        min      911
                        low      1138
                        high     1365
                        spanned  221182
                        present  221182
                        managed  213477
                        cma      0
                        protection: (0, 0, 5247, 5247)
                      nr_free_pages 213473
                      nr_zone_inactive_anon 0
                      nr_zone_active_anon 0
                      nr_zone_inactive_file 0
                      nr_zone_active_file 0
                      nr_zone_unevictable 0
                      nr_zone_write_pending 0
                      nr_mlock     0
                      nr_bounce    0
                      nr_zspages   0
                      nr_free_cma  0
                  pagesets
                    cpu: 0
                              count: 0
                              high:  1138
                              batch: 63
                  vm stats threshold: 8
                  node_unreclaimable:  0
                  start_pfn:           4096
                Node 0, zone  HighMem
                  pages free     167906
                        boost    0
                        min      128
                        low      307
                        high     486
                        spanned  167906
                        present  167906
                        managed  167906
                        cma      0
                        protection: (0, 0, 0, 0)
                      nr_free_pages 167906
                      nr_zone_inactive_anon 0
                      nr_zone_active_anon 0
                      nr_zone_inactive_file 0
                      nr_zone_active_file 0
                      nr_zone_unevictable 0
                      nr_zone_write_pending 0
                      nr_mlock     0
                      nr_bounce    0
                      nr_zspages   0
                      nr_free_cma  0
                  pagesets
                    cpu: 0
                              count: 0
                              high:  307
                              batch: 31
                  vm stats threshold: 8
                  node_unreclaimable:  0
                  start_pfn:           225278
                Node 0, zone  Movable
                  pages free     0
                        boost    0
                        min      32
                        low      32
                        high     32
                        spanned  0
                        present  0
                        managed  0
                        cma      0
                        protection: (0, 0, 0, 0)
                """, z);
    }

    @Test
    void buddyinfoFollowsFragShowPrint() {
        PhysicalMemory m = Setup.boot(pae1536(), null);
        // exactly the real DMA line: pfn 1..158 reserved, 159..255 a hole, 256..4095 free
        assertTrue(PhysProc.buddyinfo(m).startsWith(
                "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"));
        m.allocator().allocPages(Gfp.GFP_DMA, 0);
        String b = PhysProc.buddyinfo(m);
        String[] lines = b.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].matches("Node 0, zone      DMA( {1,6}\\d+ ){11}"), lines[0]);
        assertTrue(lines[1].startsWith("Node 0, zone   Normal "), lines[1]);
        assertTrue(lines[2].startsWith("Node 0, zone  HighMem "), lines[2]);
        // one page taken: the order-8 block at 256 was split down to order 0
        assertEquals("Node 0, zone      DMA      1      1      1      1      1      1      1      1      0      1      3 ", lines[0]);
    }

    @Test
    void meminfoOfAFreshPaeMachineIsTheKernelsWholeFile() {
        String mi = Kernel.boot(pae1536(), EventSink.NONE).meminfo();
        assertEquals("""
                MemTotal:        1540892 kB
                MemFree:         1540876 kB
                MemAvailable:    1506436 kB
                Buffers:               0 kB
                Cached:                0 kB
                SwapCached:            0 kB
                Active:                0 kB
                Inactive:              0 kB
                Active(anon):          0 kB
                Inactive(anon):        0 kB
                Active(file):          0 kB
                Inactive(file):        0 kB
                Unevictable:           0 kB
                Mlocked:               0 kB
                HighTotal:        671624 kB
                HighFree:         671624 kB
                LowTotal:         869268 kB
                LowFree:          869252 kB
                SwapTotal:             0 kB
                SwapFree:              0 kB
                Zswap:                 0 kB
                Zswapped:              0 kB
                Dirty:                 0 kB
                Writeback:             0 kB
                AnonPages:             0 kB
                Mapped:                0 kB
                Shmem:                 0 kB
                KReclaimable:          0 kB
                Slab:                  0 kB
                SReclaimable:          0 kB
                SUnreclaim:            0 kB
                KernelStack:           0 kB
                PageTables:            0 kB
                SecPageTables:         0 kB
                NFS_Unstable:          0 kB
                Bounce:                0 kB
                WritebackTmp:          0 kB
                CommitLimit:      770444 kB
                Committed_AS:          0 kB
                VmallocTotal:     122880 kB
                VmallocUsed:           0 kB
                VmallocChunk:          0 kB
                Percpu:                0 kB
                HardwareCorrupted:     0 kB
                AnonHugePages:         0 kB
                ShmemHugePages:        0 kB
                ShmemPmdMapped:        0 kB
                FileHugePages:         0 kB
                FilePmdMapped:         0 kB
                HugePages_Total:       0
                HugePages_Free:        0
                HugePages_Rsvd:        0
                HugePages_Surp:        0
                Hugepagesize:       2048 kB
                Hugetlb:               0 kB
                DirectMap4k:        2040 kB
                DirectMap2M:      899072 kB
                """, mi);
    }

    /**
     * A process with anonymous, file and shared-anonymous pages, an mlocked range, kmalloc and
     * vmalloc: each counter moves by what the scenario did.
     */
    @Test
    void countersFollowTheScenario() {
        Kernel k = Kernel.boot(pae1536(), EventSink.NONE);
        Task t = k.spawn("init");
        t.execve("/sbin/init", 24 << 10, 4 << 10, 16 << 10, 8 << 20);
        AccessResult r = new AccessResult();
        long anon = t.mmap(0, 16 << 10, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        for (int i = 0; i < 4; i++) {
            t.write(anon + (i << 12), 1, r);
        }
        long file = t.mmap(0, 8 << 10, Mman.PROT_READ, Mman.MAP_PRIVATE, "/lib/libc.so", 0);
        t.read(file, r);
        long shm = t.mmap(0, 4 << 10, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        t.write(shm, 7, r);
        t.mlock(anon, 8 << 10, false, false);
        k.kmem().kmalloc(200, Gfp.GFP_KERNEL, false);
        k.kmem().kmalloc(20 << 10, Gfp.GFP_KERNEL, false);
        k.kmem().vmalloc(3 << 12);
        String mi = k.meminfo();
        String lines = grep(mi, "Cached:", "Active:", "Inactive:", "Active(anon):", "Inactive(anon):", "Active(file):",
                "Inactive(file):", "Unevictable:", "Mlocked:", "AnonPages:", "Mapped:", "Shmem:", "Slab:", "SUnreclaim:",
                "KernelStack:", "PageTables:", "Committed_AS:", "VmallocUsed:");
        assertEquals("""
                Cached:               68 kB
                Active:                0 kB
                Inactive:             76 kB
                Active(anon):          0 kB
                Inactive(anon):       12 kB
                Active(file):          0 kB
                Inactive(file):       64 kB
                Unevictable:           8 kB
                Mlocked:               8 kB
                AnonPages:            16 kB
                Mapped:                8 kB
                Shmem:                 4 kB
                Slab:                 36 kB
                SUnreclaim:           36 kB
                KernelStack:           8 kB
                PageTables:           16 kB
                Committed_AS:        172 kB
                VmallocUsed:          12 kB
                """, lines);
    }

    @Test
    void kernel26PrintsTheFormatsOf2624() {
        BootParams p = new BootParams();
        p.model = KernelModel.V2_6;
        Kernel k = Kernel.boot(p, EventSink.NONE);
        k.kmem().vmalloc(3 << 12);
        assertEquals("""
                Node 0, zone      DMA
                  pages free     158
                        min      17
                        low      21
                        high     25
                        scanned  0 (a: 0 i: 0)
                        spanned  4096
                        present  4064
                    nr_free_pages 158
                    nr_inactive  0
                    nr_active    0
                    nr_anon_pages 0
                    nr_mapped    0
                    nr_file_pages 0
                    nr_dirty     0
                    nr_writeback 0
                    nr_slab_reclaimable 0
                    nr_slab_unreclaimable 0
                    nr_page_table_pages 0
                    nr_unstable  0
                    nr_bounce    0
                    nr_vmscan_write 0
                        protection: (0, 873, 1508, 1508)
                  pagesets
                    cpu: 0 pcp: 0
                              count: 0
                              high:  0
                              batch: 1
                    cpu: 0 pcp: 1
                              count: 0
                              high:  0
                              batch: 1
                  vm stats threshold: 2
                  all_unreclaimable: 0
                  prev_priority:     12
                  start_pfn:         0
                Node 0, zone   Normal
                  pages free     221937
                        min      936
                        low      1170
                        high     1404
                        scanned  0 (a: 0 i: 0)
                        spanned  225280
                        present  223520
                    nr_free_pages 221937
                    nr_inactive  0
                    nr_active    0
                    nr_anon_pages 0
                    nr_mapped    0
                    nr_file_pages 0
                    nr_dirty     0
                    nr_writeback 0
                    nr_slab_reclaimable 0
                    nr_slab_unreclaimable 0
                    nr_page_table_pages 0
                    nr_unstable  0
                    nr_bounce    0
                    nr_vmscan_write 0
                        protection: (0, 0, 5079, 5079)
                  pagesets
                    cpu: 0 pcp: 0
                              count: 0
                              high:  186
                              batch: 31
                    cpu: 0 pcp: 1
                              count: 0
                              high:  62
                              batch: 15
                  vm stats threshold: 8
                  all_unreclaimable: 0
                  prev_priority:     12
                  start_pfn:         4096
                Node 0, zone  HighMem
                  pages free     163805
                        min      128
                        low      298
                        high     468
                        scanned  0 (a: 0 i: 0)
                        spanned  163808
                        present  162529
                    nr_free_pages 163805
                    nr_inactive  0
                    nr_active    0
                    nr_anon_pages 0
                    nr_mapped    0
                    nr_file_pages 0
                    nr_dirty     0
                    nr_writeback 0
                    nr_slab_reclaimable 0
                    nr_slab_unreclaimable 0
                    nr_page_table_pages 0
                    nr_unstable  0
                    nr_bounce    0
                    nr_vmscan_write 0
                        protection: (0, 0, 0, 0)
                  pagesets
                    cpu: 0 pcp: 0
                              count: 0
                              high:  186
                              batch: 31
                    cpu: 0 pcp: 1
                              count: 0
                              high:  62
                              batch: 15
                  vm stats threshold: 8
                  all_unreclaimable: 0
                  prev_priority:     12
                  start_pfn:         229376
                """, k.zoneinfo());
        assertEquals("""
                MemTotal:      1543624 kB
                MemFree:       1543600 kB
                Buffers:             0 kB
                Cached:              0 kB
                SwapCached:          0 kB
                Active:              0 kB
                Inactive:            0 kB
                HighTotal:      655232 kB
                HighFree:       655220 kB
                LowTotal:       888392 kB
                LowFree:        888380 kB
                SwapTotal:           0 kB
                SwapFree:            0 kB
                Dirty:               0 kB
                Writeback:           0 kB
                AnonPages:           0 kB
                Mapped:              0 kB
                Slab:                0 kB
                SReclaimable:        0 kB
                SUnreclaim:          0 kB
                PageTables:          0 kB
                NFS_Unstable:        0 kB
                Bounce:              0 kB
                CommitLimit:    771812 kB
                Committed_AS:        0 kB
                VmallocTotal:   114680 kB
                VmallocUsed:        16 kB
                VmallocChunk:   114664 kB
                HugePages_Total:     0
                HugePages_Free:      0
                HugePages_Rsvd:      0
                HugePages_Surp:      0
                Hugepagesize:     4096 kB
                """, k.meminfo());
    }

    private static String grep(String text, String... labels) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            for (String l : labels) {
                if (line.startsWith(l)) {
                    sb.append(line).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
