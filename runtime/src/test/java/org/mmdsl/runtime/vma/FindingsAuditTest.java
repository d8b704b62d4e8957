package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.fork.Fork;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.proc.ProcPagemap;
import org.mmdsl.runtime.proc.ProcSmaps;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Mman;

/**
 * An audit of shared/conformance/proc-maps/findings.md against the runtime, rule by rule, for the
 * rules whose recordings are kept aside (their case numbers are in the test names) and for driver
 * operations the public cases do not use (MAP_32BIT, guard regions, unprivileged tasks, stack
 * rlimits at exec, legacy layout of a 32-bit task, mmap-many exhaustion). Each test drives the
 * same API as the conformance replay (MmStruct, UserAccess, Fork) and checks exact addresses,
 * errnos, maps lines, smaps fields and signal codes. validate_mm runs after every step.
 */
class FindingsAuditTest {
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private static final int FIXED = ANON | Mman.MAP_FIXED;
    private static final int R = Mman.PROT_READ;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final long EINVAL = Errno.EINVAL.asResult();
    private static final long ENOMEM = Errno.ENOMEM.asResult();
    private static final long EPERM = Errno.EPERM.asResult();
    private static final long EACCES = Errno.EACCES.asResult();
    private static final long EOPNOTSUPP = Errno.EOPNOTSUPP.asResult();
    private static final long STACK_END = 0x7ffffffff000L;

    private final Machine m = Machine.x8664();
    private MmStruct mm = m.oracleTask64();
    private UserAccess ua = m.access(mm);
    private final AccessResult r = new AccessResult();

    /** A file like the oracle's fixtures: f8 (8 pages 'A'..'H'), f6000 (6000 bytes 'a'). */
    private static FileRef f8(boolean writable) {
        return new FileRef("/srv/oracle/f8", 0xfe, 0, 2146371, 8 * 4096, 0, true, true, writable, true, false);
    }

    private long ok(long res) {
        MmValidator.validate(mm);
        return res;
    }

    private long map(long addr, long len, int prot, int flags) {
        return ok(mm.mmap(addr, len, prot, flags, null, 0));
    }

    /** The driver's touch result text. */
    private String touch(long addr, Access access, long value) {
        String s = ua.access(addr, access, value, 1, r)
                ? access == Access.READ ? String.format("ok value=0x%02x", r.value) : "ok"
                : String.format("FAULT %s %s addr=0x%x", r.signal, r.siCode, r.faultAddr);
        MmValidator.validate(mm);
        return s;
    }

    private String read(long addr) {
        return touch(addr, Access.READ, 0);
    }

    private String write(long addr, long value) {
        return touch(addr, Access.WRITE, value);
    }

    /** A maps line with a name: the name starts at column 73 (fs/proc/task_mmu.c seq_pad()). */
    private static String named(String head, String name) {
        return String.format("%-73s%s", head + " ", name);
    }

    private String line(long addr) {
        return ProcMaps.mapsLine(mm.vmaLookup(addr)).replaceAll(" +$", "");
    }

    private static MmStruct exec(Machine m, boolean is64, long stackRlimit, boolean legacy) {
        MmStruct t = MmStruct.create(m.kpt, is64, KernelVersion.V6_18);
        t.legacyLayout = legacy;
        FileRef exe = FileRef.of(is64 ? "/opt/oracle/bin/driver64" : "/opt/oracle/bin/driver32", 5523708, -1);
        t.execLayout(is64 ? new ExecImage(exe, 0x9a221, 0x312b0, 0xe1d50, true, stackRlimit)
                : new ExecImage(exe, 0x9118c, 0x3b2d8, 0xd6d28, false, stackRlimit));
        return t;
    }

    // ------------------------------------------------------------------ §1 maps line format

    /** §1 [15]: the offset column is at least 8 hex digits: 4 GiB prints as 100000000. */
    @Test
    void case15OffsetAbove4GiBPrintsNineDigits() {
        FileRef f = f8(false);
        long a = ok(mm.mmap(0, 0x1000, R, Mman.MAP_PRIVATE, f, 0x100000000L));
        assertEquals(0x7ffff7ff6000L, a);
        assertEquals(named("7ffff7ff6000-7ffff7ff7000 r--p 100000000 fe:00 2146371", "/srv/oracle/f8"),
                line(a));
        assertEquals("FAULT SIGBUS BUS_ADRERR addr=0x7ffff7ff6000", read(a)); // far beyond EOF
    }

    // ------------------------------------------------------------------ §2 mmap_base and layouts

    /** §2 [39-42, 53]: mmap_base from RLIMIT_STACK at exec, both task kinds; the stack top does not move. */
    @Test
    void case39to42MmapBaseFromStackRlimitAtExec() {
        long[][] rows = {
            {1, 1L << 20, 0x7ffff7fff000L}, {1, 8L << 20, 0x7ffff7fff000L}, {1, 256L << 20, 0x7fffefeff000L},
            {1, ExecImage.RLIM_INFINITY, 0x155555556000L}, {0, 8L << 20, 0xf7ffe000L},
            {0, ExecImage.RLIM_INFINITY, 0x2aaab000L}};
        for (long[] row : rows) {
            Machine mc = Machine.x8664();
            MmStruct t = exec(mc, row[0] == 1, row[1], false);
            assertEquals(row[2], t.mmapBase);
            Vma vvar = t.findVma(0x10000000L);
            assertEquals(row[2] - 0x8000, vvar.vmStart(), "vvar starts 8 pages below mmap_base");
            assertEquals("[vvar]", t.vmaName(vvar));
            assertEquals(row[0] == 1 ? STACK_END : 0xffffe000L, t.findVma(row[2]).vmEnd(), "[stack] top");
            // still top-down (an unlimited stack does not select the legacy layout on x86)
            assertEquals(row[2] - 0x9000, t.mmap(0, 0x1000, RW, ANON, null, 0));
            MmValidator.validate(t);
        }
    }

    /** §10 [42]: with ulimit -s 1024 the main stack stops at exactly 1 MiB. */
    @Test
    void case42StackStopsAtTheExecRlimit() {
        mm = exec(m, true, 1L << 20, false);
        ua = m.access(mm);
        assertEquals("ok", write(STACK_END - 0x100000, 1));
        assertEquals(STACK_END - 0x100000, mm.findVma(STACK_END - 1).vmStart());
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0x7fffffefefff", read(STACK_END - 0x100001));
        // setrlimit at run time: the limit at fault time counts
        mm.stackRlimit = ExecImage.RLIM_INFINITY;
        assertEquals("ok value=0x00", read(STACK_END - 0x100001));
        assertEquals(STACK_END - 0x101000, mm.findVma(STACK_END - 1).vmStart());
    }

