package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * {@code show vma ADDR}: the fields of the struct vm_area_struct (include/linux/mm_types.h) that maps
 * ADDR, the way Love's chapter on the process address space lists them: vm_start, vm_end, vm_page_prot,
 * vm_flags decoded with the model's VM_* table ({@link VmFlagNames}), anon_vma, vm_pgoff and vm_file.
 * The kernel has no file that prints one VMA (mm/debug.c dump_vma() is the nearest, for oopses): the
 * layout is mmdsl's, one field a line in mm_types.h's order, values as the kernel holds them.
 *
 * <p>Example (i386, 6.1, the text of /sbin/init):
 * <pre>
 * vm_start      0x08048000
 * vm_end        0x0804e000
 * vm_page_prot  0x25 _PAGE_PRESENT|_PAGE_USER|_PAGE_ACCESSED
 * vm_flags      0x00000875 VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
 * anon_vma      none
 * vm_pgoff      0x0
 * vm_file       /sbin/init
 * </pre>
 */
public final class ShowVma {
    private ShowVma() {
    }

    /**
     * The vm_area_struct of the VMA containing {@code addr} (vma_lookup()), or, when none does, a line
     * saying so and what find_vma() would return instead.
     */
    public static String show(MmStruct mm, long addr) {
        // find_vma_prev() leaves 2.6's mmap_cache alone: looking must not change what a later find_vma() hits
        FindVma.WithPrev w = FindVma.findVmaPrev(mm, addr);
        Vma v = w.vma() != null && Long.compareUnsigned(w.vma().vmStart(), addr) <= 0 ? w.vma() : null;
        if (v == null) {
            return String.format("no VMA contains 0x%x: find_vma() returns %s%n", addr,
                    w.vma() == null ? "NULL" : range(w.vma()) + ", which starts above it").replace("\r\n", "\n");
        }
        return fields(v).replace("\r\n", "\n");
    }

    /** One field a line, as {@link ShowVma} describes. */
    static String fields(Vma v) {
        MmStruct mm = v.mm();
        KernelVersion version = mm.version();
        boolean wide = mm.kernelPageTables().kernel64();
        String addr = wide ? "0x%016x" : "0x%08x";
        long prot = pageProt(mm, v.vmFlags());
        long flags = VmFlagNames.kernelBits(v.vmFlags(), version);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("vm_start      " + addr + "%n", v.vmStart()));
        sb.append(String.format("vm_end        " + addr + "%n", v.vmEnd()));
        sb.append(String.format("vm_page_prot  0x%x %s%n", prot, protNames(prot, version)));
        sb.append(String.format("vm_flags      0x%08x %s%n", flags, VmFlagNames.names(flags, version)));
        sb.append("anon_vma      ").append(v.anonVma() != 0 ? "present" : "none").append(String.format("%n"));
        sb.append(String.format("vm_pgoff      0x%x%n", v.vmPgoff()));
        String name = v.file() != null ? v.file().path : v.special() != Vma.Special.NONE ? "none (" + v.special().name + ")"
                : "none";
        sb.append("vm_file       ").append(name).append(String.format("%n"));
        return sb.toString();
    }

    /** "08048000-0804e000 r-xp": the range as maps shows it. */
    static String range(Vma v) {
        return String.format("%08x-%08x %s", v.vmStart(), v.vmEnd(), v.perms());
    }

    /**
     * Mirrors vm_get_page_prot(): {@link MmStruct#vmPageProt} for an accessible VMA; PAGE_NONE for a
     * PROT_NONE one, which is _PAGE_PROTNONE|_PAGE_ACCESSED: _PAGE_PROTNONE is bit 7 (0x80) in
     * 2.6.24's i386 pgtable.h and the global bit (0x100) in 6.1's pgtable_types.h.
     */
    static long pageProt(MmStruct mm, long vmFlags) {
        if ((vmFlags & Vma.VM_ACCESS_FLAGS) == 0) {
            return (mm.version() == KernelVersion.V2_6 ? 0x80L : Pte._PAGE_GLOBAL) | Pte._PAGE_ACCESSED;
        }
        return mm.vmPageProt(vmFlags);
    }

    /** The pgprot bits by their pgtable_types.h names, low bit first. */
    static String protNames(long prot, KernelVersion version) {
        StringBuilder sb = new StringBuilder();
        long protnone = version == KernelVersion.V2_6 ? 0x80L : Pte._PAGE_GLOBAL;
        boolean present = (prot & Pte._PAGE_PRESENT) != 0;
        append(sb, prot, Pte._PAGE_PRESENT, "_PAGE_PRESENT");
        append(sb, prot, Pte._PAGE_RW, "_PAGE_RW");
        append(sb, prot, Pte._PAGE_USER, "_PAGE_USER");
        append(sb, prot, Pte._PAGE_ACCESSED, "_PAGE_ACCESSED");
        append(sb, prot, Pte._PAGE_DIRTY, "_PAGE_DIRTY");
        append(sb, present ? 0 : prot, protnone, "_PAGE_PROTNONE");
        append(sb, prot, Pte._PAGE_NX, "_PAGE_NX");
        return sb.toString();
    }

    private static void append(StringBuilder sb, long prot, long bit, String name) {
        if ((prot & bit) != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append(name);
        }
    }
}
