package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.arch.SwapOps;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * mprotect() as mm/mprotect.c does it: do_mprotect_pkey() walks the VMAs of the range,
 * mprotect_fixup() gives each piece its new flags (split, VM_ACCOUNT charge, merge) and
 * change_protection() rewrites the present ptes. {@link #checkMprotect} is the argument check the
 * kernel makes before it looks at a VMA, callable without an mm.
 *
 * <p>Neighbours: split and merge are {@link VmaMerge}; vm_get_page_prot() is
 * {@link MmStruct#vmPageProt}; mseal's EPERM is checked here per VMA ({@link Mseal}).
 *
 * <pre>
 *   mprotect(A+1p, 2p, r--)  [A rw- 4p]  -&gt;  [A rw- 1p][A r-- 2p][A rw- 1p]
 * </pre>
 */
public final class Mprotect {
    private Mprotect() {
    }

    /**
     * Mirrors the argument checks of do_mprotect_pkey(), in its order, before it looks at a VMA:
     * PROT_GROWSDOWN together with PROT_GROWSUP is EINVAL, a start that is not page aligned
     * EINVAL; a zero length is then a success that changes nothing (no further check); an end
     * that wraps is ENOMEM; a prot bit other than READ, WRITE, EXEC, SEM (and the GROWS bits)
     * EINVAL. A pure function of its arguments: 0 or -errno. Whether PROT_GROWSDOWN finds a
     * VM_GROWSDOWN VMA is checked on the VMA.
     */
    public static long checkMprotect(long start, long len, int prot) {
        int grows = prot & (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP);
        if (grows == (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP)) {
            return Errno.EINVAL.asResult();
        }
        if ((start & ~MmStruct.PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        if (len == 0) {
            return 0;
        }
        long end = start + MmStruct.pageAlign(len);
        if (Long.compareUnsigned(end, start) <= 0) {
            return Errno.ENOMEM.asResult();
        }
        if ((prot & ~grows & ~(Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC | 0x8 /* PROT_SEM */)) != 0) {
            return Errno.EINVAL.asResult();
        }
        return 0;
    }

    /**
     * Mirrors mm/mprotect.c do_mprotect_pkey(): changes the protection of the VMAs covering
     * [start, start+len), splitting and re-merging. Stops at the first hole with ENOMEM after
     * changing the VMAs before it, as the kernel does.
     *
     * @return 0, -EINVAL (unaligned, unknown prot bit, special split), -ENOMEM (hole, split
     *     limit), -EACCES (the VMA lacks VM_MAY*)
     */
    static long mprotect(MmStruct mm, long start, long len, int prot) {
        long bad = checkMprotect(start, len, prot);
        if (bad != 0 || len == 0) {
            return bad;
        }
        int grows = prot & (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP);
        prot &= ~grows;
        long end = start + MmStruct.pageAlign(len);
        Vma v = mm.findVma(start);
        if (v == null) {
            return Errno.ENOMEM.asResult();
        }
        if ((grows & Mman.PROT_GROWSDOWN) != 0) {
            if (Long.compareUnsigned(v.vmStart, end) >= 0) {
                return Errno.ENOMEM.asResult();
            }
            if (!v.has(Vma.VM_GROWSDOWN)) {
                return Errno.EINVAL.asResult(); // do_mprotect_pkey(): PROT_GROWSDOWN needs a VM_GROWSDOWN VMA
            }
            start = v.vmStart;
        } else if (Long.compareUnsigned(v.vmStart, start) > 0) {
            return Errno.ENOMEM.asResult();
        } else if ((grows & Mman.PROT_GROWSUP) != 0) {
            return Errno.EINVAL.asResult(); // x86 has no VM_GROWSUP VMA
        }
        long nstart = start;
        while (true) {
            long newFlags = (v.vmFlags & ~Vma.VM_ACCESS_FLAGS) | Mmap.calcVmProtBits(prot);
            if (((newFlags & ~(newFlags >>> 4)) & Vma.VM_ACCESS_FLAGS) != 0) {
                return Errno.EACCES.asResult();
            }
            if (v.has(Vma.VM_SEALED)) {
                // mprotect_fixup() (6.12+: per VMA, before the no-change shortcut): the VMAs
                // before this one keep their new protection
                return Errno.EPERM.asResult();
            }
            long tmp = Long.compareUnsigned(v.vmEnd, end) < 0 ? v.vmEnd : end;
            long r = mprotectFixup(mm, v, nstart, tmp, newFlags);
            if (r != 0) {
                return r;
            }
            nstart = tmp;
            // "if (nstart < prev->vm_end) nstart = prev->vm_end": the changed piece may have
            // merged with the next VMA, which then needs no change of its own
            Vma prev = mm.vmaLookup(tmp - 1);
            if (prev != null && Long.compareUnsigned(nstart, prev.vmEnd) < 0) {
                nstart = prev.vmEnd;
            }
            if (Long.compareUnsigned(nstart, end) >= 0) {
                return 0;
            }
            v = mm.findVma(nstart);
            if (v == null || v.vmStart != nstart) {
                return Errno.ENOMEM.asResult();
            }
        }
    }

    /**
     * Mirrors mm/mprotect.c mprotect_fixup(): gives [start, end) of {@code v} the new flags,
     * charging VM_ACCOUNT when a private map becomes writable, splitting at the edges unless a
     * neighbour can absorb the range (vma_merge()), then re-merging, then changing the ptes.
     */
    private static long mprotectFixup(MmStruct mm, Vma v, long start, long end, long newFlags) {
        long oldFlags = v.vmFlags;
        if (newFlags == oldFlags) {
            return 0;
        }
        long nrPages = (end - start) >>> 12;
        if ((newFlags & Vma.VM_WRITE) != 0 && !Mmap.mayExpandVm(mm, newFlags, nrPages)
                && Mmap.mayExpandVm(mm, oldFlags, nrPages)) {
            return Errno.ENOMEM.asResult(); // the area turns into data beyond RLIMIT_DATA
        }
        if ((newFlags & Vma.VM_WRITE) != 0 && (oldFlags & (Vma.VM_ACCOUNT | Vma.VM_WRITE | Vma.VM_HUGETLB
                | Vma.VM_SHARED | Vma.VM_NORESERVE)) == 0) {
            if (!mm.vmEnoughMemory(nrPages)) {
                return Errno.ENOMEM.asResult();
            }
            newFlags |= Vma.VM_ACCOUNT;
        } else if ((newFlags & Vma.VM_WRITE) == 0 && (oldFlags & Vma.VM_ACCOUNT) != 0 && v.isAnonymous()
                && v.anonVma == 0 && mm.version == KernelVersion.V6_18) {
            // Newer kernels give the charge back when an anonymous VMA that was never written
            // becomes read-only (mm/mprotect.c mprotect_fixup(): "... except in the anonymous case
            // where no anon_vma has yet been instantiated"); the 6.18 recording (case 10) shows
            // r--p without "ac". Applied to the 6.18 model only: no 6.1 recording shows it yet.
            newFlags &= ~Vma.VM_ACCOUNT;
        }
        long r = VmaMerge.modifyRangeFlags(mm, v, start, end, newFlags);
        if (r < 0) {
            return r;
        }
        v = mm.vmaAt((int) r);
        changeProtection(mm, v, v.vmStart, v.vmEnd);
        VmaMerge.mergeAround(mm, (int) r);
        return 0;
    }

    /**
     * Mirrors mm/mprotect.c change_pte_range(): rewrites present ptes with the VMA's new
     * protection; a pte becomes writable only for shared writable maps or exclusive anon pages of
     * a VM_WRITE map. PROT_NONE removes the present ptes' access (pte_modify to PAGE_NONE: the
     * pte is kept, not present to the MMU).
     */
    private static void changeProtection(MmStruct mm, Vma v, long start, long end) {
        long prot = mm.vmPageProt(v.vmFlags);
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += MmStruct.PAGE_SIZE) {
            long slot = mm.pt.pteSlot(mm.pgd, a);
            if (slot < 0 && HugeMemory.hugePmd(mm, a) != 0) {
                if (HugeMemory.covers(a, end) && prot != 0) { // change_pmd_range() -> change_huge_pmd()
                    HugeMemory.changeHugePmd(mm, v, a, prot);
                    a += HugeMemory.HPAGE_PMD_SIZE - MmStruct.PAGE_SIZE;
                    continue;
                }
                HugeMemory.splitHugePmd(mm, a);
                slot = mm.pt.pteSlot(mm.pgd, a);
            }
            if (slot < 0) {
                a = HugeMemory.nextTableOrHuge(mm, a, end) - MmStruct.PAGE_SIZE; // change_p?d_range(): pmd_none skips
                continue;
            }
            long e = mm.pt.readEntry(slot);
            if (e == 0 || SwapOps.isSwapPte(e) || SwapOps.isGuardMarker(e)) {
                continue; // swap entries and guard markers keep their place; the swap-in fault applies the protection
            }
            long pfn = Pte.pfn(e);
            // pte_modify() keeps _PAGE_CHG_MASK: the pfn, accessed, dirty and (2.6.26+, x86 PAT and
            // pte_special) PCD, PWT and SPECIAL, so the zero page stays special; 2.6.24's mask is
            // PTE_MASK | _PAGE_ACCESSED | _PAGE_DIRTY (arch/x86/include/asm/pgtable_types.h)
            long keep = e & (Pte._PAGE_ACCESSED | Pte._PAGE_DIRTY
                    | (mm.version() == KernelVersion.V2_6 ? 0
                            : Pte._PAGE_SPECIAL | Pte._PAGE_PCD | Pte._PAGE_PWT));
            long ne;
            if (prot == 0) {
                ne = Pte.make(pfn, keep | Pte._PAGE_GLOBAL); // _PAGE_PROTNONE == _PAGE_GLOBAL, P clear
            } else {
                ne = Pte.make(pfn, prot | keep);
                boolean canWrite = v.has(Vma.VM_WRITE) && !mm.isZeroPfn(pfn)
                        && (v.has(Vma.VM_SHARED) || mm.anonExclusive(pfn));
                if (canWrite) {
                    ne |= Pte._PAGE_RW;
                }
            }
            mm.pt.writeEntry(slot, ne);
        }
    }
}
