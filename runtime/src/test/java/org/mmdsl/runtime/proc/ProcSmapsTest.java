package org.mmdsl.runtime.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.MmStruct;

/** The full smaps block, the status memory lines and pmap -x of a small 64-bit task. */
class ProcSmapsTest {
    @Test
    void smapsStatusPmap() {
        Machine m = Machine.x8664();
        MmStruct mm = m.oracleTask64();
        UserAccess ua = m.access(mm);
        AccessResult r = new AccessResult();
        long a = mm.mmap(0, 0x4000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        ua.write(a, 1, r);
        ua.read(a + 0x1000, r); // the zero page: not in Rss
        assertEquals(0, mm.mlock(a, 0x1000));
        MmValidator.validate(mm);
        String smaps = ProcSmaps.smaps(mm, true);
        assertTrue(smaps.contains("""
                7ffff7ff3000-7ffff7ff4000 rw-p 00000000 00:00 0 \n\
                Size:                  4 kB
                KernelPageSize:        4 kB
                MMUPageSize:           4 kB
                Rss:                   4 kB
                Pss:                   4 kB
                Pss_Dirty:             4 kB
                Shared_Clean:          0 kB
                Shared_Dirty:          0 kB
                Private_Clean:         0 kB
                Private_Dirty:         4 kB
                Referenced:            4 kB
                Anonymous:             4 kB
                KSM:                   0 kB
                LazyFree:              0 kB
                AnonHugePages:         0 kB
                ShmemPmdMapped:        0 kB
                FilePmdMapped:         0 kB
                Shared_Hugetlb:        0 kB
                Private_Hugetlb:       0 kB
                Swap:                  0 kB
                SwapPss:               0 kB
                Locked:                4 kB
                THPeligible:           0
                VmFlags: rd wr mr mw me lo ac \n"""), smaps);
        String status = ProcSmaps.status(mm);
        assertTrue(status.contains("VmLck:\t       4 kB\n"), status);
        assertTrue(status.contains("RssAnon:\t       4 kB\n"), status);
        String pmap = ProcSmaps.pmapX(mm, 1, "driver64", true);
        assertTrue(pmap.startsWith("1:   driver64\nAddress          Kbytes     RSS   Dirty Mode  Mapping\n"), pmap);
        assertTrue(pmap.contains("00007ffff7ff3000       4       4       4 rw--- [ anon ]\n"), pmap);
        assertTrue(pmap.endsWith("---------------- ------- ------- ------- \ntotal kB " + String.format("%15d", mm.totalVm() * 4)
                + "       4       4\n"), pmap);
    }
}