    /** §2 [52]: setarch -L for a 32-bit task: bottom-up from 0x55555000, freed slots reused. */
    @Test
    void case52Legacy32BottomUp() {
        mm = exec(m, false, 8L << 20, true);
        assertEquals(0x55555000L, mm.mmapBase);
        assertEquals(0x55555000L, mm.findVma(0x50000000L).vmStart());
        assertEquals(0x5555d000L, map(0, 0x1000, RW, ANON));
        assertEquals(0x5555e000L, map(0, 0x2000, R, ANON));
        assertEquals(0, ok(mm.munmap(0x5555d000L, 0x1000)));
        assertEquals(0x5555d000L, map(0, 0x1000, R, ANON));
        assertEquals(0x55560000L, map(0, 0x200000, RW, ANON)); // no THP alignment for 32-bit tasks
        // a fork child keeps the layout (mm->flags and get_unmapped_area are copied)
        MmStruct child = Fork.copyMm(0, mm);
        assertEquals(0x55760000L, child.mmap(0, 0x1000, RW, ANON, null, 0));
        Fork.mmput(child);
    }

    /** §3 + §2 [40]: 64-bit legacy layout: a 2 MiB anonymous map is THP-aligned upwards. */
    @Test
    void legacy64ThpAlignsUpwards() {
        mm = exec(m, true, 8L << 20, true);
        assertEquals(0x2aaaaaaab000L, mm.findVma(0x10000000L).vmStart()); // [vvar]
        // __thp_get_unmapped_area(): lowest gap for 4 MiB at 0x2aaaaaab3000, rounded up to 2 MiB
        assertEquals(0x2aaaaac00000L, map(0, 0x200000, RW, ANON));
        assertEquals(0x2aaaaaab3000L, map(0, 0x1000, RW, ANON));
    }

    // ------------------------------------------------------------------ §3 get_unmapped_area

    /** §3 [54]: 32-bit exhaustion: top-down down to the lowest page, then bottom-up above mmap_base. */
    @Test
    void case54Exhaustion32FallsBackBottomUp() {
        mm = exec(m, false, 8L << 20, false);
        long first = -1;
        long lowest = Long.MAX_VALUE;
        long last = -1;
        long err = 0;
        for (int i = 0; i < 5000; i++) {
            long a = mm.mmap(0, 0x100000, i % 2 == 0 ? RW : R, ANON, null, 0); // mmap-many ... alt
            if (Errno.isError(a)) {
                err = a;
                break;
            }
            first = first < 0 ? a : first;
            lowest = Math.min(lowest, a);
            last = a;
        }
        MmValidator.validate(mm);
        assertEquals(0xf7ef6000L, first);
        assertEquals(0x48000L, lowest); // below the executable, down to mmap_min_addr
        assertEquals(0xffcfe000L, last); // bottom-up between mmap_base and the stack's guard gap
        assertEquals(0xffdfe000L, last + 0x100000); // the next would reach into the gap below 0xfffdd000
        assertEquals(ENOMEM, err);
    }

    /** §3 [45]: THP alignment needs len + 2 MiB of gap: an exactly-2 MiB aligned hole is skipped. */
    @Test
    void case45ThpSkipsExactHole() {
        long a = map(0, 0x600000, RW, ANON);
        assertEquals(0x7ffff7800000L, a); // ALIGN_DOWN(0x7ffff7ff7000 - 6 MiB, 2 MiB)
        assertEquals(0, ok(mm.munmap(0x7ffff7a00000L, 0x200000)));
        assertEquals(0x7ffff7600000L, map(0, 0x200000, RW, ANON)); // not into the 2 MiB hole
        assertEquals(0x7ffff7ff6000L, map(0, 0x1000, RW, ANON)); // a plain page still goes to the top gap
        // 0x201000 is no 2 MiB multiple: plain placement at the top of the highest fitting gap
        assertEquals(0x7ffff73ff000L, map(0, 0x201000, RW, ANON));
    }

    /** §3 [06, 07, 24, 25]: hints. */
    @Test
    void case06To25Hints() {
        assertEquals(0x10000L, map(0x1000, 0x1000, RW, ANON)); // raised to mmap_min_addr
        assertEquals(0x7ffff7ff6000L, map(0x8000, 0x1000, RW, ANON)); // 0x10000 taken: top-down
        assertEquals(0x7ffff7ff5000L, map(0x800000000000L, 0x1000, RW, ANON)); // beyond 47 bits: ignored
        assertEquals(0x20000000L, map(0x20000123L, 0x1000, RW, ANON)); // rounded down
        assertEquals(0x7ffff8000000L, map(0x7ffff8000000L, 0x1000, RW, ANON)); // above mmap_base
        long stack = mm.findVma(STACK_END - 1).vmStart();
        long gap = stack - 0x100000;
        assertEquals(0x7ffff7ff3000L, map(gap - 0x1000, 0x2000, Mman.PROT_NONE, ANON)); // one page into the gap
        assertEquals(gap - 0x1000, map(gap - 0x1000, 0x1000, R, ANON)); // ends exactly at the gap: used
        // a 2 MiB map with a hint is not THP-aligned, even when the hint is refused
        assertEquals(0x7ffff7df3000L, map(0x20000000L, 0x200000, RW, ANON));
    }

    /** §3 [24, 25]: a hint at the break is honoured and then blocks brk growth. */
    @Test
    void hintAtBrkBlocksBrk() {
        long brk = mm.brk;
        assertEquals(brk + 0x1000, ok(mm.brk(brk + 0x1000)));
        long at = mm.brk;
        assertEquals(at, map(at, 0x1000, R, ANON));
        assertEquals(null, mm.vmaName(mm.vmaLookup(at)));
        assertEquals(at, ok(mm.brk(at + 0x1000))); // refused: no free page left above the heap
    }

    /** README op table: MAP_32BIT in a top-down 64-bit task searches [1 GiB, 2 GiB) bottom-up. */
    @Test
    void map32BitBottomUpBelow2GiB() {
        int f32 = ANON | Mman.MAP_32BIT;
        assertEquals(0x40000000L, map(0, 0x1000, RW, f32));
        assertEquals(0x40001000L, map(0, 0x1000, R, f32));
        assertEquals(0x10000000L, map(0x10000000L, 0x1000, R, f32)); // a free hint below 2 GiB is used
        assertEquals(0x40002000L, map(0x7ff000000000L, 0x1000, RW, f32)); // not below 2 GiB: searched
        // THP: padded search at 0x40003000, offset to 2 MiB, and MMF_TOPDOWN adds nothing (not aligned)
        assertEquals(0x40200000L, map(0, 0x200000, RW, f32));
    }

