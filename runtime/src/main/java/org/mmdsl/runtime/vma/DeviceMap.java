package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * A driver's mmap file operation that maps kernel memory into a process, with the two helpers of
 * mm/memory.c a driver calls from it: remap_pfn_range() (VM_IO | VM_PFNMAP | VM_DONTEXPAND |
 * VM_DONTDUMP; "special" ptes, so vm_normal_page() finds no struct page: no refcount, no mapcount,
 * no Rss) and vm_insert_page() (VM_MIXEDMAP; the page gains a reference and a mapping, as for a
 * file page). The ptes are installed at mmap time: the VMA has no ->fault, so a missing pte is
 * SIGBUS ({@code fault.FaultHandler}). Or the driver's mmap maps nothing and installs a fault
 * handler ({@link DeviceVmOps}) that hands out the buffer's pages on demand: vmf->page
 * (LDD3's nopage) or vmf_insert_pfn() into a VM_PFNMAP VMA. Every device mapping has open and
 * close handlers, counted in its {@link DeviceDriver}; the driver's mmap calls open, as LDD3's do.
 *
 * <p>Worked example (i386, {@code kmalloc obj 4KB} at 0xc3a01000, the device mapped shared rw at
 * 0xb7ffd000): remap_pfn_range(vma, 0xb7ffd000, __pa(obj) >> PAGE_SHIFT = 0x3a01, 4096,
 * vm_page_prot) writes pte 0x03a01067|_PAGE_SPECIAL; a user store to 0xb7ffd000 and a kernel load
 * from 0xc3a01000 reach the same physical word 0x3a01000.
 *
 * <p>Simplified: the driver (a misc device such as /dev/mmdsl0 on devtmpfs, dev 00:05) is
 * generic: it maps the buffer it was given, page {@code vm_pgoff} onwards, refusing a VMA larger
 * than the buffer with EINVAL as most drivers do; page attributes (pgprot_noncached, PAT) and
 * track_pfn_remap() are not modelled.
 */
public final class DeviceMap {
    private DeviceMap() {
    }

    /** How the driver's mmap installs the buffer's frames. */
    public enum How {
        /** remap_pfn_range() of each physically contiguous run (one call for kmalloc/alloc_pages). */
        REMAP_PFN_RANGE,
        /** vm_insert_page() per page (what remap_vmalloc_range() does for vmalloc memory). */
        VM_INSERT_PAGE,
        /** Nothing at mmap time; the fault handler returns the page in vmf->page (2.6: nopage). */
        FAULT_PAGE,
        /** Nothing at mmap time (VM_PFNMAP set); the fault handler calls vmf_insert_pfn() (2.6.24: nopfn). */
        FAULT_PFN
    }

    /**
     * mmap() of a device file whose driver maps {@code bufferPfns} (the frames of the kernel buffer,
     * in order) with {@code how}: do_mmap() creates the VMA, then call_mmap() runs the driver's
     * mmap; when that fails the VMA goes again (mmap_region()'s unmap_and_free_vma) and the error
     * is returned.
     *
     * @return the address, or -errno
     */
    public static long mmap(MmStruct mm, long addr, long len, int prot, int flags, DeviceDriver dev, long offset,
            long[] bufferPfns, How how, DeviceVmOps.Lookup lookup, EventSink sink) {
        long r = mm.mmap(addr, len, prot, flags & ~org.mmdsl.runtime.uapi.Mman.MAP_POPULATE, dev.file, offset);
        if (Errno.isError(r)) {
            return r;
        }
        Vma vma = mm.vmaLookup(r);
        long e = how == How.FAULT_PAGE || how == How.FAULT_PFN ? faultMmap(mm, vma, how)
                : driverMmap(mm, vma, bufferPfns, how, sink);
        if (e != 0) {
            Mmap.unmapAndFreeVma(mm, vma);
            return e;
        }
        DeviceVmOps.Fault fault = how == How.FAULT_PAGE ? DeviceVmOps.Fault.PAGE
                : how == How.FAULT_PFN ? DeviceVmOps.Fault.PFN : DeviceVmOps.Fault.NONE;
        vma.vmOps = new DeviceVmOps(dev, fault, lookup, bufferPfns);
        vma.vmOps.open(vma); // LDD3 simple_remap_mmap(), scullp_mmap(): the driver opens the first VMA itself
        return r;
    }

    /**
     * The mmap of a driver with a fault handler (LDD3 simple_nopage_mmap(), scullp_mmap()): maps
     * nothing and does not check the size (scullp_vma_nopage() answers SIGBUS past the buffer);
     * VM_RESERVED on 2.6.24, which 3.7 replaced by VM_DONTEXPAND | VM_DONTDUMP. The pfn flavour
     * sets VM_IO | VM_PFNMAP as vmf_insert_pfn() requires, and refuses a private (COW) mapping, on
     * which vmf_insert_pfn() would BUG (most such drivers check VM_SHARED: EINVAL).
     */
    private static long faultMmap(MmStruct mm, Vma vma, How how) {
        if (how == How.FAULT_PFN) {
            if (isCowMapping(vma.vmFlags)) {
                return Errno.EINVAL.asResult(); // what checkFaultPfnMmap() answers for the map flags
            }
            vma.vmFlags |= Vma.VM_IO | Vma.VM_PFNMAP;
            mm.rawFramesMapped = true;
        }
        vma.vmFlags |= mm.version() == KernelVersion.V2_6 ? Vma.VM_RESERVED : Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP;
        return 0;
    }

    /**
     * The check the pfn-inserting driver's mmap makes, on mmap()'s flags: a private mapping is a COW
     * mapping (do_mmap() gives MAP_PRIVATE VM_MAYWRITE whatever the protection, so is_cow_mapping()
     * holds), on which vmf_insert_pfn() would BUG_ON: the driver refuses it with EINVAL.
     *
     * @return 0 or -EINVAL
     */
    public static long checkFaultPfnMmap(int mapFlags) {
        int type = mapFlags & org.mmdsl.runtime.uapi.Mman.MAP_TYPE;
        return type == org.mmdsl.runtime.uapi.Mman.MAP_PRIVATE ? Errno.EINVAL.asResult() : 0;
    }

    /** The driver's file_operations.mmap: checks the size, then maps page by page or run by run. */
    private static long driverMmap(MmStruct mm, Vma vma, long[] pfns, How how, EventSink sink) {
        long first = vma.vmPgoff;
        long pages = vma.pages();
        if (first + pages > pfns.length || first + pages < first) {
            return Errno.EINVAL.asResult(); // the VMA is larger than the buffer
        }
        if (how == How.VM_INSERT_PAGE) {
            vma.vmFlags |= Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP; // remap_vmalloc_range_partial()
            if (mm.version() == KernelVersion.V2_6) {
                vma.vmFlags |= Vma.VM_RESERVED; // 2.6.24 mm/vmalloc.c remap_vmalloc_range()
            }
            for (long i = 0; i < pages; i++) {
                long e = vmInsertPage(mm, vma, vma.vmStart + (i << 12), pfns[(int) (first + i)], sink);
                if (e != 0) {
                    return e;
                }
            }
            return 0;
        }
        long i = 0;
        while (i < pages) {
            long run = 1;
            while (i + run < pages && pfns[(int) (first + i + run)] == pfns[(int) (first + i)] + run) {
                run++;
            }
            long e = remapPfnRange(mm, vma, vma.vmStart + (i << 12), pfns[(int) (first + i)], run << 12);
            if (e != 0) {
                return e;
            }
            i += run;
        }
        return 0;
    }

    /**
     * Mirrors mm/memory.c remap_pfn_range(): marks the VMA VM_IO | VM_PFNMAP | VM_DONTEXPAND |
     * VM_DONTDUMP and writes a special pte (pte_mkspecial(pfn_pte(pfn, vm_page_prot))) for each page;
     * no struct page is touched. A private (COW) mapping must be remapped whole, and its vm_pgoff
     * becomes the pfn (so maps shows the physical address as the offset, and do_wp_page() can tell
     * a copied page from the remapped one).
     *
     * @return 0, -EINVAL (a partial remap of a COW mapping) or -ENOMEM (no page table)
     */
    public static long remapPfnRange(MmStruct mm, Vma vma, long addr, long pfn, long size) {
        if (isCowMapping(vma.vmFlags)) {
            if (addr != vma.vmStart || addr + size != vma.vmEnd) {
                return Errno.EINVAL.asResult();
            }
            vma.vmPgoff = pfn;
        }
        vma.vmFlags |= Vma.VM_IO | Vma.VM_PFNMAP | Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP;
        mm.rawFramesMapped = true;
        if (mm.version() == KernelVersion.V2_6) {
            vma.vmFlags |= Vma.VM_RESERVED; // 2.6.24 mm/memory.c: VM_IO | VM_RESERVED | VM_PFNMAP
        }
        PageTables pt = mm.pageTables();
        long prot = mm.vmPageProt(vma.vmFlags);
        for (long off = 0; off < size; off += MmStruct.PAGE_SIZE) {
            long slot = pt.pteSlotAlloc(mm.pgd, addr + off);
            if (slot < 0) {
                return Errno.ENOMEM.asResult();
            }
            pt.writeEntry(slot, Pte.make(pfn + (off >>> 12), prot | Pte._PAGE_SPECIAL));
        }
        return 0;
    }

    /**
     * Mirrors mm/memory.c vm_insert_page(): sets VM_MIXEDMAP, refuses what
     * validate_page_before_insert() refuses (anonymous and slab pages: a kmalloc'd buffer below a
     * page cannot be inserted) and a page with no reference (a tail of a non-compound higher-order
     * allocation: get_page() would BUG under CONFIG_DEBUG_VM, and the last put_page() would free
     * it under the allocator's feet), then maps the page with a reference and a mapping.
     *
     * @return 0, -EINVAL or -ENOMEM
     */
    public static long vmInsertPage(MmStruct mm, Vma vma, long addr, long pfn, EventSink sink) {
        PageTables pt = mm.pageTables();
        MemMap memMap = pt.memMap();
        if (memMap.test(pfn, MemMap.PG_anon) || memMap.test(pfn, MemMap.PG_slab)) {
            return Errno.EINVAL.asResult();
        }
        if (memMap.refcount(pfn) == 0) {
            sink.emit(new KernelMessage(String.format("vm_insert_page(0x%x, pfn 0x%x): page with refcount 0 "
                    + "(a tail page of a non-compound alloc_pages; allocate with __GFP_COMP or split_page()): "
                    + "VM_BUG_ON_FOLIO(folio_ref_zero_or_close_to_overflow) in get_page()", addr, pfn), true));
            return Errno.EINVAL.asResult();
        }
        vma.vmFlags |= Vma.VM_MIXEDMAP;
        mm.rawFramesMapped = true;
        long slot = pt.pteSlotAlloc(mm.pgd, addr);
        if (slot < 0) {
            return Errno.ENOMEM.asResult();
        }
        if (pt.readEntry(slot) != 0) {
            return Errno.EBUSY.asResult(); // insert_page_into_pte_locked(): !pte_none
        }
        memMap.get(pfn);
        memMap.incMapcount(pfn); // page_add_file_rmap()
        pt.writeEntry(slot, Pte.make(pfn, mm.vmPageProt(vma.vmFlags)));
        return 0;
    }

    /** Mirrors is_cow_mapping(): private and may be written. */
    static boolean isCowMapping(long vmFlags) {
        return (vmFlags & (Vma.VM_SHARED | Vma.VM_MAYWRITE)) == Vma.VM_MAYWRITE;
    }
}
