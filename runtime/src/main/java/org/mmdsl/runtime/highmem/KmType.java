package org.mmdsl.runtime.highmem;

import org.mmdsl.runtime.uapi.KernelFeature;
import org.mmdsl.runtime.uapi.KernelWord;

/**
 * enum km_type of 2.6.24 i386 (include/asm-x86/kmap_types.h): the slot a 2.6 caller names in {@code kmap_atomic(page, KM_USER0)}. Each CPU has
 * one fixmap page per type, {@code FIX_KMAP_BEGIN + type + KM_TYPE_NR * cpu}, so two users of the
 * same type on one CPU would share a page; the convention of which context uses which type is what
 * keeps them apart (LDD3 15.1.3 "kmap_atomic ... slot": KM_USER0/1 in process context, KM_IRQ0/1 in
 * interrupt handlers, KM_SOFTIRQ0/1 in softirqs; Love ch. 15 "Temporary Mappings").
 *
 * <p>The ordinals are the enum values without CONFIG_DEBUG_HIGHMEM. With it, kmap_types.h puts a
 * {@code __KM_FENCE_n} entry before every type (the D(n) macro), so KM_TYPE_NR doubles and every
 * slot moves; the 2.6 model ({@link org.mmdsl.runtime.arch.KernelModel}) has no DEBUG_HIGHMEM.
 *
 * <p>Not modelled: 2.6.24 does not check the type against the context (debug_kmap_atomic_prot(),
 * which warns about KM_USER0 in an interrupt or KM_IRQ0 with interrupts enabled, arrived after
 * 2.6.24), and a scenario has no interrupt context, so {@link #context} is documentation only.
 */
public enum KmType implements KernelWord {
    KM_BOUNCE_READ("bounce buffers (mm/bounce.c)"),
    KM_SKB_SUNRPC_DATA("softirq: SUNRPC socket data"),
    KM_SKB_DATA_SOFTIRQ("softirq: skb data"),
    KM_USER0("process context"),
    KM_USER1("process context (a second page, e.g. copy_user_highpage's destination)"),
    KM_BIO_SRC_IRQ("interrupt: bio source page"),
    KM_BIO_DST_IRQ("interrupt: bio destination page"),
    KM_PTE0("process context: a highmem page table (pte_offset_map, CONFIG_HIGHPTE)"),
    KM_PTE1("process context: a second highmem page table (pte_offset_map_nested)"),
    KM_IRQ0("interrupt handlers"),
    KM_IRQ1("interrupt handlers (a second page)"),
    KM_SOFTIRQ0("softirqs"),
    KM_SOFTIRQ1("softirqs (a second page)");

    /** KM_TYPE_NR: slots per CPU. */
    public static final int KM_TYPE_NR = values().length;

    /** Who uses the type, by convention (nothing in 2.6.24 enforces it). */
    public final String context;

    KmType(String context) {
        this.context = context;
    }

    @Override
    public String word() {
        return name();
    }

    @Override
    public String kernelName() {
        return name();
    }

    /** The enum value, the slot's offset in a CPU's FIX_KMAP range. */
    @Override
    public long value() {
        return ordinal();
    }

    @Override
    public String since() {
        return KernelFeature.KM_TYPE.since();
    }

    /** 2.6.37 replaced the named slots by a per-CPU stack ("mm: stack based kmap_atomic()"). */
    @Override
    public String removedIn() {
        return KernelFeature.KM_TYPE.removedIn();
    }

    @Override
    public String doc() {
        return context;
    }

    /** The type a scenario names ({@code KM_USER0}), or null. */
    public static KmType byName(String name) {
        for (KmType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The names, comma-separated, in enum order (for messages). */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (KmType t : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
        }
        return sb.toString();
    }
}
