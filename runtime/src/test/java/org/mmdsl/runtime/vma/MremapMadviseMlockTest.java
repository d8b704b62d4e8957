package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * mremap, madvise, mlock, msync and mincore against the rules of shared/conformance/proc-maps
 * findings.md §5, §8, §12, §13 (cases 16, 26, 27, 28), on the 6.18 64-bit oracle task.
 * validate_mm runs after every step.
 */
class MremapMadviseMlockTest {
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private static final int FIXED = ANON | Mman.MAP_FIXED;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final long EINVAL = Errno.EINVAL.asResult();
    private static final long ENOMEM = Errno.ENOMEM.asResult();
    private static final long EFAULT = Errno.EFAULT.asResult();
    private final Machine m = Machine.x8664();
    private final MmStruct mm = m.oracleTask64();
    private final UserAccess ua = m.access(mm);
    private final AccessResult r = new AccessResult();

    private long ok(long result) {
        MmValidator.validate(mm);
        return result;
    }

    private long read(long addr) {
        assertTrue(ua.read(addr, r), r.toString());
        MmValidator.validate(mm);
        return r.value & 0xff;
    }

    private void write(long addr, long v) {
        assertTrue(ua.write(addr, v, r), r.toString());
        MmValidator.validate(mm);
    }

    private String span(long addr) {
        Vma v = mm.vmaLookup(addr);
        return v == null ? "none" : Long.toHexString(v.vmStart()) + "-" + Long.toHexString(v.vmEnd()) + " "
                + v.perms() + " " + v.vmFlagsMnemonics().trim();
    }

    @Test
    void mremapGrowShrinkMove() {
        //   10000000 [A rw- 2p] -> grow in place to 4p
        assertEquals(0x10000000L, ok(mm.mmap(0x10000000L, 0x2000, RW, FIXED, null, 0)));
        write(0x10000000L, 0x41);
        assertEquals(0x10000000L, ok(mm.mremap(0x10000000L, 0x2000, 0x4000, 0, 0)));
        assertEquals("10000000-10004000 rw-p rd wr mr mw me ac", span(0x10000000L));
        //   [A 4p][hole 1p][B r-- 1p]: +2p is ENOMEM, +1p fills the hole exactly
        ok(mm.mmap(0x10005000L, 0x1000, Mman.PROT_READ, FIXED, null, 0));
        assertEquals(ENOMEM, ok(mm.mremap(0x10000000L, 0x4000, 0x6000, 0, 0)));
        assertEquals(0x10000000L, ok(mm.mremap(0x10000000L, 0x4000, 0x5000, 0, 0)));
        // MAYMOVE: to the top-down position below [vvar]; contents move with the ptes
        long a5 = ok(mm.mremap(0x10000000L, 0x5000, 0x8000, Mman.MREMAP_MAYMOVE, 0));
        assertEquals(0x7ffff7fef000L, a5);
        assertEquals(0x41, read(a5));
        assertEquals("none", span(0x10000000L));
        // shrink: in place, tail unmapped
        assertEquals(a5, ok(mm.mremap(a5, 0x8000, 0x2000, 0, 0)));
        assertEquals(a5 + 0x2000, mm.vmaLookup(a5).vmEnd());
        // the last page grows in place; the first page of a 3-page VMA is split off and moved
        write(a5 + 0x1000, 0x42);
        assertEquals(a5 + 0x1000, ok(mm.mremap(a5 + 0x1000, 0x1000, 0x3000, Mman.MREMAP_MAYMOVE, 0)));
        assertEquals(0x42, read(a5 + 0x1000));
        ok(mm.mmap(0x50000000L, 0x3000, RW, FIXED, null, 0));
        write(0x50000000L, 0x52);
        write(0x50001000L, 0x52);
        assertEquals(0x7ffff7ff5000L, ok(mm.mremap(0x50000000L, 0x1000, 0x2000, Mman.MREMAP_MAYMOVE, 0)));
        assertEquals(0x52, read(0x7ffff7ff5000L));
        assertEquals("50001000-50003000 rw-p rd wr mr mw me ac", span(0x50001000L));
        // growing up to a compatible neighbour merges with it
        ok(mm.mmap(0x20000000L, 0x1000, RW, FIXED, null, 0));
        ok(mm.mmap(0x20002000L, 0x1000, RW, FIXED, null, 0));
        assertEquals(0x20000000L, ok(mm.mremap(0x20000000L, 0x1000, 0x2000, 0, 0)));
        assertEquals("20000000-20003000 rw-p rd wr mr mw me ac", span(0x20001000L));
    }

