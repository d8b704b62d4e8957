package org.mmdsl.runtime.pgtable;

import java.util.List;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;

/**
 * A page-table dump in the format of arch/x86/mm/dump_pagetables.c (/sys/kernel/debug/page_tables):
 * runs of neighbouring entries at the same level with the same protection are merged into one line
 * {@code 0x%0*lx-0x%0*lx   %9lu%c } followed by the protection columns (USR, RW/ro, PWT, PCD, PSE, PAT,
 * GLB, NX/x) and the level name, and the address-space markers ({@code ---[ vmalloc() Area ]---}) are
 * printed where the walk crosses them.
 *
 * <p>As 6.1's generic walker (mm/ptdump.c over mm/pagewalk.c) reports them:
 * <ul>
 * <li>a level is named by the depth the walker reaches it at, the folded levels counted
 * (include/asm-generic/pgtable-nopmd.h, -nopud.h, -nop4d.h make pgd_none()/p4d_none()/pud_none() of a
 * folded level 0, so the walk goes on down): the top level of 2-level i386 is "pmd", of PAE "pud", of
 * 4-level x86_64 "p4d" (ptdump_hole() with the pagewalk depth; ptdump_pmd_entry() for a 4 MB page);
 * <li>x86_64 walks [0, the top of user space) and [GUARD_HOLE_END_ADDR, ~0): the 8 TB hypervisor hole at
 * the bottom of the kernel half is skipped (ptdump_walk_pgd_level_core()'s ptdump_ranges), so the last
 * user-space run ends where the second range begins;
 * <li>note_page() moves on by at most one marker per call: when a run crosses two markers, the second
 * one is printed after the next entry's line, as the kernel prints it; a marker with max_lines (ESPfix,
 * 16) prints that many lines and then "... N entries skipped ... ".
 * </ul>
 *
 * <p>Range-bounded: only [start, end) is walked (the marker whose area holds {@code start} is printed
 * first), and at most {@code maxLines} lines are printed (a note says how many more there were).
 * Simplified: the kernel distinguishes PAT at the pte level from PAT_LARGE at the pmd level; here bit 7
 * below the pte level is always PSE, as the direct map uses it.
 */
public final class PtDump {
    private PtDump() {
    }

    /**
     * An address where the dump prints {@code ---[ name ]---}; {@code maxLines} &gt; 0 caps the lines printed
     * in its area (address_markers[].max_lines).
     */
    public record Marker(long address, String name, int maxLines) {
        public Marker(long address, String name) {
            this(address, name, 0);
        }
    }

    /** The five levels the generic walker counts; a mode's real levels are the last {@code levels()} of them. */
    private static final String[] WALK_LEVELS = {"pgd", "p4d", "pud", "pmd", "pte"};

    /** The name ptdump prints for a level of {@code mode} (see the class comment). */
    static String levelName(PagingMode mode, int level) {
        return WALK_LEVELS[WALK_LEVELS.length - mode.levels() + level];
    }

    private static final char[] UNITS = {'K', 'M', 'G', 'T', 'P', 'E'};

    private static final class State {
        final StringBuilder out = new StringBuilder();
        final PagingMode mode;
        final List<Marker> markers;
        final int width;
        final int maxLines;
        int lines;
        int hidden;
        int nextMarker;
        /** Lines counted in the current marker's area (st->lines). */
        int markerLines;
        long runStart = -1;
        long runProt;
        int runLevel = -1;

        State(PagingMode mode, List<Marker> markers, int maxLines) {
            this.mode = mode;
            this.markers = markers;
            this.width = mode.vaBits > 32 ? 16 : 8;
            this.maxLines = maxLines;
        }
    }

    /**
     * Dumps [start, end) of the tables rooted at {@code rootPfn}. {@code markers} must be sorted by
     * address.
     */
    public static String render(PageTables pt, long rootPfn, long start, long end, List<Marker> markers,
            int maxLines) {
        State st = new State(pt.mode(), markers, maxLines);
        while (st.nextMarker < markers.size()
                && Long.compareUnsigned(markers.get(st.nextMarker).address(), start) <= 0) {
            st.nextMarker++;
        }
        if (st.nextMarker > 0) {
            line(st, "---[ " + markers.get(st.nextMarker - 1).name() + " ]---");
        }
        walk(pt, st, rootPfn, 0, 0, start, end);
        flush(st, end);
        if (st.hidden > 0) {
            st.out.append("... ").append(st.hidden).append(" more lines (narrow the range with from/to)\n");
        }
        return st.out.toString();
    }

    private static void walk(PageTables pt, State st, long table, int level, long base, long start, long end) {
        PagingMode mode = st.mode;
        long span = mode.entrySpan(level);
        int n = mode.entriesPerTable(level);
        for (int i = 0; i < n; i++) {
            long va = base + (long) i * span;
            long vaEnd = va + span;
            long lo = canonical(mode, va); // entries of the upper half are sign-extended (4/5-level)
            long hi = canonical(mode, vaEnd - 1) + 1;
            if (Long.compareUnsigned(hi - 1, start) < 0 || Long.compareUnsigned(lo, end) >= 0 && end != 0) {
                continue;
            }
            if (level == 0 && inGuardHole(mode, i)) {
                continue; // not in ptdump_ranges: no note, the run before goes on
            }
            long e = pt.readEntry(pt.entryAddr(table, level, lo));
            boolean leaf = level == mode.pteLevel() || !Pte.present(e)
                    || (Pte.large(e) && mode.largePageAllowed(level));
            if (mode.isPdpt(level) && Pte.present(e)) {
                leaf = false;
            }
            if (leaf) {
                note(st, Long.compareUnsigned(lo, start) < 0 ? start : lo, Pte.present(e) ? e & PROT_MASK : 0, level);
            } else {
                walk(pt, st, Pte.pfn(e), level + 1, lo, start, end);
            }
        }
    }

