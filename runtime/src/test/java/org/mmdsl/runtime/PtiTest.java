package org.mmdsl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.pgtable.PageWalk;
import org.mmdsl.runtime.pgtable.Pti;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Page-table isolation (arch/x86/mm/pti.c): the pgd pair, what the user pgd maps, the NX of the kernel's
 * copy of a user pgd entry, the user PCID in the TLB and both frames going back at exit.
 */
class PtiTest {

    private static Kernel boot(boolean pti) {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = 2L << 30;
        p.pti = pti;
        return Kernel.boot(p, null);
    }

    private static long free(Kernel k) {
        long free = 0;
        for (String z : new String[] {"DMA", "DMA32", "Normal"}) {
            free += k.zone(z) == null ? 0 : k.zone(z).free();
        }
        return free;
    }

    private long buf;

    private Task processWritingOnePage(Kernel k) {
        Task t = k.spawn("p");
        t.execve("/bin/sh", 4096, 4096, 0, 8L << 20);
        buf = t.mmap(0, 16384, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, (String) null, 0);
        assertTrue(t.write(buf, 7, new AccessResult()));
        return t;
    }

    @Test
    void theUserPgdMapsTheUserHalfAndOnlyTheClonedKernelParts() {
        Kernel k = boot(true);
        Task t = processWritingOnePage(k);
        PageWalk kernelSide = t.walk(buf);
        PageWalk userSide = t.walkUser(buf);
        assertEquals(kernelSide.paddr(), userSide.paddr());
        // __pti_set_user_pgtbl(): the same pud table, the kernel's copy with _PAGE_NX
        long kernelPgdEntry = kernelSide.levels().get(0).entry();
        long userPgdEntry = userSide.levels().get(0).entry();
        assertEquals(kernelPgdEntry & ~Pte._PAGE_NX, userPgdEntry);
        assertTrue(kernelPgdEntry < 0, "NX on the kernel's copy");
        assertTrue(userPgdEntry > 0, "no NX on the user pgd's");
        // the direct map only in the kernel pgd; cpu_entry_area and the entry text in both
        assertTrue(t.walk(0xffff888000100000L).paddr() >= 0);
        assertEquals(-1, t.walkUser(0xffff888000100000L).paddr());
        assertEquals(t.walk(Pti.CPU_ENTRY_AREA_BASE).paddr(), t.walkUser(Pti.CPU_ENTRY_AREA_BASE).paddr());
        assertEquals(0x1e00000L, t.walkUser(Pti.ENTRY_TEXT).paddr());
    }

    @Test
    void userModeRunsOnTheUserPgdWithTheUserPcid() {
        Kernel k = boot(true);
        Task t = processWritingOnePage(k);
        long pgd = t.mm().pgd;
        assertEquals(0, pgd & 1, "the kernel pgd is the even frame of the pair");
        assertEquals(pgd | 1, k.kernelPageTables().pageTables().tlb().cr3());
        assertEquals(0x801, k.kernelPageTables().pageTables().tlb().pcidOf(pgd | 1));
        assertEquals(1, k.kernelPageTables().pageTables().tlb().pcidOf(pgd));
        assertTrue(t.ptiCr3().contains("= user pgd 0x" + Long.toHexString((pgd | 1) << 12) + " (bit 12) | PCID 0x801"),
                t.ptiCr3());
    }

    @Test
    void bothPgdsOfThePairGoBackAtExitAndTheDirectMapIsNotGlobal() {
        Kernel k = boot(true);
        long before = free(k);
        Task t = processWritingOnePage(k);
        assertNotEquals(before, free(k));
        t.exit();
        assertEquals(before, free(k));
        assertEquals(0, k.kernelPageTables().pageTables().walk(k.kernelPageTables().swapperPgDir(), 0xffff888000100000L)
                .levels().get(2).entry() & Pte._PAGE_GLOBAL);
        Kernel off = boot(false);
        assertEquals(Pte._PAGE_GLOBAL, off.kernelPageTables().pageTables().walk(off.kernelPageTables().swapperPgDir(),
                0xffff888000100000L).levels().get(2).entry() & Pte._PAGE_GLOBAL);
        assertEquals(null, processWritingOnePage(off).walkUser(0x1000));
    }
}
