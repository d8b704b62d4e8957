package org.mmdsl.picture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmdsl.picture.Picture.Anchor;
import org.mmdsl.picture.Tiles.Segment;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * {@code show picture maps}: a task's address space from TASK_SIZE down to 0 as procmap draws it, one tile
 * per VMA (coloured by kind, labelled with name, permissions, size and range as /proc/PID/maps names it:
 * MmStruct.vmaName(), fs/proc/task_mmu.c show_map_vma()) and per gap. The stack_guard_gap below a
 * VM_GROWSDOWN VMA (mm/mmap.c, 256 pages since 4.12; not in the 2.6 model) is drawn as its own tile. The
 * kernel half is one tile on top. Reads the VMA list only.
 */
final class MapsPicture {
    private MapsPicture() {
    }

    static Picture of(Kernel kernel, Task task) {
        MmStruct mm = task.mm();
        boolean wide = kernel.is64();
        Picture.Sheet sheet = new Picture.Sheet(wide ? 900 : 820);
        String title = "maps of " + task.comm() + " (pid " + task.pid() + ")";
        sheet.line("picture maps of " + task.comm() + " (pid " + task.pid() + "), from TASK_SIZE down:");
        double y = header(sheet, title, kernel, "the address space from TASK_SIZE down; tile heights grow with log2(size)");
        List<Segment> used = new ArrayList<>();
        long taskSize = mm == null ? kernel.layout().taskSize() : mm.taskSize;
        if (mm != null) {
            List<Vma> vmas = new ArrayList<>(mm.vmas());
            vmas.sort((a, b) -> Long.compareUnsigned(b.vmStart(), a.vmStart()));
            boolean guard = kernel.model() != KernelModel.V2_6;
            long below = -1; // the next VMA's end, going down
            for (int i = 0; i < vmas.size(); i++) {
                Vma v = vmas.get(i);
                String name = mm.vmaName(v);
                Role role = role(mm, v, name);
                used.add(new Segment(v.vmStart(), v.vmEnd() - 1, role, "vma " + role.word(),
                        name == null ? "[anon]" : name, v.perms() + "  " + Picture.size(v.vmEnd() - v.vmStart())));
                if (guard && v.has(Vma.VM_GROWSDOWN)) {
                    long floor = i + 1 < vmas.size() ? vmas.get(i + 1).vmEnd() : 0;
                    long gapStart = Math.max(floor, v.vmStart() - MmStruct.STACK_GUARD_GAP);
                    if (Long.compareUnsigned(gapStart, v.vmStart()) < 0) {
                        used.add(new Segment(gapStart, v.vmStart() - 1, Role.GUARD, "guard",
                                "stack guard gap", Picture.size(v.vmStart() - gapStart) + " (stack_guard_gap)"));
                    }
                }
            }
        }
        List<Segment> column = Tiles.withGaps(used, 0, taskSize - 1, Role.GAP, "unmapped");
        List<Segment> all = new ArrayList<>();
        long kernelLast = wide ? -1L : 0xffffffffL;
        String above = wide ? ": a guard page, the non-canonical hole, the kernel half"
                : ": the kernel's " + Picture.size(0x1_0000_0000L - taskSize);
        Segment kernelTile = new Segment(taskSize, kernelLast, Role.KERNEL_REGION, "kernel", wide ? "not the task's"
                : "kernel space", "above TASK_SIZE " + String.format("0x%x", taskSize) + above);
        // the page maps lists above TASK_SIZE, which is no VMA of the mm: 2.6.24's gate VMA (get_gate_vma(),
        // the compat vDSO's fixmap page) or x86_64's [vsyscall] page
        long page = mm == null ? -1 : mm.hasGateVdso() ? mm.gateVdsoAddr() : mm.hasVsyscallPage()
                ? MmStruct.vsyscallAddr() : -1;
        if (page != -1) {
            boolean gate = mm.hasGateVdso();
            all.add(new Segment(page + 4096, kernelLast, Role.KERNEL_REGION, "kernel", "", ""));
            all.add(new Segment(page, page + 4095, Role.VDSO, "vma vdso " + (gate ? "gate" : "vsyscall"),
                    gate ? "[vdso]" : "[vsyscall]", (gate ? "r-xp" : "--xp") + "  4 KB (not a VMA of the mm)"));
            all.add(new Segment(taskSize, page - 1, Role.KERNEL_REGION, "kernel", kernelTile.name(),
                    kernelTile.detail()));
        } else {
            all.add(kernelTile);
        }
        all.addAll(column);
        double x = wide ? 190 : 120;
        double w = 360;
        // the range of each tile, to the right
        double yy = y;
        for (Segment s : all) {
            double h = Tiles.height(s.bytes());
            boolean ranged = s.kind().startsWith("vma") || s.role() == Role.GUARD;
            if (ranged) {
                sheet.text(x + w + 12, yy + h / 2 + 4, String.format("0x%x-%s", s.start(), Tiles.endHex(s.last())),
                        Role.MUTED, 11, false, true, Anchor.START, "range");
            }
            yy += h;
        }
        y = Tiles.column(sheet, "tile", all, x, y, w, wide);
        for (Segment s : all) {
            sheet.line(String.format("  %-18s %s-%s  %s  %s", s.kind(), String.format("0x%x", s.start()),
                    Tiles.endHex(s.last()), s.name(), s.detail()));
        }
        Map<Role, String> legend = new LinkedHashMap<>();
        legend.put(Role.TEXT_SEGMENT, "text");
        legend.put(Role.DATA, "data/bss");
        legend.put(Role.HEAP, "heap");
        legend.put(Role.ANON, "anon");
        legend.put(Role.FILE, "file");
        legend.put(Role.STACK, "stack");
        legend.put(Role.VDSO, "vdso/vvar");
        legend.put(Role.DEVICE, "device");
        legend.put(Role.GUARD, "guard gap");
        legend.put(Role.GAP, "unmapped");
        sheet.height = sheet.legend(16, y + 24, legend) + 8;
        return sheet.picture(Picture.Kind.MAPS, title);
    }

