package org.mmdsl.ide.simulation;

import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.GetOrder;
import org.mmdsl.runtime.pgtable.PageWalk;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.vma.Vma;
import org.mmdsl.runtime.zone.Zone;

/**
 * Renders the simulated machine's state for the editor, as Markdown: what an address means in a task
 * at one step (its VMA, the page walk level by level, the frame and its struct page), what a frame is
 * (zone, flags, counts) and what a size is in pages and buddy order. Reads the runtime only; every
 * rule (walk, zones, flags) is the runtime's.
 */
public final class StateViews {
    private StateViews() {
    }

    /**
     * An address in {@code task} as the kernel sees it now.
     * <pre>
     * 0xb7ff7000 in init (pid 1)
     * VMA b7ff7000-b7ffa000 rw-p 00000000 00:00 0
     * page walk: PageWalk.render(), as the CLI's translate prints it
     * frame pfn 0x36bfe (paddr 0x36bfe000), zone HighMem: flags uptodate|lru|anon, refcount 1, mapcount 1
     * </pre>
     */
    public static String address(Kernel kernel, Task task, long vaddr) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("**0x%x** in %s (pid %d)%n%n", vaddr, task.comm(), task.pid()));
        if (task.mm() == null) {
            return sb.append("the task has no address space").toString();
        }
        Vma vma = task.mm().vmaLookup(vaddr);
        if (vma == null || vaddr < vma.vmStart()) {
            sb.append("no VMA covers it: an access raises SIGSEGV (SEGV_MAPERR)\n\n");
        } else {
            sb.append("VMA `").append(ProcMaps.mapsLine(vma).strip().replaceAll(" {2,}", " ")).append("`\n\n");
        }
        // the same walk as the CLI's translate prints (PageWalk.render(): one formatter for both)
        PageWalk walk = task.mm().pageTables().walk(task.mm().pgd, vaddr);
        sb.append("page walk\n```\n").append(walk.render()).append("```\n");
        if (walk.mapped()) {
            sb.append(frame(kernel, walk.paddr() >>> PagingMode.PAGE_SHIFT)).append('\n');
        }
        return sb.toString();
    }

    /** A frame by pfn: its zone and struct page state. */
    public static String frame(Kernel kernel, long pfn) {
        MemMap memMap = kernel.memory().memMap();
        if (!memMap.pfnValid(pfn)) {
            return String.format("pfn 0x%x has no struct page (max_pfn 0x%x)", pfn, kernel.memory().maxPfn());
        }
        String flags = memMap.flagNames(pfn);
        return String.format("frame pfn 0x%x (paddr 0x%x), zone %s: flags %s, refcount %d, mapcount %d", pfn,
                pfn << PagingMode.PAGE_SHIFT, zoneName(kernel, pfn), flags.isEmpty() ? "(none)" : flags,
                memMap.refcount(pfn), memMap.mapcount(pfn));
    }

    /** The zone that spans {@code pfn}, or "no zone". */
    public static String zoneName(Kernel kernel, long pfn) {
        for (Zone z : kernel.memory().zones()) {
            if (z.spans(pfn)) {
                return z.name();
            }
        }
        return "no zone";
    }

    /** A size: bytes, 4 KB pages and the buddy order an allocation of it takes (get_order()). */
    public static String size(long bytes) {
        long pages = PagingMode.pageAlign(bytes) >>> PagingMode.PAGE_SHIFT;
        int order = GetOrder.getOrder(bytes);
        String orderText = order <= Zone.MAX_ORDER - 1 ? "buddy order " + order
                : "order " + order + " (above MAX_ORDER - 1 = " + (Zone.MAX_ORDER - 1) + ": not one buddy allocation)";
        return String.format("**%,d bytes** (0x%x) = %,d page%s of 4 KB%s, %s", bytes, bytes, pages,
                pages == 1 ? "" : "s", bytes % PagingMode.PAGE_SIZE == 0 ? "" : " (rounded up)", orderText);
    }
}
