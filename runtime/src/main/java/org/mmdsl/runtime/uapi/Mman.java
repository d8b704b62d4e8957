package org.mmdsl.runtime.uapi;

/**
 * PROT_* and MAP_* bits with the kernel's values (include/uapi/asm-generic/mman-common.h,
 * mman.h, arch/x86/include/uapi/asm/mman.h).
 *
 * <pre>
 *   PROT:  bit 0 READ | bit 1 WRITE | bit 2 EXEC | 0x01000000 GROWSDOWN | 0x02000000 GROWSUP
 *   MAP:   0x01 SHARED  0x02 PRIVATE  0x03 SHARED_VALIDATE  0x10 FIXED  0x20 ANONYMOUS
 *          0x40 32BIT (x86)  0x100 GROWSDOWN  0x800 DENYWRITE  0x1000 EXECUTABLE  0x2000 LOCKED
 *          0x4000 NORESERVE  0x8000 POPULATE  0x10000 NONBLOCK  0x20000 STACK  0x40000 HUGETLB
 *          0x80000 SYNC  0x100000 FIXED_NOREPLACE
 * </pre>
 */
public final class Mman {
    private Mman() {
    }

    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;
    public static final int PROT_GROWSDOWN = 0x01000000;
    public static final int PROT_GROWSUP = 0x02000000;

    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_SHARED_VALIDATE = 0x03;
    public static final int MAP_TYPE = 0x0f;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_32BIT = 0x40;
    public static final int MAP_GROWSDOWN = 0x0100;
    public static final int MAP_DENYWRITE = 0x0800;
    public static final int MAP_EXECUTABLE = 0x1000;
    public static final int MAP_LOCKED = 0x2000;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_NONBLOCK = 0x10000;
    public static final int MAP_STACK = 0x20000;
    public static final int MAP_HUGETLB = 0x40000;
    public static final int MAP_SYNC = 0x80000;
    public static final int MAP_FIXED_NOREPLACE = 0x100000;

    /** "rw-" style text of the low three PROT bits, as maps prints them (without the p/s column). */
    public static String protString(int prot) {
        return new String(new char[] {
            (prot & PROT_READ) != 0 ? 'r' : '-',
            (prot & PROT_WRITE) != 0 ? 'w' : '-',
            (prot & PROT_EXEC) != 0 ? 'x' : '-'});
    }

    /**
     * Parses "rw-", "r-x", "---": exactly three characters, each the letter of its position or
     * '-'. Returns -1 for anything else.
     */
    public static int parseProt(String text) {
        if (text == null || text.length() != 3) {
            return -1;
        }
        int prot = 0;
        char[] letters = {'r', 'w', 'x'};
        for (int i = 0; i < 3; i++) {
            char c = text.charAt(i);
            if (c == letters[i]) {
                prot |= 1 << i;
            } else if (c != '-') {
                return -1;
            }
        }
        return prot;
    }
}
