package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * The VM_* names and bits of vm_flags as include/linux/mm.h defines them for each kernel model, for
 * {@code show vma}: {@link #kernelBits} turns the model's flags ({@link Vma}'s constants, 6.1's
 * layout plus two bits of mmdsl's own) into the value that kernel stores, {@link #names} spells it.
 *
 * <p>2.6.24 and 6.1 share the low byte and most of the rest; where they differ:
 * <pre>
 *   bit       2.6.24          6.1
 *   0x200     VM_GROWSUP      VM_UFFD_MISSING
 *   0x800     VM_DENYWRITE    -
 *   0x1000    VM_EXECUTABLE   VM_UFFD_WP
 *   0x80000   VM_RESERVED     VM_LOCKONFAULT   (mmdsl keeps 2.6's VM_RESERVED in bit 43)
 *   0x200000  -               VM_NORESERVE     (2.6.29)
 *   0x800000  VM_NONLINEAR    VM_SYNC
 *   0x1000000 VM_MAPPED_COPY  VM_ARCH_1 (x86: VM_PAT)
 *   0x2000000 VM_INSERTPAGE   VM_WIPEONFORK
 *   0x4000000 VM_ALWAYSDUMP   VM_DONTDUMP
 *   0x8000000 VM_CAN_NONLINEAR VM_SOFTDIRTY
 *   0x10000000.. -            VM_MIXEDMAP (2.6.25) VM_HUGEPAGE VM_NOHUGEPAGE VM_MERGEABLE
 * </pre>
 * 6.10 adds VM_SEALED (bit 42, 64-bit only). Does not invent flags the model does not track: 2.6's
 * VM_DENYWRITE|VM_EXECUTABLE of an exec'd binary, VM_ALWAYSDUMP of the vDSO and VM_CAN_NONLINEAR of a
 * file mapping, 6.1's VM_SOFTDIRTY are not set by mmdsl, so they are not shown.
 */
public final class VmFlagNames {
    private VmFlagNames() {
    }

    private static final String[] NAMES_2_6 = {
        "VM_READ", "VM_WRITE", "VM_EXEC", "VM_SHARED", "VM_MAYREAD", "VM_MAYWRITE", "VM_MAYEXEC", "VM_MAYSHARE",
        "VM_GROWSDOWN", "VM_GROWSUP", "VM_PFNMAP", "VM_DENYWRITE", "VM_EXECUTABLE", "VM_LOCKED", "VM_IO",
        "VM_SEQ_READ", "VM_RAND_READ", "VM_DONTCOPY", "VM_DONTEXPAND", "VM_RESERVED", "VM_ACCOUNT", null,
        "VM_HUGETLB", "VM_NONLINEAR", "VM_MAPPED_COPY", "VM_INSERTPAGE", "VM_ALWAYSDUMP", "VM_CAN_NONLINEAR"};

    private static final String[] NAMES_6_1 = {
        "VM_READ", "VM_WRITE", "VM_EXEC", "VM_SHARED", "VM_MAYREAD", "VM_MAYWRITE", "VM_MAYEXEC", "VM_MAYSHARE",
        "VM_GROWSDOWN", "VM_UFFD_MISSING", "VM_PFNMAP", null, "VM_UFFD_WP", "VM_LOCKED", "VM_IO",
        "VM_SEQ_READ", "VM_RAND_READ", "VM_DONTCOPY", "VM_DONTEXPAND", "VM_LOCKONFAULT", "VM_ACCOUNT", "VM_NORESERVE",
        "VM_HUGETLB", "VM_SYNC", "VM_PAT", "VM_WIPEONFORK", "VM_DONTDUMP", "VM_SOFTDIRTY",
        "VM_MIXEDMAP", "VM_HUGEPAGE", "VM_NOHUGEPAGE", "VM_MERGEABLE"};

    /** The bits 2.6.24 has in the same place as the model's (6.1's) layout. */
    private static final long SAME_IN_2_6 = 0x1ffL | Vma.VM_PFNMAP | Vma.VM_LOCKED | Vma.VM_IO | Vma.VM_SEQ_READ
            | Vma.VM_RAND_READ | Vma.VM_DONTCOPY | Vma.VM_DONTEXPAND | Vma.VM_ACCOUNT | Vma.VM_HUGETLB;

    /**
     * The vm_flags value the kernel of {@code version} holds for the model's {@code modelFlags}: 2.6.24
     * keeps the bits it shares with 6.1, puts VM_RESERVED at 0x80000 and has nothing for the rest (its
     * MAP_NORESERVE only leaves VM_ACCOUNT off); 6.1 drops mmdsl's bit for 2.6's VM_RESERVED, and VM_SEALED
     * before 6.10.
     */
    public static long kernelBits(long modelFlags, KernelVersion version) {
        if (version == KernelVersion.V2_6) {
            return (modelFlags & SAME_IN_2_6) | ((modelFlags & Vma.VM_RESERVED) != 0 ? 0x80000L : 0);
        }
        long f = modelFlags & ~Vma.VM_RESERVED;
        return version == KernelVersion.V6_1 ? f & ~Vma.VM_SEALED : f;
    }

    /** The names of the bits of {@code kernelFlags} (a {@link #kernelBits} value), low bit first, joined with '|'. */
    public static String names(long kernelFlags, KernelVersion version) {
        String[] table = version == KernelVersion.V2_6 ? NAMES_2_6 : NAMES_6_1;
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((kernelFlags & (1L << bit)) == 0) {
                continue;
            }
            String name = bit < table.length ? table[bit] : bit == 42 ? "VM_SEALED" : null;
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name != null ? name : String.format("0x%x", 1L << bit));
        }
        return sb.length() == 0 ? "VM_NONE" : sb.toString();
    }
}