    /** The kind of a VMA, as procmap colours it. */
    static Role role(MmStruct mm, Vma v, String name) {
        if (v.special() != Vma.Special.NONE) {
            return Role.VDSO;
        }
        if (v.has(Vma.VM_IO) || v.has(Vma.VM_PFNMAP) || v.has(Vma.VM_MIXEDMAP)) {
            return Role.DEVICE;
        }
        if ("[heap]".equals(name)) {
            return Role.HEAP;
        }
        if ("[stack]".equals(name) || v.has(Vma.VM_GROWSDOWN)) {
            return Role.STACK;
        }
        boolean image = Long.compareUnsigned(v.vmStart(), mm.endData) < 0 && Long.compareUnsigned(v.vmEnd(),
                mm.startCode) > 0 && mm.endData != 0;
        if (v.file() != null) {
            if (image && v.has(Vma.VM_EXEC)) {
                return Role.TEXT_SEGMENT;
            }
            if (image) {
                return Role.DATA;
            }
            return v.has(Vma.VM_EXEC) ? Role.TEXT_SEGMENT : Role.FILE;
        }
        // anonymous: the bss right after the data segment belongs to the image
        if (mm.endData != 0 && v.vmStart() == PagingModeAlign.up(mm.endData)) {
            return Role.DATA;
        }
        return Role.ANON;
    }

    /** The header common to every picture: title and what the picture is; returns the y below it. */
    static double header(Picture.Sheet sheet, String title, Kernel kernel, String what) {
        sheet.text(16, 26, title, Role.INK, 17, true, false, Anchor.START, "title");
        sheet.text(16, 46, Pictures.machine(kernel) + " - " + what, Role.MUTED, 12, false, false, Anchor.START, "subtitle");
        return 70;
    }

    /** PAGE_ALIGN() for the bss check. */
    static final class PagingModeAlign {
        static long up(long a) {
            return org.mmdsl.runtime.arch.PagingMode.pageAlign(a);
        }
    }
}
