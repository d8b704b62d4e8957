package org.mmdsl.runtime.arch;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * i386 CONFIG_VMSPLIT_*: where the kernel's direct map starts (PAGE_OFFSET = TASK_SIZE). The words a
 * scenario writes after {@code split} (arch/x86/Kconfig's choice "Memory split"), a vocabulary set.
 */
public enum Split implements KernelWord {
    SPLIT_3G_1G(0xC0000000L, "3G/1G", "CONFIG_VMSPLIT_3G", "3 GB for user space, 1 GB for the kernel (the default)"),
    SPLIT_2G_2G(0x80000000L, "2G/2G", "CONFIG_VMSPLIT_2G", "2 GB for user space, 2 GB for the kernel: a larger direct map"),
    SPLIT_1G_3G(0x40000000L, "1G/3G", "CONFIG_VMSPLIT_1G", "1 GB for user space, 3 GB for the kernel: most RAM in lowmem");

    /** CONFIG_PAGE_OFFSET. */
    public final long pageOffset;
    /** How the Kconfig help names it: user/kernel. */
    public final String label;
    private final String kernelName;
    private final String doc;

    Split(long pageOffset, String label, String kernelName, String doc) {
        this.pageOffset = pageOffset;
        this.label = label;
        this.kernelName = kernelName;
        this.doc = doc;
    }

    /** The split a scenario spells {@code word} ("2G/2G"), or null. */
    public static Split byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return label;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    /** PAGE_OFFSET. */
    @Override
    public long value() {
        return pageOffset;
    }

    @Override
    public String since() {
        return null;
    }

    @Override
    public String doc() {
        return doc;
    }
}
