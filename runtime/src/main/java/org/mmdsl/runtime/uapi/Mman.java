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

    private static final int[] MAP_BITS = {MAP_FIXED, MAP_ANONYMOUS, MAP_32BIT, MAP_GROWSDOWN, MAP_DENYWRITE,
        MAP_EXECUTABLE, MAP_LOCKED, MAP_NORESERVE, MAP_POPULATE, MAP_NONBLOCK, MAP_STACK, MAP_HUGETLB, MAP_SYNC,
        MAP_FIXED_NOREPLACE};
    private static final String[] MAP_NAMES = {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_32BIT", "MAP_GROWSDOWN",
        "MAP_DENYWRITE", "MAP_EXECUTABLE", "MAP_LOCKED", "MAP_NORESERVE", "MAP_POPULATE", "MAP_NONBLOCK", "MAP_STACK",
        "MAP_HUGETLB", "MAP_SYNC", "MAP_FIXED_NOREPLACE"};

    /** PROT bits the way strace prints them: "PROT_READ|PROT_WRITE", "PROT_NONE". */
    public static String protNames(int prot) {
        if (prot == PROT_NONE) {
            return "PROT_NONE";
        }
        StringBuilder sb = new StringBuilder();
        String[] names = {"PROT_READ", "PROT_WRITE", "PROT_EXEC"};
        int rest = prot;
        for (int i = 0; i < 3; i++) {
            if ((prot & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
                rest &= ~(1 << i);
            }
        }
        if ((rest & PROT_GROWSDOWN) != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("PROT_GROWSDOWN");
            rest &= ~PROT_GROWSDOWN;
        }
        if (rest != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append(String.format("0x%x", rest));
        }
        return sb.toString();
    }

    /** MAP flags the way strace prints them: "MAP_PRIVATE|MAP_ANONYMOUS". */
    public static String mapFlagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        switch (flags & MAP_TYPE) {
            case MAP_SHARED -> sb.append("MAP_SHARED");
            case MAP_PRIVATE -> sb.append("MAP_PRIVATE");
            case MAP_SHARED_VALIDATE -> sb.append("MAP_SHARED_VALIDATE");
            default -> sb.append(String.format("0x%x", flags & MAP_TYPE));
        }
        int rest = flags & ~MAP_TYPE;
        for (int i = 0; i < MAP_BITS.length; i++) {
            if ((rest & MAP_BITS[i]) != 0) {
                sb.append('|').append(MAP_NAMES[i]);
                rest &= ~MAP_BITS[i];
            }
        }
        if (rest != 0) {
            sb.append(String.format("|0x%x", rest));
        }
        return sb.toString();
    }
}
