package org.mmdsl.runtime.uapi;

/**
 * Something a kernel release has or lacks: a flag, an advice, a system call, a /proc file. The
 * releases come from the kernel's git history (the commit that added the name to its include/uapi
 * header or mm/ file); {@link KernelVersion#has(KernelFact)} decides with them which modelled kernel
 * has it, so a version gate is a look-up in one table, not a comparison kept at each use.
 *
 * <p>Does not say what the kernel does with it: that is the rule that uses it.
 */
public interface KernelFact {
    /** How the kernel spells it: {@code MAP_FIXED_NOREPLACE}, {@code mlock2()}, {@code /proc/vmallocinfo}. */
    String kernelName();

    /**
     * The first release that has it ("4.17"), or null when it is older than every kernel mmdsl models
     * (2.6.24).
     */
    String since();

    /** The release that removed it, or null while the newest modelled kernel still has it. */
    default String removedIn() {
        return null;
    }

    /** One line of kernel documentation: what it means, in the man page's or header comment's sense. */
    String doc();
}
