package org.mmdsl.runtime.uapi;

/**
 * open() flags and memfd seals with the kernel's values (include/uapi/asm-generic/fcntl.h, which
 * x86 uses unchanged, and include/uapi/linux/fcntl.h). The words a scenario writes are
 * {@link OpenFlag} and {@link FileSeal}; these constants are for the rules that test bits.
 *
 * <pre>
 *   open:  O_ACCMODE 03: 0 O_RDONLY  1 O_WRONLY  2 O_RDWR;  010000000 (0x200000) O_PATH
 *   seals: 0x01 SEAL  0x02 SHRINK  0x04 GROW  0x08 WRITE  0x10 FUTURE_WRITE  0x20 EXEC
 * </pre>
 */
public final class Fcntl {
    private Fcntl() {
    }

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_ACCMODE = 3;
    public static final int O_PATH = 010000000;

    public static final int F_SEAL_SEAL = 0x1;
    public static final int F_SEAL_SHRINK = 0x2;
    public static final int F_SEAL_GROW = 0x4;
    public static final int F_SEAL_WRITE = 0x8;
    public static final int F_SEAL_FUTURE_WRITE = 0x10;
    public static final int F_SEAL_EXEC = 0x20;
}
