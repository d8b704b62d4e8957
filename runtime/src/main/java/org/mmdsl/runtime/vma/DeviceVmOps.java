package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.page.MemMap;

/**
 * A device mapping's vm_operations_struct with its vm_private_data: the handlers of the generic
 * driver ({@link DeviceDriver}) and the kernel buffer they hand out. Every device mapping has
 * open and close (counted in the driver); one made with {@code fault} also has a fault handler
 * (2.6: nopage, or nopfn for the pfn flavour) that supplies the buffer's pages on demand, as
 * LDD3's scullp_vma_nopage() and simple_vma_nopage() and Love ch.15's vm_ops describe.
 *
 * <p>Who calls what (6.1 and 2.6.24 alike): the driver's mmap calls open itself, as LDD3's
 * simple_remap_mmap() does (the core does not call open for the first mapping); dup_mmap() calls
 * open for the child's copy, __split_vma() for the new piece, copy_vma() for mremap's moved VMA;
 * remove_vma() calls close (munmap, exit_mmap(), the unmapped part of a split VMA).
 *
 * <p>Worked example (x86_64, {@code vmalloc ring 2 pages}, {@code fault ring}, offset 0): a user
 * load from vm_start + 4 KB faults; __do_fault() calls fault with vmf->pgoff = 1; the handler
 * takes vmalloc_to_page(ring + 1 * PAGE_SIZE), get_page()s it and returns it in vmf->page;
 * finish_fault() maps it (refcount 2: vmalloc's and the pte's; mapcount 1). vmf->pgoff 2 is
 * beyond the buffer: VM_FAULT_SIGBUS, and the task gets SIGBUS with si_code BUS_ADRERR.
 */
public final class DeviceVmOps {
    /** What the mapping's fault handler does. */
    public enum Fault {
        /** No fault handler: the driver's mmap mapped everything (remap_pfn_range, vm_insert_page). */
        NONE,
        /** get_page() on the buffer's page and return it in vmf->page (2.6: nopage returns it). */
        PAGE,
        /** vmf_insert_pfn() of the buffer's frame into a VM_PFNMAP VMA (2.6.24: nopfn returns the pfn). */
        PFN
    }

    /** How the handler finds the page of a buffer offset (the kernel function a driver calls). */
    public enum Lookup {
        /** kmalloc'd memory: virt_to_page(buf + offset) (pfn flavour: __pa(buf + offset) >> PAGE_SHIFT). */
        VIRT_TO_PAGE("virt_to_page(buf + %d * PAGE_SIZE)", "__pa(buf + %d * PAGE_SIZE) >> PAGE_SHIFT"),
        /** vmalloc'd memory: vmalloc_to_page(buf + offset) (pfn flavour: vmalloc_to_pfn). */
        VMALLOC_TO_PAGE("vmalloc_to_page(buf + %d * PAGE_SIZE)", "vmalloc_to_pfn(buf + %d * PAGE_SIZE)"),
        /** alloc_pages: the page at the offset (pfn_to_page(pfn + pgoff)); pfn flavour: pfn + pgoff. */
        PFN_TO_PAGE("pfn_to_page(pfn + %d)", "pfn + %d");

        private final String pageCall;
        private final String pfnCall;

        Lookup(String pageCall, String pfnCall) {
            this.pageCall = pageCall;
            this.pfnCall = pfnCall;
        }

        /** The driver's expression for buffer page {@code pgoff}: a struct page, or with {@code pfn} a frame number. */
        public String describe(long pgoff, boolean pfn) {
            return String.format(pfn ? pfnCall : pageCall, pgoff);
        }
    }

    /** The handler failed: VM_FAULT_SIGBUS (2.6: NOPAGE_SIGBUS, NOPFN_SIGBUS). */
    public static final long VM_FAULT_SIGBUS = -1;
    /**
     * get_page() of a page with refcount 0 (a tail of a non-compound alloc_pages): VM_BUG_ON under
     * CONFIG_DEBUG_VM. The model reports it and answers VM_FAULT_SIGBUS (docs/language.md, Device mappings).
     */
    public static final long REFCOUNT_ZERO = -2;

    public final DeviceDriver driver;
    public final Fault fault;
    public final Lookup lookup;
    /** The buffer's frames in order (vm_private_data): page i of the buffer is frame bufferPfns[i]. */
    private final long[] bufferPfns;

    public DeviceVmOps(DeviceDriver driver, Fault fault, Lookup lookup, long[] bufferPfns) {
        this.driver = driver;
        this.fault = fault;
        this.lookup = lookup;
        this.bufferPfns = bufferPfns.clone();
    }

    /** The buffer's size in pages. */
    public int bufferPages() {
        return bufferPfns.length;
    }

    /** vm_operations_struct.open (LDD3 simple_vma_open(), scull_vma_open(): dev->vmas++). Does nothing else. */
    void open(Vma vma) {
        driver.opens++;
    }

    /** vm_operations_struct.close (LDD3 simple_vma_close(), scull_vma_close(): dev->vmas--). Does nothing else. */
    void close(Vma vma) {
        driver.closes++;
    }

    /**
     * The driver's fault handler for buffer page {@code pgoff} (vmf->pgoff, the VMA's vm_pgoff plus
     * the page's index in the VMA), as scullp_vma_nopage() does: past the buffer is
     * VM_FAULT_SIGBUS; otherwise the page, with a reference taken for the pte (get_page() on the
     * page, which for a tail of a compound page is its head's, folio_get()) in the PAGE flavour,
     * or just the frame in the PFN flavour (vmf_insert_pfn() touches no struct page).
     *
     * @return the frame, {@link #VM_FAULT_SIGBUS} or {@link #REFCOUNT_ZERO}
     */
    public long fault(long pgoff, MemMap memMap) {
        driver.faults++;
        if (pgoff < 0 || pgoff >= bufferPfns.length) {
            return VM_FAULT_SIGBUS;
        }
        long pfn = bufferPfns[(int) pgoff];
        if (fault == Fault.PFN) {
            return pfn;
        }
        long head = memMap.compoundHead(pfn);
        if (memMap.refcount(head) == 0) {
            return REFCOUNT_ZERO;
        }
        memMap.get(head);
        return pfn;
    }

    /** The handler's name as the model's kernel calls it: fault on 6.1, nopage / nopfn on 2.6.24. */
    public String handlerName(boolean v26) {
        if (!v26) {
            return "fault";
        }
        return fault == Fault.PFN ? "nopfn" : "nopage";
    }
}
