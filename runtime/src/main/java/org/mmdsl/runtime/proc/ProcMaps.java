package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.ShowMapVma;
import org.mmdsl.runtime.vma.Vma;

/**
 * /proc/PID/maps as fs/proc/task_mmu.c prints it: one show_map_vma() line per VMA (the line's
 * format, 6.x and 2.6.24, is {@link ShowMapVma}), then the VMAs the mm does not hold. A 64-bit
 * task on a 64-bit kernel ends with [vsyscall]; under {@code kernel 2.6} the list ends with the
 * gate VMA, the compat vDSO at 0xffffe000, named [vdso] because it has no vm_mm (m_start()'s
 * tail_vma = get_gate_vma()).
 */
public final class ProcMaps {
    private ProcMaps() {
    }

    /** The whole maps file of {@code mm}; a 64-bit task on a 64-bit kernel ends with [vsyscall]. */
    public static String render(MmStruct mm, boolean kernel64) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mm.mapCount(); i++) {
            Vma v = mm.vmaAt(i);
            ShowMapVma.line(sb, v, mm.vmaName(v), kernel64);
            sb.append('\n');
        }
        if (mm.hasVsyscallPage()) {
            long a = MmStruct.vsyscallAddr();
            ShowMapVma.line(sb, a, a + MmStruct.PAGE_SIZE, "--xp", 0, 0, 0, 0, "[vsyscall]", kernel64);
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
        ShowMapVma.line(sb, a, a + MmStruct.PAGE_SIZE, "r-xp", 0, 0, 0, 0, "[vdso]", false);
        return sb.toString();
    }

    /** The maps line of one VMA, without the newline (for event messages): {@link ShowMapVma#line(Vma)}. */
    public static String mapsLine(Vma v) {
        return ShowMapVma.line(v);
    }
}
