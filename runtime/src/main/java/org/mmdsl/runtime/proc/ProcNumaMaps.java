package org.mmdsl.runtime.proc;

import java.util.function.LongToIntFunction;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.HugeMemory;
import org.mmdsl.runtime.vma.Mempolicy;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * /proc/PID/numa_maps, byte for byte as 6.1's fs/proc/task_mmu.c show_numa_map() prints it: per VMA
 * its start, the policy (the VMA's, else the task's: mpol_to_str()), {@code file=}, {@code heap} or
 * {@code stack}, {@code huge}, then the counts gather_pte_stats() / gather_stats() make of the
 * normal pages mapped (anon, dirty, mapped when it differs from both, mapmax, active when below
 * the total, N&lt;node&gt;) and kernelpagesize_kB; a VMA without pages ends after its name.
 * Example: {@code 7f2a1c000000 interleave:0-1 anon=4 dirty=4 active=0 N0=2 N1=2 kernelpagesize_kB=4}.
 *
 * <p>The model counts no pages of special mappings (vdso, vvar: the kernel counts the vdso's text
 * pages) nor of VM_PFNMAP ones (vm_normal_page() returns none there either); swap cache and
 * writeback are not modelled (0, so never printed).
 */
public final class ProcNumaMaps {
    private ProcNumaMaps() {
    }

    /**
     * @param nid page_to_nid() of the machine
     * @param nrNodes the nodes with memory (node_states[N_MEMORY])
     */
    public static String render(MmStruct mm, LongToIntFunction nid, int nrNodes) {
        StringBuilder sb = new StringBuilder();
        PageTables pt = mm.pageTables();
        MemMap memMap = pt.memMap();
        for (Vma v : mm.vmas()) {
            Mempolicy pol = v.policy() != null ? v.policy() : mm.mempolicy;
            sb.append(String.format("%08x %s", v.vmStart(), Mempolicy.toString(pol)));
            FileRef f = v.file();
            if (f != null) {
                sb.append(" file=").append(f.path);
            } else if (Long.compareUnsigned(v.vmStart(), mm.brk) <= 0 && Long.compareUnsigned(v.vmEnd(), mm.startBrk) >= 0) {
                sb.append(" heap");
            } else if (Long.compareUnsigned(v.vmStart(), mm.startStack) <= 0
                    && Long.compareUnsigned(v.vmEnd(), mm.startStack) >= 0) {
                sb.append(" stack");
            }
            boolean hugetlb = v.has(Vma.VM_HUGETLB);
            if (hugetlb) {
                sb.append(" huge");
            }
            long[] node = new long[nrNodes];
            long pages = 0;
            long anon = 0;
            long dirty = 0;
            long active = 0;
            long mapmax = 0;
            boolean skip = v.has(Vma.VM_PFNMAP) || v.special() != Vma.Special.NONE;
            for (long a = v.vmStart(); !skip && Long.compareUnsigned(a, v.vmEnd()) < 0; a += PagingMode.PAGE_SIZE) {
                long slot = pt.pteSlot(mm.pgd, a);
                long huge = slot < 0 ? HugeMemory.hugePmd(mm, a) : 0;
                long pfn;
                long n = 1;
                boolean pteDirty;
                if (huge != 0) {
                    a = (a & HugeMemory.HPAGE_PMD_MASK) + HugeMemory.HPAGE_PMD_SIZE - PagingMode.PAGE_SIZE;
                    if (HugeMemory.isHugeZero(mm, huge)) {
                        continue; // not a normal page
                    }
                    pfn = Pte.pfn(huge);
                    n = HugeMemory.HPAGE_PMD_SIZE / PagingMode.PAGE_SIZE;
                    pteDirty = (huge & Pte._PAGE_DIRTY) != 0;
                } else if (slot < 0) {
                    a = HugeMemory.nextTableOrHuge(mm, a, v.vmEnd()) - PagingMode.PAGE_SIZE;
                    continue;
                } else {
                    long e = pt.readEntry(slot);
                    if (!MmStruct.ptePresent(e) || mm.isZeroPfn(Pte.pfn(e))) {
                        continue;
                    }
                    pfn = Pte.pfn(e);
                    pteDirty = (e & Pte._PAGE_DIRTY) != 0;
                }
                if (!memMap.pfnValid(pfn) || memMap.test(pfn, MemMap.PG_reserved)) {
                    continue; // can_gather_numa_stats()
                }
                // gather_stats()
                pages += n;
                if (pteDirty || memMap.test(pfn, MemMap.PG_dirty)) {
                    dirty += n;
                }
                if (memMap.test(pfn, MemMap.PG_active) || memMap.test(pfn, MemMap.PG_unevictable)) {
                    active += n;
                }
                if (memMap.test(pfn, MemMap.PG_anon)) {
                    anon += n;
                }
                mapmax = Math.max(mapmax, memMap.mapcount(pfn));
                node[nid.applyAsInt(pfn)] += n;
            }
            if (pages > 0) {
                if (anon > 0) {
                    sb.append(" anon=").append(anon);
                }
                if (dirty > 0) {
                    sb.append(" dirty=").append(dirty);
                }
                if (pages != anon && pages != dirty) {
                    sb.append(" mapped=").append(pages);
                }
                if (mapmax > 1) {
                    sb.append(" mapmax=").append(mapmax);
                }
                if (active < pages && !hugetlb) {
                    sb.append(" active=").append(active);
                }
                for (int i = 0; i < nrNodes; i++) {
                    if (node[i] > 0) {
                        sb.append(" N").append(i).append('=').append(node[i]);
                    }
                }
                long pageKb = hugetlb && mm.hugetlb != null ? mm.hugetlb.sizeBytes() >> 10 : 4;
                sb.append(" kernelpagesize_kB=").append(pageKb);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