    /** §3 [29]: MAP_FIXED low addresses; unprivileged: only the DAC limit 4096 applies to MAP_FIXED. */
    @Test
    void case29LowFixedAddresses() {
        assertEquals(0L, map(0, 0x1000, RW, FIXED)); // root: CAP_SYS_RAWIO
        assertEquals("ok", write(0, 7));
        assertEquals("ok value=0x07", read(0));
        assertEquals(0, ok(mm.munmap(0, 0x1000)));
        mm.capSysRawio = false;
        mm.capIpcLock = false;
        assertEquals(EPERM, map(0, 0x1000, RW, FIXED));
        assertEquals(0x1000L, map(0x1000, 0x1000, RW, FIXED));
        assertEquals(0x8000L, map(0x8000, 0x1000, RW, FIXED));
        assertEquals(0x10000L, map(0x1000, 0x1000, RW, ANON)); // hints use 65536
        // unaligned MAP_FIXED is EINVAL before the permission check (__get_unmapped_area() order)
        assertEquals(EINVAL, map(0x10, 0x1000, RW, FIXED));
    }

    // ------------------------------------------------------------------ §4 merging

    /** §4 [03, 11]: anon_vma compatibility decides merges of faulted VMAs. */
    @Test
    void case03And11AnonVmaMerging() {
        long a = map(0x10000000L, 0x1000, RW, FIXED);
        long c = map(0x10002000L, 0x1000, RW, FIXED);
        write(a, 1);
        write(c, 1);
        map(0x10001000L, 0x1000, RW, FIXED); // untouched, between two faulted: merges with the lower
        assertEquals(0x10002000L, mm.vmaLookup(a).vmEnd());
        assertEquals(0x10002000L, mm.vmaLookup(c).vmStart());
        // two VMAs faulted independently never merge (moving one next to the other)
        long d = map(0x20000000L, 0x1000, RW, FIXED);
        write(d, 1);
        long e0 = map(0x20002000L, 0x1000, RW, FIXED);
        write(e0, 1);
        long e = ok(mm.mremap(e0, 0x1000, 0x1000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, 0x20001000L));
        assertEquals(0x20001000L, mm.vmaLookup(d).vmEnd());
        assertEquals(0x20002000L, mm.vmaLookup(e).vmEnd());
        assertEquals(0, ok(mm.munmap(e, 0x1000)));
        // an untouched VMA merges with one faulted neighbour, above or below
        map(0x1ffff000L, 0x1000, RW, FIXED);
        map(0x20001000L, 0x1000, RW, FIXED);
        assertEquals(0x1ffff000L, mm.vmaLookup(d).vmStart());
        assertEquals(0x20002000L, mm.vmaLookup(d).vmEnd());
        // pieces split off one faulted VMA share its anon_vma and re-merge
        long f = map(0x30000000L, 0x3000, RW, FIXED);
        for (int i = 0; i < 3; i++) {
            write(f + i * 0x1000L, 1);
        }
        assertEquals(0, ok(mm.mprotect(f + 0x1000, 0x1000, R)));
        assertEquals(0x30001000L, mm.vmaLookup(f).vmEnd());
        assertEquals(0, ok(mm.mprotect(f + 0x1000, 0x1000, RW)));
        assertEquals(0x30003000L, mm.vmaLookup(f).vmEnd());
    }

    /** §4 [31]: memfd maps of one object with contiguous offsets merge; /dev/zero objects never do. */
    @Test
    void case31MemfdMergesSharedAnonDoesNot() {
        FileRef memfd = FileRef.memfd("m", 7, 0x4000);
        long a = ok(mm.mmap(0x40000000L, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_FIXED, memfd, 0));
        ok(mm.mmap(0x40001000L, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_FIXED, memfd, 0x1000));
        assertEquals(named("40000000-40002000 rw-s 00000000 00:01 7", "/memfd:m (deleted)"),
                line(a));
        ok(mm.mmap(0x40002000L, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_FIXED, memfd, 0x3000)); // not contiguous
        assertEquals(0x40002000L, mm.vmaLookup(a).vmEnd());
        long s1 = map(0x50000000L, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED);
        map(0x50001000L, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED);
        assertEquals(0x50001000L, mm.vmaLookup(s1).vmEnd());
        // a memfd is shmem: a 2 MiB map is not THP-aligned (shmem_enabled=never)
        FileRef big = FileRef.memfd("big", 8, 0x400000);
        assertEquals(0x7ffff7df7000L, ok(mm.mmap(0, 0x200000, RW, Mman.MAP_SHARED, big, 0)));
    }

    /** §4/§8 [44]: a moved file page keeps its offset and merges back into the hole it left. */
    @Test
    void case44FilePageMovesAndMergesBack() {
        FileRef f = f8(false);
        long x = ok(mm.mmap(0x30000000L, 0x4000, R, Mman.MAP_PRIVATE | Mman.MAP_FIXED, f, 0));
        read(x + 0x2000);
        int fx = Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED;
        assertEquals(0x20000000L, ok(mm.mremap(x + 0x2000, 0x1000, 0x1000, fx, 0x20000000L)));
        assertEquals(named("20000000-20001000 r--p 00002000 fe:00 2146371", "/srv/oracle/f8"),
                line(0x20000000L));
        assertEquals("ok value=0x43", read(0x20000000L)); // 'C'
        assertEquals(x + 0x2000, ok(mm.mremap(0x20000000L, 0x1000, 0x1000, fx, x + 0x2000)));
        assertEquals(named("30000000-30004000 r--p 00000000 fe:00 2146371", "/srv/oracle/f8"), line(x));
    }

