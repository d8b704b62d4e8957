package org.mmdsl.runtime.pgtable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.PteFlag;
import org.mmdsl.runtime.arch.SwapOps;

/**
 * One software walk of the page tables for display: every level's entry, and where the walk ended.
 * Allocates; for the hot path use {@link org.mmdsl.runtime.mmu.Mmu#translate}.
 */
public final class PageWalk {

    /** One level visited: the kernel's level name, the index, the entry's physical address and value. */
    public record Level(String name, int index, long entryPaddr, long entry, boolean leaf) {
        /** The entry's flag bits: "P RW US A D" ({@link Pte#flagNames}). */
        public String flags(PagingMode mode) {
            return Pte.flagNames(entry, mode, "pte".equals(name));
        }
    }

    private final PagingMode mode;
    private final long vaddr;
    private final long rootPfn;
    private final List<Level> levels;
    private final long paddr;
    private final long pageSize;

    private PageWalk(PagingMode mode, long vaddr, long rootPfn, List<Level> levels, long paddr, long pageSize) {
        this.mode = mode;
        this.vaddr = vaddr;
        this.rootPfn = rootPfn;
        this.levels = Collections.unmodifiableList(levels);
        this.paddr = paddr;
        this.pageSize = pageSize;
    }

    static PageWalk of(PageTables pt, long rootPfn, long vaddr) {
        PagingMode mode = pt.mode();
        List<Level> out = new ArrayList<>();
        long table = rootPfn;
        for (int level = 0; level <= mode.pteLevel(); level++) {
            long slot = pt.entryAddr(table, level, vaddr);
            long e = pt.readEntry(slot);
            boolean leaf = level == mode.pteLevel() || (Pte.large(e) && mode.largePageAllowed(level));
            out.add(new Level(mode.levelName(level), mode.index(vaddr, level), slot, e, leaf && Pte.present(e)));
            if (!Pte.present(e)) {
                return new PageWalk(mode, vaddr, rootPfn, out, -1, 0);
            }
            if (leaf) {
                long span = mode.entrySpan(level);
                long frame = (e & Pte.PTE_PFN_MASK) & ~(span - 1);
                return new PageWalk(mode, vaddr, rootPfn, out, frame | (vaddr & (span - 1)), span);
            }
            table = Pte.pfn(e);
        }
        throw new AssertionError("unreachable");
    }

    public long vaddr() {
        return vaddr;
    }

    /** The paging mode the walk followed. */
    public PagingMode mode() {
        return mode;
    }

    /** The pfn of the top-level table the walk started from (CR3's frame). */
    public long rootPfn() {
        return rootPfn;
    }

    /** The mode as a course names it ("i386 2-level paging", ..., as {@link #render} prints it). */
    public String modeName() {
        return modeName(mode);
    }

    /** Why the walk stopped, as {@link #render} says it after "the walk stops at the LEVEL"; null when mapped. */
    public String stopReason() {
        return mapped() ? null : notPresent();
    }

    public List<Level> levels() {
        return levels;
    }

    /** True when the walk reached a present leaf. */
    public boolean mapped() {
        return paddr >= 0;
    }

    /** The physical address, or -1 when the walk stopped at a non-present entry. */
    public long paddr() {
        return paddr;
    }

    /**
     * The pte when the walk ended at a non-present pte holding a swap entry (pte_to_swp_entry()), else 0.
     */
    public long swapEntry() {
        Level last = levels.get(levels.size() - 1);
        boolean pteLevel = levels.size() == mode.pteLevel() + 1;
        return !mapped() && pteLevel && SwapOps.isSwapPte(last.entry()) ? last.entry() : 0;
    }

    /** The entry where the walk stopped or found its leaf (pte_val() of the leaf when {@link #mapped()}). */
    public long leafEntry() {
        return levels.get(levels.size() - 1).entry();
    }

