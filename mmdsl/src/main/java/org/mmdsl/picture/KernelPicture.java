package org.mmdsl.picture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmdsl.picture.Tiles.Segment;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.KernelHighmem;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.highmem.KmType;
import org.mmdsl.runtime.pgtable.PtDump;
import org.mmdsl.runtime.vmalloc.Vmalloc;

/**
 * {@code show picture kernel}: the virtual address space as the kernel lays it out, highest at the top:
 * the regions of arch/x86/mm/dump_pagetables.c's address_markers ({@link Kernel#pageTableMarkers()}),
 * and inside them the run's state: the direct map up to high_memory (lowmem), the VMALLOC_OFFSET gap, each
 * live vmalloc/vmap/ioremap area with its guard page (mm/vmalloc.c), the pkmap slots in use
 * (mm/highmem.c), the kmap_local / km_type slots in use in the fixmap (fixmap.h), on i386 the lecture's
 * diagram and on x86_64 the same regions of its 47- or 56-bit halves. Reads the layout and the slot
 * tables only; addresses are not walked.
 */
final class KernelPicture {
    private KernelPicture() {
    }

    static Picture of(Kernel kernel) {
        KernelLayout l = kernel.layout();
        boolean wide = kernel.is64();
        Picture.Sheet sheet = new Picture.Sheet(wide ? 940 : 860);
        String title = "the kernel's virtual address space";
        double y = MapsPicture.header(sheet, title, kernel, "highest address on top; heights grow with log2(size)");
        List<PtDump.Marker> markers = kernel.pageTableMarkers();
        long top = wide ? -1L : 0xffffffffL;
        List<Segment> asc = new ArrayList<>();
        for (int i = 0; i < markers.size(); i++) {
            long start = markers.get(i).address();
            long last = i + 1 < markers.size() ? markers.get(i + 1).address() - 1 : top;
            asc.addAll(region(kernel, markers.get(i).name(), start, last));
        }
        Collections.reverse(asc);
        sheet.line("picture kernel: " + title + ", highest first");
        for (Segment s : asc) {
            sheet.line(String.format("  %-16s 0x%x-%s  %s  %s", s.kind(), s.start(), Tiles.endHex(s.last()), s.name(),
                    s.detail()));
        }
        double x = wide ? 190 : 120;
        double w = wide ? 470 : 420;
        y = Tiles.column(sheet, "region", asc, x, y, w, wide);
        Map<Role, String> legend = new LinkedHashMap<>();
        legend.put(Role.USER_SPACE, "user space");
        legend.put(Role.DIRECT_MAP, "direct map (lowmem)");
        legend.put(Role.VMALLOC, "free vmalloc space");
        legend.put(Role.VMALLOC_AREA, "vmalloc/vmap/ioremap area");
        legend.put(Role.GUARD, "guard page / gap");
        if (!wide) {
            legend.put(Role.PKMAP, "pkmap");
            legend.put(Role.PKMAP_SLOT, "pkmap slot in use");
        }
        legend.put(Role.FIXMAP, "fixmap");
        legend.put(Role.KMAP_LOCAL_SLOT, "kmap_local slot in use");
        legend.put(Role.KERNEL_REGION, "other kernel region");
        legend.put(Role.GAP, "unused");
        sheet.height = sheet.legend(16, y + 24, legend) + 8;
        return sheet.picture(Picture.Kind.KERNEL, title);
    }

