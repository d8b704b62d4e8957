package org.mmdsl.runtime.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.MmStruct;

class FaultPathTest {
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private final AccessResult r = new AccessResult();

    /** "ok" or the si_code name, for r, w, x on every prot. */
    private String matrix(Machine m, MmStruct mm) {
        UserAccess ua = m.access(mm);
        StringBuilder sb = new StringBuilder();
        for (int prot = 0; prot < 8; prot++) {
            long a = mm.mmap(0, 0x1000, prot, ANON, null, 0);
            sb.append(Mman.protString(prot)).append(':');
            for (Access acc : Access.values()) {
                boolean ok = acc == Access.WRITE ? ua.write(a, 1, r) : acc == Access.READ ? ua.read(a, r) : ua.exec(a, r);
                sb.append(' ').append(ok ? "ok" : r.siCode.name());
            }
            sb.append('\n');
            MmValidator.validate(mm);
        }
        return sb.toString();
    }

    @Test
    void i386TwoLevelHasNoNx() {
        // 2-level paging has no NX bit: a fetch from any readable page succeeds (r--, rw-, -w-).
        Machine m = Machine.i386();
        assertEquals("""
                ---: SEGV_ACCERR SEGV_ACCERR SEGV_ACCERR
                r--: ok SEGV_ACCERR ok
                -w-: ok ok ok
                rw-: ok ok ok
                --x: ok SEGV_ACCERR ok
                r-x: ok SEGV_ACCERR ok
                -wx: ok ok ok
                rwx: ok ok ok
                """, matrix(m, m.i386Task()));
    }

    @Test
    void paeAndLongModeEnforceNx() {
        Machine m = new Machine(PagingMode.PAE, 0x4000, 0x3000);
        String expected = """
                ---: SEGV_ACCERR SEGV_ACCERR SEGV_ACCERR
                r--: ok SEGV_ACCERR SEGV_ACCERR
                -w-: ok ok SEGV_ACCERR
                rw-: ok ok SEGV_ACCERR
                --x: ok SEGV_ACCERR ok
                r-x: ok SEGV_ACCERR ok
                -wx: ok ok ok
                rwx: ok ok ok
                """;
        assertEquals(expected, matrix(m, m.i386Task()));
        Machine m64 = Machine.x8664();
        assertEquals(expected, matrix(m64, m64.oracleTask64()));
    }

    @Test
    void mapErrForUnmappedNullKernelAndSiKernelForNonCanonical() {
        Machine m = Machine.x8664();
        MmStruct mm = m.oracleTask64();
        UserAccess ua = m.access(mm);
        long[] addrs = {0, 0x10000000L, 0x7ffffffff000L, 0xffff888000000000L, 0xffffffffff600000L};
        for (long a : addrs) {
            assertFalse(ua.read(a, r));
            assertEquals(SiCode.SEGV_MAPERR, r.siCode);
            assertEquals(a, r.faultAddr);
        }
        assertFalse(ua.write(0x800000000000L, 1, r));
        assertEquals(Signal.SIGSEGV, r.signal);
        assertEquals(SiCode.SI_KERNEL, r.siCode);
        assertEquals(0, r.faultAddr);
        // text is readable, not writable; [vdso] starts with an ELF header
        assertTrue(ua.exec(0x401000L, r));
        assertFalse(ua.write(0x400fffL, 1, r));
        assertEquals(SiCode.SEGV_ACCERR, r.siCode);
        assertTrue(ua.read(0x7ffff7ffd000L, r));
        assertEquals(0x464c457fL, r.value & 0xffffffffL);
        assertFalse(ua.read(0x7ffff7ff8000L, r)); // [vvar] page 1
        assertEquals(SiCode.BUS_ADRERR, r.siCode);
    }

    @Test
    void zeroPageThenCopyOnWriteAndValuesReadBack() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        UserAccess ua = m.access(mm);
        long a = mm.mmap(0, 0x2000, Mman.PROT_READ | Mman.PROT_WRITE, ANON, null, 0);
        assertTrue(ua.read(a, r));
        assertEquals(0, r.value);
        long zero = m.kpt.zeroPfn();
        assertEquals(zero, r.pfn);
        assertFalse(Pte.writable(m.pt.getPte(mm.pgd, a)));
        assertTrue(Pte.special(m.pt.getPte(mm.pgd, a)), "do_anonymous_page() maps the zero page pte_mkspecial()");
        assertTrue(ua.write(a + 0x10, 0xdeadbeefL, r));
        assertFalse(Pte.special(m.pt.getPte(mm.pgd, a)), "wp_page_copy()'s new page is a normal page");
        assertNotEquals(zero, r.pfn);
        long pfn = r.pfn;
        assertEquals(1, m.memMap.mapcount(pfn));
        assertEquals(1, m.memMap.refcount(pfn));
        assertTrue(ua.read(a + 0x10, r));
        assertEquals(0xdeadbeefL, r.value);
        // a word across the page boundary touches both pages
        assertTrue(ua.write(a + 0xffe, 0x11223344L, r));
        assertTrue(ua.read(a + 0xffe, r));
        assertEquals(0x11223344L, r.value);
        assertTrue(Pte.present(m.pt.getPte(mm.pgd, a + 0x1000)));
        MmValidator.validate(mm);
        // munmap frees the anon frames
        int free = m.frames.nrFree();
        assertEquals(0, mm.munmap(a, 0x2000));
        assertEquals(free + 2, m.frames.nrFree());
        MmValidator.validate(mm);
        assertTrue(m.events.stream().anyMatch(e -> e.message().contains("zero page mapped read-only")));
    }

    @Test
    void privateFileCowAndSigbusBeyondEof() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        UserAccess ua = m.access(mm);
        FileRef f8 = new FileRef("/srv/oracle/f8", 0xfe, 0, 99, 6000, 0, true, true, true, true, false);
        long a = mm.mmap(0, 0x3000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE, f8, 0);
        assertTrue(ua.read(a, r));
        assertEquals(0x41414141L, r.value);
        long cache = r.pfn;
        assertTrue(ua.read(a + 0x1000 + 6000 - 4096 - 2, r)); // last 2 bytes of 'B' then zeros past EOF
        assertEquals(0x4242L, r.value);
        assertTrue(ua.write(a, 0x7a, r));
        assertNotEquals(cache, r.pfn);
        assertTrue(ua.read(a, r));
        assertEquals(0x7aL, r.value);
        assertFalse(ua.read(a + 0x2000, r));
        assertEquals(Signal.SIGBUS, r.signal);
        assertEquals(SiCode.BUS_ADRERR, r.siCode);
        MmValidator.validate(mm);
    }

    @Test
    void stackGrowsDownWithinRlimit() {
        Machine m = Machine.i386();
        MmStruct mm = m.i386Task();
        UserAccess ua = m.access(mm);
        assertTrue(ua.write(0xc0000000L - 0x800000, 1, r)); // exactly 8 MiB
        assertEquals(0xc0000000L - 0x800000, mm.findVma(0xbf800000L).vmStart());
        assertFalse(ua.write(0xc0000000L - 0x801000, 1, r));
        assertEquals(SiCode.SEGV_MAPERR, r.siCode);
        MmValidator.validate(mm);
    }
}
