package org.mmdsl.runtime.vma;

/**
 * Sets vm_flags bits that no modelled system call sets yet (madvise(MADV_DONTFORK /
 * MADV_WIPEONFORK) is not in {@link MmStruct}), so fork tests can exercise them.
 */
public final class TestVmaFlags {
    private TestVmaFlags() {
    }

    /** vm_flags |= flag on the VMA containing addr, as madvise_update_vma() does for the whole VMA. */
    public static void setFlag(MmStruct mm, long addr, long flag) {
        mm.vmaLookup(addr).vmFlags |= flag;
    }
}
