package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * /proc/PID/maps as fs/proc/task_mmu.c show_map_vma() prints it:
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
 * start (insert_vm_struct(), do_brk(), do_mmap_pgoff() set vm_pgoff = vm_start >> PAGE_SHIFT), and
 * the list ends with the gate VMA, the compat vDSO at 0xffffe000, named [vdso] because it has no
 * vm_mm (m_start()'s tail_vma = get_gate_vma()).
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
        if (mm.hasGateVdso()) {
            sb.append(gateVdsoLine(mm)).append('\n');
        }
        return sb.toString();
    }

    /**
     * 2.6.24's gate VMA line (arch/x86/kernel/sysenter_32.c gate_vma_init(): VM_READ | VM_MAYREAD |
     * VM_EXEC | VM_MAYEXEC, vm_pgoff 0, no file), without the newline.
     */
    public static String gateVdsoLine(MmStruct mm) {
        StringBuilder sb = new StringBuilder();
        long a = mm.gateVdsoAddr();
        line(sb, a, a + MmStruct.PAGE_SIZE, "r-xp", 0, 0, 0, 0, "[vdso]", false);
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
