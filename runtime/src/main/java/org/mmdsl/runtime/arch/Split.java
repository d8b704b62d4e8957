package org.mmdsl.runtime.arch;

/** i386 CONFIG_VMSPLIT_*: where the kernel's direct map starts (PAGE_OFFSET = TASK_SIZE). */
public enum Split {
    SPLIT_3G_1G(0xC0000000L, "3G/1G"),
    SPLIT_2G_2G(0x80000000L, "2G/2G"),
    SPLIT_1G_3G(0x40000000L, "1G/3G");

    /** CONFIG_PAGE_OFFSET. */
    public final long pageOffset;
    /** How the Kconfig help names it: user/kernel. */
    public final String label;

    Split(long pageOffset, String label) {
        this.pageOffset = pageOffset;
        this.label = label;
    }
}
