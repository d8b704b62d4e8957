package org.mmdsl.runtime.pagealloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.zone.Zone;

/**
 * Migrate types (mm/page_alloc.c): per-type free lists, fallbacks[] and pageblock stealing, the
 * highatomic reserve, 2.6.24's MIGRATE_RESERVE, and /proc/pagetypeinfo. The invariant checker runs
 * after every step.
 */
class MigrateTypeTest {
    private final List<Event> events = new ArrayList<>();
    private BuddyAllocator buddy;

    /** One zone "Normal" of 2048 frames = 4 pageblocks of 512, all MIGRATE_MOVABLE and free. */
    private void fourPageblocks(MigrateTypes types) {
        MemMap memMap = new MemMap(2048);
        for (int p = 0; p < 2048; p++) {
            memMap.set(p, MemMap.PG_reserved);
            memMap.setRefcount(p, 1);
        }
        Zone zone = new Zone(0, "Normal", false, 0, 2048, 2048, 1);
        zone.setManaged(2048);
        buddy = new BuddyAllocator(memMap, new Zone[] {zone}, 0, -1, 0, -1, 0, events::add, types, 9);
        for (int p = 0; p < 2048; p += 512) {
            buddy.setPageblockMigratetype(p, types.movable);
        }
        buddy.freeBootRange(0, 2048);
    }

    /** Each type's non-empty lists as "Type o0:[1] o1:[2] ...", then the pageblocks' types. */
    private String state() {
        assertNull(buddy.validate());
        MigrateTypes t = buddy.migrateTypes();
        StringBuilder sb = new StringBuilder();
        for (int type = 0; type < t.count(); type++) {
            StringBuilder line = new StringBuilder();
            for (int o = 0; o < BuddyAllocator.MAX_ORDER; o++) {
                long p = buddy.firstFree(0, type, o);
                if (p < 0) {
                    continue;
                }
                line.append(" o").append(o).append(":");
                String sep = "[";
                for (; p >= 0; p = buddy.nextFree(0, type, o, p)) {
                    line.append(sep).append(p);
                    sep = ",";
                }
                line.append("]");
            }
            if (line.length() > 0) {
                sb.append(t.name(type)).append(line).append('\n');
            }
        }
        sb.append("pageblocks");
        for (int p = 0; p < 2048; p += 512) {
            sb.append(' ').append(t.name(buddy.pageblockMigratetype(p)));
        }
        return sb.append('\n').toString();
    }

    @Test
    void gfpMaskSelectsTheMigratetype() {
        MigrateTypes t = MigrateTypes.V6_1;
        assertEquals("Unmovable", t.name(t.ofGfp(Gfp.GFP_KERNEL)));
        assertEquals("Movable", t.name(t.ofGfp(Gfp.GFP_HIGHUSER_MOVABLE)));
        assertEquals("Reclaimable", t.name(t.ofGfp(Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE)));
        assertEquals("Unmovable", t.name(t.ofGfp(Gfp.GFP_HIGHUSER)));
        MigrateTypes old = MigrateTypes.V2_6;
        assertEquals(2, old.ofGfp(Gfp.GFP_HIGHUSER_MOVABLE)); // 2.6.24's MIGRATE_MOVABLE is 2
        assertEquals(1, old.ofGfp(Gfp.__GFP_RECLAIMABLE));
    }

