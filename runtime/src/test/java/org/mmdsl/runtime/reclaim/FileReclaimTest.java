package org.mmdsl.runtime.reclaim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;

/** File-page reclaim through the reverse map, writeback, refaults, and anon pages shared after fork (issue 4 point 7). */
class FileReclaimTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private final List<Event> events = new ArrayList<>();
    private final AccessResult r = new AccessResult();

    private Kernel boot(long swapMb) {
        BootParams p = new BootParams();
        p.ramBytes = 64L << 20;
        p.swapBytes = swapMb << 20;
        return Kernel.boot(p, events::add);
    }

    private static long pte(Task t, long addr) {
        return t.mm().pageTables().getPte(t.mm().pgd, addr);
    }

    private String lastFault() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).message().startsWith("page fault")) {
                return events.get(i).message();
            }
        }
        return "";
    }

    @Test
    void aDirtySharedFilePageIsUnmappedEverywhereWrittenBackAndRefaultsWithItsData() {
        Kernel k = boot(0);
        Task a = k.spawn("writer");
        long wa = a.mmap(0, 0x10000, RW, Mman.MAP_SHARED, "/data", 0);
        assertTrue(a.write(wa, 42, r));
        for (long off = 0x1000; off < 0x10000; off += 0x1000) {
            assertTrue(a.read(wa + off, r));
        }
        Task b = k.spawn("reader");
        long rb = b.mmap(0, 0x10000, Mman.PROT_READ, Mman.MAP_PRIVATE, "/data", 0);
        assertTrue(b.read(rb, r));
        assertEquals(42, r.value);
        long pfn = Pte.pfn(pte(a, wa));
        assertEquals(pfn, Pte.pfn(pte(b, rb)));
        MemMap mm = k.memory().memMap();
        assertEquals(2, mm.mapcount(pfn));
        long[] lru = k.reclaim().lruFile();
        assertEquals(16, lru[0] + lru[1]); // read-around brought 16 pages into the page cache

        // no swap: only the file lists can give. Every pte is born young (x86's protections carry
        // _PAGE_ACCESSED), so each page, referenced by two ptes, is activated on the first pass, then
        // deactivated while the inactive list is the smaller, then reclaimed
        assertEquals(14, k.reclaim().shrink(null, 16));
        assertEquals(2, k.reclaim().shrink(null, 16));
        assertEquals(0, pte(a, wa)); // try_to_unmap() cleared both ptes, through the file's mappings
        assertEquals(0, pte(b, rb));
        assertEquals(0, k.reclaim().lruFile()[0] + k.reclaim().lruFile()[1]);
        assertEquals(1, k.reclaim().fileCounters()[2]); // the one dirty page was written back
        assertEquals(0, mm.refcount(pfn) > 0 && mm.test(pfn, MemMap.PG_lru) ? 1 : 0);

        assertTrue(b.read(rb, r)); // refault: the file now holds what writer stored
        assertEquals(42, r.value);
        assertTrue(lastFault().contains("do_read_fault: file page 0 (refault: reclaim had evicted it, read again from "
                + "the file)"), lastFault());
        assertTrue(a.read(wa, r));
        assertEquals(42, r.value);
        // read-around brought all 16 evicted pages back: each one's shadow entry counts as a refault
        assertEquals("""
                workingset_refault_file 16
                workingset_activate_file 0
                nr_vmscan_write 1
                pgscan_anon 0
                pgscan_file 63
                pgsteal_anon 0
                pgsteal_file 16
                pageoutrun 0
                oom_kill 0
                """, k.procVmstat());
        MmValidator.validate(a.mm());
        MmValidator.validate(b.mm());
        assertNull(k.memory().allocator().validate());
    }

    @Test
    void aPrivateCopyGoesToSwapWhileItsFilePageIsDropped() {
        Kernel k = boot(16);
        Task t = k.spawn("cow");
        long p = t.mmap(0, 0x2000, RW, Mman.MAP_PRIVATE, "/lib/data", 0);
        assertTrue(t.write(p, 7, r)); // do_cow_fault: an anon copy of file page 0
        assertTrue(lastFault().contains("do_cow_fault"), lastFault());
        long anon = Pte.pfn(pte(t, p));
        assertTrue(k.memory().memMap().test(anon, MemMap.PG_anon));
        for (int i = 0; i < 6 && pte(t, p) != 0 && Pte.present(pte(t, p)); i++) {
            k.reclaim().shrink(null, 64);
        }
        long e = pte(t, p);
        assertFalse(Pte.present(e));
        assertTrue(SwapOps.isSwapPte(e), Long.toHexString(e)); // the COW'd page is anon: it went to swap
        assertEquals(0, k.reclaim().lruFile()[0] + k.reclaim().lruFile()[1]); // the clean file pages were dropped
        String walk = t.translate(p);
        // the walk of a swapped-out page: the non-present pte holds swap type 0, offset 1 (slot 0)
        assertTrue(walk.endsWith("""
                entry @0x2004ff8 = 0x1000     [not present]
                the walk stops at the pte (not present; it holds swap entry type 0 offset 1): an access raises \
                a page fault (#PF, not present) that reads the page back from swap (do_swap_page())
                """), walk);
        assertTrue(t.read(p, r));
        assertEquals(7, r.value);
        MmValidator.validate(t.mm());
    }

    @Test
    void anAnonPageSharedAfterForkIsSwappedOutOfBothProcessesThroughItsAnonVma() {
        Kernel k = boot(16);
        Task parent = k.spawn("parent");
        long p = parent.mmap(0, 0x1000, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        assertTrue(parent.write(p, 99, r));
        Task child = k.fork(parent, "child");
        long pfn = Pte.pfn(pte(parent, p));
        assertEquals(2, k.memory().memMap().mapcount(pfn));
        for (int i = 0; i < 4 && Pte.present(pte(parent, p)); i++) {
            k.reclaim().shrink(null, 8);
        }
        assertTrue(SwapOps.isSwapPte(pte(parent, p)));
        assertEquals(pte(parent, p), pte(child, p)); // one slot, in both ptes
        assertEquals(2, k.swap().count(SwapOps.swpSlot(pte(child, p))));
        assertTrue(child.read(p, r));
        assertEquals(99, r.value);
        assertTrue(parent.read(p, r));
        assertEquals(99, r.value);
        assertEquals(0, k.swap().usedPages());
        MmValidator.validate(parent.mm());
        MmValidator.validate(child.mm());
    }

    @Test
    void withSwapAndAnInactivePageCacheTheCacheIsTrimmedFirst() {
        Kernel k = boot(16);
        Task t = k.spawn("mixed");
        long a = t.mmap(0, 0x8000, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        for (long off = 0; off < 0x8000; off += 0x1000) {
            assertTrue(t.write(a + off, 1, r));
        }
        long f = t.mmap(0, 0x10000, Mman.PROT_READ, Mman.MAP_PRIVATE, "/var/cache", 0);
        assertTrue(t.read(f, r)); // 16 pages read around, one mapped
        long[] file = k.reclaim().lruFile();
        assertEquals(0, file[0]);
        assertEquals(16, file[1]);
        // cache_trim_mode: the inactive file list is not smaller than the active one, so only file pages go
        assertEquals(8, k.reclaim().shrink(null, 8));
        assertEquals(0, k.swap().usedPages());
        assertEquals(8, k.reclaim().lruFile()[1]);
        assertEquals(8, k.reclaim().lruAnon()[0] + k.reclaim().lruAnon()[1]);
    }

    @Test
    void aPageThatRefaultsSoonAfterItsEvictionStartsOnTheActiveList() {
        Kernel k = boot(0);
        Task t1 = k.spawn("one");
        Task t2 = k.spawn("two");
        long a1 = t1.mmap(0, 0x10000, Mman.PROT_READ, Mman.MAP_SHARED, "/a", 0);
        long a2 = t2.mmap(0, 0x10000, Mman.PROT_READ, Mman.MAP_SHARED, "/a", 0);
        long b = t1.mmap(0, 0x10000, Mman.PROT_READ, Mman.MAP_SHARED, "/b", 0);
        for (long off = 0; off < 0x10000; off += 0x1000) {
            assertTrue(t1.read(a1 + off, r));
            assertTrue(t2.read(a2 + off, r));
            assertTrue(t1.read(b + off, r));
        }
        // /a's pages, referenced by two ptes, are activated; /b's are kept once, then page 0 goes
        assertEquals(1, k.reclaim().shrink(null, 1));
        assertEquals(0, pte(t1, b));
        long[] file = k.reclaim().lruFile();
        assertEquals(16, file[0]);
        assertEquals(15, file[1]);
        assertTrue(t1.read(b, r)); // refault distance 1 (one eviction since) <= 16 active file pages
        long pfn = Pte.pfn(pte(t1, b));
        assertTrue(k.memory().memMap().test(pfn, MemMap.PG_active));
        assertTrue(k.procVmstat().startsWith("workingset_refault_file 1\nworkingset_activate_file 1\n"), k.procVmstat());
    }
}