    /**
     * The flags of the present leaf the walk found ({@link PteFlag#of}: PSE or PAT for bit 7 by its level),
     * empty when the walk stopped at a non-present entry.
     */
    public List<PteFlag> leafFlags() {
        return mapped() ? PteFlag.of(leafEntry(), mode, levels.size() == mode.pteLevel() + 1) : List.of();
    }

    /** The level name where the walk stopped or found its leaf. */
    public String stoppedAt() {
        return levels.get(levels.size() - 1).name();
    }

    /** Size of the page the leaf maps (4096, 2 MiB, 4 MiB, 1 GiB), 0 when not mapped. */
    public long pageSize() {
        return pageSize;
    }

    /**
     * The walk as an exam asks for it, one format for every paging mode; the CLI's {@code translate} and
     * the editor's hover both print it. The bit split of the address (on x86_64 first the sign-extension
     * bits above the 48 or 57 the walk uses), then per level the kernel's name
     * (pgd/p4d/pud/pmd/pte; folded levels are not shown), the index, the entry's physical address, its
     * value, its flags ({@link Pte#flagNames}) and the pfn it points to, then where the walk ended: the
     * physical address (with the page size of a large page) or the level whose entry is not present and
     * the fault an access raises. A worked example (i386, 2-level paging):
     * <pre>
     * 0xb7ff9010 (i386 2-level paging) = pgd 735 (bits 31-22) | pte 1017 (bits 21-12) | offset 0x010 (bits 11-0)
     * cr3 0x35c18000: the pgd at pfn 0x35c18
     * pgd index  735 (0x2df)  entry @0x35c18b7c = 0x35c19067  [P RW US A D]  -> pte table at pfn 0x35c19
     * pte index 1017 (0x3f9)  entry @0x35c19fe4 = 0x35c11267  [P RW US A D SPECIAL]  -> 4 KB page at pfn 0x35c11
     * physical address 0x35c11010 = 4 KB page 0x35c11000 + offset 0x010 (bits 11-0)
     * </pre>
     * Entry addresses are physical (crash's vtop shows them through the direct map). Allocates; not for
     * the hot path. Does not consult the VMAs: whether a fault is resolved or ends in SIGSEGV is the
     * fault path's ({@code fault}) answer, not the walk's.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("0x%x (%s) =", vaddr, modeName(mode)));
        if (mode.vaBits < 64 && mode.vaBits > 32) {
            // a canonical address: bits 63..vaBits copy bit vaBits-1 (__is_canonical_address())
            sb.append(String.format(" sign 0x%x (bits 63-%d) |", vaddr >>> mode.vaBits, mode.vaBits));
        }
        int hexDigits = 1;
        int decDigits = 1;
        for (int level = 0; level <= mode.pteLevel(); level++) {
            int lo = Long.numberOfTrailingZeros(mode.entrySpan(level));
            int hi = lo + Integer.numberOfTrailingZeros(mode.entriesPerTable(level)) - 1;
            sb.append(String.format(" %s %d (bits %d-%d) |", mode.levelName(level), mode.index(vaddr, level), hi, lo));
            hexDigits = Math.max(hexDigits, (Integer.numberOfTrailingZeros(mode.entriesPerTable(level)) + 3) / 4);
            decDigits = Math.max(decDigits, String.valueOf(mode.entriesPerTable(level) - 1).length());
        }
        sb.append(String.format(" offset 0x%03x (bits %d-0)%n", vaddr & (PagingMode.PAGE_SIZE - 1),
                PagingMode.PAGE_SHIFT - 1));
        sb.append(String.format("cr3 0x%x: the %s at pfn 0x%x%n", rootPfn << PagingMode.PAGE_SHIFT, mode.levelName(0),
                rootPfn));
        int slotWidth = 0;
        int entryWidth = 0;
        for (Level l : levels) {
            slotWidth = Math.max(slotWidth, Long.toHexString(l.entryPaddr()).length());
            entryWidth = Math.max(entryWidth, Long.toHexString(l.entry()).length());
        }
        String line = "%s index %" + decDigits + "d (0x%0" + hexDigits + "x)  entry @0x%-" + slotWidth + "s = 0x%-"
                + entryWidth + "s  ";
        for (int level = 0; level < levels.size(); level++) {
            Level l = levels.get(level);
            sb.append(String.format(line, l.name(), l.index(), l.index(), Long.toHexString(l.entryPaddr()),
                    Long.toHexString(l.entry())));
            if (!Pte.present(l.entry())) {
                sb.append("[not present]\n");
            } else if (l.leaf()) {
                sb.append(String.format("[%s]  -> %s at pfn 0x%x%n", l.flags(mode), pageSize == PagingMode.PAGE_SIZE
                        ? pageName(pageSize) : pageName(pageSize) + " (_PAGE_PSE)",
                        (paddr & ~(pageSize - 1)) >>> PagingMode.PAGE_SHIFT));
            } else {
                sb.append(String.format("[%s]  -> %s table at pfn 0x%x%n", l.flags(mode), mode.levelName(level + 1),
                        Pte.pfn(l.entry())));
            }
        }
        if (mapped()) {
            int offsetBits = Long.numberOfTrailingZeros(pageSize);
            sb.append(String.format("physical address 0x%x = %s 0x%x + offset 0x%0" + (offsetBits + 3) / 4
                    + "x (bits %d-0)%n", paddr, pageName(pageSize), paddr & ~(pageSize - 1), paddr & (pageSize - 1),
                    offsetBits - 1));
        } else {
            sb.append("the walk stops at the ").append(stoppedAt()).append(' ').append(notPresent()).append('\n');
        }
        return sb.toString();
    }

    /**
     * What the non-present entry that ended the walk holds and what an access does. The MMU raises #PF
     * with P clear in the error code (arch/x86/include/asm/trap_pf.h X86_PF_PROT unset) in every case;
     * what the kernel makes of it depends on the entry: pte_none(), a swap entry (do_swap_page()), a
     * guard marker (SIGSEGV), or a PROT_NONE pte (_PAGE_PROTNONE, pte_protnone()).
     */
    private String notPresent() {
        long e = levels.get(levels.size() - 1).entry();
        if (swapEntry() != 0) {
            return String.format("(not present; it holds swap entry type 0 offset %d): an access raises a page fault"
                    + " (#PF, not present) that reads the page back from swap (do_swap_page())", SwapOps.swpOffset(e));
        }
        boolean pteLevel = levels.size() == mode.pteLevel() + 1;
        if (pteLevel && SwapOps.isGuardMarker(e)) {
            return "(not present; it holds a guard marker, PTE_MARKER_GUARD): an access raises SIGSEGV";
        }
        if (pteLevel && e != 0 && (e & Pte._PAGE_GLOBAL) != 0) {
            return String.format("(not present to the MMU; _PAGE_PROTNONE, a PROT_NONE page at pfn 0x%x): an access"
                    + " raises a page fault (#PF, not present)", Pte.pfn(e));
        }
        return "(not present): an access raises a page fault (#PF, not present)";
    }

    /** "4 KB page", "2 MB page", "4 MB page", "1 GB page". */
    private static String pageName(long size) {
        if (size == PagingMode.PAGE_SIZE) {
            return "4 KB page";
        }
        if (size >= 1L << 30) {
            return (size >> 30) + " GB page";
        }
        return (size >> 20) + " MB page";
    }

    /** The mode as a course names it: "i386 2-level paging", "i386 PAE paging", "x86_64 4-level paging", "x86_64 la57 5-level paging". */
    private static String modeName(PagingMode mode) {
        switch (mode) {
            case TWO_LEVEL:
                return "i386 2-level paging";
            case PAE:
                return "i386 PAE paging";
            case FOUR_LEVEL:
                return "x86_64 4-level paging";
            default:
                return "x86_64 la57 5-level paging";
        }
    }
}
