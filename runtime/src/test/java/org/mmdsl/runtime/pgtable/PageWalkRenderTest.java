package org.mmdsl.runtime.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.testing.Machine;

/**
 * Issue 13 point 6: the page walk as an exam wants it, one format for every paging mode ({@link PageWalk#render}):
 * the bit split, each level's index, entry address, value, flags and next pfn, then the physical address or
 * where the walk stops. Tables are built by hand (pgd first, then the chain the fault path would allocate).
 */
class PageWalkRenderTest {

    private static final long USER_PAGE = Pte._PAGE_PRESENT | Pte._PAGE_RW | Pte._PAGE_USER | Pte._PAGE_ACCESSED
            | Pte._PAGE_DIRTY;

    /** A machine of {@code mode}, its pgd, and {@code vaddr} mapped at level {@code level} to {@code entry}. */
    private static String walk(PagingMode mode, long vaddr, int level, long entry) {
        Machine m = new Machine(mode, 0x4000, 0x4000);
        long pgd = m.pt.allocTable(Gfp.GFP_KERNEL);
        long slot = m.pt.entrySlot(pgd, vaddr, level, Gfp.GFP_KERNEL, true);
        m.pt.writeEntry(slot, entry);
        return m.pt.walk(pgd, vaddr).render();
    }

    @Test
    void i386TwoLevel() {
        assertEquals("""
                0xb7ff6010 (i386 2-level paging) = pgd 735 (bits 31-22) | pte 1014 (bits 21-12) | offset 0x010 (bits 11-0)
                cr3 0x102000: the pgd at pfn 0x102
                pgd index  735 (0x2df)  entry @0x102b7c = 0x103067   [P RW US A D]  -> pte table at pfn 0x103
                pte index 1014 (0x3f6)  entry @0x103fd8 = 0x2345067  [P RW US A D]  -> 4 KB page at pfn 0x2345
                physical address 0x2345010 = 4 KB page 0x2345000 + offset 0x010 (bits 11-0)
                """, walk(PagingMode.TWO_LEVEL, 0xb7ff6010L, 1, Pte.make(0x2345, USER_PAGE)));
    }

    @Test
    void pae() {
        assertEquals("""
                0xb7ff6010 (i386 PAE paging) = pgd 2 (bits 31-30) | pmd 447 (bits 29-21) | pte 502 (bits 20-12) | offset 0x010 (bits 11-0)
                cr3 0x103000: the pgd at pfn 0x103
                pgd index   2 (0x002)  entry @0x103010 = 0x104001            [P]  -> pmd table at pfn 0x104
                pmd index 447 (0x1bf)  entry @0x104df8 = 0x105067            [P RW US A D]  -> pte table at pfn 0x105
                pte index 502 (0x1f6)  entry @0x105fb0 = 0x8000000002345067  [P RW US A D NX]  -> 4 KB page at pfn 0x2345
                physical address 0x2345010 = 4 KB page 0x2345000 + offset 0x010 (bits 11-0)
                """, walk(PagingMode.PAE, 0xb7ff6010L, 2, Pte.make(0x2345, USER_PAGE | Pte._PAGE_NX)));
    }

    @Test
    void x8664FourLevel() {
        assertEquals("""
                0x7ffff7ff6010 (x86_64 4-level paging) = sign 0x0 (bits 63-48) | pgd 255 (bits 47-39) | pud 511 (bits 38-30) | pmd 447 (bits 29-21) | pte 502 (bits 20-12) | offset 0x010 (bits 11-0)
                cr3 0x104000: the pgd at pfn 0x104
                pgd index 255 (0x0ff)  entry @0x1047f8 = 0x105067            [P RW US A D]  -> pud table at pfn 0x105
                pud index 511 (0x1ff)  entry @0x105ff8 = 0x106067            [P RW US A D]  -> pmd table at pfn 0x106
                pmd index 447 (0x1bf)  entry @0x106df8 = 0x107067            [P RW US A D]  -> pte table at pfn 0x107
                pte index 502 (0x1f6)  entry @0x107fb0 = 0x8000000002345067  [P RW US A D NX]  -> 4 KB page at pfn 0x2345
                physical address 0x2345010 = 4 KB page 0x2345000 + offset 0x010 (bits 11-0)
                """, walk(PagingMode.FOUR_LEVEL, 0x7ffff7ff6010L, 3, Pte.make(0x2345, USER_PAGE | Pte._PAGE_NX)));
    }

