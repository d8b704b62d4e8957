package org.mmdsl.runtime.highmem;

/**
 * The one place where the kernel version decides how the highmem API looks. Everything that differs
 * between versions is a field of the constant; the validator and the runtime read only these fields:
 *
 * <pre>
 *   choice                               6.1 (mm/highmem.c,                2.6 (2.6.24 arch/x86/mm/highmem_32.c,
 *                                        Documentation/mm/highmem.rst)     LDD3 15.1.3, Love ch. 15)
 *   kmap_atomic(page) takes a slot type   no                                yes: kmap_atomic(page, KM_USER0), {@link KmType}
 *   kmap_atomic deprecated                yes ("use kmap_local_page()")     no
 *   kmap_local_page exists                yes (since 5.11)                  no
 *   fixmap slots per CPU                  KM_MAX_IDX = 16, a stack          KM_TYPE_NR = 13, one per type
 *                                        ({@link KmapLocal})              ({@link KmTypeSlots})
 * </pre>
 */
public enum HighmemApi {
    V6_1("6.1", false, true, true, 16,
            "kmap_atomic() is deprecated (Documentation/mm/highmem.rst, checkpatch): use kmap_local_page(); "
                    + "it does not disable preemption or page faults, only migration"),
    V2_6("2.6", true, false, false, KmType.KM_TYPE_NR, null);

    /** The version as a scenario would name it. */
    public final String version;
    /** kmap_atomic(page, KM_xxx): the caller names the slot (2.6). */
    public final boolean slotTypeArgument;
    /** kmap_local_page()/kunmap_local() exist. */
    public final boolean kmapLocal;
    /** kmap_atomic() draws a deprecation warning. */
    public final boolean kmapAtomicDeprecated;
    /** Fixmap kmap slots per CPU (KM_MAX_IDX in 6.1, KM_TYPE_NR in 2.6). */
    public final int slotsPerCpu;
    /** The warning text for kmap_atomic() where it is deprecated (null where it is not). */
    public final String kmapAtomicDeprecation;

    HighmemApi(String version, boolean slotTypeArgument, boolean kmapLocal, boolean kmapAtomicDeprecated,
            int slotsPerCpu, String kmapAtomicDeprecation) {
        this.version = version;
        this.slotTypeArgument = slotTypeArgument;
        this.kmapLocal = kmapLocal;
        this.kmapAtomicDeprecated = kmapAtomicDeprecated;
        this.slotsPerCpu = slotsPerCpu;
        this.kmapAtomicDeprecation = kmapAtomicDeprecation;
    }

    /** The model a scenario gets without a kernel-version boot option. */
    public static final HighmemApi DEFAULT = V6_1;

    /** The highmem API of a kernel model. */
    public static HighmemApi of(org.mmdsl.runtime.arch.KernelModel model) {
        return model == org.mmdsl.runtime.arch.KernelModel.V2_6 ? V2_6 : V6_1;
    }
}
