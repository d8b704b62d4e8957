package org.mmdsl.runtime.vma;

/**
 * struct vm_area_struct: one VMA [vmStart, vmEnd) of an address space (include/linux/mm_types.h).
 *
 * <p>vm_flags bits as include/linux/mm.h (6.1) numbers them:
 * <pre>
 *   0x1 READ  0x2 WRITE  0x4 EXEC  0x8 SHARED  0x10 MAYREAD  0x20 MAYWRITE  0x40 MAYEXEC  0x80 MAYSHARE
 *   0x100 GROWSDOWN  0x400 PFNMAP  0x2000 LOCKED  0x4000 IO  0x8000 SEQ_READ  0x10000 RAND_READ
 *   0x20000 DONTCOPY  0x40000 DONTEXPAND  0x80000 LOCKONFAULT  0x100000 ACCOUNT  0x200000 NORESERVE
 *   0x400000 HUGETLB  0x800000 SYNC  0x2000000 WIPEONFORK  0x4000000 DONTDUMP  0x10000000 MIXEDMAP
 *   0x20000000 HUGEPAGE  0x40000000 NOHUGEPAGE  0x80000000 MERGEABLE
 * </pre>
 */
public final class Vma {
    public static final long VM_NONE = 0;
    public static final long VM_READ = 0x1;
    public static final long VM_WRITE = 0x2;
    public static final long VM_EXEC = 0x4;
    public static final long VM_SHARED = 0x8;
    public static final long VM_MAYREAD = 0x10;
    public static final long VM_MAYWRITE = 0x20;
    public static final long VM_MAYEXEC = 0x40;
    public static final long VM_MAYSHARE = 0x80;
    public static final long VM_GROWSDOWN = 0x100;
    public static final long VM_PFNMAP = 0x400;
    public static final long VM_LOCKED = 0x2000;
    public static final long VM_IO = 0x4000;
    public static final long VM_SEQ_READ = 0x8000;
    public static final long VM_RAND_READ = 0x10000;
    public static final long VM_DONTCOPY = 0x20000;
    public static final long VM_DONTEXPAND = 0x40000;
    public static final long VM_LOCKONFAULT = 0x80000;
    public static final long VM_ACCOUNT = 0x100000;
    public static final long VM_NORESERVE = 0x200000;
    public static final long VM_HUGETLB = 0x400000;
    public static final long VM_SYNC = 0x800000;
    public static final long VM_WIPEONFORK = 0x2000000;
    public static final long VM_DONTDUMP = 0x4000000;
    public static final long VM_MIXEDMAP = 0x10000000;
    public static final long VM_HUGEPAGE = 0x20000000;
    public static final long VM_NOHUGEPAGE = 0x40000000;
    public static final long VM_MERGEABLE = 0x80000000L;
    /** VM_SEALED (mseal(), 64-bit only; smaps "sl"). */
    public static final long VM_SEALED = 1L << 42;
    /**
     * 2.6.24's VM_RESERVED ("Count as reserved_vm like IO", include/linux/mm.h 0x00080000, where 6.1
     * has VM_LOCKONFAULT; removed in 3.7), kept in a bit of its own: set only under {@code kernel 2.6},
     * by remap_pfn_range() and remap_vmalloc_range(). It never merges (VM_SPECIAL) and is left out
     * of VmSize (reserved_vm).
     */
    public static final long VM_RESERVED = 1L << 43;

    public static final long VM_STACK = VM_GROWSDOWN;
    /** VM_LOCKED_MASK: what mlock() sets and munlock() clears. */
    public static final long VM_LOCKED_MASK = VM_LOCKED | VM_LOCKONFAULT;
    public static final long VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC;
    /** VM_SPECIAL: mappings that never merge and are never expanded. */
    public static final long VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP | VM_RESERVED;
    /** VM_DATA_DEFAULT_FLAGS (VM_DATA_FLAGS_NON_EXEC on x86): heap and stack. */
    public static final long VM_DATA_DEFAULT_FLAGS = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

    /** Which special mapping a VMA is (_install_special_mapping()); NONE for ordinary VMAs. */
    public enum Special {
        NONE(null), VVAR("[vvar]"), VVAR_VCLOCK("[vvar_vclock]"), VDSO("[vdso]");

        public final String name;

        Special(String name) {
            this.name = name;
        }
    }