    /** §4 [23]: dc / wf / dd flags keep VMAs apart; dofork/keeponfork/dodump merge them again. */
    @Test
    void case23ForkAdviceFlagsSplitAndMerge() {
        long a = map(0x10000000L, 0x4000, RW, FIXED);
        write(a, 0x11); // one anon_vma for the VMA, shared by the pieces split off below
        assertEquals(0, ok(mm.madvise(a, 0x1000, Mman.MADV_DONTFORK)));
        assertEquals(0, ok(mm.madvise(a + 0x1000, 0x1000, Mman.MADV_WIPEONFORK)));
        assertEquals(0, ok(mm.madvise(a + 0x2000, 0x1000, Mman.MADV_DONTDUMP)));
        assertEquals("rd wr mr mw me dc ac ", mm.vmaLookup(a).vmFlagsMnemonics());
        assertEquals("rd wr mr mw me ac wf ", mm.vmaLookup(a + 0x1000).vmFlagsMnemonics());
        assertEquals("rd wr mr mw me ac dd ", mm.vmaLookup(a + 0x2000).vmFlagsMnemonics());
        write(a + 0x1000, 0x22);
        write(a + 0x3000, 0x44);
        MmStruct child = Fork.copyMm(0, mm);
        UserAccess cua = m.access(child);
        assertNull(child.vmaLookup(a)); // dc: absent in the child
        assertTrue(cua.access(a + 0x1000, Access.READ, 0, 1, r));
        assertEquals(0, r.value); // wf: present, zero-filled
        assertTrue(cua.access(a + 0x3000, Access.READ, 0, 1, r));
        assertEquals(0x44, r.value);
        MmValidator.validate(child);
        Fork.mmput(child);
        m.access(mm);
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_DOFORK)));
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_KEEPONFORK)));
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_DODUMP)));
        assertEquals(a + 0x4000, mm.vmaLookup(a).vmEnd());
    }

    // ------------------------------------------------------------------ §5, §11 guard regions

    /** §5/§11 [35]: MADV_GUARD_INSTALL: no split, SIGSEGV SEGV_MAPERR, kept by DONTNEED, copied by fork. */
    @Test
    void case35GuardRegions() {
        long a = map(0x10000000L, 0x4000, RW, FIXED);
        for (int i = 0; i < 4; i++) {
            write(a + i * 0x1000L, 0x55);
        }
        assertEquals(0, ok(mm.madvise(a + 0x1000, 0x1000, Mman.MADV_GUARD_INSTALL)));
        assertEquals("10000000-10004000 rw-p 00000000 00:00 0", line(a));
        assertEquals("rd wr mr mw me ac ", mm.vmaLookup(a).vmFlagsMnemonics());
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0x10001000", read(a + 0x1000));
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0x10001010", write(a + 0x1010, 1));
        assertEquals("ok value=0x55", read(a));
        assertEquals(12 << 10, ProcSmaps.stats(mm, mm.vmaLookup(a)).resident);
        StringBuilder vec = new StringBuilder();
        assertEquals(0, mm.mincore(a, 0x4000, vec));
        assertEquals("1011", vec.toString());
        MmStruct child = Fork.copyMm(0, mm);
        UserAccess cua = m.access(child);
        assertEquals(false, cua.access(a + 0x1000, Access.READ, 0, 1, r));
        assertEquals("SEGV_MAPERR", r.siCode.name());
        Fork.mmput(child);
        m.access(mm);
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_DONTNEED))); // markers stay
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0x10001000", read(a + 0x1000));
        assertEquals("ok value=0x00", read(a));
        assertEquals(0, ok(mm.mprotect(a, 0x4000, R)));
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0x10001000", read(a + 0x1000));
        assertEquals(0, ok(mm.madvise(a, 0x4000, Mman.MADV_GUARD_REMOVE)));
        assertEquals("ok value=0x00", read(a + 0x1000));
        // locked VMAs and special mappings refuse guards; a hole is ENOMEM after the rest
        assertEquals(0, ok(mm.mlock(a, 0x1000)));
        assertEquals(EINVAL, ok(mm.madvise(a, 0x1000, Mman.MADV_GUARD_INSTALL)));
        assertEquals(EINVAL, ok(mm.madvise(0x7ffff7ffd000L, 0x1000, Mman.MADV_GUARD_INSTALL)));
        assertEquals(0, ok(mm.munmap(a, 0x4000)));
        // munmap drops the markers: a new map there faults normally
        map(a, 0x4000, RW, FIXED);
        assertEquals("ok value=0x00", read(a + 0x1000));
    }

    /** §5 [34]: mseal splits and sets "sl"; a 32-bit task on the 64-bit kernel can seal too. */
    @Test
    void case34MsealSplits() {
        long a = map(0x10000000L, 0x3000, RW, FIXED);
        assertEquals(0, ok(mm.mseal(a + 0x1000, 0x1000, 0)));
        assertEquals(a + 0x1000, mm.vmaLookup(a).vmEnd());
        assertEquals("rd wr mr mw me ac sl ", mm.vmaLookup(a + 0x1000).vmFlagsMnemonics());
        assertEquals(EPERM, ok(mm.mmap(a, 0x1000 * 3, RW, FIXED, null, 0)));
        assertEquals(a + 0x1000, mm.vmaLookup(a).vmEnd()); // nothing changed
        // 6.18 checks seals VMA by VMA: mprotect changes the VMAs before the sealed one; munmap
        // and MAP_FIXED split the first VMA before they find the seal, and the split stays
        long b = map(0x20000000L, 0x2000, RW, FIXED);
        long c = map(0x20002000L, 0x1000, R, FIXED);
        assertEquals(0, ok(mm.mseal(c, 0x1000, 0)));
        assertEquals(EPERM, ok(mm.mprotect(b, 0x3000, R)));
        assertEquals("r--p", mm.vmaLookup(b).perms());
        assertEquals(EPERM, ok(mm.mprotect(c, 0x1000, R))); // even without a change
        assertEquals(EPERM, ok(mm.munmap(b + 0x1000, 0x2000)));
        assertEquals(b + 0x1000, mm.vmaLookup(b).vmEnd());
        assertEquals(b + 0x2000, mm.vmaLookup(b + 0x1000).vmEnd());
        MmStruct child = Fork.copyMm(0, mm); // the child gets the VMAs as they are
        assertEquals(b + 0x1000, child.vmaLookup(b).vmEnd());
        MmValidator.validate(child);
        Fork.mmput(child);
        MmStruct compat = exec(Machine.x8664(), false, 8L << 20, false);
        long cc = compat.mmap(0x10000000L, 0x1000, RW, FIXED, null, 0);
        assertEquals(0, compat.mseal(cc, 0x1000, 0));
        assertEquals(EPERM, compat.munmap(cc, 0x1000));
    }

    // ------------------------------------------------------------------ §7 mprotect

    /** §7 [13]: MAP_SHARED of an O_RDONLY fd: "s" but no mw/sh; mprotect(PROT_WRITE) is EACCES. */
    @Test
    void case13SharedReadOnlyFile() {
        FileRef f = f8(false);
        long a = ok(mm.mmap(0, 0x2000, R, Mman.MAP_SHARED, f, 0));
        assertEquals(named("7ffff7ff5000-7ffff7ff7000 r--s 00000000 fe:00 2146371", "/srv/oracle/f8"),
                line(a));
        assertEquals("rd mr me ms ", mm.vmaLookup(a).vmFlagsMnemonics());
        assertEquals(EACCES, ok(mm.mprotect(a, 0x1000, RW)));
        assertEquals(EACCES, ok(mm.mmap(0, 0x1000, RW, Mman.MAP_SHARED, f, 0)));
        // private: fine, and gains "ac"
        long p = ok(mm.mmap(0, 0x2000, R, Mman.MAP_PRIVATE, f, 0));
        assertEquals(0, ok(mm.mprotect(p, 0x1000, RW)));
        assertEquals("rd wr mr mw me ac ", mm.vmaLookup(p).vmFlagsMnemonics());
        assertEquals(0, ok(mm.mprotect(p, 0x1000, RW))); // no-op
    }

    /** §7 [19]: PROT_GROWSDOWN/PROT_GROWSUP errors (do_mprotect_pkey()). */
    @Test
    void mprotectGrowsFlags() {
        long a = map(0x10000000L, 0x2000, RW, FIXED);
        long g = map(0x20000000L, 0x2000, RW, FIXED | Mman.MAP_GROWSDOWN);
        assertEquals(EINVAL, ok(mm.mprotect(a + 0x1000, 0x1000, R | Mman.PROT_GROWSDOWN))); // not growsdown
        assertEquals(EINVAL, ok(mm.mprotect(a, 0x1000, R | Mman.PROT_GROWSUP))); // no VM_GROWSUP on x86
        assertEquals(EINVAL, ok(mm.mprotect(a, 0x1000, R | Mman.PROT_GROWSUP | Mman.PROT_GROWSDOWN)));
        assertEquals(ENOMEM, ok(mm.mprotect(0x1ffff000L, 0x1000, R | Mman.PROT_GROWSDOWN))); // VMA above the range
        assertEquals(0, ok(mm.mprotect(g + 0x1000, 0x1000, R | Mman.PROT_GROWSDOWN))); // down to the VMA start
        assertEquals("r--p", mm.vmaLookup(g).perms());
        assertEquals(g + 0x2000, mm.vmaLookup(g).vmEnd());
    }

    // ------------------------------------------------------------------ §8 mremap

    /** §8 [17]: FIXED needs MAYMOVE, no overlap; DONTUNMAP; old_len 0; a file grown past EOF. */
    @Test
    void case17MremapCorners() {
        long a = map(0x10000000L, 0x2000, RW, FIXED);
        write(a, 0x77);
        assertEquals(EINVAL, ok(mm.mremap(a, 0x2000, 0x2000, Mman.MREMAP_FIXED, 0x20000000L)));
        assertEquals(EINVAL, ok(mm.mremap(a, 0x2000, 0x2000, Mman.MREMAP_FIXED | Mman.MREMAP_MAYMOVE, a + 0x1000)));
        long b = ok(mm.mremap(a, 0x2000, 0x2000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0));
        assertEquals(0x7ffff7ff5000L, b);
        assertEquals("ok value=0x77", read(b));
        assertEquals("ok value=0x00", read(a)); // the old VMA stays, without its pages
        assertEquals(a + 0x2000, mm.vmaLookup(a).vmEnd());
        assertEquals(EINVAL, ok(mm.mremap(a, 0, 0x1000, Mman.MREMAP_MAYMOVE, 0))); // private
        long s = map(0x30000000L, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED);
        write(s, 0x33);
        long dup = ok(mm.mremap(s, 0, 0x1000, Mman.MREMAP_MAYMOVE, 0));
        assertEquals(0x7ffff7ff4000L, dup);
        assertEquals(mm.vmaLookup(s).file(), mm.vmaLookup(dup).file());
        assertEquals(0, mm.vmaLookup(dup).vmPgoff());
        assertEquals("ok value=0x33", read(dup));
        FileRef f6000 = new FileRef("/srv/oracle/f6000", 0xfe, 0, 2146380, 6000, 'a', false, true, false, true,
                false);
        long g = ok(mm.mmap(0x40000000L, 0x2000, R, Mman.MAP_PRIVATE | Mman.MAP_FIXED, f6000, 0));
        assertEquals(g, ok(mm.mremap(g, 0x2000, 0x4000, 0, 0)));
        assertEquals("ok value=0x00", read(g + 0x1800)); // partial last page: zero beyond EOF
        assertEquals("FAULT SIGBUS BUS_ADRERR addr=0x40002000", read(g + 0x2000));
    }

    /**
     * §3 + §8: a moved private anonymous VMA of a 2 MiB multiple goes through the same
     * get_unmapped_area() (THP-aligned); an untouched one merges with itself on the way
     * (copy_vma()), which leaves the same result.
     */
    @Test
    void mremapMoveIsThpAligned() {
        long a = map(0, 0x200000, RW, ANON);
        assertEquals(0x7ffff7c00000L, a);
        assertEquals(0x7ffff7800000L, ok(mm.mremap(a, 0x200000, 0x400000, Mman.MREMAP_MAYMOVE, 0)));
        assertEquals("7ffff7800000-7ffff7c00000 rw-p 00000000 00:00 0", line(0x7ffff7800000L));
        assertNull(mm.vmaLookup(a));
        long b = map(0x30000000L, 0x200000, RW, FIXED);
        write(b, 0x42);
        long nb = ok(mm.mremap(b, 0x200000, 0x200000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0));
        assertEquals(0x7ffff7600000L, nb);
        assertEquals("ok value=0x42", read(nb));
        assertEquals("ok value=0x00", read(b));
    }

    /** §8/§13 [36]: RLIMIT_AS and RLIMIT_DATA limit growth. */
    @Test
    void case36Rlimits() {
        long a = map(0, 0x1000, RW, ANON);
        mm.rlimitAs = (mm.totalVm() << 12) + 0x1000;
        assertEquals(ENOMEM, ok(mm.mremap(a, 0x1000, 0x3000, Mman.MREMAP_MAYMOVE, 0)));
        assertEquals(false, Errno.isError(ok(mm.mremap(a, 0x1000, 0x2000, Mman.MREMAP_MAYMOVE, 0))));
        mm.rlimitAs = ExecImage.RLIM_INFINITY;
        long brk = mm.brk;
        // may_expand_vm(): data_vm (data, bss, heap: private writable) + the growth within RLIMIT_DATA
        mm.rlimitData = (mm.dataVm() << 12) + 0x1000;
        assertEquals(brk + 0x1000, ok(mm.brk(brk + 0x1000)));
        assertEquals(brk + 0x1000, ok(mm.brk(brk + 0x3000))); // refused
        mm.rlimitData = mm.dataVm() << 12;
        assertEquals(ENOMEM, map(0, 0x1000, RW, ANON));
        assertEquals(false, Errno.isError(map(0, 0x1000, R, ANON)));
    }

    // ------------------------------------------------------------------ §9 brk

    /** §9: [heap] labels and brk to start_brk (brk-child). */
    @Test
    void brkHeapLabelsAndRemoval() {
        long start = mm.startBrk;
        assertEquals(start + 0x4000, ok(mm.brk(start + 0x4000)));
        assertEquals(0, ok(mm.munmap(start + 0x1000, 0x1000)));
        assertEquals("[heap]", mm.vmaName(mm.vmaLookup(start)));
        assertEquals("[heap]", mm.vmaName(mm.vmaLookup(start + 0x2000)));
        MmStruct child = Fork.copyMm(0, mm);
        assertEquals(start, child.brk(start));
        assertNull(child.vmaLookup(start));
        assertEquals(start + 0x2000, child.brk(start + 0x2000));
        assertEquals("[heap]", child.vmaName(child.vmaLookup(start)));
        assertEquals(start, child.vmaLookup(start).vmStart());
        MmValidator.validate(child);
        Fork.mmput(child);
    }

    /**
     * §9 [18, 36]: brk(2) order of checks: RLIMIT_DATA first (a shrink that stays over it is
     * refused too), a shrink over an unmapped heap is refused, growth under mlockall(MCL_FUTURE)
     * needs RLIMIT_MEMLOCK room.
     */
    @Test
    void brkCheckOrder() {
        long start = mm.startBrk;
        assertEquals(start + 0x4000, ok(mm.brk(start + 0x4000)));
        mm.rlimitData = (mm.endData - mm.startData) + 0x1000;
        assertEquals(start + 0x4000, ok(mm.brk(start + 0x2000))); // still over: refused
        assertEquals(start + 0x1000, ok(mm.brk(start + 0x1000)));
        mm.rlimitData = ExecImage.RLIM_INFINITY;
        assertEquals(0, ok(mm.munmap(start, 0x1000)));
        assertEquals(start + 0x1000, ok(mm.brk(start))); // nothing mapped in [start, old break)
        assertEquals(start + 0x3000, ok(mm.brk(start + 0x3000)));
        mm.capIpcLock = false;
        mm.memlockRlimit = 0x1000;
        assertEquals(0, ok(mm.mlockall(Mman.MCL_FUTURE)));
        assertEquals(start + 0x3000, ok(mm.brk(start + 0x5000))); // 2 pages locked > 1 page: refused
        assertEquals(start + 0x4000, ok(mm.brk(start + 0x4000)));
        assertEquals("rd wr mr mw me lo ac ", mm.vmaLookup(start + 0x3000).vmFlagsMnemonics());
        assertEquals(4 << 10, ProcSmaps.stats(mm, mm.vmaLookup(start + 0x3000)).resident); // populated
    }

    /** §11/§12 [35]: MADV_POPULATE_* stops at a guard page with EFAULT. */
    @Test
    void populateStopsAtGuard() {
        long a = map(0x10000000L, 0x4000, RW, FIXED);
        assertEquals(0, ok(mm.madvise(a + 0x2000, 0x1000, Mman.MADV_GUARD_INSTALL)));
        assertEquals(Errno.EFAULT.asResult(), ok(mm.madvise(a, 0x4000, Mman.MADV_POPULATE_WRITE)));
        assertEquals(8 << 10, ProcSmaps.stats(mm, mm.vmaLookup(a)).resident);
        long ro = map(0x20000000L, 0x1000, R, FIXED);
        assertEquals(EINVAL, ok(mm.madvise(ro, 0x1000, Mman.MADV_POPULATE_WRITE))); // permissions
        assertEquals(0, ok(mm.madvise(ro, 0x1000, Mman.MADV_POPULATE_READ)));
        long none = map(0x20001000L, 0x1000, Mman.PROT_NONE, FIXED);
        assertEquals(EINVAL, ok(mm.madvise(none, 0x1000, Mman.MADV_POPULATE_READ)));
        assertEquals(ENOMEM, ok(mm.madvise(0x20003000L, 0x1000, Mman.MADV_POPULATE_READ))); // hole
        FileRef f6000 = new FileRef("/srv/oracle/f6000", 0xfe, 0, 2146380, 6000, 'a', false, true, false, true,
                false);
        long g = ok(mm.mmap(0x40000000L, 0x3000, R, Mman.MAP_PRIVATE | Mman.MAP_FIXED, f6000, 0));
        assertEquals(Errno.EFAULT.asResult(), ok(mm.madvise(g, 0x3000, Mman.MADV_POPULATE_READ))); // SIGBUS
    }

    // ------------------------------------------------------------------ §10 stacks

    /** §10 [20]: growsdown expansion, guard gap to accessible VMAs, PROT_NONE does not block. */
    @Test
    void case20GrowsdownExpansion() {
        long g = map(0x50100000L, 0x1000, RW, FIXED | Mman.MAP_GROWSDOWN);
        map(0x50000000L, 0x1000, Mman.PROT_NONE, FIXED);
        assertEquals("ok", write(0x50001000L, 1)); // grows until adjacent to the PROT_NONE VMA
        assertEquals(0x50001000L, mm.vmaLookup(g).vmStart());
        long h = map(0x60100000L, 0x1000, RW, FIXED | Mman.MAP_GROWSDOWN);
        map(0x5ff00000L, 0x1000, R, FIXED); // ends at 0x5ff01000
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0x60000fff", read(0x60000fffL)); // 1 MiB - 1 page
        assertEquals(0x60100000L, mm.vmaLookup(h).vmStart());
        assertEquals("ok value=0x00", read(0x60001000L)); // exactly 1 MiB above: fine
        assertEquals(0x60001000L, mm.vmaLookup(h).vmStart());
        assertEquals(EINVAL, map(0, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_GROWSDOWN));
        assertEquals(EINVAL, ok(mm.mmap(0, 0x1000, R, Mman.MAP_PRIVATE | Mman.MAP_GROWSDOWN, f8(false), 0)));
    }

    // ------------------------------------------------------------------ §11 faults

    /** §11 [55]: 32-bit: 0xffffe000 and 0xfffff000 are SEGV_MAPERR. */
    @Test
    void case55Compat32TopPages() {
        mm = exec(m, false, 8L << 20, false);
        ua = m.access(mm);
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0xffffe000", read(0xffffe000L));
        assertEquals("FAULT SIGSEGV SEGV_MAPERR addr=0xfffff000", write(0xfffff000L, 1));
    }

    // ------------------------------------------------------------------ §12 pages

    /** §12 [33]: zero page not in Rss; MAP_POPULATE r-- gives Rss 0, rw- all pages; DONTNEED of a COW page. */
    @Test
    void case33PageState() {
        long a = map(0, 0x4000, RW, ANON);
        read(a);
        assertEquals(0, ProcSmaps.stats(mm, mm.vmaLookup(a)).resident);
        long p = map(0, 0x4000, R, ANON | Mman.MAP_POPULATE);
        assertEquals(0, ProcSmaps.stats(mm, mm.vmaLookup(p)).resident);
        long q = map(0, 0x4000, RW, ANON | Mman.MAP_POPULATE | Mman.MAP_NORESERVE);
        assertEquals(16 << 10, ProcSmaps.stats(mm, mm.vmaLookup(q)).resident);
        assertEquals(16 << 10, ProcSmaps.stats(mm, mm.vmaLookup(q)).anonymous);
        FileRef f = f8(false);
        long x = ok(mm.mmap(0x30000000L, 0x2000, RW, Mman.MAP_PRIVATE | Mman.MAP_FIXED, f, 0));
        write(x + 0x1000, 0x7a);
        assertEquals(4 << 10, ProcSmaps.stats(mm, mm.vmaLookup(x)).anonymous);
        assertEquals(0, ok(mm.madvise(x, 0x2000, Mman.MADV_DONTNEED)));
        assertEquals("ok value=0x42", read(x + 0x1000)); // 'B' from the file again
    }

    /** §12 [12, 33] and README pagemap: the bits the driver prints, for root and for nobody (hidden/0). */
    @Test
    void case33Pagemap() {
        long a = map(0x10000000L, 0x4000, RW, FIXED);
        read(a);
        write(a + 0x1000, 1);
        assertEquals(0, ok(mm.madvise(a + 0x2000, 0x1000, Mman.MADV_GUARD_INSTALL)));
        long zero = ProcPagemap.entry(mm, a, true);
        long anon = ProcPagemap.entry(mm, a + 0x1000, true);
        long guard = ProcPagemap.entry(mm, a + 0x2000, true);
        long none = ProcPagemap.entry(mm, a + 0x3000, true);
        long pm = ProcPagemap.PM_PFRAME_MASK;
        // the zero page: present, no file bit, not exclusive (vm_normal_page() is NULL)
        assertEquals(ProcPagemap.PM_PRESENT, zero & ~pm);
        assertEquals(m.kpt.zeroPfn(), zero & pm);
        assertEquals(ProcPagemap.PM_PRESENT
                | ProcPagemap.PM_MMAP_EXCLUSIVE, anon & ~pm);
        assertEquals(ProcPagemap.PM_SWAP | ProcPagemap.PM_GUARD_REGION,
                guard);
        assertEquals(0, none);
        assertEquals(0, ProcPagemap.entry(mm, a + 0x1000, false) & pm); // hidden/0
        FileRef f = f8(false);
        long x = ok(mm.mmap(0x30000000L, 0x1000, R, Mman.MAP_PRIVATE | Mman.MAP_FIXED, f, 0));
        read(x);
        assertEquals(ProcPagemap.PM_PRESENT | ProcPagemap.PM_FILE
                | ProcPagemap.PM_MMAP_EXCLUSIVE,
                ProcPagemap.entry(mm, x, true) & ~pm);
    }

    // ------------------------------------------------------------------ §13 limits and errnos

    /** §13 [29]: MAP_SHARED_VALIDATE, MAP_SYNC, MAP_HUGETLB, file errors. */
    @Test
    void case29MmapFlagErrors() {
        FileRef f = f8(true);
        int sv = Mman.MAP_SHARED_VALIDATE;
        assertEquals(false, Errno.isError(ok(mm.mmap(0, 0x1000, RW, sv, f, 0)))); // accepted for a file
        assertEquals(EOPNOTSUPP, ok(mm.mmap(0, 0x1000, RW, sv | 0x800000, f, 0)));
        assertEquals(EOPNOTSUPP, ok(mm.mmap(0, 0x1000, RW, sv | Mman.MAP_SYNC, f, 0)));
        assertEquals(EOPNOTSUPP, ok(mm.mmap(0, 0x1000, RW, Mman.MAP_SHARED | Mman.MAP_SYNC, f, 0)));
        assertEquals(false, Errno.isError(ok(mm.mmap(0, 0x1000, RW, Mman.MAP_SHARED | 0x800000, f, 0))));
        assertEquals(EINVAL, map(0, 0x1000, RW, sv | Mman.MAP_ANONYMOUS)); // anonymous: no such type
        assertEquals(EINVAL, map(0, 0x1000, RW, Mman.MAP_ANONYMOUS)); // neither shared nor private
        assertEquals(ENOMEM, map(0, 0x200000, RW, ANON | Mman.MAP_HUGETLB));
        assertEquals(EINVAL, ok(mm.mmap(0, 0x200000, RW, Mman.MAP_PRIVATE | Mman.MAP_HUGETLB, f, 0)));
        FileRef wo = new FileRef("/srv/oracle/f2", 0xfe, 0, 2146384, 8192, 'P', false, false, true, true, false);
        assertEquals(EACCES, ok(mm.mmap(0, 0x1000, R, Mman.MAP_PRIVATE, wo, 0)));
        FileRef dir = new FileRef("/srv/oracle", 0xfe, 0, 2, 4096, 0, false, true, false, false, false);
        assertEquals(Errno.ENODEV.asResult(), ok(mm.mmap(0, 0x1000, R, Mman.MAP_PRIVATE, dir, 0)));
        assertEquals(Errno.EOVERFLOW.asResult(), ok(mm.mmap(0, 0x2000, R, Mman.MAP_PRIVATE, f,
                0xfffffffffffff000L)));
        assertEquals(Errno.EBADF.asResult(), ok(mm.mmap(0, 0x1000, R, Mman.MAP_PRIVATE, null, 0)));
        // mmap ignores unknown prot bits; mprotect refuses them
        long a = map(0, 0x1000, 0x11, ANON);
        assertEquals("r--p", mm.vmaLookup(a).perms());
        assertEquals(EINVAL, ok(mm.mprotect(a, 0x1000, 0x11)));
    }

    /** §13 [32]: max_map_count off-by-one between mmap (> max) and splits (>= max). */
    @Test
    void case32MaxMapCount() {
        mm.maxMapCount = mm.mapCount() + 4;
        long base = 0x10000000L;
        int n = 0;
        while (mm.mapCount() <= mm.maxMapCount) {
            assertEquals(base + n * 0x2000L, map(base + n * 0x2000L, 0x1000, RW, FIXED));
            n++;
        }
        assertEquals(mm.maxMapCount + 1, mm.mapCount()); // the (max+1)th VMA could still be created
        assertEquals(ENOMEM, map(0, 0x1000, RW, ANON));
        long brk = mm.brk;
        assertEquals(brk, ok(mm.brk(brk + 0x1000))); // do_brk_flags() checks map_count even to extend
        assertEquals(0, ok(mm.munmap(base, 0x1000))); // whole VMAs
        assertEquals(0, ok(mm.munmap(base + 0x2000, 0x1000)));
        long big = base + n * 0x2000L;
        // at exactly max: a middle split is refused, head/tail removal works
        assertEquals(big, map(big, 0x3000, RW, FIXED));
        assertEquals(mm.maxMapCount, mm.mapCount());
        assertEquals(ENOMEM, ok(mm.munmap(big + 0x1000, 0x1000)));
        assertEquals(ENOMEM, ok(mm.mprotect(big + 0x1000, 0x1000, R)));
        assertEquals(ENOMEM, ok(mm.mprotect(big, 0x1000, R)));
        assertEquals(0, ok(mm.munmap(big, 0x1000)));
        assertEquals(0, ok(mm.munmap(big + 0x2000, 0x1000)));
        // one below max: mprotect of a middle page splits the head, then the tail split fails
        // (count now at max): ENOMEM, and the head split stays (vma_modify())
        long c = big + 0x10000;
        assertEquals(c, map(c, 0x3000, RW, FIXED));
        assertEquals(0, ok(mm.munmap(big + 0x1000, 0x1000)));
        assertEquals(0, ok(mm.munmap(base + 0x4000, 0x1000)));
        assertEquals(mm.maxMapCount - 1, mm.mapCount());
        assertEquals(ENOMEM, ok(mm.mprotect(c + 0x1000, 0x1000, R)));
        assertEquals(c + 0x1000, mm.vmaLookup(c).vmEnd());
        assertEquals("rw-p", mm.vmaLookup(c + 0x1000).perms());
    }

    /** §13 [29]: RLIMIT_MEMLOCK for an unprivileged task (no CAP_IPC_LOCK). */
    @Test
    void memlockRlimitUnprivileged() {
        mm.capIpcLock = false;
        mm.memlockRlimit = 0x2000;
        long a = map(0x10000000L, 0x4000, RW, FIXED);
        assertEquals(ENOMEM, ok(mm.mlock(a, 0x3000)));
        assertEquals(a + 0x4000, mm.vmaLookup(a).vmEnd()); // no partial lock
        assertEquals(0, ok(mm.mlock(a, 0x2000)));
        assertEquals("rd wr mr mw me lo ac ", mm.vmaLookup(a).vmFlagsMnemonics());
        assertEquals(Errno.EAGAIN.asResult(), map(0, 0x1000, RW, ANON | Mman.MAP_LOCKED));
        assertEquals(ENOMEM, ok(mm.mlock2(a + 0x2000, 0x1000, Mman.MLOCK_ONFAULT))); // 2 locked + 1 > 2
        mm.memlockRlimit = 0;
        assertEquals(EPERM, ok(mm.mlock(a, 0x1000)));
        assertEquals(EPERM, map(0, 0x1000, RW, ANON | Mman.MAP_LOCKED));
        mm.memlockRlimit = ExecImage.RLIM_INFINITY;
        assertEquals(0, ok(mm.mlock2(a + 0x2000, 0x2000, Mman.MLOCK_ONFAULT)));
        assertEquals("rd wr mr mw me lo lf ac ", mm.vmaLookup(a + 0x2000).vmFlagsMnemonics());
        assertEquals(0, ProcSmaps.stats(mm, mm.vmaLookup(a + 0x2000)).resident); // on fault: nothing populated
    }

    /**
     * §5 [28]: mlock sets "lo" on every VMA of the range, but populating a PROT_NONE VMA or a file
     * page beyond EOF fails (get_user_pages() EFAULT): mlock returns ENOMEM with the flags set.
     */
    @Test
    void mlockPopulateErrors() {
        long a = map(0x10000000L, 0x1000, RW, FIXED);
        map(0x10001000L, 0x1000, Mman.PROT_NONE, FIXED);
        assertEquals(ENOMEM, ok(mm.mlock(a, 0x2000)));
        assertEquals("rd wr mr mw me lo ac ", mm.vmaLookup(a).vmFlagsMnemonics());
        assertEquals("mr mw me lo ", mm.vmaLookup(a + 0x1000).vmFlagsMnemonics());
        assertEquals(4 << 10, ProcSmaps.stats(mm, mm.vmaLookup(a)).resident);
        FileRef f6000 = new FileRef("/srv/oracle/f6000", 0xfe, 0, 2146380, 6000, 'a', false, true, false, true,
                false);
        long g = ok(mm.mmap(0x40000000L, 0x3000, R, Mman.MAP_PRIVATE | Mman.MAP_FIXED, f6000, 0));
        assertEquals(ENOMEM, ok(mm.mlock(g, 0x3000)));
        assertEquals(0, ok(mm.mlock2(g, 0x3000, Mman.MLOCK_ONFAULT))); // nothing to populate
        assertEquals(0, ok(mm.mlockall(Mman.MCL_CURRENT))); // mm_populate() ignores errors
    }

    /** §3 + §8: an unprivileged mremap to a fixed address below 4096 is EPERM, after the target was unmapped. */
    @Test
    void mremapFixedLowUnprivileged() {
        mm.capSysRawio = false;
        long low = map(0x1000, 0x1000, RW, FIXED);
        long a = map(0x10000000L, 0x1000, RW, FIXED);
        assertEquals(0x1000L, low);
        assertEquals(0x1000L, ok(mm.mremap(a, 0x1000, 0x1000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, 0x1000)));
        long b = map(0x10000000L, 0x1000, RW, FIXED);
        assertEquals(EPERM, ok(mm.mremap(b, 0x1000, 0x1000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, 0)));
        // RLIMIT_AS: MREMAP_DONTUNMAP keeps the old range, so the moved pages count twice
        mm.rlimitAs = mm.totalVm() << 12;
        assertEquals(ENOMEM, ok(mm.mremap(b, 0x1000, 0x1000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0)));
        assertEquals(false, Errno.isError(ok(mm.mremap(b, 0x1000, 0x1000, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED,
                0x20000000L))));
    }

    /** §13: fork keeps the parent's rlimits and capabilities. */
    @Test
    void forkKeepsLimits() {
        mm.capIpcLock = false;
        mm.capSysRawio = false;
        mm.memlockRlimit = 0;
        mm.rlimitAs = 1L << 40;
        MmStruct child = Fork.copyMm(0, mm);
        assertEquals(EPERM, child.mlock(child.startBrk - 0x1000, 0x1000));
        assertEquals(EPERM, child.mmap(0, 0x1000, RW, FIXED, null, 0));
        assertEquals(1L << 40, child.rlimitAs);
        Fork.mmput(child);
    }
}
