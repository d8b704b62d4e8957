package org.mmdsl.runtime.testing;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * Like mm/mmap.c validate_mm() (CONFIG_DEBUG_VM_MAPLE_TREE): VMAs sorted, non-overlapping, page
 * aligned, map_count right, no two adjacent VMAs the kernel would have merged, every present pte's
 * frame referenced and mapped, with at least one reference per mapping.
 */
public final class MmValidator {
    private MmValidator() {
    }

    public static void validate(MmStruct mm) {
        long prevEnd = 0;
        Vma prev = null;
        int n = 0;
        MemMap memMap = mm.pageTables().memMap();
        for (Vma v : mm.vmas()) {
            n++;
            check((v.vmStart() & 0xfff) == 0 && (v.vmEnd() & 0xfff) == 0, "unaligned " + v);
            check(Long.compareUnsigned(v.vmStart(), v.vmEnd()) < 0, "empty " + v);
            check(Long.compareUnsigned(prevEnd, v.vmStart()) <= 0, "overlap/unsorted at " + v);
            if (prev != null && prev.vmEnd() == v.vmStart()) {
                boolean same = prev.vmFlags() == v.vmFlags() && prev.file() == v.file()
                        && prev.vmPgoff() + prev.pages() == v.vmPgoff()
                        && anonVmaMergeable(prev, v)
                        && prev.special() == Vma.Special.NONE && v.special() == Vma.Special.NONE
                        && (prev.vmFlags() & Vma.VM_SPECIAL) == 0;
                boolean heapEdge = v.vmStart() == mm.startBrk;
                check(!same || heapEdge || mm.splitKeptAt(v.vmStart()),
                        "unmerged mergeable neighbours " + prev + " | " + v);
            }
            for (long a = v.vmStart(); a < v.vmEnd(); a += 4096) {
                long pte = mm.pageTables().getPte(mm.pgd, a);
                if (Pte.present(pte) && !mm.isZeroPfn(Pte.pfn(pte)) && !Pte.special(pte)) {
                    long pfn = Pte.pfn(pte);
                    check(memMap.refcount(pfn) > 0 && memMap.mapcount(pfn) > 0,
                            "pte at 0x" + Long.toHexString(a) + " maps pfn 0x" + Long.toHexString(pfn)
                                    + " with refcount " + memMap.refcount(pfn) + " mapcount " + memMap.mapcount(pfn));
                    check(memMap.refcount(pfn) >= memMap.mapcount(pfn), "pfn 0x" + Long.toHexString(pfn)
                            + " has fewer references (" + memMap.refcount(pfn) + ") than mappings ("
                            + memMap.mapcount(pfn) + ")");
                }
            }
            prevEnd = v.vmEnd();
            prev = v;
        }
        check(n == mm.mapCount(), "map_count " + mm.mapCount() + " != " + n);
    }

    /** is_mergeable_anon_vma(): the same anon_vma, or one side without and no inherited chain. */
    private static boolean anonVmaMergeable(Vma a, Vma b) {
        if (a.anonVma() == 0 || b.anonVma() == 0) {
            return !a.hadUncowedParents() && !b.hadUncowedParents();
        }
        return a.anonVma() == b.anonVma();
    }

    private static void check(boolean ok, String msg) {
        if (!ok) {
            throw new AssertionError("validate_mm: " + msg);
        }
    }
}