    @Test
    void mremapErrorsFixedAndDontunmap() {
        long a = ok(mm.mmap(0x40000000L, 0x1000, RW, FIXED, null, 0));
        ok(mm.mmap(0x40001000L, 0x1000, Mman.PROT_READ, FIXED, null, 0));
        assertEquals(EINVAL, mm.mremap(a, 0x1000, 0, 0, 0));
        assertEquals(EINVAL, mm.mremap(a + 1, 0x1000, 0x2000, 0, 0));
        assertEquals(EFAULT, mm.mremap(0x30000000L, 0x1000, 0x2000, Mman.MREMAP_MAYMOVE, 0));
        assertEquals(EFAULT, mm.mremap(a, 0x2000, 0x3000, Mman.MREMAP_MAYMOVE, 0));
        assertEquals(EINVAL, mm.mremap(a, 0, 0x1000, Mman.MREMAP_MAYMOVE, 0));
        assertEquals(EINVAL, mm.mremap(a, 0x1000, 0x1000, Mman.MREMAP_FIXED, 0x60000000L));
        assertEquals(EINVAL, mm.mremap(a, 0x1000, 0x2000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, a)); // overlap
        // FIXED replaces what is at the target
        write(a, 0x61);
        ok(mm.mmap(0x60000000L, 0x3000, Mman.PROT_READ, FIXED, null, 0));
        assertEquals(0x60001000L, ok(mm.mremap(a, 0x1000, 0x1000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED,
                0x60001000L)));
        assertEquals(0x61, read(0x60001000L));
        assertEquals("60000000-60001000 r--p rd mr mw me", span(0x60000000L));
        assertEquals("60002000-60003000 r--p rd mr mw me", span(0x60002000L));
        // DONTUNMAP: the old VMA stays, empty; sizes must match
        assertEquals(EINVAL, mm.mremap(0x60001000L, 0x1000, 0x2000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0));
        long to = ok(mm.mremap(0x60001000L, 0x1000, 0x1000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0));
        assertEquals(0x61, read(to));
        assertEquals(0, read(0x60001000L));
    }

