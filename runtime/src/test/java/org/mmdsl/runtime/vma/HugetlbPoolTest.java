package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/** hugetlbfs pages reserved at boot (hugepages=), MAP_HUGETLB and /proc/meminfo's HugePages_* lines. */
class HugetlbPoolTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int HUGE = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_HUGETLB;
    private final AccessResult r = new AccessResult();

    private static Kernel boot(long hugepages) {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = 2048L << 20;
        p.hugepages = hugepages;
        return Kernel.boot(p, e -> { });
    }

    private static String hugeLines(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (String l : k.meminfo().split("\n")) {
            if (l.startsWith("HugePages_") || l.startsWith("Hugepagesize") || l.startsWith("Hugetlb")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void bootReservesThePoolOutOfMemFree() {
        long free0 = Long.parseLong(boot(0).meminfo().split("\n")[1].replaceAll("[^0-9]", ""));
        Kernel k = boot(4);
        long free4 = Long.parseLong(k.meminfo().split("\n")[1].replaceAll("[^0-9]", ""));
        assertEquals(4 * 2048, free0 - free4, "MemFree drops by the pool");
        assertEquals("""
                HugePages_Total:       4
                HugePages_Free:        4
                HugePages_Rsvd:        0
                HugePages_Surp:        0
                Hugepagesize:       2048 kB
                Hugetlb:            8192 kB
                """, hugeLines(k));
    }

    @Test
    void mmapReservesFaultsConsumeMunmapReturns() {
        Kernel k = boot(4);
        Task t = k.spawn("init");
        t.execve("/sbin/init", 4096, 4096, 4096, 0);
        long a = t.mmap(0, 3L << 20, RW, HUGE, null, 0); // rounded up to 4 MiB: two huge pages
        assertTrue(!Errno.isError(a) && (a & ((2L << 20) - 1)) == 0, Long.toHexString(a));
        assertTrue(t.maps().contains(String.format("%x-%x rw-p 00000000 00:10 ", a, a + (4L << 20))), t.maps());
        assertTrue(t.maps().contains("/anon_hugepage (deleted)"));
        assertTrue(hugeLines(k).startsWith("HugePages_Total:       4\nHugePages_Free:        4\nHugePages_Rsvd:        2\n"));
        assertTrue(t.write(a + 8, 7, r));
        assertTrue(hugeLines(k).startsWith("HugePages_Total:       4\nHugePages_Free:        3\nHugePages_Rsvd:        1\n"));
        assertTrue(t.smaps().contains("Private_Hugetlb:    2048 kB"), t.smaps());
        assertTrue(t.smaps().contains("KernelPageSize:     2048 kB"));
        assertEquals(0, t.mm().rssCounters()[1], "hugetlb pages are not in RSS");
        // hugetlb_acct_memory(): 3 needed, 3 free but 1 reserved
        assertEquals(Errno.ENOMEM.asResult(), t.mmap(0, 6L << 20, RW, HUGE, null, 0));
        assertEquals(Errno.EINVAL.asResult(), t.munmap(a + 4096, 4096), "hugetlb_vm_op_split()");
        assertEquals(0, t.munmap(a, 4L << 20));
        assertTrue(hugeLines(k).startsWith("HugePages_Total:       4\nHugePages_Free:        4\nHugePages_Rsvd:        0\n"));
    }

    @Test
    void withoutAPoolMapHugetlbIsEnomem() {
        Kernel k = boot(0);
        Task t = k.spawn("init");
        t.execve("/sbin/init", 4096, 4096, 4096, 0);
        assertEquals(Errno.ENOMEM.asResult(), t.mmap(0, 2L << 20, RW, HUGE, null, 0));
        BootParams i = new BootParams();
        i.hugepages = 1;
        assertTrue(BootParams.check(i).contains("x86_64 only"), BootParams.check(i));
    }
}
