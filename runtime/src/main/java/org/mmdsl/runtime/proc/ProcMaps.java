package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * /proc/PID/maps as fs/proc/task_mmu.c show_map_vma() prints it:
 * {@code "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu "}, then, only when the VMA has a name,
 * blanks up to the width seq_setwidth(25 + sizeof(void *) * 6 - 1) set, one more blank from
 * seq_pad(m, ' ') and the name. The name therefore starts at column 73 on a 64-bit kernel
 * (width 72) and at column 49 on a 32-bit kernel (width 48), for every task. Lines without a name
 * end with the inode and its trailing blank.
 */
public final class ProcMaps {
    private ProcMaps() {
    }

    /** The whole maps file of {@code mm}; a 64-bit task on a 64-bit kernel ends with [vsyscall]. */
    public static String render(MmStruct mm, boolean kernel64) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            line(sb, v.vmStart(), v.vmEnd(), v.perms(), offset(v), devMajor(v), devMinor(v), inode(v),
                    mm.vmaName(v), kernel64);
            sb.append('\n');
        }
        if (mm.hasVsyscallPage()) {
            long a = MmStruct.vsyscallAddr();
            line(sb, a, a + MmStruct.PAGE_SIZE, "--xp", 0, 0, 0, 0, "[vsyscall]", kernel64);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The maps line of one VMA, without the newline (for event messages). */
    public static String mapsLine(Vma v) {
        MmStruct mm = v.mm();
        StringBuilder sb = new StringBuilder();
        line(sb, v.vmStart(), v.vmEnd(), v.perms(), offset(v), devMajor(v), devMinor(v), inode(v),
                mm == null ? null : mm.vmaName(v), mm != null && mm.kernelPageTables().kernel64());
        return sb.toString();
    }

    private static long offset(Vma v) {
        return v.file() == null ? 0 : v.vmPgoff() << 12;
    }

    private static int devMajor(Vma v) {
        return v.file() == null ? 0 : v.file().devMajor;
    }

    private static int devMinor(Vma v) {
        return v.file() == null ? 0 : v.file().devMinor;
    }

    private static long inode(Vma v) {
        return v.file() == null ? 0 : v.file().inode;
    }

    private static void line(StringBuilder sb, long start, long end, String perms, long offset, int major,
            int minor, long inode, String name, boolean kernel64) {
        int lineStart = sb.length();
        hex8(sb, start);
        sb.append('-');
        hex8(sb, end);
        sb.append(' ').append(perms).append(' ');
        hex8(sb, offset);
        sb.append(' ');
        hex2(sb, major);
        sb.append(':');
        hex2(sb, minor);
        sb.append(' ').append(Long.toUnsignedString(inode)).append(' ');
        if (name != null) {
            int width = 25 + (kernel64 ? 8 : 4) * 6 - 1;
            while (sb.length() - lineStart < width) {
                sb.append(' ');
            }
            sb.append(' ').append(name);
        }
    }

    private static void hex8(StringBuilder sb, long v) {
        String h = Long.toHexString(v);
        for (int i = h.length(); i < 8; i++) {
            sb.append('0');
        }
        sb.append(h);
    }

    private static void hex2(StringBuilder sb, int v) {
        String h = Integer.toHexString(v);
        if (h.length() < 2) {
            sb.append('0');
        }
        sb.append(h);
    }
}