    @Test
    void la57() {
        assertEquals("""
                0xff11000012345678 (x86_64 la57 5-level paging) = sign 0x7f (bits 63-57) | pgd 273 (bits 56-48) | p4d 0 (bits 47-39) | pud 0 (bits 38-30) | pmd 145 (bits 29-21) | pte 325 (bits 20-12) | offset 0x678 (bits 11-0)
                cr3 0x105000: the pgd at pfn 0x105
                pgd index 273 (0x111)  entry @0x105888 = 0x106067            [P RW US A D]  -> p4d table at pfn 0x106
                p4d index   0 (0x000)  entry @0x106000 = 0x107067            [P RW US A D]  -> pud table at pfn 0x107
                pud index   0 (0x000)  entry @0x107000 = 0x108067            [P RW US A D]  -> pmd table at pfn 0x108
                pmd index 145 (0x091)  entry @0x108488 = 0x109067            [P RW US A D]  -> pte table at pfn 0x109
                pte index 325 (0x145)  entry @0x109a28 = 0x8000000002345163  [P RW A D G NX]  -> 4 KB page at pfn 0x2345
                physical address 0x2345678 = 4 KB page 0x2345000 + offset 0x678 (bits 11-0)
                """, walk(PagingMode.FIVE_LEVEL, 0xff11000012345678L, 4,
                Pte.make(0x2345, Pte.__PAGE_KERNEL_EXEC | Pte._PAGE_NX)));
    }

    @Test
    void largePages() {
        assertEquals("""
                0xc0123456 (i386 2-level paging) = pgd 768 (bits 31-22) | pte 291 (bits 21-12) | offset 0x456 (bits 11-0)
                cr3 0x102000: the pgd at pfn 0x102
                pgd index  768 (0x300)  entry @0x102c00 = 0x1e3  [P RW A D PS G]  -> 4 MB page (_PAGE_PSE) at pfn 0x0
                physical address 0x123456 = 4 MB page 0x0 + offset 0x123456 (bits 21-0)
                """, walk(PagingMode.TWO_LEVEL, 0xc0123456L, 0, Pte.make(0, Pte.__PAGE_KERNEL_EXEC | Pte._PAGE_PSE)));
        assertEquals("""
                0x40212345 (x86_64 4-level paging) = sign 0x0 (bits 63-48) | pgd 0 (bits 47-39) | pud 1 (bits 38-30) | pmd 1 (bits 29-21) | pte 18 (bits 20-12) | offset 0x345 (bits 11-0)
                cr3 0x104000: the pgd at pfn 0x104
                pgd index   0 (0x000)  entry @0x104000 = 0x105067  [P RW US A D]  -> pud table at pfn 0x105
                pud index   1 (0x001)  entry @0x105008 = 0x106067  [P RW US A D]  -> pmd table at pfn 0x106
                pmd index   1 (0x001)  entry @0x106008 = 0x2000e7  [P RW US A D PS]  -> 2 MB page (_PAGE_PSE) at pfn 0x200
                physical address 0x212345 = 2 MB page 0x200000 + offset 0x012345 (bits 20-0)
                """, walk(PagingMode.FOUR_LEVEL, 0x40212345L, 2, Pte.make(0x200, USER_PAGE | Pte._PAGE_PSE)));
        assertEquals("""
                0x7f0012345678 (x86_64 4-level paging) = sign 0x0 (bits 63-48) | pgd 254 (bits 47-39) | pud 0 (bits 38-30) | pmd 145 (bits 29-21) | pte 325 (bits 20-12) | offset 0x678 (bits 11-0)
                cr3 0x104000: the pgd at pfn 0x104
                pgd index 254 (0x0fe)  entry @0x1047f0 = 0x105067    [P RW US A D]  -> pud table at pfn 0x105
                pud index   0 (0x000)  entry @0x105000 = 0x400000e7  [P RW US A D PS]  -> 1 GB page (_PAGE_PSE) at pfn 0x40000
                physical address 0x52345678 = 1 GB page 0x40000000 + offset 0x12345678 (bits 29-0)
                """, walk(PagingMode.FOUR_LEVEL, 0x7f0012345678L, 1, Pte.make(0x40000, USER_PAGE | Pte._PAGE_PSE)));
    }

