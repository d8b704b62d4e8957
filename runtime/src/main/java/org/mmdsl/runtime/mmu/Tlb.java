package org.mmdsl.runtime.mmu;

import java.util.Arrays;

/**
 * The data TLB of the simulated CPU (Intel SDM vol. 3, 4.10): set-associative, tagged with the PCID
 * when PCIDs are on (x86_64 with CR4.PCIDE; Linux uses PCIDs 1..TLB_NR_DYN_ASIDS = 6,
 * arch/x86/mm/tlb.c), global entries (a leaf with _PAGE_GLOBAL) matching every PCID and surviving a
 * CR3 load. An entry caches one 4 KB translation with the permissions combined over every level
 * and the leaf's Dirty bit; a large page is cached as 4 KB pieces (as CPUs splinter them into a 4 KB
 * TLB). A hit that lacks a permission or Dirty for a write is dropped and the walk redone, as the
 * hardware does before it faults or sets D.
 *
 * <pre>
 *   tag[i]  = vaddr &amp; ~0xfff | pcid      (GLOBAL_PCID for a global entry, -1 when invalid)
 *   data[i] = frame | P | RW | US | D | NX(bit 63)   (permissions of all levels combined)
 *   slot[i] = physical address of the leaf entry it came from
 * </pre>
 * Flushes: {@link #switchMm} (CR3 load: non-global entries of the old address space go unless PCIDs
 * keep them), {@link #invlpg}, {@link #flushAll}, and {@link #invalidateSlot} for a changed PTE
 * (flush_tlb_page()/flush_tlb_mm_range() after the kernel changes a present entry). Set choice by the
 * low bits of the page number, round-robin replacement within a set (CPUs use pseudo-LRU).
 */
public final class Tlb {
    /** The tag's PCID field of a global entry (Linux never uses PCID 4095). */
    public static final int GLOBAL_PCID = 0xfff;
    /** TLB_NR_DYN_ASIDS (arch/x86/include/asm/tlbflush.h). */
    public static final int NR_DYN_ASIDS = 6;
    /**
     * X86_CR3_PTI_PCID_USER_BIT (arch/x86/include/asm/processor-flags.h): with page-table isolation the
     * user half of an address space runs with PCID kern_pcid(asid) | 0x800 (tlbflush.h user_pcid()).
     */
    public static final int PTI_PCID_USER_BIT = 1 << 11;

    private final int entries;
    private final int ways;
    private final int setMask;
    private final boolean pcidEnabled;
    /**
     * Page-table isolation: a pgd pair of 2 frames (arch/x86/mm/pgtable.c PGD_ALLOCATION_ORDER 1), the
     * kernel pgd at an even pfn and the user pgd after it ({@code pfn | 1}, kernel_to_user_pgdp()); the
     * pair shares one ASID, the user side tagged with {@link #PTI_PCID_USER_BIT}.
     */
    private boolean pti;
    private final long[] tag;
    private final long[] data;
    private final long[] slot;
    private final int[] victim;
    /**
     * Host side, not the modelled TLB: a direct-mapped copy of translations the modelled TLB holds
     * for the current PCID, indexed by the low bits of the page number: {@code hostKey[h]} = page |
     * pcid (-1: empty), {@code hostData[h]} = the entry's data. {@link #lookup} tries it first and
     * searches the ways only when it misses; every change of the modelled tags (fill, invalidation,
     * CR3 load, flush) clears the copies it could make stale, so a lookup returns exactly what the
     * search of the ways returns and hits, misses and replacement are those of the model.
     * Measured reason: TranslateBench tlbHit (2026-12-07; the search of a 4-way set was most of it).
     */
    private final long[] hostKey;
    private final long[] hostData;
    private final int hostMask;
    private final long[] asidRoot = new long[NR_DYN_ASIDS];
    private int nextAsid;
    /** The pgd pfn loaded in CR3 (-1 before the first switch). */
    long cr3 = -1;
    int pcid;
    long hits;
    long misses;
    private long invlpgs;
    private long fullFlushes;
    private long cr3Switches;
    private long pteFlushes;