    /** One marker's region, split by what the run holds in it, lowest first. */
    private static List<Segment> region(Kernel kernel, String marker, long start, long last) {
        KernelLayout l = kernel.layout();
        List<Segment> inner = new ArrayList<>();
        switch (marker) {
            case "User Space": {
                long taskSize = l.taskSize();
                if (kernel.is64()) {
                    int vaBits = Kernel.pagingMode(kernel.params()).vaBits;
                    long userEnd = 1L << (vaBits - 1);
                    inner.add(new Segment(0, taskSize - 1, Role.USER_SPACE, "user", "user space",
                            "0 .. TASK_SIZE, each process its own"));
                    if (taskSize < userEnd) {
                        inner.add(new Segment(taskSize, userEnd - 1, Role.GUARD, "guard", "guard page",
                                "below the non-canonical hole"));
                    }
                    inner.add(new Segment(userEnd, last, Role.GAP, "gap", "non-canonical hole",
                            "addresses whose bits 63.." + (vaBits - 1) + " differ"));
                    return inner;
                }
                inner.add(new Segment(0, last, Role.USER_SPACE, "user", "user space",
                        "0 .. TASK_SIZE (PAGE_OFFSET), each process its own"));
                return inner;
            }
            case "Kernel Mapping":
            case "Low Kernel Mapping": {
                long end = kernel.is64() ? l.pageOffset() + (kernel.memory().maxPfn() << 12) : l.highMemory();
                inner.add(new Segment(start, end - 1, Role.DIRECT_MAP, "direct-map", "direct map (lowmem)",
                        Picture.size(end - start) + (kernel.is64() ? ": all RAM" : " up to high_memory")
                                + String.format(", __va(pa) = pa + 0x%x", l.pageOffset())));
                return kernel.is64() ? fill(inner, start, last, Role.GAP, "gap", "unused direct-map space", "")
                        : fill(inner, start, last, Role.GUARD, "guard", "VMALLOC_OFFSET gap", "");
            }
            case "vmalloc() Area": {
                long end = Math.min(l.vmallocEnd(), last + 1);
                for (Vmalloc.Area a : kernel.vmallocAreas()) {
                    String what = (a.flags() & Vmalloc.VM_IOREMAP) != 0 ? "ioremap"
                            : (a.flags() & Vmalloc.VM_MAP) != 0 ? "vmap" : "vmalloc";
                    long mapped = a.size() - 4096;
                    inner.add(new Segment(a.addr(), a.addr() + mapped - 1, Role.VMALLOC_AREA, "vmalloc-area " + what,
                            what, Picture.size(mapped) + (a.nrPages() > 0 ? ", pages=" + a.nrPages() : "")));
                    inner.add(new Segment(a.addr() + mapped, a.addr() + a.size() - 1, Role.GUARD, "guard", "guard page",
                            "4 KB, never mapped"));
                }
                List<Segment> out = fill(inner, start, end - 1, Role.VMALLOC, "vmalloc", "vmalloc space", "free");
                if (end - 1 != last) {
                    out.add(new Segment(end, last, Role.GAP, "gap", "unused", Picture.size(last - end + 1)));
                }
                return out;
            }
            case "vmalloc() End":
                inner.add(new Segment(start, last, Role.GUARD, "guard", "gap after VMALLOC_END", "2 guard pages"));
                return inner;
            case "Persistent kmap() Area": {
                long[] pfns = kernel.pkmapSlotPfns();
                int[] counts = kernel.pkmapCounts();
                for (int i = 0; i < pfns.length; i++) {
                    if (pfns[i] >= 0) {
                        long a = l.pkmapAddr(i);
                        inner.add(new Segment(a, a + 4095, Role.PKMAP_SLOT, "pkmap-slot", "pkmap slot " + i,
                                String.format("pfn 0x%x, pkmap_count %d", pfns[i], counts[i])));
                    }
                }
                long pkEnd = l.pkmapBase() + (long) pfns.length * 4096;
                List<Segment> out = fill(inner, start, pkEnd - 1, Role.PKMAP, "pkmap", "pkmap slots", "free");
                if (pkEnd - 1 != last) {
                    out.add(new Segment(pkEnd, last, Role.GAP, "gap", "unused", Picture.size(last - pkEnd + 1)));
                }
                return out;
            }
            case "Fixmap area": {
                fixmap(kernel, inner);
                long fixTop = l.fixaddrTop();
                List<Segment> out = fill(inner, start, fixTop - 1, Role.FIXMAP, "fixmap", "fixmap", "");
                if (fixTop - 1 != last) {
                    out.add(new Segment(fixTop, last, Role.GAP, "gap", "above FIXADDR_TOP", ""));
                }
                return out;
            }
            case "Vmemmap": {
                long end = l.vmemmapBase() + kernel.memory().maxPfn() * 64;
                inner.add(new Segment(start, end - 1, Role.MEMMAP, "vmemmap", "vmemmap",
                        "the struct pages, 64 bytes a frame"));
                return fill(inner, start, last, Role.GAP, "gap", "unused", "");
            }
            case "Modules":
                inner.add(new Segment(start, last, Role.KERNEL_REGION, "kernel-region", "modules",
                        "MODULES_VADDR .. MODULES_END"));
                return inner;
            case "End Modules":
                // x86_64: above MODULES_END the fixmap, up to FIXADDR_TOP; its slots (and the vsyscall page) are
                // not modelled
                if (Long.compareUnsigned(l.fixaddrTop(), start) > 0) {
                    inner.add(new Segment(start, l.fixaddrTop() - 1, Role.FIXMAP, "fixmap",
                            "fixmap (up to FIXADDR_TOP)", "its slots are not modelled on x86_64"));
                }
                return fill(inner, start, last, Role.GAP, "gap", "unused", "");
            case "Kernel Space": {
                // x86_64: the marker is at 1 << 63, inside the non-canonical hole; the kernel half begins 16 pgd
                // entries (the hypervisor's guard hole, which the dump skips) below the LDT remap
                int vaBits = Kernel.pagingMode(kernel.params()).vaBits;
                long kernelHalf = -1L << (vaBits - 1);
                inner.add(new Segment(start, kernelHalf - 1, Role.GAP, "gap", "non-canonical hole",
                        "addresses whose bits 63.." + (vaBits - 1) + " differ"));
                inner.add(new Segment(kernelHalf, last, Role.GAP, "gap", "guard hole",
                        "GUARD_HOLE: 16 pgd entries kept for a hypervisor"));
                return inner;
            }
            case "High Kernel Mapping":
                if (l.kernelEnd64() != 0 && Long.compareUnsigned(l.kernelEnd64(), last) <= 0) {
                    // __START_KERNEL_map maps physical 0; below _text cleanup_highmap() unmapped it
                    inner.add(new Segment(l.kernelText(), l.kernelEnd64() - 1, Role.KERNEL_IMAGE, "kernel-image",
                            "kernel text, data, bss", "_text .. _end, " + Picture.size(l.kernelEnd64() - l.kernelText())));
                    return fill(inner, start, last, Role.GAP, "gap", "unused", "");
                }
                inner.add(new Segment(start, last, Role.KERNEL_IMAGE, "kernel-image", "kernel text, data, bss",
                        "__START_KERNEL_map: the kernel image"));
                return inner;
            default:
                inner.add(new Segment(start, last, Role.KERNEL_REGION, "kernel-region", marker, ""));
                return inner;
        }
    }