    @Test
    void notPresent() {
        assertEquals("""
                0x40212345 (x86_64 4-level paging) = sign 0x0 (bits 63-48) | pgd 0 (bits 47-39) | pud 1 (bits 38-30) | pmd 1 (bits 29-21) | pte 18 (bits 20-12) | offset 0x345 (bits 11-0)
                cr3 0x104000: the pgd at pfn 0x104
                pgd index   0 (0x000)  entry @0x104000 = 0x0  [not present]
                the walk stops at the pgd (not present): an access raises a page fault (#PF, not present)
                """, walk(PagingMode.FOUR_LEVEL, 0x40212345L, 0, 0));
        assertEquals("""
                0x40212345 (i386 PAE paging) = pgd 1 (bits 31-30) | pmd 1 (bits 29-21) | pte 18 (bits 20-12) | offset 0x345 (bits 11-0)
                cr3 0x103000: the pgd at pfn 0x103
                pgd index   1 (0x001)  entry @0x103008 = 0x104001  [P]  -> pmd table at pfn 0x104
                pmd index   1 (0x001)  entry @0x104008 = 0x105067  [P RW US A D]  -> pte table at pfn 0x105
                pte index  18 (0x012)  entry @0x105090 = 0x0       [not present]
                the walk stops at the pte (not present): an access raises a page fault (#PF, not present)
                """, walk(PagingMode.PAE, 0x40212345L, 2, 0));
        assertEquals("""
                0x40212345 (i386 2-level paging) = pgd 256 (bits 31-22) | pte 530 (bits 21-12) | offset 0x345 (bits 11-0)
                cr3 0x102000: the pgd at pfn 0x102
                pgd index  256 (0x100)  entry @0x102400 = 0x103067  [P RW US A D]  -> pte table at pfn 0x103
                pte index  530 (0x212)  entry @0x103848 = 0x5000    [not present]
                the walk stops at the pte (not present; it holds swap entry type 0 offset 5): an access raises a page fault (#PF, not present) that reads the page back from swap (do_swap_page())
                """, walk(PagingMode.TWO_LEVEL, 0x40212345L, 1, SwapOps.swpEntryToPte(4)));
        assertEquals("""
                0x40212345 (i386 2-level paging) = pgd 256 (bits 31-22) | pte 530 (bits 21-12) | offset 0x345 (bits 11-0)
                cr3 0x102000: the pgd at pfn 0x102
                pgd index  256 (0x100)  entry @0x102400 = 0x103067  [P RW US A D]  -> pte table at pfn 0x103
                pte index  530 (0x212)  entry @0x103848 = 0x400     [not present]
                the walk stops at the pte (not present; it holds a guard marker, PTE_MARKER_GUARD): an access raises SIGSEGV
                """, walk(PagingMode.TWO_LEVEL, 0x40212345L, 1, SwapOps.PTE_MARKER_GUARD));
    }

    /** mprotect(PROT_NONE) keeps the frame but clears P and sets _PAGE_PROTNONE (bit 8): the MMU sees no page. */
    @Test
    void protNonePte() {
        assertEquals("""
                0x40212345 (i386 2-level paging) = pgd 256 (bits 31-22) | pte 530 (bits 21-12) | offset 0x345 (bits 11-0)
                cr3 0x102000: the pgd at pfn 0x102
                pgd index  256 (0x100)  entry @0x102400 = 0x103067   [P RW US A D]  -> pte table at pfn 0x103
                pte index  530 (0x212)  entry @0x103848 = 0x2345124  [not present]
                the walk stops at the pte (not present to the MMU; _PAGE_PROTNONE, a PROT_NONE page at pfn 0x2345): \
                an access raises a page fault (#PF, not present)
                """, walk(PagingMode.TWO_LEVEL, 0x40212345L, 1, Pte.make(0x2345,
                Pte._PAGE_USER | Pte._PAGE_ACCESSED | Pte._PAGE_GLOBAL)));
    }
}
