package org.mmdsl.runtime.arch;

import java.util.ArrayList;
import java.util.List;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The flag bits of an x86 page-table entry as a scenario names them ({@code expect pte buf flags present rw
 * user accessed dirty nx}): arch/x86/include/asm/pgtable_types.h's _PAGE_* bits, in bit order, each with the
 * short name the Intel SDM and {@link Pte#flagNames} print ("P", "RW", "US", ...). Bit 7 is two words: PSE
 * in an entry above the pte level (a large page) and PAT in a pte; SPECIAL (a software bit) is named at the
 * pte level only; NX where the paging mode has it (PAE, x86_64). {@link #NONE} is no bit: the answer when no
 * present entry maps the address (pte_none(), a swap entry, a table missing above).
 *
 * <p>Does not name the software bits the kernel keeps in a non-present pte (swap type and offset,
 * _PAGE_PROTNONE, _PAGE_SWP_EXCLUSIVE, soft-dirty, uffd-wp): their bits mean something else there
 * ({@link SwapOps}).
 */
public enum PteFlag implements KernelWord {
    PRESENT("present", "_PAGE_PRESENT", Pte._PAGE_PRESENT, "P", null, "the entry maps something (the MMU walks on)"),
    RW("rw", "_PAGE_RW", Pte._PAGE_RW, "RW", null, "writable (every level must allow it)"),
    USER("user", "_PAGE_USER", Pte._PAGE_USER, "US", null, "user mode may access it (every level must allow it)"),
    PWT("pwt", "_PAGE_PWT", Pte._PAGE_PWT, "PWT", null, "write-through caching"),
    PCD("pcd", "_PAGE_PCD", Pte._PAGE_PCD, "PCD", null, "caching disabled (ioremap's uncached mappings)"),
    ACCESSED("accessed", "_PAGE_ACCESSED", Pte._PAGE_ACCESSED, "A", null,
            "set by the CPU when a walk uses the entry (pte_young())"),
    DIRTY("dirty", "_PAGE_DIRTY", Pte._PAGE_DIRTY, "D", null, "set by the CPU on a write through the leaf (pte_dirty())"),
    PSE("pse", "_PAGE_PSE", Pte._PAGE_PSE, "PS", null, "bit 7 above the pte level: the entry maps a large page"),
    PAT("pat", "_PAGE_PAT", Pte._PAGE_PAT, "PAT", null, "bit 7 in a pte: the page attribute table index bit"),
    GLOBAL("global", "_PAGE_GLOBAL", Pte._PAGE_GLOBAL, "G", null,
            "the TLB keeps the translation across a CR3 load (kernel mappings)"),
    SPECIAL("special", "_PAGE_SPECIAL", Pte._PAGE_SPECIAL, "SPECIAL", "2.6.26",
            "software bit 9 in a pte: a pfn without a struct page to account (pte_special(), remap_pfn_range())"),
    NX("nx", "_PAGE_NX", Pte._PAGE_NX, "NX", null, "no instruction fetch (bit 63; PAE and x86_64 only)"),
    NONE("none", "pte_none()", 0, "-", null,
            "no present entry maps the address: an empty pte, a swap entry or no page table (no flags to name)");

    private final String word;
    private final String kernelName;
    /** The entry's bit (0 for {@link #NONE}). */
    public final long bit;
    /** The short name {@link Pte#flagNames} and the page walk print. */
    public final String sdmName;
    private final String since;
    private final String doc;

    PteFlag(String word, String kernelName, long bit, String sdmName, String since, String doc) {
        this.word = word;
        this.kernelName = kernelName;
        this.bit = bit;
        this.sdmName = sdmName;
        this.since = since;
        this.doc = doc;
    }

    /** The flag a scenario spells {@code word} ("dirty"), or null. */
    public static PteFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    /**
     * The flags set in {@code entry}, in bit order (this enum's): PSE or PAT for bit 7 by the level, SPECIAL
     * at the pte level only, NX where {@code mode} has it. Empty when no bit is set; {@link #NONE} is never
     * in it (the caller decides that an entry is not present).
     */
    public static List<PteFlag> of(long entry, PagingMode mode, boolean pteLevel) {
        List<PteFlag> out = new ArrayList<>();
        for (PteFlag f : values()) {
            if (f.bit != 0 && (entry & f.bit) != 0 && f.namedIn(mode, pteLevel)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The flags {@code words} names (a scenario's {@code flags present rw ...}), in this enum's order without
     * repeats; words that are no flag are left out (the validator names them).
     */
    public static List<PteFlag> parse(List<String> words) {
        java.util.EnumSet<PteFlag> set = java.util.EnumSet.noneOf(PteFlag.class);
        for (String w : words) {
            PteFlag f = byWord(w);
            if (f != null) {
                set.add(f);
            }
        }
        return new ArrayList<>(set);
    }

    /** The flags as a scenario writes them, in this enum's order: "present rw user accessed dirty"; none: "none". */
    public static String words(List<PteFlag> flags) {
        StringBuilder sb = new StringBuilder();
        for (PteFlag f : flags) {
            sb.append(sb.length() == 0 ? "" : " ").append(f.word);
        }
        return sb.length() == 0 ? NONE.word : sb.toString();
    }

    /** Whether this bit has this meaning in an entry of {@code mode} at that level. */
    boolean namedIn(PagingMode mode, boolean pteLevel) {
        return switch (this) {
            case PSE -> !pteLevel;
            case PAT, SPECIAL -> pteLevel;
            case NX -> mode.hasNx();
            case NONE -> false;
            default -> true;
        };
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    /** The bit's mask (0 for {@link #NONE}). */
    @Override
    public long value() {
        return bit;
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String doc() {
        return doc;
    }
}
