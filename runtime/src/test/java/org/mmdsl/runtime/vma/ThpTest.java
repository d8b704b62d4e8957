package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.ThpMode;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;

/** Transparent huge pages of anonymous memory (mm/huge_memory.c, mm/khugepaged.c) on x86_64. */
class ThpTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final long MB2 = 2L << 20;
    private final AccessResult r = new AccessResult();

    private static Kernel boot(ThpMode mode, long ramMb) {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = ramMb << 20;
        p.thp = mode;
        return Kernel.boot(p, e -> { });
    }

    private static Task init(Kernel k) {
        Task t = k.spawn("init");
        t.execve("/sbin/init", 4096, 4096, 4096, 0);
        return t;
    }

    /** An 8 MiB private anonymous map and the first 2 MiB-aligned address inside it. */
    private static long[] map8m(Task t) {
        long a = t.mmap(0, 8L << 20, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        return new long[] {a, (a + MB2 - 1) & -MB2};
    }

    private static String line(String text, String prefix) {
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        return null;
    }

    private static long freePages(Kernel k) {
        long n = 0;
        for (org.mmdsl.runtime.zone.Zone z : k.memory().zones()) {
            n += z.freePages();
        }
        return n;
    }

    @Test
    void aWriteFaultInAnAlignedRangeGetsAPmdMappedOrder9Folio() {
        Kernel k = boot(ThpMode.ALWAYS, 2048);
        Task t = init(k);
        long h = map8m(t)[1];
        assertTrue(t.write(h + 8, 42, r));
        long pmd = HugeMemory.hugePmd(t.mm(), h);
        assertTrue(Pte.large(pmd) && Pte.writable(pmd), Long.toHexString(pmd));
        assertTrue(t.read(h + 8, r));
        assertEquals(42, r.value);
        String folio = t.showFolio(h + 4096);
        long head = Pte.pfn(pmd);
        assertEquals(String.format("""
                folio of 0x%x: pfn 0x%x is page 1 of the folio at pfn 0x%x
                  pfn range         0x%x-0x%x (512 pages, 2048 kB)
                  folio_order()     9 (a large folio: PG_head here, PG_tail on the rest)
                  folio_ref_count() 1
                  folio_entire_mapcount() 1 (PMD mappings of the whole folio)
                  folio_mapcount()  1
                  flags             PG_uptodate PG_lru PG_head PG_swapbacked PG_anon
                  folio_test_anon() true (folio->mapping is an anon_vma with PAGE_MAPPING_ANON set)
                  mapped here by    a huge pmd (_PAGE_PSE: one entry maps the whole folio)
                """, h + 4096, head + 1, head, head, head + 511), folio);
        assertEquals("AnonHugePages:      2048 kB", line(k.meminfo(), "AnonHugePages:"));
        assertTrue(t.smaps().contains("AnonHugePages:      2048 kB"), t.smaps());
        assertEquals("thp_fault_alloc 1", line(k.procVmstat(), "thp_fault_alloc"));
        assertEquals(512, t.mm().rssCounters()[1]);
        assertEquals(0, k.page(head + 1).refcount(), "page_ref_count() of a tail page");
        assertEquals(1, k.page(head + 1).mapcount(), "page_mapcount() of a tail adds the entire mapcount");
        assertTrue(k.addr().dumpPage(head + 1).contains("head:") && k.addr().dumpPage(head + 1).contains(
                "order:9 compound_mapcount:1"), k.addr().dumpPage(head + 1));
        assertTrue(t.walk(h).mapped() && t.walk(h).pageSize() == MB2, "the walk ends at the pmd: a 2 MB page");
        MmValidator.validate(t.mm());
    }

    @Test
    void aReadFaultMapsTheHugeZeroPageAndAWriteThenSplitsIt() {
        Kernel k = boot(ThpMode.ALWAYS, 2048);
        Task t = init(k);
        long h = map8m(t)[1];
        assertTrue(t.read(h, r));
        assertEquals(0, r.value);
        assertTrue(HugeMemory.isHugeZero(t.mm(), HugeMemory.hugePmd(t.mm(), h)));
        assertEquals(0, t.mm().rssCounters()[1], "the huge zero page is not counted");
        assertTrue(t.write(h, 5, r));
        // do_huge_pmd_wp_page(): a huge zero pmd is split, the pte path copies one 4 KiB page
        assertEquals(0, HugeMemory.hugePmd(t.mm(), h));
        assertEquals(1, t.mm().rssCounters()[1]);
        String vmstat = k.procVmstat();
        assertEquals("thp_split_pmd 1", line(vmstat, "thp_split_pmd"));
        assertEquals("thp_zero_page_alloc 1", line(vmstat, "thp_zero_page_alloc "));
        assertEquals("thp_fault_alloc 0", line(vmstat, "thp_fault_alloc"));
        MmValidator.validate(t.mm());
    }

    @Test
    void aPartialMunmapSplitsThePmdAndTheFolio() {
        Kernel k = boot(ThpMode.ALWAYS, 2048);
        Task t = init(k);
        long h = map8m(t)[1];
        assertTrue(t.write(h + 8, 42, r));
        assertEquals(0, t.munmap(h + (1L << 20), 4096));
        assertEquals(0, HugeMemory.hugePmd(t.mm(), h));
        assertEquals(511, t.mm().rssCounters()[1], "511 4 KiB pages stay mapped");
        assertTrue(t.read(h + 8, r));
        assertEquals(42, r.value);
        assertTrue(t.showFolio(h).contains("folio_order()     0 (a single page)"), t.showFolio(h));
        assertEquals("AnonHugePages:         0 kB", line(k.meminfo(), "AnonHugePages:"));
        assertEquals("thp_split_page 1", line(k.procVmstat(), "thp_split_page "));
        MmValidator.validate(t.mm());
        long free = freePages(k);
        assertEquals(0, t.munmap(h, MB2));
        assertEquals(free + 511, freePages(k), "the split pages are freed one by one");
    }

    @Test
    void mprotectOfTheWholePmdKeepsItHugeAndOfPartSplitsIt() {
        Kernel k = boot(ThpMode.ALWAYS, 2048);
        Task t = init(k);
        long h = map8m(t)[1];
        assertTrue(t.write(h, 1, r));
        assertEquals(0, t.mprotect(h, MB2, Mman.PROT_READ));
        long pmd = HugeMemory.hugePmd(t.mm(), h);
        assertTrue(Pte.large(pmd) && !Pte.writable(pmd), "change_huge_pmd()");
        assertEquals(0, t.mprotect(h, MB2, RW));
        assertTrue(Pte.writable(HugeMemory.hugePmd(t.mm(), h)), "an exclusive folio gets its write bit back");
        assertEquals(0, t.mprotect(h, 4096, Mman.PROT_READ));
        assertEquals(0, HugeMemory.hugePmd(t.mm(), h));
        assertEquals("thp_split_pmd 1", line(k.procVmstat(), "thp_split_pmd"));
        MmValidator.validate(t.mm());
    }

    @Test
    void whenNoOrder9BlockIsLeftTheFaultFallsBackTo4KPages() {
        Kernel k = boot(ThpMode.ALWAYS, 2048);
        Task t = init(k);
        long h = map8m(t)[1];
        while (k.memory().allocator().tryAllocPages(Gfp.GFP_HIGHUSER_MOVABLE, 9) >= 0) {
            // take every free block of order 9 or more
        }
        assertTrue(t.write(h, 1, r));
        assertEquals(0, HugeMemory.hugePmd(t.mm(), h));
        assertEquals("thp_fault_fallback 1", line(k.procVmstat(), "thp_fault_fallback "));
        assertEquals(1, t.mm().rssCounters()[1]);
    }

    @Test
    void theModeDecidesWhichVmasGetHugePages() {
        Kernel never = boot(null, 2048); // 6.1's default here: never
        assertEquals(ThpMode.NEVER, never.thp().mode);
        Task t = init(never);
        long h = map8m(t)[1];
        assertTrue(t.write(h, 1, r));
        assertEquals(0, HugeMemory.hugePmd(t.mm(), h));

        Kernel madvise = boot(ThpMode.MADVISE, 2048);
        Task u = init(madvise);
        long[] m = map8m(u);
        assertTrue(u.write(m[1], 1, r));
        assertEquals(0, HugeMemory.hugePmd(u.mm(), m[1]), "madvise: only VM_HUGEPAGE VMAs");
        assertEquals(0, u.madvise(m[1] + MB2, MB2, Mman.MADV_HUGEPAGE));
        assertTrue(u.write(m[1] + MB2, 1, r));
        assertTrue(HugeMemory.hugePmd(u.mm(), m[1] + MB2) != 0);

        Kernel small = boot(ThpMode.ALWAYS, 256);
        assertEquals(ThpMode.NEVER, small.thp().mode, "hugepage_init(): THP off below 512 MiB");
    }

    @Test
    void the618ModelDefaultsToMadviseAndI386RefusesThp() {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.model = KernelModel.V6_18;
        assertEquals(ThpMode.MADVISE, p.thpMode());
        BootParams i = new BootParams();
        i.thp = ThpMode.ALWAYS;
        assertTrue(BootParams.check(i).contains("x86_64 only"), BootParams.check(i));
        i.thp = ThpMode.NEVER;
        assertNull(BootParams.check(i));
    }

    @Test
    void khugepagedCollapsesARangeOfSmallPages() {
        Kernel k = boot(ThpMode.ALWAYS, 2048);
        Task t = init(k);
        long h = map8m(t)[1];
        assertEquals(0, t.madvise(h, MB2, Mman.MADV_NOHUGEPAGE));
        assertTrue(t.write(h + 8, 7, r));
        assertTrue(t.write(h + 0x10008, 9, r));
        assertEquals(0, HugeMemory.hugePmd(t.mm(), h));
        assertEquals("", k.khugepaged().lines().filter(l -> l.contains(Long.toHexString(h))).findFirst().orElse(""),
                "VM_NOHUGEPAGE: not scanned");
        assertEquals(0, t.madvise(h, MB2, Mman.MADV_HUGEPAGE));
        String scan = k.khugepaged();
        assertTrue(scan.contains(String.format("init[1] 0x%x: collapsed into a 2 MB page at pfn 0x", h))
                && scan.contains("(2 pages copied, 510 zero-filled)"), scan);
        assertTrue(HugeMemory.hugePmd(t.mm(), h) != 0);
        assertTrue(t.read(h + 0x10008, r));
        assertEquals(9, r.value);
        assertEquals(512, t.mm().rssCounters()[1]);
        assertEquals("thp_collapse_alloc 1", line(k.procVmstat(), "thp_collapse_alloc "));
        MmValidator.validate(t.mm());
    }

    @Test
    void forkSplitsTheParentsHugePmdAndBothSidesKeepTheBytes() {
        Kernel k = boot(ThpMode.ALWAYS, 2048);
        Task t = init(k);
        long h = map8m(t)[1];
        assertTrue(t.write(h + 8, 42, r));
        Task c = k.fork(t, "child");
        assertTrue(c.read(h + 8, r));
        assertEquals(42, r.value);
        assertTrue(c.write(h + 8, 1, r));
        assertTrue(t.read(h + 8, r));
        assertEquals(42, r.value);
        MmValidator.validate(t.mm());
        MmValidator.validate(c.mm());
    }
}
