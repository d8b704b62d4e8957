package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * findings.md §13: RLIMIT_AS, RLIMIT_DATA, the overcommit heuristic (24 GiB RAM, no swap) and
 * mseal, on the 6.18 64-bit oracle task. validate_mm runs after every step.
 */
class LimitsAndSealTest {
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final long ENOMEM = Errno.ENOMEM.asResult();
    private static final long EPERM = Errno.EPERM.asResult();
    private final Machine m = Machine.x8664();
    private final MmStruct mm = m.oracleTask64();

    private long ok(long r) {
        MmValidator.validate(mm);
        return r;
    }

    @Test
    void overcommitHeuristicChargesOnlyAccountableRequests() {
        mm.commitLimitPages = (24L << 30) >>> 12;
        assertEquals(ENOMEM, ok(mm.mmap(0, 64L << 30, RW, ANON, null, 0)));
        assertEquals(ENOMEM, ok(mm.mmap(0, 64L << 30, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0)));
        long a = ok(mm.mmap(0, 64L << 30, RW, ANON | Mman.MAP_NORESERVE, null, 0));
        assertEquals(false, Errno.isError(a)); // MAP_NORESERVE is not charged
        long r = ok(mm.mmap(0, 64L << 30, Mman.PROT_READ, ANON, null, 0));
        assertEquals(false, Errno.isError(r));
        // making 64 GiB of it writable is charged: ENOMEM; 4 KiB of it works and splits
        assertEquals(ENOMEM, ok(mm.mprotect(r, 64L << 30, RW)));
        assertEquals(0, ok(mm.mprotect(r, 0x1000, RW)));
        assertEquals(r + 0x1000, mm.vmaLookup(r).vmEnd());
    }

    @Test
    void rlimitDataAndAs() {
        mm.rlimitData = (mm.dataVm() << 12) + 0x2000;
        assertEquals(ENOMEM, ok(mm.mmap(0, 0x3000, RW, ANON, null, 0)));
        long ro = ok(mm.mmap(0, 0x3000, Mman.PROT_READ, ANON, null, 0));
        long sh = ok(mm.mmap(0, 0x3000, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0));
        assertEquals(false, Errno.isError(ro) || Errno.isError(sh));
        assertEquals(ENOMEM, ok(mm.mprotect(ro, 0x3000, RW)));
        long brk = mm.brk;
        assertEquals(brk, ok(mm.brk(brk + (64L << 20)))); // refused
        mm.rlimitData = ExecImage.RLIM_INFINITY;
        mm.rlimitAs = (mm.totalVm() << 12) + 0x1000;
        assertEquals(ENOMEM, ok(mm.mmap(0, 0x2000, Mman.PROT_READ, ANON, null, 0)));
        long one = ok(mm.mmap(0, 0x1000, Mman.PROT_READ, ANON, null, 0));
        assertEquals(ENOMEM, ok(mm.mremap(one, 0x1000, 0x2000, Mman.MREMAP_MAYMOVE, 0)));
    }

    @Test
    void msealRefusesChangesToTheSealedRange() {
        long a = ok(mm.mmap(0x10000000L, 0x3000, RW, ANON | Mman.MAP_FIXED, null, 0));
        long ro = ok(mm.mmap(0x20000000L, 0x1000, Mman.PROT_READ, ANON | Mman.MAP_FIXED, null, 0));
        assertEquals(ENOMEM, ok(mm.mseal(0x30000000L, 0x1000, 0)));
        assertEquals(0, ok(mm.mseal(a + 0x1000, 0x1000, 0)));
        assertEquals("rd wr mr mw me ac sl ", mm.vmaLookup(a + 0x1000).vmFlagsMnemonics());
        assertEquals(EPERM, ok(mm.munmap(a, 0x3000)));
        assertEquals(EPERM, ok(mm.mprotect(a + 0x1000, 0x1000, Mman.PROT_READ)));
        assertEquals(EPERM, ok(mm.mremap(a + 0x1000, 0x1000, 0x2000, Mman.MREMAP_MAYMOVE, 0)));
        assertEquals(EPERM, ok(mm.mmap(a, 0x3000, RW, ANON | Mman.MAP_FIXED, null, 0)));
        assertEquals(0, ok(mm.madvise(a + 0x1000, 0x1000, Mman.MADV_DONTNEED))); // rw- anon: allowed
        assertEquals(0, ok(mm.munmap(a, 0x1000))); // the neighbours stay modifiable
        assertEquals(0, ok(mm.mseal(ro, 0x1000, 0)));
        assertEquals(EPERM, ok(mm.madvise(ro, 0x1000, Mman.MADV_DONTNEED))); // read-only anon: discarding refused
        assertEquals(0, ok(mm.madvise(ro, 0x1000, Mman.MADV_RANDOM)));
    }
}
