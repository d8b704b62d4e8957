package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.fork.Fork;
import org.mmdsl.runtime.proc.ProcSmaps;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Issue 11: a 16 TiB lazy mapping (MAP_NORESERVE, or PROT_NONE) costs what its few touched pages
 * cost. The kernel's range walks (zap_p?d_range(), change_p?d_range(), copy_p?d_range(),
 * walk_page_range()) skip an empty pgd, pud or pmd entry with p?d_none_or_clear_bad(); so do
 * the model's, which {@code PageTables.entryReads()} measures (a per-pmd walk of 16 TiB would read
 * 8 Mi table entries at least, a per-page one 4 Gi).
 *
 * <pre>
 *   0x100000000000 ........ 16 TiB rw- private anon noreserve ........ 0x200000000000
 *                  ^ one page written                ^ one page written at +8 TiB
 * </pre>
 */
class Issue11HugeLazyMappingTest {
    private static final long TB16 = 16L << 40;
    private static final long AT = 0x100000000000L;
    /** Far below one entry per pmd (8 Mi) of the range. */
    private static final long FEW = 20_000;

    private final Machine m = Machine.x8664();
    private final MmStruct mm = m.oracleTask64();

    private long reads(Runnable r) {
        long before = m.pt.entryReads();
        r.run();
        return m.pt.entryReads() - before;
    }

    @Test
    void mapWriteMprotectSmapsForkAndMunmapOf16TibReadFewEntries() {
        int flags = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED | Mman.MAP_NORESERVE;
        assertEquals(AT, mm.mmap(AT, TB16, Mman.PROT_READ | Mman.PROT_WRITE, flags, null, 0));
        UserAccess ua = m.access(mm);
        AccessResult r = new AccessResult();
        ua.write(AT, 1, r);
        ua.write(AT + (TB16 >>> 1), 2, r);
        Vma v = mm.findVma(AT);
        assertEquals(AT + TB16, v.vmEnd());

        long[] rss = new long[1];
        assertTrue(reads(() -> rss[0] = mm.rss()) < FEW);
        assertEquals(2, rss[0]);
        ProcSmaps.Stats[] s = new ProcSmaps.Stats[1];
        assertTrue(reads(() -> s[0] = ProcSmaps.stats(mm, v)) < FEW);
        assertEquals(8192, s[0].resident);
        assertEquals(8192, s[0].anonymous);

        // mprotect to PROT_NONE and back: change_protection() over the whole VMA
        assertTrue(reads(() -> assertEquals(0, mm.mprotect(AT, TB16, Mman.PROT_NONE))) < FEW);
        assertTrue(reads(() -> assertEquals(0, mm.mprotect(AT, TB16, Mman.PROT_READ))) < FEW);

        // fork: copy_page_range() copies the two ptes
        MmStruct[] child = new MmStruct[1];
        assertTrue(reads(() -> child[0] = Fork.dupMm(mm)) < FEW);
        assertEquals(2, child[0].rss());
        assertTrue(reads(() -> assertTrue(Fork.mmput(child[0]))) < FEW); // exit_mmap() + mmdrop()

        // munmap: zap_page_range() frees both pages; VmSize goes down by 16 TiB
        long total = mm.totalVm();
        assertTrue(reads(() -> assertEquals(0, mm.munmap(AT, TB16))) < FEW);
        assertEquals(total - (TB16 >>> 12), mm.totalVm());
        assertEquals(null, mm.findVmaIntersection(AT, AT + TB16));
        MmValidator.validate(mm);
    }

    /** PROT_NONE: nothing can fault in; the walks find no table at all. */
    @Test
    void protNone16TibMprotectAndMunmap() {
        int flags = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
        long a = mm.mmap(0, TB16, Mman.PROT_NONE, flags, null, 0);
        assertTrue(a > 0);
        assertTrue(reads(() -> assertEquals(0, mm.mprotect(a, TB16, Mman.PROT_READ))) < FEW);
        assertTrue(reads(() -> assertEquals(0, mm.munmap(a, TB16))) < FEW);
        MmValidator.validate(mm);
    }

    /**
     * A 16 TiB MAP_SHARED|MAP_ANONYMOUS|MAP_NORESERVE object (shmem): a write at +8 TiB puts one page
     * in its page cache (the i_pages xarray grows to index 2^31, a few nodes), the read sees it, and
     * munmap truncates the object through the pages it has. It stopped the run with an internal
     * error while the page cache was a dense array.
     */
    @Test
    void sharedAnonymous16TibWrittenFarAway() {
        int flags = Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE;
        long a = mm.mmap(0, TB16, Mman.PROT_READ | Mman.PROT_WRITE, flags, null, 0);
        assertTrue(a > 0);
        UserAccess ua = m.access(mm);
        AccessResult r = new AccessResult();
        ua.write(a + (TB16 >>> 1), 7, r);
        ua.read(a + (TB16 >>> 1), r);
        assertEquals(7, r.value);
        Vma v = mm.findVma(a);
        assertEquals(1, v.file().cachedPages());
        assertEquals(TB16 >>> 13, v.file().nextCachedIndex(0));
        assertTrue(reads(() -> assertEquals(0, mm.munmap(a, TB16))) < FEW);
        assertEquals(0, v.file().cachedPages());
        MmValidator.validate(mm);
    }
}
