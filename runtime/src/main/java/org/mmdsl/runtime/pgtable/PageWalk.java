package org.mmdsl.runtime.pgtable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;

/**
 * One software walk of the page tables for display: every level's entry, and where the walk ended.
 * Allocates; for the hot path use {@link org.mmdsl.runtime.mmu.Mmu#translate}.
 */
public final class PageWalk {

    /** One level visited: the kernel's level name, the index, the entry's physical address and value. */
    public record Level(String name, int index, long entryPaddr, long entry, boolean leaf) {
        /** The entry's flag bits as crash prints them: "(PRESENT|RW|USER|ACCESSED|DIRTY)". */
        public String flags(PagingMode mode) {
            return Pte.flagNames(entry, mode, leaf && "pte".equals(name));
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

    /** The level name where the walk stopped or found its leaf. */
    public String stoppedAt() {
        return levels.get(levels.size() - 1).name();
    }

    /** Size of the page the leaf maps (4096, 2 MiB, 4 MiB, 1 GiB), 0 when not mapped. */
    public long pageSize() {
        return pageSize;
    }

    /**
     * The walk as crash's {@code vtop} prints it. Unlike crash, entry addresses are physical
     * (crash shows them through the kernel direct map) and folded levels are not repeated.
     * <pre>
     * VIRTUAL   PHYSICAL
     * 80b4000   660f000
     *
     * PAGE DIRECTORY: 37f0000
     *   PGD: 37f0080 => e0d067
     *   PTE: e0d2d0 => 660f067
     *  PAGE: 660f000
     *
     *   PTE     PHYSICAL  FLAGS
     * 660f067   660f000   (PRESENT|RW|USER|ACCESSED|DIRTY)
     * </pre>
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        String va = Long.toHexString(vaddr);
        int w = Math.max(va.length(), 8);
        sb.append(String.format("%-" + w + "s  %s%n", "VIRTUAL", "PHYSICAL"));
        sb.append(String.format("%-" + w + "s  %s%n%n", va,
                mapped() ? Long.toHexString(paddr) : "(not mapped)"));
        sb.append("PAGE DIRECTORY: ").append(Long.toHexString(rootPfn << PagingMode.PAGE_SHIFT)).append('\n');
        for (Level l : levels) {
            sb.append(String.format("  %3s: %s => %s%n", l.name().toUpperCase(), Long.toHexString(l.entryPaddr()),
                    Long.toHexString(l.entry())));
        }
        if (mapped()) {
            long page = paddr & ~(pageSize - 1);
            sb.append(" PAGE: ").append(Long.toHexString(page));
            if (pageSize != PagingMode.PAGE_SIZE) {
                sb.append("  (").append(pageSize >= 1L << 30 ? (pageSize >> 30) + "GB" : (pageSize >> 20) + "MB")
                        .append(')');
            }
            sb.append("\n\n");
            Level leaf = levels.get(levels.size() - 1);
            String ev = Long.toHexString(leaf.entry());
            int ew = Math.max(ev.length(), 8);
            sb.append(String.format("  %-" + (ew - 2) + "s  %-9s %s%n", leaf.name().toUpperCase(), "PHYSICAL",
                    "FLAGS"));
            sb.append(String.format("%-" + ew + "s  %-9s %s%n", ev, Long.toHexString(page), leaf.flags(mode)));
        } else if (swapEntry() != 0) {
            // crash's vtop on a swapped-out page: the non-present pte holds a swp_entry_t
            long e = swapEntry();
            String ev = Long.toHexString(e);
            int ew = Math.max(ev.length(), 8);
            sb.append('\n');
            sb.append(String.format("  %-" + (ew - 2) + "s  %-9s %s%n", "PTE", "SWAP", "OFFSET"));
            sb.append(String.format("%-" + ew + "s  %-9s %d%n", ev, "type 0",
                    SwapOps.swpOffset(e)));
        }
        return sb.toString();
    }
}