    @Test
    void madviseSplitsOnlyForFlagAdvice() {
        long a = ok(mm.mmap(0, 0x4000, RW, ANON, null, 0));
        assertEquals(0x7ffff7ff3000L, a);
        for (long p = 0; p < 0x4000; p += 0x1000) {
            write(a + p, 0x41);
        }
        StringBuilder vec = new StringBuilder();
        assertEquals(0, ok(mm.madvise(a + 0x1000, 0x2000, Mman.MADV_DONTNEED)));
        assertEquals(0x41, read(a));
        assertEquals(0, read(a + 0x1000));
        assertEquals(0, mm.mincore(a, 0x4000, vec));
        assertEquals("1101", vec.toString());
        assertEquals(a + 0x4000, mm.vmaLookup(a).vmEnd()); // no split
        //   [A][A rr][A sr][A] -> normal -> [A]
        assertEquals(0, ok(mm.madvise(a + 0x1000, 0x1000, Mman.MADV_RANDOM)));
        assertEquals(0, ok(mm.madvise(a + 0x2000, 0x1000, Mman.MADV_SEQUENTIAL)));
        assertEquals("7ffff7ff4000-7ffff7ff5000 rw-p rd wr mr mw me rr ac", span(a + 0x1000));
        assertEquals("7ffff7ff5000-7ffff7ff6000 rw-p rd wr mr mw me sr ac", span(a + 0x2000));
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_NORMAL)));
        assertEquals(a + 0x4000, mm.vmaLookup(a).vmEnd());
        assertEquals(0, ok(mm.madvise(a, 0x2000, Mman.MADV_HUGEPAGE)));
        assertEquals(0, ok(mm.madvise(a + 0x2000, 0x1000, Mman.MADV_NOHUGEPAGE)));
        assertEquals(0, ok(mm.madvise(a + 0x3000, 0x1000, Mman.MADV_DONTDUMP)));
        assertEquals("7ffff7ff3000-7ffff7ff5000 rw-p rd wr mr mw me ac hg", span(a));
        assertEquals("7ffff7ff6000-7ffff7ff7000 rw-p rd wr mr mw me ac dd", span(a + 0x3000));
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_FREE)));
        assertEquals(EINVAL, ok(mm.madvise(a, 0x4000, Mman.MADV_REMOVE)));
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_POPULATE_WRITE)));
        vec.setLength(0);
        assertEquals(0, mm.mincore(a, 0x4000, vec));
        assertEquals("1111", vec.toString());
        // errors: unaligned, unknown advice, hole (applied to the mapped parts, then ENOMEM)
        assertEquals(EINVAL, mm.madvise(a + 1, 0x1000, Mman.MADV_DONTNEED));
        assertEquals(EINVAL, mm.madvise(a, 0x1000, 9999));
        ok(mm.mmap(0x20000000L, 0x3000, RW, FIXED, null, 0));
        ok(mm.munmap(0x20001000L, 0x1000));
        assertEquals(ENOMEM, ok(mm.madvise(0x20000000L, 0x3000, Mman.MADV_RANDOM)));
        assertEquals("20000000-20001000 rw-p rd wr mr mw me rr ac", span(0x20000000L));
        assertEquals("20002000-20003000 rw-p rd wr mr mw me rr ac", span(0x20002000L));
        assertEquals(ENOMEM, mm.madvise(0x30000000L, 0x1000, Mman.MADV_DONTNEED));
    }

    @Test
    void madviseRemovePunchesSharedAnon() {
        long s = ok(mm.mmap(0, 0x2000, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0));
        write(s, 0x53);
        write(s + 0x1000, 0x53);
        assertEquals(0, ok(mm.madvise(s, 0x1000, Mman.MADV_REMOVE)));
        assertEquals(0, read(s));
        assertEquals(0x53, read(s + 0x1000));
        // wipeonfork only on private anonymous memory
        assertEquals(EINVAL, ok(mm.madvise(s, 0x1000, Mman.MADV_WIPEONFORK)));
    }

    @Test
    void mlockSplitsMergesAndPopulates() {
        long a = ok(mm.mmap(0, 0x4000, RW, ANON, null, 0));
        //   [A][A lo 2p][A]
        assertEquals(0, ok(mm.mlock(a + 0x1000, 0x2000)));
        assertEquals("7ffff7ff4000-7ffff7ff6000 rw-p rd wr mr mw me lo ac", span(a + 0x1000));
        assertEquals(2, mm.rssCounters()[1]);
        assertEquals(2, mm.lockedVm());
        assertEquals(0, ok(mm.munlock(a, 0x4000)));
        assertEquals(a + 0x4000, mm.vmaLookup(a).vmEnd());
        assertEquals(0, ok(mm.mlock2(a, 0x4000, Mman.MLOCK_ONFAULT)));
        assertEquals("7ffff7ff3000-7ffff7ff7000 rw-p rd wr mr mw me lo lf ac", span(a));
        assertEquals(2, mm.rssCounters()[1]); // lock-on-fault populates nothing
        assertEquals(0, ok(mm.munlock(a, 0x4000)));
        long b = ok(mm.mmap(0, 0x2000, Mman.PROT_READ, ANON | Mman.MAP_LOCKED, null, 0));
        assertEquals("7ffff7ff1000-7ffff7ff3000 r--p rd mr mw me lo", span(b));
        assertEquals(0, ok(mm.mlockall(Mman.MCL_CURRENT | Mman.MCL_FUTURE)));
        long c = ok(mm.mmap(0, 0x2000, RW, ANON, null, 0));
        assertEquals("7ffff7fef000-7ffff7ff1000 rw-p rd wr mr mw me lo ac", span(c));
        assertEquals("7ffff7ffd000-7ffff7fff000 r-xp rd ex mr mw me de", span(0x7ffff7ffd000L)); // [vdso] skipped
        assertEquals(0, ok(mm.munlockall()));
        assertEquals(0, mm.lockedVm());
        assertEquals(ENOMEM, mm.mlock(0x10000000L, 0x1000));
        assertEquals(ENOMEM, mm.msync(0x10000000L, 0x1000, Mman.MS_SYNC));
        assertEquals(EINVAL, mm.msync(a + 1, 0x1000, Mman.MS_SYNC));
        assertEquals(EINVAL, mm.msync(a, 0x1000, Mman.MS_SYNC | Mman.MS_ASYNC));
        assertEquals(0, mm.msync(a, 0x1000, Mman.MS_SYNC));
        // unprivileged: RLIMIT_MEMLOCK 0 is EPERM, over the limit ENOMEM
        mm.capIpcLock = false;
        mm.memlockRlimit = 0;
        assertEquals(Errno.EPERM.asResult(), mm.mlock(a, 0x1000));
        mm.memlockRlimit = 0x1000;
        assertEquals(ENOMEM, mm.mlock(a, 0x2000));
        assertEquals(0, ok(mm.mlock(a, 0x1000)));
        assertEquals(Errno.EBUSY.asResult(), mm.msync(a, 0x1000, Mman.MS_INVALIDATE));
    }
}
