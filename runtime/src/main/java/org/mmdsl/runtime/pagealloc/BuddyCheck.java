package org.mmdsl.runtime.pagealloc;

import java.util.BitSet;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.zone.Zone;

/** The buddy allocator's consistency check (CONFIG_DEBUG_VM), over the lists {@link BuddyAllocator} keeps. */
final class BuddyCheck {
    private BuddyCheck() {
    }

    /**
     * Debug check in the spirit of CONFIG_DEBUG_VM: every listed block is a PG_buddy head of its
     * order, aligned to it, inside its zone, with refcount 0; no two blocks overlap (over all the
     * migrate types' lists); no PG_buddy frame is missing from the lists; nr_free and the free-page
     * count agree.
     *
     * @return null when consistent, else what is wrong
     */
    static String validate(MemMap memMap, Zone[] zones, int[][][] head, MigrateTypes types) {
        BitSet covered = new BitSet(memMap.size());
        BitSet heads = new BitSet(memMap.size());
        for (int z = 0; z < zones.length; z++) {
            Zone zone = zones[z];
            if (zone == null) {
                continue;
            }
            long pages = 0;
            for (int o = 0; o < BuddyAllocator.MAX_ORDER; o++) {
                long count = 0;
                for (int t = 0; t < types.count(); t++) {
                    int h = head[z][t][o];
                    if (h != BuddyAllocator.NONE) {
                        int p = h;
                        do {
                            if ((p & ((1 << o) - 1)) != 0) {
                                return "zone " + zone.name() + " order " + o + ": block " + BuddyAllocator.hexPfn(p) + " not aligned";
                            }
                            if (!memMap.test(p, MemMap.PG_buddy) || memMap.order(p) != o || memMap.zone(p) != zone.index()) {
                                return "zone " + zone.name() + " order " + o + ": block " + BuddyAllocator.hexPfn(p) + " not marked as a buddy of that order";
                            }
                            if (p < zone.startPfn() || p + (1L << o) > zone.endPfn()) {
                                return "zone " + zone.name() + ": block " + BuddyAllocator.hexPfn(p) + " order " + o + " outside the zone";
                            }
                            if (memMap.refcount(p) != 0) {
                                return "free block " + BuddyAllocator.hexPfn(p) + " has refcount " + memMap.refcount(p);
                            }
                            if (!covered.get(p, p + (1 << o)).isEmpty()) { // the block's bits only, not all above it
                                return "free block " + BuddyAllocator.hexPfn(p) + " order " + o + " overlaps another free block";
                            }
                            if (memMap.freePrev(memMap.freeNext(p)) != p) {
                                return "free list of zone " + zone.name() + " order " + o + " broken at " + BuddyAllocator.hexPfn(p);
                            }
                            covered.set(p, p + (1 << o));
                            heads.set(p);
                            count++;
                            p = memMap.freeNext(p);
                        } while (p != h);
                    }
                }
                if (count != zone.nrFree(o)) {
                    return "zone " + zone.name() + " order " + o + ": nr_free " + zone.nrFree(o) + " but " + count + " listed";
                }
                pages += count << o;
            }
            if (pages != zone.freePages()) {
                return "zone " + zone.name() + ": NR_FREE_PAGES " + zone.freePages() + " but " + pages + " on the lists";
            }
        }
        for (int p = 0; p < memMap.size(); p++) {
            if (memMap.test(p, MemMap.PG_buddy) && !heads.get(p)) {
                return "pfn " + BuddyAllocator.hexPfn(p) + " is PG_buddy but on no free list";
            }
            if (!memMap.materialised(p)) {
                p = (int) memMap.chunkEnd(p) - 1; // only an absent chunk's first frame can be a free head
            }
        }
        return null;
    }

}
