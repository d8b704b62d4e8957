package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Issue 12, one rulebook: the argument checks each system call makes before it touches the
 * address space are pure functions of plain values ({@code Mmap.checkMmap}, {@code
 * Mprotect.checkMprotect}, ...), returning 0 or -errno. Each table row is one call: its arguments,
 * the errno the kernel function named above the table returns (0: the checks pass), and why.
 * Where the row's errno is not 0, the system call on a fresh 64-bit 6.18 address space returns
 * the same errno: the syscalls call these checks.
 */
class Issue12ArgumentChecksTest {
    private static final long TASK_SIZE_64 = MmStruct.TASK_SIZE_64;
    private final Machine m = Machine.x8664();

    /** Rows of whitespace-separated words; '#' starts a comment; a last column after "--" is prose. */
    private static List<String[]> table(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.replaceAll("#.*|--.*", "").trim();
            if (!l.isEmpty()) {
                rows.add(l.split("\\s+"));
            }
        }
        return rows;
    }

    /** A number (0x.. hex, decimal, -1) or Mman constants joined by '|' ("MAP_PRIVATE|MAP_ANONYMOUS"). */
    private static long value(String word) {
        long v = 0;
        for (String part : word.split("\\|")) {
            if (part.startsWith("0x")) {
                v |= Long.parseUnsignedLong(part.substring(2), 16);
            } else if (part.matches("-?\\d+")) {
                v |= Long.parseLong(part);
            } else {
                v |= mmanConstant(part);
            }
        }
        return v;
    }

    private static int mmanConstant(String name) {
        try {
            Field f = Mman.class.getField(name);
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                throw new IllegalArgumentException(name);
            }
            return f.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("no Mman constant " + name, e);
        }
    }

    private static long errno(String word) {
        return word.equals("0") ? 0 : Errno.named(word).asResult();
    }

    private static String name(long r) {
        return r == 0 ? "0" : Errno.isError(r) ? Errno.fromResult(r).name() : "0x" + Long.toHexString(r);
    }

    /**
     * Runs every row: the check's result must be the row's errno; when that is not 0, so must the
     * system call's (given a fresh mm each time).
     */
    private void run(String text, Function<long[], Long> check, Function<long[], Long> syscall) {
        for (String[] row : table(text)) {
            long[] args = new long[row.length - 1];
            for (int i = 0; i < args.length; i++) {
                args[i] = value(row[i]);
            }
            long want = errno(row[row.length - 1]);
            String call = String.join(" ", row);
            assertEquals(name(want), name(check.apply(args)), call);
            if (want != 0 && syscall != null) {
                assertEquals(name(want), name(syscall.apply(args)), "system call: " + call);
            }
        }
    }

    private MmStruct freshMm() {
        return m.oracleTask64();
    }

    @Test
    void doMmap() {
        // mm/mmap.c do_mmap() (+ sys_mmap()'s offset, ksys_mmap_pgoff()'s MAP_HUGETLB, get_unmapped_area())
        // addr            len                 flags                                     offset      errno
        run("""
            0                 0x1000              MAP_PRIVATE|MAP_ANONYMOUS                 0           0
            0                 0x1000              MAP_PRIVATE|MAP_ANONYMOUS                 0x10        EINVAL  -- unaligned offset
            0                 0                   MAP_PRIVATE|MAP_ANONYMOUS                 0           EINVAL  -- len 0
            0                 -1                  MAP_PRIVATE|MAP_ANONYMOUS                 0           ENOMEM  -- PAGE_ALIGN wraps
            0                 0x800000000000      MAP_PRIVATE|MAP_ANONYMOUS                 0           ENOMEM  -- len > TASK_SIZE
            0x10001           0x1000              MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED       0           EINVAL  -- unaligned MAP_FIXED
            0x10001           0x1000              MAP_PRIVATE|MAP_ANONYMOUS                 0           0       -- a hint is rounded
            0x7ffffffff000    0x2000              MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED       0           ENOMEM  -- end > TASK_SIZE
            0x7ffffffff000    0x2000              MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE 0       ENOMEM  -- NOREPLACE implies FIXED
            0                 0x1000              MAP_ANONYMOUS                             0           EINVAL  -- no map type
            0                 0x1000              MAP_SHARED_VALIDATE|MAP_ANONYMOUS         0           EINVAL  -- anonymous has no VALIDATE
            0                 0x1000              MAP_SHARED|MAP_ANONYMOUS|MAP_GROWSDOWN    0           EINVAL
            0                 0x1000              MAP_PRIVATE|MAP_ANONYMOUS|MAP_GROWSDOWN   0           0
            0                 0x1000              0xf|MAP_ANONYMOUS                         0           EINVAL
            """, a -> Mmap.checkMmap(a[0], a[1], (int) a[2], a[3], TASK_SIZE_64, false),
                a -> freshMm().mmap(a[0], a[1], Mman.PROT_READ, (int) a[2], null, a[3]));
    }

    @Test
    void doMmapOfAFile() {
        // do_mmap() for a file: file_mmap_ok(), MAP_SHARED_VALIDATE's flags_mask, VM_GROWSDOWN, VM_SYNC
        FileRef ext4 = FileRef.of("/data/file", 77, 1L << 20);
        // addr   len       flags                                     offset               errno
        run("""
            0        0x1000    MAP_SHARED                                0                    0
            0        0x1000    MAP_PRIVATE|MAP_HUGETLB                   0                    EINVAL  -- not hugetlbfs
            0        0x1000    0xf                                       0                    EINVAL  -- no such map type
            0        0x1000    MAP_SHARED_VALIDATE|MAP_SYNC              0                    EOPNOTSUPP -- known, but not DAX
            0        0x1000    MAP_SHARED_VALIDATE|0x400000              0                    EOPNOTSUPP -- unknown flag
            0        0x1000    MAP_SHARED|MAP_SYNC                       0                    EOPNOTSUPP -- VM_SYNC stays
            0        0x1000    MAP_PRIVATE|MAP_GROWSDOWN                 0                    EINVAL
            0        0x2000    MAP_PRIVATE                               0x7ffffffffffff000   EOVERFLOW -- beyond MAX_LFS_FILESIZE
            0        0x1000    MAP_PRIVATE                               0x7fffffffffffe000   0         -- ends at it
            """, a -> Mmap.checkMmap(a[0], a[1], (int) a[2], a[3], TASK_SIZE_64, false),
                a -> freshMm().mmap(a[0], a[1], Mman.PROT_READ, (int) a[2], ext4, a[3]));
        // shmem (a memfd) knows no MAP_SYNC under MAP_SHARED_VALIDATE, and ignores it otherwise
        assertEquals(Errno.EOPNOTSUPP.asResult(),
                Mmap.checkMmap(0, 0x1000, Mman.MAP_SHARED_VALIDATE | Mman.MAP_SYNC, 0, TASK_SIZE_64, true));
        assertEquals(0, Mmap.checkMmap(0, 0x1000, Mman.MAP_SHARED | Mman.MAP_SYNC, 0, TASK_SIZE_64, true));
        FileRef memfd = FileRef.memfd("m", 78, 1L << 20);
        assertEquals(Errno.EOPNOTSUPP.asResult(),
                freshMm().mmap(0, 0x1000, Mman.PROT_READ, Mman.MAP_SHARED_VALIDATE | Mman.MAP_SYNC, memfd, 0));
    }

    @Test
    void munmap() {
        // mm/mmap.c __vm_munmap() -> do_vmi_munmap()
        // start           len                 errno
        run("""
            0x10000           0x1000              0
            0x10001           0x1000              EINVAL  -- unaligned start
            0x10000           0                   EINVAL  -- len 0
            0x10000           -1                  EINVAL  -- PAGE_ALIGN wraps to 0
            0x7ffffffff000    0x2000              EINVAL  -- beyond TASK_SIZE
            0x800000000000    0x1000              EINVAL  -- start beyond TASK_SIZE
            """, a -> Mmap.checkMunmap(a[0], a[1], TASK_SIZE_64), a -> freshMm().munmap(a[0], a[1]));
    }

    @Test
    void doMprotectPkey() {
        // mm/mprotect.c do_mprotect_pkey(), before it looks at a VMA
        // start           len          prot                                   errno
        run("""
            0x10000           0x1000       PROT_READ|PROT_WRITE                   0
            0x10000           0x1000       PROT_GROWSDOWN|PROT_GROWSUP            EINVAL
            0x10001           0x1000       PROT_READ                              EINVAL  -- unaligned start
            0x10001           0            PROT_READ                              EINVAL  -- alignment before len 0
            0x10000           0            0x10                                   0       -- len 0 succeeds before the prot check
            0xfffffffffffff000 0x1000      PROT_READ                              ENOMEM  -- end wraps
            0x10000           0x1000       0x10                                   EINVAL  -- unknown prot bit
            0x10000           0x1000       PROT_READ|0x8                          0       -- PROT_SEM
            0x10000           0x1000       PROT_READ|PROT_GROWSDOWN               0       -- needs a VM_GROWSDOWN VMA later
            """, a -> Mprotect.checkMprotect(a[0], a[1], (int) a[2]),
                a -> freshMm().mprotect(a[0], a[1], (int) a[2]));
    }

    @Test
    void mremap() {
        // mm/mremap.c check_mremap_params()
        // addr      old      new                flags                                   new_addr        errno
        run("""
            0x10000     0x1000   0x2000             MREMAP_MAYMOVE                          0               0
            0x10000     0x1000   0x2000             0x8                                     0               EINVAL  -- unknown flag
            0x10001     0x1000   0x2000             0                                       0               EINVAL  -- unaligned
            0x10000     0x1000   0                  0                                       0               EINVAL  -- new_len 0
            0x10000     0x1000   0x800000000000     MREMAP_MAYMOVE                          0               EINVAL  -- beyond TASK_SIZE
            0x10000     0x1000   0x1000             MREMAP_FIXED                            0x20000         EINVAL  -- FIXED needs MAYMOVE
            0x10000     0x1000   0x1000             MREMAP_FIXED|MREMAP_MAYMOVE             0x20001         EINVAL  -- unaligned new_addr
            0x10000     0x1000   0x2000             MREMAP_DONTUNMAP|MREMAP_MAYMOVE         0x20000         EINVAL  -- DONTUNMAP resizes
            0x10000     0x2000   0x2000             MREMAP_FIXED|MREMAP_MAYMOVE             0x11000         EINVAL  -- overlap
            0x10000     0x1000   0x1000             MREMAP_FIXED|MREMAP_MAYMOVE             0x11000         0       -- adjacent is fine
            0x10000     0x1000   0x1000             MREMAP_FIXED|MREMAP_MAYMOVE             0x7fffffffe000  0       -- ends at TASK_SIZE
            0x10000     0x1000   0x2000             MREMAP_FIXED|MREMAP_MAYMOVE             0x7fffffffe000  EINVAL  -- new range beyond TASK_SIZE
            """, a -> Mremap.checkMremap(a[0], a[1], a[2], (int) a[3], a[4], TASK_SIZE_64),
                a -> freshMm().mremap(a[0], a[1], a[2], (int) a[3], a[4]));
    }

    @Test
    void madvise() {
        // mm/madvise.c do_madvise(); guard regions by kernel version
        // start           len                  advice                 errno (6.18)   errno (6.1)
        String rows = """
            0x10000           0x1000               MADV_DONTNEED          0              0
            0x10000           0x1000               MADV_GUARD_INSTALL     0              EINVAL  -- 6.13+
            0x10000           0x1000               MADV_GUARD_REMOVE      0              EINVAL
            0x10000           0x1000               99                     EINVAL         EINVAL  -- unknown advice
            0x10001           0x1000               MADV_DONTNEED          EINVAL         EINVAL  -- unaligned
            0x10000           -1                   MADV_DONTNEED          EINVAL         EINVAL  -- PAGE_ALIGN wraps
            0xfffffffffffff000 0x2000              MADV_DONTNEED          EINVAL         EINVAL  -- end wraps
            0x10000           0                    MADV_DONTNEED          0              0
            """;
        run(rows.replaceAll("(?m)^(\\s*\\S+\\s+\\S+\\s+\\S+\\s+\\S+)\\s+\\S+", "$1"),
                a -> Madvise.checkMadvise(a[0], a[1], (int) a[2], KernelVersion.V6_18),
                a -> freshMm().madvise(a[0], a[1], (int) a[2]));
        run(rows.replaceAll("(?m)^(\\s*\\S+\\s+\\S+\\s+\\S+)\\s+\\S+", "$1"),
                a -> Madvise.checkMadvise(a[0], a[1], (int) a[2], KernelVersion.V6_1), null);
    }

    @Test
    void mlock() {
        // mm/mlock.c sys_mlock2(), apply_vma_lock_flags() (rounded range), sys_mlockall()
        run("""
            MLOCK_ONFAULT        0
            0                    0
            2                    EINVAL
            """, a -> Mlock.checkMlock2((int) a[0]), null);
        assertEquals(Errno.EINVAL.asResult(), freshMm().mlock2(0x10000, 0x1000, 2));
        run("""
            0x10001              0x1000     0       -- an unaligned start is rounded down, no error
            0xfffffffffffff000   0x2000     EINVAL  -- end wraps
            0xfffffffffffff000   0x1000     EINVAL  -- end wraps to 0
            0x7ffffffff000       0x1000     0
            """, a -> Mlock.checkMlockRange(a[0], a[1]), a -> freshMm().munlock(a[0], a[1]));
        run("""
            MCL_CURRENT               0
            MCL_CURRENT|MCL_ONFAULT   0
            0                         EINVAL  -- no flag
            MCL_ONFAULT               EINVAL  -- ONFAULT alone
            8                         EINVAL  -- unknown flag
            """, a -> Mlock.checkMlockall((int) a[0]), a -> freshMm().mlockall((int) a[0]));
    }

    @Test
    void msyncAndMincore() {
        // mm/msync.c sys_msync()
        run("""
            0x10000              0x1000     MS_SYNC              0
            0x10000              0x1000     8                    EINVAL  -- unknown flag
            0x10001              0x1000     MS_SYNC              EINVAL  -- unaligned
            0x10000              0x1000     MS_ASYNC|MS_SYNC     EINVAL
            0xfffffffffffff000   0x2000     MS_SYNC              ENOMEM  -- end wraps
            """, a -> Msync.checkMsync(a[0], a[1], (int) a[2]), a -> freshMm().msync(a[0], a[1], (int) a[2]));
        // mm/mincore.c sys_mincore(): access_ok() against TASK_SIZE_MAX
        run("""
            0x10000              0x1000     0
            0x10001              0x1000     EINVAL
            0x7ffffffff000       0x2000     ENOMEM
            """, a -> Msync.checkMincore(a[0], a[1], TASK_SIZE_64),
                a -> freshMm().mincore(a[0], a[1], new StringBuilder()));
    }

    @Test
    void mseal() {
        // mm/mseal.c do_mseal(); a 32-bit kernel has no mseal
        run("""
            0x10000              0x1000     0     1     0
            0x10000              0x1000     0     0     ENOSYS  -- 32-bit kernel
            0x10000              0x1000     1     1     EINVAL  -- flags
            0x10001              0x1000     0     1     EINVAL  -- unaligned
            0x10000              -1         0     1     EINVAL  -- PAGE_ALIGN wraps
            0xfffffffffffff000   0x2000     0     1     EINVAL  -- end wraps
            0x10000              0          0     1     0
            """, a -> Mseal.checkMseal(a[0], a[1], a[2], a[3] != 0),
                a -> (a[3] != 0 ? freshMm() : Machine.i386().i386Task()).mseal(a[0], a[1], a[2]));
    }

    @Test
    void getUnmappedAreaForAFixedAddress() {
        // mm/mmap.c __get_unmapped_area(); len is page aligned here
        run("""
            0x10000              0x1000              MAP_FIXED     0
            0x10000              0x800000000000      0             ENOMEM
            0x10001              0x1000              MAP_FIXED     EINVAL
            0x10001              0x1000              0             0       -- a hint is not checked
            0x7ffffffff000       0x2000              MAP_FIXED     ENOMEM
            """, a -> UnmappedArea.checkGetUnmappedArea(a[0], a[1], (int) a[2], TASK_SIZE_64), null);
    }
}
