package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * One line of /proc/PID/maps as fs/proc/task_mmu.c show_map_vma() prints it:
 * {@code "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu "}, then, only when the VMA has a name,
 * blanks up to the width seq_setwidth(25 + sizeof(void *) * 6 - 1) set, one more blank from
 * seq_pad(m, ' ') and the name. The name therefore starts at column 73 on a 64-bit kernel
 * (width 72) and at column 49 on a 32-bit kernel (width 48), for every task. Lines without a name
 * end with the inode and its trailing blank.
 *
 * <p>Under {@code kernel 2.6} (2.6.24 fs/proc/task_mmu.c show_map_internal()) the format is
 * {@code "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu %n"} and pad_len_spaces() prints
 * 25 + sizeof(void *) * 6 - len blanks (at least one) before a name: the same columns. What
 * differs: the offset is {@code vm_pgoff << PAGE_SHIFT} for every VMA, so anonymous ones show their
 * start (insert_vm_struct(), do_brk(), do_mmap_pgoff() set vm_pgoff = vm_start >> PAGE_SHIFT).
 *
 * <p>Lives in vma, beside the VMA it prints, because the fault path (below /proc) names the
 * faulting VMA with it; the maps file as a whole, with [vsyscall] and 2.6's gate VMA, is
 * proc.ProcMaps.
 */
public final class ShowMapVma {
    private ShowMapVma() {
    }

    /** The maps line of one VMA, without the newline (for event messages and /proc/PID/maps). */
    public static String line(Vma v) {
        MmStruct mm = v.mm();
        StringBuilder sb = new StringBuilder();
        line(sb, v, mm == null ? null : mm.vmaName(v), mm != null && mm.kernelPageTables().kernel64());
        return sb.toString();
    }

    /** Appends the maps line of {@code v} named {@code name} (null: none), without the newline. */
    public static void line(StringBuilder sb, Vma v, String name, boolean kernel64) {
        line(sb, v.vmStart(), v.vmEnd(), v.perms(), offset(v), devMajor(v), devMinor(v), inode(v), name, kernel64);
    }

    private static long offset(Vma v) {
        if (v.file() == null && v.mm() != null && v.mm().version() == KernelVersion.V2_6) {
            return (v.vmPgoff() << 12) & 0xffffffffL; // 2.6.24: vm_pgoff << PAGE_SHIFT in an unsigned long
        }
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

    /**
     * Mirrors show_vma_header_prefix() and the seq_pad() before the name: appends one line from its
     * fields, without the newline. For lines that are no VMA of the mm ([vsyscall], the gate VMA).
     */
    public static void line(StringBuilder sb, long start, long end, String perms, long offset, int major,
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