    /**
     * @param entries a power of two, a multiple of {@code ways}
     * @param pcid    tag entries with PCIDs (x86_64)
     */
    public Tlb(int entries, int ways, boolean pcid) {
        if (entries <= 0 || ways <= 0 || entries % ways != 0 || Integer.bitCount(entries / ways) != 1) {
            throw new IllegalArgumentException("TLB geometry: entries / ways must be a power of two");
        }
        this.entries = entries;
        this.ways = ways;
        this.setMask = entries / ways - 1;
        this.pcidEnabled = pcid;
        this.tag = new long[entries];
        this.data = new long[entries];
        this.slot = new long[entries];
        this.victim = new int[entries / ways];
        this.hostMask = Integer.highestOneBit(entries * 2 - 1) - 1;
        this.hostKey = new long[hostMask + 1];
        this.hostData = new long[hostMask + 1];
        Arrays.fill(hostKey, -1);
        Arrays.fill(tag, -1);
        Arrays.fill(asidRoot, -1);
    }

    /** Switches page-table isolation on (before the first CR3 load): user pgds are {@code kernel pgd | 1}. */
    public void setPti(boolean on) {
        this.pti = on;
    }

    /**
     * The PCID the page directory at {@code rootPfn} runs with now: kern_pcid(asid) = asid + 1, and
     * under PTI user_pcid() = that | 0x800 for a user pgd; 0 when PCIDs are off or the address space
     * holds no ASID (it has not run since its ASID was reused).
     */
    public int pcidOf(long rootPfn) {
        if (!pcidEnabled) {
            return 0;
        }
        boolean user = pti && (rootPfn & 1) != 0;
        long kernelRoot = pti ? rootPfn & ~1L : rootPfn;
        for (int a = 0; a < NR_DYN_ASIDS; a++) {
            if (asidRoot[a] == kernelRoot) {
                return (a + 1) | (user ? PTI_PCID_USER_BIT : 0);
            }
        }
        return 0;
    }

    /** The page directory CR3 holds (its pfn), -1 before the first load. */
    public long cr3() {
        return cr3;
    }

    /**
     * The cached data for {@code vaddr} in the current address space, or 0 on a miss. Allocation-free;
     * the caller counts the hit once it has checked the permissions.
     */
    long lookup(long vaddr) {
        long page = vaddr & ~0xfffL;
        long key = page | pcid;
        int h = (int) (vaddr >>> 12) & hostMask;
        if (hostKey[h] == key) {
            return hostData[h];
        }
        long gkey = page | GLOBAL_PCID;
        int base = (int) ((vaddr >>> 12) & setMask) * ways;
        for (int w = 0; w < ways; w++) {
            long t = tag[base + w];
            if (t == key || t == gkey) {
                hostKey[h] = key;
                return hostData[h] = data[base + w];
            }
        }
        return 0;
    }

    /** Forgets the host-side copy of {@code page}'s translation, if it holds one. */
    private void forgetHost(long page) {
        int h = (int) (page >>> 12) & hostMask;
        if ((hostKey[h] & ~0xfffL) == page) {
            hostKey[h] = -1;
        }
    }

    /** Caches a translation after a walk. */
    void fill(long vaddr, long entryData, boolean global, long leafSlot) {
        long page = vaddr & ~0xfffL;
        int set = (int) ((vaddr >>> 12) & setMask);
        int base = set * ways;
        invalidate(page, base, pcid);
        int w = victim[set];
        victim[set] = w + 1 == ways ? 0 : w + 1; // round-robin, without a division per fill
        if (tag[base + w] != -1) {
            forgetHost(tag[base + w] & ~0xfffL); // the entry it replaces
        }
        tag[base + w] = page | (global ? GLOBAL_PCID : pcid);
        data[base + w] = entryData;
        slot[base + w] = leafSlot;
    }

    private void invalidate(long page, int base, int forPcid) {
        forgetHost(page);
        for (int w = 0; w < ways; w++) {
            long t = tag[base + w];
            if (t == (page | forPcid) || t == (page | GLOBAL_PCID)) {
                tag[base + w] = -1;
            }
        }
    }

    /** Drops the entry for {@code vaddr} in the current address space (before a re-walk). */
    void drop(long vaddr) {
        invalidate(vaddr & ~0xfffL, (int) ((vaddr >>> 12) & setMask) * ways, pcid);
    }

