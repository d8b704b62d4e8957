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

    /** mremap() flags (include/uapi/linux/mman.h). */
    public static final int MREMAP_MAYMOVE = 1;
    public static final int MREMAP_FIXED = 2;
    public static final int MREMAP_DONTUNMAP = 4;

    /** madvise() advice (include/uapi/asm-generic/mman-common.h). */
    public static final int MADV_NORMAL = 0;
    public static final int MADV_RANDOM = 1;
    public static final int MADV_SEQUENTIAL = 2;
    public static final int MADV_WILLNEED = 3;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_FREE = 8;
    public static final int MADV_REMOVE = 9;
    public static final int MADV_DONTFORK = 10;
    public static final int MADV_DOFORK = 11;
    public static final int MADV_MERGEABLE = 12;
    public static final int MADV_UNMERGEABLE = 13;
    public static final int MADV_HUGEPAGE = 14;
    public static final int MADV_NOHUGEPAGE = 15;
    public static final int MADV_DONTDUMP = 16;
    public static final int MADV_DODUMP = 17;
    public static final int MADV_WIPEONFORK = 18;
    public static final int MADV_KEEPONFORK = 19;
    public static final int MADV_COLD = 20;
    public static final int MADV_PAGEOUT = 21;
    public static final int MADV_POPULATE_READ = 22;
    public static final int MADV_POPULATE_WRITE = 23;
    public static final int MADV_DONTNEED_LOCKED = 24;
    /** Guard regions (6.13): install / remove PTE_MARKER_GUARD markers. */
    public static final int MADV_GUARD_INSTALL = 102;
    public static final int MADV_GUARD_REMOVE = 103;

    /**
     * The advice names the language and the oracle driver use, indexed by advice number (null: none);
     * read from {@link Madv}, the one list of them.
     */
    public static final String[] MADV_NAMES = new String[MADV_GUARD_REMOVE + 1];

    static {
        for (Madv a : Madv.values()) {
            MADV_NAMES[(int) a.value()] = a.word();
        }
    }

    /** The advice number of a name, or -1. */
    public static int madvise(String name) {
        Madv a = Madv.byWord(name);
        return a == null ? -1 : (int) a.value();
    }

    /** mlock2() flag and mlockall() flags. */
    public static final int MLOCK_ONFAULT = 1;
    public static final int MCL_CURRENT = 1;
    public static final int MCL_FUTURE = 2;
    public static final int MCL_ONFAULT = 4;

    /** msync() flags. */
    public static final int MS_ASYNC = 1;
    public static final int MS_INVALIDATE = 2;
    public static final int MS_SYNC = 4;

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

    /**
     * The MAP_ bits strace names, in bit order: the vocabulary's {@link MapFlag}s and the two the kernel
     * ignores that no scenario writes (MAP_DENYWRITE, MAP_EXECUTABLE).
     */
    private static final int[] MAP_BITS;
    private static final String[] MAP_NAMES;

    static {
        java.util.TreeMap<Integer, String> bits = new java.util.TreeMap<>();
        for (MapFlag f : MapFlag.values()) {
            bits.put((int) f.value(), f.kernelName());
        }
        bits.put(MAP_DENYWRITE, "MAP_DENYWRITE");
        bits.put(MAP_EXECUTABLE, "MAP_EXECUTABLE");
        MAP_BITS = bits.keySet().stream().mapToInt(Integer::intValue).toArray();
        MAP_NAMES = bits.values().toArray(new String[0]);
    }

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