    /** The kmap_local (6.1) or km_type (2.6) slots in use, as fixmap tiles. */
    private static void fixmap(Kernel kernel, List<Segment> out) {
        KernelHighmem hm = kernel.highmemIfUsed();
        if (hm == null) {
            return;
        }
        int cpus = kernel.params().cpus;
        if (hm.kmapLocal() != null) {
            for (int cpu = 0; cpu < cpus; cpu++) {
                for (int i = 0; i < hm.kmapLocal().depth(cpu); i++) {
                    long a = hm.kmapLocal().slotAddr(cpu, i);
                    out.add(new Segment(a, a + 4095, Role.KMAP_LOCAL_SLOT, "kmap-local-slot",
                            "kmap_local cpu " + cpu + " slot " + i,
                            String.format("pfn 0x%x", hm.kmapLocal().pfnAt(a))));
                }
            }
        } else if (hm.kmTypeSlots() != null && kernel.model() == KernelModel.V2_6) {
            for (int cpu = 0; cpu < cpus; cpu++) {
                for (KmType t : KmType.values()) {
                    long pfn = hm.kmTypeSlots().pfnIn(cpu, t);
                    if (pfn >= 0) {
                        long a = hm.kmTypeSlots().slotAddr(cpu, t);
                        out.add(new Segment(a, a + 4095, Role.KMAP_LOCAL_SLOT, "kmap-local-slot",
                                t.word() + " cpu " + cpu, String.format("pfn 0x%x", pfn)));
                    }
                }
            }
        }
        out.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
    }

    /** {@code inner} (sorted, inside [start, last]) with the holes filled, lowest first. */
    private static List<Segment> fill(List<Segment> inner, long start, long last, Role role, String kind, String name,
            String detail) {
        inner.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        List<Segment> out = new ArrayList<>();
        long at = start;
        for (Segment s : inner) {
            if (Long.compareUnsigned(s.start(), at) > 0) {
                out.add(new Segment(at, s.start() - 1, role, kind, name, detail.isEmpty() ? Picture.size(s.start() - at)
                        : detail + ", " + Picture.size(s.start() - at)));
            }
            out.add(s);
            at = s.last() + 1;
        }
        if (Long.compareUnsigned(at, last) <= 0 && !(at == 0 && !out.isEmpty())) {
            out.add(new Segment(at, last, role, kind, name, detail.isEmpty() ? Picture.size(last - at + 1)
                    : detail + ", " + Picture.size(last - at + 1)));
        }
        return out;
    }
}
