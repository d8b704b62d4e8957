package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.uapi.SiCode;

/** Replays of shared/conformance/proc-maps findings.md rules for 64-bit tasks on 6.18. */
class Findings64Test {
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private final Machine m = Machine.x8664();
    private final MmStruct mm = m.oracleTask64();

    private long map(long addr, long len, int prot, int flags) {
        long r = mm.mmap(addr, len, prot, flags, null, 0);
        MmValidator.validate(mm);
        return r;
    }

    @Test
    void case01TopDownBelowVvar() {
        assertEquals(0x7ffff7fff000L, mm.mmapBase);
        assertEquals(0x7ffff7ff6000L, map(0, 0x1000, RW, ANON));
        assertEquals(0x7ffff7ff4000L, map(0, 0x2000, Mman.PROT_READ, ANON));
        assertEquals(0x7ffff7ff1000L, map(0, 0x3000, Mman.PROT_READ | Mman.PROT_EXEC, ANON));
        assertEquals(0x7ffff7ff0000L, map(0, 0x1000, Mman.PROT_NONE, ANON));
        assertEquals(0x7ffff7feb000L, map(0, 0x5000, RW, ANON));
        assertEquals(0x7ffff7fe9000L, map(0, 0x1234, RW, ANON));
    }

    /** MAP_32BIT (sys_x86_64.c find_start_end()): bottom-up in the second GB, whatever mmap_base is. */
    @Test
    void map32BitGoesBottomUpFromOneGigabyte() {
        assertEquals(0x40000000L, map(0, 0x1000, RW, ANON | Mman.MAP_32BIT));
        assertEquals(0x40001000L, map(0, 0x2000, Mman.PROT_READ, ANON | Mman.MAP_32BIT));
        assertEquals(0x7ffff7ff6000L, map(0, 0x1000, RW, ANON));
        assertEquals(0, mm.munmap(0x40000000L, 0x1000));
        assertEquals(0x40000000L, map(0, 0x1000, RW, ANON | Mman.MAP_32BIT));
        assertEquals(Errno.ENOMEM.asResult(), map(0, 0x80000000L, RW, ANON | Mman.MAP_32BIT | Mman.MAP_NORESERVE));
    }

    @Test
    void case19GrowsdownGuardGapForHintsNotForFixed() {
        long g = map(0x10100000L, 0x2000, RW, ANON | Mman.MAP_GROWSDOWN);
        assertEquals(0x10100000L, g);
        UserAccess ua = m.access(mm);
        AccessResult r = new AccessResult();
        ua.write(g - 0x10000, 0x47, r);
        assertEquals(0x100f0000L, mm.findVma(g).vmStart());
        // a hint inside the 1 MiB guard gap is ignored (top-down instead); just below it is honoured
        assertEquals(0x7ffff7ff6000L, map(0x10070000L, 0x1000, RW, ANON));
        assertEquals(0xffef000L, map(0x100f0000L - 0x101000, 0x1000, Mman.PROT_READ, ANON));
        assertEquals(0, mm.munmap(0xffef000L, 0x1000));
        // MAP_FIXED may sit in the gap, and then blocks expansion
        assertEquals(0x10070000L, map(0x10070000L, 0x1000, Mman.PROT_READ, ANON | Mman.MAP_FIXED));
        ua.write(0x100ef000L, 1, r);
        assertEquals(SiCode.SEGV_MAPERR, r.siCode);
        MmValidator.validate(mm);
    }