    /**
     * A CR3 load for the page directory at {@code rootPfn} (switch_mm_irqs_off()): without PCIDs every
     * non-global entry goes; with PCIDs the mm gets one of the 6 dynamic ASIDs (round-robin here, the
     * kernel picks the least recent) and only a reused ASID is flushed.
     */
    public void switchMm(long rootPfn) {
        Arrays.fill(hostKey, -1); // the copies are of the old PCID's view
        cr3 = rootPfn;
        cr3Switches++;
        if (!pcidEnabled) {
            for (int i = 0; i < entries; i++) {
                if ((tag[i] & 0xfff) != GLOBAL_PCID) {
                    tag[i] = -1;
                }
            }
            return;
        }
        // PTI: the entry code's SWITCH_TO_USER_CR3 / SWITCH_TO_KERNEL_CR3 flip bit 12 of CR3 (the pgd
        // pair) and bit 11 (the user PCID) of the same ASID (arch/x86/entry/calling.h)
        int userBit = pti && (rootPfn & 1) != 0 ? PTI_PCID_USER_BIT : 0;
        long kernelRoot = pti ? rootPfn & ~1L : rootPfn;
        for (int a = 0; a < NR_DYN_ASIDS; a++) {
            if (asidRoot[a] == kernelRoot) {
                pcid = (a + 1) | userBit;
                return;
            }
        }
        int a = nextAsid;
        nextAsid = (nextAsid + 1) % NR_DYN_ASIDS;
        asidRoot[a] = kernelRoot;
        pcid = (a + 1) | userBit;
        // a reused ASID is flushed on both sides (switch_mm_irqs_off() flushes the kernel PCID,
        // invalidate_user_asid() makes the return to user mode flush the user one)
        for (int i = 0; i < entries; i++) {
            if (tag[i] != -1 && ((tag[i] & 0xfff) & ~PTI_PCID_USER_BIT) == a + 1) {
                tag[i] = -1;
            }
        }
    }

    /** Lookups that found a usable translation since boot (show tlb's "hits"). */
    public long hits() {
        return hits;
    }

    /** Lookups that had to walk the page tables since boot (show tlb's "misses"; a dropped stale hit counts here). */
    public long misses() {
        return misses;
    }

    /** INVLPG: the entry for {@code vaddr} in the current PCID, and a global one. */
    public void invlpg(long vaddr) {
        invlpgs++;
        drop(vaddr);
    }

    /** flush_tlb_all() / a CR4.PGE toggle: every entry, global ones too. */
    public void flushAll() {
        fullFlushes++;
        Arrays.fill(tag, -1);
        Arrays.fill(hostKey, -1);
    }

    /**
     * The kernel changed the present page-table entry at physical address {@code leafSlot} and flushes
     * it (flush_tlb_page(), flush_tlb_mm_range(), flush_tlb_kernel_range()): every cached translation
     * that came from that entry goes, in every PCID (the kernel also invalidates other ASIDs of the mm
     * lazily).
     */
    public void invalidateSlot(long leafSlot) {
        for (int i = 0; i < entries; i++) {
            if (tag[i] != -1 && slot[i] == leafSlot) {
                forgetHost(tag[i] & ~0xfffL);
                tag[i] = -1;
                pteFlushes++;
            }
        }
    }

    /** A `show tlb` report: geometry, counters and the valid entries. */
    public String describe(boolean wide) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("dTLB: %d entries, %d-way, %d sets, PCID %s%n", entries, ways, setMask + 1,
                pcidEnabled ? "on (current " + (pcid >= PTI_PCID_USER_BIT ? String.format("0x%x, user", pcid) : pcid) + ")" : "off"));
        sb.append(String.format("hits %d misses %d; invlpg %d, full flushes %d, CR3 loads %d, entries dropped by "
                + "PTE changes %d%n", hits, misses, invlpgs, fullFlushes, cr3Switches, pteFlushes));
        for (int i = 0; i < entries; i++) {
            if (tag[i] == -1) {
                continue;
            }
            long d = data[i];
            long v = tag[i] & ~0xfffL;
            int p = (int) (tag[i] & 0xfff);
            sb.append(String.format(wide ? "%016x -> %09x" : "%08x -> %09x", v, d & 0x000f_ffff_ffff_f000L))
                    .append((d & 2) != 0 ? " RW" : " RO").append((d & 4) != 0 ? " USR" : " SYS")
                    .append((d & 0x40) != 0 ? " D" : "").append(d < 0 ? " NX" : "")
                    .append(p == GLOBAL_PCID ? " G" : pcidEnabled ? (p >= PTI_PCID_USER_BIT && p != GLOBAL_PCID
                            ? String.format(" pcid 0x%x (user)", p) : " pcid " + p) : "").append('\n');
        }
        return sb.toString();
    }
}