    private static final long PROT_MASK = Pte._PAGE_PRESENT | Pte._PAGE_RW | Pte._PAGE_USER | Pte._PAGE_PWT
            | Pte._PAGE_PCD | Pte._PAGE_PSE | Pte._PAGE_GLOBAL | Pte._PAGE_NX;

    /**
     * Whether top-level entry {@code index} lies in [the bottom of the kernel half, GUARD_HOLE_END_ADDR):
     * the 16 pgd entries (GUARD_HOLE_PGD_ENTRY -256, GUARD_HOLE_SIZE 16 pgd entries;
     * arch/x86/include/asm/pgtable_64_types.h) that x86_64's dump does not walk.
     */
    private static boolean inGuardHole(PagingMode mode, int index) {
        if (mode.vaBits <= 32) {
            return false;
        }
        int half = mode.entriesPerTable(0) / 2;
        return index >= half && index < half + 16;
    }

    private static long canonical(PagingMode mode, long va) {
        if (mode.vaBits >= 64) {
            return va;
        }
        int shift = 64 - mode.vaBits;
        return mode.vaBits > 32 ? (va << shift) >> shift : va & 0xffffffffL;
    }

    /**
     * Mirrors note_page(): extends the current run, or prints it and starts a new one; when {@code addr}
     * has reached the next marker, prints that one marker (an "if", not a loop, in the kernel: one more
     * marker passed waits for the next call).
     */
    private static void note(State st, long addr, long prot, int level) {
        boolean marker = st.nextMarker < st.markers.size()
                && Long.compareUnsigned(addr, st.markers.get(st.nextMarker).address()) >= 0;
        if (st.runLevel == level && st.runProt == prot && !marker) {
            return;
        }
        flush(st, addr);
        if (marker) {
            Marker current = st.nextMarker > 0 ? st.markers.get(st.nextMarker - 1) : null;
            if (current != null && current.maxLines() > 0 && st.markerLines > current.maxLines()) {
                int skipped = st.markerLines - current.maxLines();
                line(st, "... " + skipped + " entr" + (skipped == 1 ? "y" : "ies") + " skipped ... ");
            }
            line(st, "---[ " + st.markers.get(st.nextMarker).name() + " ]---");
            st.nextMarker++;
            st.markerLines = 0;
        }
        st.runStart = addr;
        st.runProt = prot;
        st.runLevel = level;
    }

    private static void flush(State st, long addr) {
        if (st.runLevel < 0 || addr == st.runStart) {
            return;
        }
        // Mirrors arch/x86/mm/dump_pagetables.c note_page(): "delta = addr - st->start_address" in
        // unsigned long. mm/ptdump.c ptdump_walk_pgd() flushes the last run with addr 0, so the top
        // run prints its end as 0 and its size modulo 2^BITS_PER_LONG: 0xff400000-0x00000000 is 12M
        // on i386 (32-bit unsigned long, PAE included), 2^64 - start on x86_64.
        long span = addr - st.runStart;
        if (st.width == 8) {
            span &= 0xffffffffL;
        }
        long delta = span >>> 10;
        int unit = 0;
        while ((delta & 1023) == 0 && unit < UNITS.length - 1 && delta != 0) {
            delta >>>= 10;
            unit++;
        }
        String w = "%0" + st.width + "x";
        long shownEnd = st.width == 8 ? addr & 0xffffffffL : addr; // unsigned long wraps on i386
        Marker current = st.nextMarker > 0 ? st.markers.get(st.nextMarker - 1) : null;
        if (current == null || current.maxLines() == 0 || st.markerLines < current.maxLines()) {
            line(st, String.format("0x" + w + "-0x" + w + "   %9d%c %s", st.runStart, shownEnd, delta, UNITS[unit],
                    prot(st.runProt, st.runLevel, st.mode)));
        }
        st.markerLines++;
        st.runLevel = -1;
    }

    /** Mirrors printk_prot(). */
    private static String prot(long pr, int level, PagingMode mode) {
        StringBuilder sb = new StringBuilder();
        if ((pr & Pte._PAGE_PRESENT) == 0) {
            sb.append("                              ");
        } else {
            sb.append((pr & Pte._PAGE_USER) != 0 ? "USR " : "    ");
            sb.append((pr & Pte._PAGE_RW) != 0 ? "RW " : "ro ");
            sb.append((pr & Pte._PAGE_PWT) != 0 ? "PWT " : "    ");
            sb.append((pr & Pte._PAGE_PCD) != 0 ? "PCD " : "    ");
            boolean pte = level == mode.pteLevel();
            sb.append(!pte && (pr & Pte._PAGE_PSE) != 0 ? "PSE " : "    ");
            sb.append(pte && (pr & Pte._PAGE_PAT) != 0 ? "PAT " : "    ");
            sb.append((pr & Pte._PAGE_GLOBAL) != 0 ? "GLB " : "    ");
            sb.append((pr & Pte._PAGE_NX) != 0 ? "NX " : "x  ");
        }
        sb.append(levelName(mode, level));
        return sb.toString();
    }

    private static void line(State st, String text) {
        if (st.lines >= st.maxLines) {
            st.hidden++;
            return;
        }
        st.lines++;
        st.out.append(text).append('\n');
    }
}
