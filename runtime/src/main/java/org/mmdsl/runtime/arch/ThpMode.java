package org.mmdsl.runtime.arch;

/**
 * /sys/kernel/mm/transparent_hugepage/enabled, as {@code transparent_hugepage=} sets it at boot
 * (mm/huge_memory.c setup_transparent_hugepage()): which anonymous VMAs may get a PMD-mapped
 * 2 MiB page on a fault. {@code always}: every VMA without VM_NOHUGEPAGE; {@code madvise}: only
 * VMAs with VM_HUGEPAGE (madvise(MADV_HUGEPAGE)); {@code never}: none.
 *
 * <p>The default is the kernel configuration the model plays (see {@link BootParams#thpMode()}).
 */
public enum ThpMode {
    ALWAYS("always"),
    MADVISE("madvise"),
    NEVER("never");

    public final String word;

    ThpMode(String word) {
        this.word = word;
    }

    /** The mode a scenario spells {@code word}, or null. */
    public static ThpMode byWord(String word) {
        for (ThpMode m : values()) {
            if (m.word.equals(word)) {
                return m;
            }
        }
        return null;
    }
}