    @Test
    void fallbackStealsPageblocksInTheKernelsOrder() {
        fourPageblocks(MigrateTypes.V6_1);
        assertEquals("""
                Movable o10:[0,1024]
                pageblocks Movable Movable Movable Movable
                """, state());
        // An unmovable page: its list is empty, __rmqueue_fallback() takes the largest block of
        // fallbacks[UNMOVABLE] = {RECLAIMABLE, MOVABLE}: order 10 at 0, both its pageblocks change type.
        assertEquals(0, buddy.allocPages(Gfp.GFP_KERNEL, 0));
        assertEquals("""
                Unmovable o0:[1] o1:[2] o2:[4] o3:[8] o4:[16] o5:[32] o6:[64] o7:[128] o8:[256] o9:[512]
                Movable o10:[1024]
                pageblocks Unmovable Unmovable Movable Movable
                """, state());
        // A movable page comes from its own list.
        assertEquals(1024, buddy.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0));
        // A reclaimable page: fallbacks[RECLAIMABLE] = {UNMOVABLE, MOVABLE}; the largest block is
        // unmovable order 9 at 512, a whole pageblock: it becomes Reclaimable.
        assertEquals(512, buddy.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE, 0));
        assertEquals("""
                Unmovable o0:[1] o1:[2] o2:[4] o3:[8] o4:[16] o5:[32] o6:[64] o7:[128] o8:[256]
                Movable o0:[1025] o1:[1026] o2:[1028] o3:[1032] o4:[1040] o5:[1056] o6:[1088] o7:[1152] o8:[1280] o9:[1536]
                Reclaimable o0:[513] o1:[514] o2:[516] o3:[520] o4:[528] o5:[544] o6:[576] o7:[640] o8:[768]
                pageblocks Unmovable Reclaimable Movable Movable
                """, state());
        // Freed, page 0 merges up to order 9 and joins its pageblock's list (Unmovable); 512 then
        // merges with it across the pageblocks (both types are mergeable in 6.1's __free_one_page())
        // and the order-10 block joins the list of the page freed last: Reclaimable.
        buddy.freePages(0, 0);
        assertEquals("Unmovable o9:[0]", state().lines().filter(l -> l.startsWith("Unmovable")).findFirst().get());
        buddy.freePages(512, 0);
        buddy.freePages(1024, 0);
        assertEquals("""
                Movable o10:[1024]
                Reclaimable o10:[0]
                pageblocks Unmovable Reclaimable Movable Movable
                """, state());
    }

    @Test
    void aMovableRequestThatCannotStealTakesTheSmallestBlock() {
        fourPageblocks(MigrateTypes.V6_1);
        // Pageblocks 0-1 unmovable, 2-3 movable, then every movable page taken.
        assertEquals(0, buddy.allocPages(Gfp.GFP_KERNEL, 0));
        assertEquals(1024, buddy.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 10));
        // Movable, order 0: the fallback list UNMOVABLE has blocks of orders 0..9; order 9 could be
        // stolen whole, so the largest (512) is taken and its pageblock changes type.
        assertEquals(512, buddy.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0));
        assertEquals("""
                Unmovable o0:[1] o1:[2] o2:[4] o3:[8] o4:[16] o5:[32] o6:[64] o7:[128] o8:[256]
                Movable o0:[513] o1:[514] o2:[516] o3:[520] o4:[528] o5:[544] o6:[576] o7:[640] o8:[768]
                pageblocks Unmovable Movable Movable Movable
                """, state());
        long[] movable = {513, 514, 516, 520, 528, 544, 576, 640, 768};
        for (int o = 0; o < movable.length; o++) {
            assertEquals(movable[o], buddy.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, o));
        }
        // Now the largest unmovable block is order 8, at least pageblock_order / 2, so
        // can_steal_fallback() allows the whole pageblock: move_freepages_block() moves all of
        // pageblock 0's free blocks, 511 free pages of 512 >= 256, and the pageblock turns Movable.
        assertEquals(1, buddy.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0));
        assertEquals("""
                Movable o1:[2] o2:[4] o3:[8] o4:[16] o5:[32] o6:[64] o7:[128] o8:[256]
                pageblocks Movable Movable Movable Movable
                """, state());
    }

    @Test
    void anAtomicHigherOrderAllocationInTheSlowPathReservesAHighatomicPageblock() {
        fourPageblocks(MigrateTypes.V6_1);
        Zone zone = buddy.zone(0);
        zone.setWatermarks(100, 2100, 2200); // below the low mark: only the slow path allocates
        buddy.setWatermarksEnabled(true);
        assertEquals(0, buddy.allocPages(Gfp.GFP_ATOMIC, 1));
        assertEquals(512, buddy.nrReservedHighatomic(0));
        assertEquals("""
                Unmovable o9:[512]
                Movable o10:[1024]
                HighAtomic o1:[2] o2:[4] o3:[8] o4:[16] o5:[32] o6:[64] o7:[128] o8:[256]
                pageblocks HighAtomic Unmovable Movable Movable
                """, state());
        // The next atomic order-1 request takes from the reserve first.
        assertEquals(2, buddy.allocPages(Gfp.GFP_ATOMIC, 1));
    }

    @Test
    void kernel26FallsBackToMigrateReserveLast() {
        fourPageblocks(MigrateTypes.V2_6);
        Zone zone = buddy.zone(0);
        zone.setWatermarks(300, 400, 500);
        buddy.setupZoneMigrateReserve(0); // roundup(300, 512) / 512 = 1 pageblock
        // move_freepages_block() of pageblock 0 meets the head of the order-10 block at 0 and moves
        // all of it: the Reserve list holds 1024 pages, though only pageblock 0 is MIGRATE_RESERVE.
        assertEquals("""
                Movable o10:[1024]
                Reserve o10:[0]
                pageblocks Reserve Movable Movable Movable
                """, state());
        // 2.6.24: an unmovable order-0 page takes the largest fallback block (order 10, >= 9/2):
        // move_freepages_block() moves the 1024 free pages starting in pageblock 2, more than half a
        // pageblock: pageblock 2 becomes Unmovable, pageblock 3 stays Movable; the split halves go
        // to the Unmovable lists.
        assertEquals(1024, buddy.allocPages(Gfp.GFP_KERNEL, 0));
        assertEquals("""
                Unmovable o0:[1025] o1:[1026] o2:[1028] o3:[1032] o4:[1040] o5:[1056] o6:[1088] o7:[1152] o8:[1280] o9:[1536]
                Reserve o10:[0]
                pageblocks Reserve Movable Unmovable Movable
                """, state());
        // Nothing movable or reclaimable is left: a movable page comes from MIGRATE_RESERVE? No:
        // fallbacks[MOVABLE] = {RECLAIMABLE, UNMOVABLE} finds the unmovable order-9 block first.
        assertEquals(1536, buddy.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 9));
        assertEquals(1280, buddy.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 8));
        // An order-10 request finds no fallback of that order: __rmqueue_smallest(MIGRATE_RESERVE).
        assertEquals(0, buddy.allocPages(Gfp.GFP_KERNEL, 10));
    }

    @Test
    void pagetypeinfoOfA256MbX8664Machine() {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = 256L << 20;
        Kernel k = Kernel.boot(p, null);
        assertEquals("""
                Page block order: 9
                Pages per block:  512

                Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10\s
                Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      0      0      0      1      0      0\s
                Node    0, zone      DMA, type      Movable      0      0      0      0      0      0      0      0      0      1      3\s
                Node    0, zone      DMA, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone      DMA, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone      DMA, type          CMA      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone      DMA, type      Isolate      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone    DMA32, type    Unmovable      1      1      0      1      1      1      1      1      1      1      0\s
                Node    0, zone    DMA32, type      Movable      2      1      2      1      0      0      1      1      2      2     45\s
                Node    0, zone    DMA32, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone    DMA32, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone    DMA32, type          CMA      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone    DMA32, type      Isolate      0      0      0      0      0      0      0      0      0      0      0\s

                Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate\s
                Node 0, zone      DMA            1            7            0            0            0            0\s
                Node 0, zone    DMA32            2          118            0            0            0            0\s
                """, k.pagetypeinfo());
        assertEquals(buddyinfoFromPagetypeinfo(k.pagetypeinfo()), k.buddyinfo());
        assertNull(k.memory().allocator().validate());
    }

    @Test
    void pagetypeinfoOfA256MbI386Kernel26() {
        BootParams p = new BootParams();
        p.arch = Arch.I386;
        p.ramBytes = 256L << 20;
        p.model = KernelModel.V2_6;
        Kernel k = Kernel.boot(p, null);
        assertEquals("""
                Page block order: 10
                Pages per block:  1024

                Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10\s
                Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone      DMA, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone      DMA, type      Movable      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone      DMA, type      Reserve      2      2      2      2      2      1      1      0      0      0      0\s
                Node    0, zone      DMA, type      Isolate      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone   Normal, type    Unmovable      1      0      1      1      1      1      1      1      1      1      0\s
                Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0\s
                Node    0, zone   Normal, type      Movable      0      0      0      0      0      1      1      1      1      0     57\s
                Node    0, zone   Normal, type      Reserve      0      0      1      0      1      1      1      1      0      1      0\s
                Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0\s

                Number of blocks type     Unmovable  Reclaimable      Movable      Reserve      Isolate\s
                Node 0, zone      DMA            0            0            3            1            0\s
                Node 0, zone   Normal            1            0           58            1            0\s
                """, k.pagetypeinfo());
        assertEquals(buddyinfoFromPagetypeinfo(k.pagetypeinfo()), k.buddyinfo());
        assertNull(k.memory().allocator().validate());
    }

    /** /proc/buddyinfo as the sum over the migrate types of /proc/pagetypeinfo's free table. */
    static String buddyinfoFromPagetypeinfo(String pagetypeinfo) {
        java.util.Map<String, long[]> zones = new java.util.LinkedHashMap<>();
        for (String line : pagetypeinfo.split("\n")) {
            if (!line.contains(", type ")) {
                continue;
            }
            String zone = line.substring(line.indexOf("zone") + 4, line.indexOf(", type")).trim();
            String[] counts = line.substring(line.indexOf(", type ") + 7 + 12).trim().split(" +");
            long[] sum = zones.computeIfAbsent(zone, z -> new long[counts.length]);
            for (int o = 0; o < counts.length; o++) {
                sum[o] += Long.parseLong(counts[o]);
            }
        }
        StringBuilder sb = new StringBuilder();
        zones.forEach((zone, sum) -> {
            sb.append(String.format("Node %d, zone %8s ", 0, zone));
            for (long n : sum) {
                sb.append(String.format("%6d ", n));
            }
            sb.append('\n');
        });
        return sb.toString();
    }
}