    long vmStart;
    long vmEnd;
    long vmFlags;
    long vmPgoff;
    final FileRef file;
    long anonVma;
    /**
     * The anon_vma chain also holds a parent process's anon_vma (anon_vma_fork() linked this VMA
     * to the parent's before giving it its own): the chain is not singular, so the VMA neither
     * merges with a VMA lacking an anon_vma nor lends its anon_vma to a neighbour
     * (is_mergeable_anon_vma(), reusable_anon_vma()). Never cleared, as the kernel never prunes
     * the chain of a live VMA.
     */
    boolean uncowedParents;
    final Special special;
    MmStruct mm;
    /** vm_ops with vm_private_data of a device mapping ({@link DeviceMap}), null for every other VMA. */
    DeviceVmOps vmOps;
    /** vma->vm_policy (mbind()); null: the task's policy applies. */
    Mempolicy policy;
    /** vm_next and vm_prev (2.6–6.0): the neighbours in address order while the VMA is in its mm's {@link VmaTree}. */
    Vma vmNext;
    Vma vmPrev;
    /** The VmaTree node this VMA is (the kernel embeds vm_rb the same way): children, priority, size. */
    Vma treeLeft;
    Vma treeRight;
    int treePrio;
    int treeSize;
    /** The free hole right below this VMA ({@link VmaTree#gapBelow}) and the largest in its subtree (rb_subtree_gap). */
    long gap;
    long subtreeGap;

    Vma(long vmStart, long vmEnd, long vmFlags, long vmPgoff, FileRef file, long anonVma, Special special) {
        this.vmStart = vmStart;
        this.vmEnd = vmEnd;
        this.vmFlags = vmFlags;
        this.vmPgoff = vmPgoff;
        this.file = file;
        this.anonVma = anonVma;
        this.special = special;
    }

    /** A copy for __split_vma() (vm_area_dup()). */
    Vma dup() {
        Vma v = new Vma(vmStart, vmEnd, vmFlags, vmPgoff, file, anonVma, special);
        v.uncowedParents = uncowedParents;
        v.vmOps = vmOps;
        v.policy = policy; // vma_dup_policy()
        return v;
    }

    /** vma->vm_policy: the VMA's NUMA policy (mbind()), or null to use the task's. */
    public Mempolicy policy() {
        return policy;
    }

    /** The device mapping's handlers (vm_ops), or null. */
    public DeviceVmOps vmOps() {
        return vmOps;
    }

    /**
     * Gives this new VMA the vm_ops of {@code src} and calls its open, as dup_mmap(), __split_vma()
     * and copy_vma() do for a VMA copied from another ("if (new->vm_ops && new->vm_ops->open)").
     */
    void openCopyOf(Vma src) {
        vmOps = src.vmOps;
        if (vmOps != null) {
            vmOps.open(this);
        }
    }

    /** The address space this VMA belongs to (vm_mm). */
    public MmStruct mm() {
        return mm;
    }

    public long vmStart() {
        return vmStart;
    }

    public long vmEnd() {
        return vmEnd;
    }

    public long vmFlags() {
        return vmFlags;
    }

    /** vm_pgoff in pages: the file page at vmStart, or vmStart >> 12 for private anonymous VMAs. */
    public long vmPgoff() {
        return vmPgoff;
    }

    /** The mapped file, or null for anonymous memory (including special mappings). */
    public FileRef file() {
        return file;
    }

    /** Identity of the anon_vma (0 = none yet; assigned by anon_vma_prepare() on the first COW). */
    public long anonVma() {
        return anonVma;
    }

    /**
     * Mirrors 6.18's vma_had_uncowed_parents(): the VMA has an anon_vma and its anon_vma chain
     * links a parent's too (it was copied by fork from a VMA that had one).
     */
    public boolean hadUncowedParents() {
        return anonVma != 0 && uncowedParents;
    }

    public Special special() {
        return special;
    }

    public long pages() {
        return (vmEnd - vmStart) >>> 12;
    }

    /** Mirrors vma_is_anonymous(). */
    public boolean isAnonymous() {
        return file == null && special == Special.NONE;
    }

    /** Mirrors vma_is_accessible(). */
    public boolean isAccessible() {
        return (vmFlags & VM_ACCESS_FLAGS) != 0;
    }

    public boolean has(long flag) {
        return (vmFlags & flag) != 0;
    }

    /** The "rw-p" column of maps. */
    public String perms() {
        return new String(new char[] {
            has(VM_READ) ? 'r' : '-', has(VM_WRITE) ? 'w' : '-', has(VM_EXEC) ? 'x' : '-',
            has(VM_MAYSHARE) ? 's' : 'p'});
    }

    /** smaps' VmFlags mnemonics (fs/proc/task_mmu.c show_smap_vma_flags()). */
    public String vmFlagsMnemonics() {
        String[] names = {"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", null, "pf", null, null, "lo", "io",
            "sr", "rr", "dc", "de", "lf", "ac", "nr", "ht", "sf", null, "wf", "dd", null, "mm", "hg", "nh", "mg"};
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < names.length; bit++) {
            if (names[bit] != null && (vmFlags & (1L << bit)) != 0) {
                sb.append(names[bit]).append(' ');
            }
        }
        if ((vmFlags & VM_SEALED) != 0) {
            sb.append("sl ");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format("%x-%x %s", vmStart, vmEnd, perms());
    }
}