    @Test
    void case08FixedReplaceSplitsAndReMerges() {
        long a = map(0, 0x5000, RW, ANON);
        // [a rw- 5p] -> fixed r-- in the middle -> [rw-][r--][rw-]
        assertEquals(a + 0x2000, map(a + 0x2000, 0x1000, Mman.PROT_READ, ANON | Mman.MAP_FIXED));
        assertEquals(3, mm.vmas().stream().filter(v -> v.vmStart() >= a && v.vmEnd() <= a + 0x5000).count());
        // fixed rw- over it again -> one VMA
        assertEquals(a + 0x2000, map(a + 0x2000, 0x1000, RW, ANON | Mman.MAP_FIXED));
        assertEquals(a, mm.vmaLookup(a + 0x2000).vmStart());
        assertEquals(a + 0x5000, mm.vmaLookup(a + 0x2000).vmEnd());
        assertEquals(Errno.EEXIST.asResult(), map(a, 0x1000, RW, ANON | Mman.MAP_FIXED_NOREPLACE));
        assertEquals(Errno.ENOMEM.asResult(), map(0x7ffffffff000L, 0x1000, RW, ANON | Mman.MAP_FIXED));
        // hint 0x1000 is raised to mmap_min_addr; a hint is rounded down to a page
        assertEquals(0x10000L, map(0x1000, 0x1000, RW, ANON));
        assertEquals(0x20000000L, map(0x20000123L, 0x1000, RW, ANON));
    }

    @Test
    void case10MprotectSplitsAndHole() {
        long a = map(0, 0x4000, RW, ANON);
        assertEquals(0, mm.mprotect(a + 0x1000, 0x2000, Mman.PROT_READ));
        assertEquals(3, mm.vmas().stream().filter(v -> v.vmStart() >= a && v.vmEnd() <= a + 0x4000).count(), ProcMaps.render(mm, true));
        assertEquals(0, mm.mprotect(a + 0x1000, 0x2000, RW));
        assertEquals(a + 0x4000, mm.vmaLookup(a).vmEnd());
        // rw- -> r-x over [a, a+4p) and a hole after it: the VMA is changed, then ENOMEM
        long b = map(a - 0x2000, 0x1000, RW, ANON);
        assertEquals(a - 0x2000, b);
        assertEquals(Errno.ENOMEM.asResult(), mm.mprotect(b, 0x3000, Mman.PROT_READ | Mman.PROT_EXEC));
        assertEquals("r-xp", mm.vmaLookup(b).perms());
        assertEquals("rw-p", mm.vmaLookup(a).perms());
        MmValidator.validate(mm);
    }

    @Test
    void case30ThpAlignmentOnly618Anon64() {
        assertEquals(0x7ffff7c00000L, map(0, 2L << 20, RW, ANON));
        MmStruct old = MmStruct.create(m.kpt, true, KernelVersion.V6_1);
        old.execLayout(ExecImage.of(FileRef.of("/x", 1, -1), 0x1000, 0x1000, 0, true));
        assertEquals(0x7ffff7ff9000L - (2L << 20), old.mmap(0, 2L << 20, RW, ANON, null, 0));
        assertEquals("""
                00400000-00401000 r--p 00000000 fe:00 1                                  /x
                00401000-00402000 r-xp 00001000 fe:00 1                                  /x
                00402000-00403000 rw-p 00002000 fe:00 1                                  /x
                7ffff7df9000-7ffff7ff9000 rw-p 00000000 00:00 0\s
                7ffff7ff9000-7ffff7ffd000 r--p 00000000 00:00 0                          [vvar]
                7ffff7ffd000-7ffff7fff000 r-xp 00000000 00:00 0                          [vdso]
                7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
                ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
                """, ProcMaps.render(old, true));
    }

    @Test
    void mmapBaseFollowsRlimit() {
        assertEquals(0x7fffefeff000L, mm.mmapBaseFor(256L << 20));
        assertEquals(0x155555556000L, mm.mmapBaseFor(ExecImage.RLIM_INFINITY));
        MmStruct compat = MmStruct.create(m.kpt, false, KernelVersion.V6_18);
        compat.execLayout(ExecImage.of(FileRef.of("/c", 2, -1), 0x1000, 0x1000, 0, false));
        assertEquals(0xf7ffe000L, compat.mmapBase);
        assertEquals(0xf7ff6000L, compat.findVma(0xf0000000L).vmStart());
        assertEquals(0x2aaab000L, compat.mmapBaseFor(ExecImage.RLIM_INFINITY));
    }
}
