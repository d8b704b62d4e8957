package org.mmdsl.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The pte flags as words (`expect pte ADDR flags ...`) and as the page walk's short names come from one
 * decoding (PteFlag.of): bit 7 is PSE above the pte level and PAT in a pte, SPECIAL is a pte's software bit,
 * NX exists with PAE and x86_64 only; a scenario's words are a set printed in bit order.
 */
class PteFlagTest {

    private static final long USER_PTE = Pte._PAGE_PRESENT | Pte._PAGE_RW | Pte._PAGE_USER | Pte._PAGE_ACCESSED
            | Pte._PAGE_DIRTY;

    @Test
    void aUserPteInEveryMode() {
        assertEquals("present rw user accessed dirty", PteFlag.words(PteFlag.of(USER_PTE, PagingMode.TWO_LEVEL, true)));
        long nx = USER_PTE | Pte._PAGE_NX;
        assertEquals("present rw user accessed dirty nx", PteFlag.words(PteFlag.of(nx, PagingMode.PAE, true)));
        assertEquals("present rw user accessed dirty nx", PteFlag.words(PteFlag.of(nx, PagingMode.FOUR_LEVEL, true)));
        assertEquals("P RW US A D NX", Pte.flagNames(nx, PagingMode.FOUR_LEVEL, true));
        // bit 63 of a 2-level entry does not exist: no nx
        assertEquals("present rw user accessed dirty", PteFlag.words(PteFlag.of(nx, PagingMode.TWO_LEVEL, true)));
    }

    @Test
    void bit7AndTheSoftwareBitDependOnTheLevel() {
        long e = Pte._PAGE_PRESENT | Pte._PAGE_PSE | Pte._PAGE_GLOBAL | Pte._PAGE_SPECIAL;
        assertEquals(List.of(PteFlag.PRESENT, PteFlag.PAT, PteFlag.GLOBAL, PteFlag.SPECIAL),
                PteFlag.of(e, PagingMode.PAE, true));
        assertEquals(List.of(PteFlag.PRESENT, PteFlag.PSE, PteFlag.GLOBAL), PteFlag.of(e, PagingMode.PAE, false));
        assertEquals("P PAT G SPECIAL", Pte.flagNames(e, PagingMode.PAE, true));
        assertEquals("P PS G", Pte.flagNames(e, PagingMode.PAE, false));
    }

    @Test
    void aScenariosWordsAreASetInBitOrder() {
        assertEquals("present rw user dirty", PteFlag.words(PteFlag.parse(List.of("dirty", "user", "present", "rw", "user"))));
        assertEquals("none", PteFlag.words(PteFlag.parse(List.of("none"))));
        assertEquals("none", PteFlag.words(List.of()));
        assertEquals("present", PteFlag.words(PteFlag.parse(List.of("present", "bogus"))));
    }
}
