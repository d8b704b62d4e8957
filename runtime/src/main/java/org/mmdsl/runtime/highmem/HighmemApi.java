package org.mmdsl.runtime.highmem;

/**
 * The one place where the kernel version decides how the highmem API looks (issue 7 adds the 2.6
 * textbook kernel here). Everything that differs between versions is a field of the constant:
 *
 * <pre>
 *   choice                               6.1 (mm/highmem.c, Documentation/mm/highmem.rst)
 *   kmap_atomic(page) takes a slot type   no  (2.6: kmap_atomic(page, KM_USER0), enum km_type)
 *   kmap_atomic deprecated                yes ("deprecated; use kmap_local_page()")
 *   kmap_local_page exists                yes (since 5.11)
 *   fixmap slots per CPU                  KM_MAX_IDX = 16 (a stack; 2.6: KM_TYPE_NR, one per type)
 * </pre>
 * A 2.6 constant would say {@code slotTypeArgument = true}, {@code kmapLocal = false}, its
 * KM_TYPE_NR, and no deprecation; the validator and the runtime read only these fields.
 */
public enum HighmemApi {
    V6_1("6.1", false, true, true, 16,
            "kmap_atomic() is deprecated (Documentation/mm/highmem.rst, checkpatch): use kmap_local_page(); "
                    + "it does not disable preemption or page faults, only migration");

    /** The version as a scenario would name it. */
    public final String version;
    /** kmap_atomic(page, KM_xxx): the caller names the slot (2.6). */
    public final boolean slotTypeArgument;
    /** kmap_local_page()/kunmap_local() exist. */
    public final boolean kmapLocal;
    /** kmap_atomic() draws a deprecation warning. */
    public final boolean kmapAtomicDeprecated;
    /** Fixmap kmap slots per CPU (KM_MAX_IDX in 6.1). */
    public final int slotsPerCpu;
    /** The warning text for kmap_atomic() where it is deprecated. */
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
}
