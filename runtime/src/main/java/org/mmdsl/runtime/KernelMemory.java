package org.mmdsl.runtime;

import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.VmallocFault;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageWalk;
import org.mmdsl.runtime.slab.Slub;
import org.mmdsl.runtime.vmalloc.Vmalloc;

/**
 * The kernel's own memory services as a scenario's kernel code calls them: kmalloc/kzalloc/kfree
 * (slab), alloc_pages/free_pages (pagealloc), vmalloc/vfree/kvmalloc/vmalloc_to_page (vmalloc).
 * Each call is emitted as a {@link KernelCall} with
 * its arguments resolved; misuse the kernel would BUG or WARN on is a warning {@link KernelMessage}.
 * The rules live in the packages named after the kernel files; this class formats and forwards.
 */
public final class KernelMemory {
    private final Kernel kernel;
    private final EventSink sink;
    private final Slub slub;
    private final Vmalloc vmalloc;

    KernelMemory(Kernel kernel, EventSink sink) {
        this.kernel = kernel;
        this.sink = sink;
        this.slub = new Slub(kernel.layout(), kernel.memory().memMap(), kernel.memory().allocator(), kernel.physMem(),
                kernel.memory().maxLowPfn(), kernel.params().cpus, sink);
        this.vmalloc = new Vmalloc(kernel.layout(), kernel.kernelPageTables(), kernel.memory().allocator(),
                kernel.memory().e820(), kernel.memory().memMap(), kernel.params().cpus, this::vmallocPageLimit, sink);
    }

    /**
     * The most pages one vmalloc() may ask for: 6.1's totalram_pages() (the managed pages); 2.6.24's
     * num_physpages, which arch/x86/kernel/setup_32.c sets to highend_pfn with highmem and to
     * max_low_pfn without (so it counts holes and reserved pages too).
     */
    private long vmallocPageLimit() {
        org.mmdsl.runtime.init.PhysicalMemory m = kernel.memory();
        if (kernel.layout().model() == org.mmdsl.runtime.arch.KernelModel.V2_6) {
            return m.totalhighPages() > 0 ? m.maxPfn() : m.maxLowPfn();
        }
        return m.totalramPages();
    }

    public Vmalloc vmalloc() {
        return vmalloc;
    }

    /** vmalloc(size): a virtually contiguous area with a guard page; 0 (NULL) when it failed. */
    public long vmalloc(long size) {
        kernel.highmem().mightSleep(String.format("vmalloc(%d)", size), "mm/vmalloc.c (alloc_vmap_area: might_sleep)");
        long addr = vmalloc.vmalloc(size, Gfp.GFP_KERNEL);
        sink.emit(new KernelCall(String.format("vmalloc(%d)", size), addr == 0 ? "NULL" : String.format("0x%x", addr),
                addr == 0));
        return addr;
    }

    /**
     * Mirrors mm/util.c kvmalloc_node(): kmalloc first (above a page with __GFP_NOWARN|__GFP_NORETRY
     * and without __GFP_NOFAIL), then vmalloc; a mask that is not GFP_KERNEL-compatible gets kmalloc only.
     */
    public long kvmalloc(long size, int gfp) {
        String call = String.format("kvmalloc(%d, %s)", size, BuddyAllocator.gfpNames(gfp));
        int kmallocFlags = gfp;
        if (size > 4096) {
            kmallocFlags = (kmallocFlags | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY) & ~Gfp.__GFP_NOFAIL;
        }
        long addr = (gfp & Gfp.GFP_KERNEL) != Gfp.GFP_KERNEL ? slub.kmalloc(size, gfp) : slub.kmalloc(size, kmallocFlags);
        String how = addr != 0 ? "kmalloc" : null;
        if (addr == 0 && size > 4096 && (gfp & Gfp.GFP_KERNEL) == Gfp.GFP_KERNEL) {
            if (size > Integer.MAX_VALUE) {
                if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                    sink.emit(new KernelMessage("WARNING: mm/util.c: kvmalloc_node: size " + size + " > INT_MAX", true));
                }
            } else {
                addr = vmalloc.vmalloc(size, gfp);
                how = addr != 0 ? "vmalloc fallback" : null;
            }
        }
        sink.emit(new KernelCall(call, addr == 0 ? "NULL" : String.format("0x%x [%s]", addr, how), addr == 0));
        return addr;
    }

    /** vfree(addr), or kvfree(addr) when {@code kv}: is_vmalloc_addr() chooses vfree or kfree. */
    public void vfree(long addr, boolean kv) {
        if (kv && !vmalloc.isVmallocAddr(addr)) {
            kfree(addr);
            return;
        }
        if (vmalloc.vfree(addr)) {
            sink.emit(new KernelCall(String.format("%s(0x%x)", kv ? "kvfree" : "vfree", addr), "void", false));
        }
    }

    /**
     * vmap(pages, count, VM_MAP, PAGE_KERNEL) of the frames {@code pfns}, in order: the address of
     * a new area with a guard page, or 0 (NULL). The frames stay the caller's.
     */
    public long vmap(long[] pfns) {
        String call = String.format("vmap(pages[%d], %d, VM_MAP, PAGE_KERNEL)", pfns.length, pfns.length);
        kernel.highmem().mightSleep(call, "mm/vmalloc.c (alloc_vmap_area: might_sleep)");
        long addr = vmalloc.vmap(pfns);
        sink.emit(new KernelCall(call, addr == 0 ? "NULL" : String.format("0x%x", addr), addr == 0));
        return addr;
    }

    /** vunmap(addr): unmaps a vmap (or any vmalloc-space) area; frees no page. */
    public void vunmap(long addr) {
        String call = String.format("vunmap(0x%x)", addr);
        kernel.highmem().mightSleep(call, "mm/vmalloc.c (vunmap: might_sleep)");
        if (vmalloc.vunmap(addr)) {
            sink.emit(new KernelCall(call, "void", false));
        }
    }

    /** ioremap(phys, size): a kernel address of the device range, or 0 (NULL) for RAM or an empty range. */
    public long ioremap(long phys, long size) {
        String call = String.format("ioremap(0x%x, %d)", phys, size);
        kernel.highmem().mightSleep(call, "mm/vmalloc.c (alloc_vmap_area: might_sleep)");
        long addr = vmalloc.ioremap(phys, size);
        sink.emit(new KernelCall(call, addr == 0 ? "NULL" : String.format("0x%x", addr), addr == 0));
        return addr;
    }

    /** iounmap(addr). */
    public void iounmap(long addr) {
        if (vmalloc.iounmap(addr)) {
            sink.emit(new KernelCall(String.format("iounmap(0x%x)", addr), "void", false));
        }
    }

    /**
     * vmalloc_to_page(addr) as a pfn: the frame behind a vmalloc address, or -1 for a guard page or an
     * unmapped address (the kernel returns NULL).
     */
    public long vmallocToPage(long addr) {
        long pfn = vmalloc.vmallocToPfn(addr);
        sink.emit(new KernelCall(String.format("page_to_pfn(vmalloc_to_page(0x%x))", addr),
                pfn < 0 ? "NULL" : String.format("0x%x", pfn), pfn < 0));
        return pfn;
    }

    /** /proc/vmallocinfo. */
    public String vmallocinfo() {
        return vmalloc.vmallocinfo();
    }

    public Slub slub() {
        return slub;
    }

    /** kmalloc(size, gfp), or kzalloc() when {@code zero}: the object's address, or 0 (NULL). */
    public long kmalloc(long size, int gfp, boolean zero) {
        int flags = zero ? gfp | Gfp.__GFP_ZERO : gfp;
        String call = String.format("%s(%d, %s)", zero ? "kzalloc" : "kmalloc", size,
                BuddyAllocator.gfpNames(zero ? gfp : flags));
        if (Gfp.allowsBlocking(flags)) {
            kernel.highmem().mightSleep(call, "include/linux/sched/mm.h (might_alloc)");
        }
        long addr = slub.kmalloc(size, flags);
        String cache = slub.cacheNameOf(addr);
        sink.emit(new KernelCall(call, addr == 0 ? "NULL" : String.format("0x%x", addr)
                + (cache != null ? " [" + cache + "]" : size > Slub.KMALLOC_MAX_CACHE_SIZE ? " [kmalloc_large]" : ""),
                addr == 0));
        return addr;
    }

    /** kfree(addr); freeing twice or freeing what kmalloc did not return is reported as the kernel would. */
    public void kfree(long addr) {
        String call = String.format("kfree(0x%x)", addr);
        String cache = slub.cacheNameOf(addr);
        switch (slub.kfree(addr)) {
            case FREED, NULL_POINTER -> sink.emit(new KernelCall(call, "void", false));
            case DOUBLE_FREE -> sink.emit(new KernelMessage(String.format("%s: BUG %s (Not tainted): Object already free "
                    + "(a double free; without slub_debug it corrupts the freelist)", call, cache), true));
            case NOT_AN_OBJECT -> sink.emit(new KernelMessage(String.format("%s: BUG %s (Not tainted): Invalid object "
                    + "pointer: the address is inside an object, not at its start (mm/slub.c)", call, cache), true));
            default -> sink.emit(new KernelMessage(String.format("%s: not an address kmalloc returned "
                    + "(no slab object or kmalloc_large block here): virt_to_folio() finds no slab and the "
                    + "kernel would free or oops on a page it does not own", call), true));
        }
    }

    /**
     * alloc_pages(gfp, order): the first pfn of 2^order frames, or -1 when the allocator failed
     * (it reports why: "page allocation failure", order above MAX_ORDER, invalid zone modifiers).
     */
    public long allocPages(int gfp, int order) {
        BuddyAllocator buddy = kernel.memory().allocator();
        String call = String.format("alloc_pages(%s, %d)", BuddyAllocator.gfpNames(gfp), order);
        if (Gfp.allowsBlocking(gfp)) {
            kernel.highmem().mightSleep(call, "include/linux/sched/mm.h (might_alloc)");
        }
        long pfn = buddy.allocPages(gfp, order);
        sink.emit(new KernelCall(call, pfn < 0 ? "NULL" : String.format("pfn 0x%x (%s)", pfn,
                buddy.zone(kernel.memory().memMap().zone(pfn)).name()), pfn < 0));
        return pfn;
    }

    /** __free_pages(pfn_to_page(pfn), order); a page that is not allocated is a "Bad page state" BUG. */
    public void freePages(long pfn, int order) {
        kernel.memory().allocator().freePages(pfn, order);
        sink.emit(new KernelCall(String.format("__free_pages(pfn_to_page(0x%x), %d)", pfn, order), "void", false));
    }

    /** /proc/slabinfo. */
    public String slabinfo() {
        return slub.slabinfo();
    }

    // ------------------------------------------------------------ the kernel's loads and stores

    /**
     * The frame behind kernel virtual address {@code vaddr}, found by walking swapper_pg_dir as the
     * MMU would (the direct map for kmalloc and __va addresses, the vmalloc area's ptes, pkmap
     * slots); -1 when nothing maps it. Emits nothing.
     */
    public long kernelPfn(long vaddr) {
        org.mmdsl.runtime.pgtable.PageWalk w = kernel.kernelPageTables().pageTables()
                .walk(kernel.kernelPageTables().swapperPgDir(), vaddr);
        return w.mapped() ? w.paddr() >>> 12 : -1;
    }

    /**
     * The frame a load or store by kernel code reaches at {@code vaddr}: through the current task's
     * page tables when a task is current ({@link Kernel#setCurrent}), else through swapper_pg_dir.
     * On i386 a miss on a kernel address first takes arch/x86/mm/fault_32.c's vmalloc_fault(): the
     * top-level entry is copied from swapper_pg_dir into the task's pgd (a {@link VmallocFault}
     * event) and the walk is retried. Under 6.1 the entry is always there already
     * (arch_sync_kernel_mappings() copied it when vmalloc created it), so the fault never happens.
     */
    private long accessPfn(long vaddr) {
        Task cur = kernel.current();
        if (cur == null || cur.mm() == null) {
            return kernelPfn(vaddr);
        }
        KernelPageTables kpt = kernel.kernelPageTables();
        long pgd = cur.mm().pgd;
        PageWalk w = kpt.pageTables().walk(pgd, vaddr);
        if (w.mapped()) {
            return w.paddr() >>> 12;
        }
        if (kernel.is64() || Long.compareUnsigned(vaddr, kernel.layout().pageOffset()) < 0) {
            return -1; // x86_64 6.1 has no vmalloc_fault() any more; a user address is not this path's
        }
        int idx = kpt.vmallocSyncOne(pgd, vaddr);
        if (idx <= 0) {
            return -1;
        }
        sink.emit(new VmallocFault(cur.comm(), cur.pid(), vaddr, idx, kpt.topEntry(pgd, vaddr)));
        w = kpt.pageTables().walk(pgd, vaddr);
        return w.mapped() ? w.paddr() >>> 12 : -1;
    }

    /**
     * The frames of the kernel buffer [vaddr, vaddr + size), page by page (what a driver passes to
     * remap_pfn_range() as virt_to_phys(buf) >> PAGE_SHIFT, or finds with vmalloc_to_pfn()); null
     * when a page of it is not mapped.
     */
    public long[] bufferPfns(long vaddr, long size) {
        long first = vaddr & ~0xfffL;
        int n = (int) (((vaddr + size + 0xfff) & ~0xfffL) - first >>> 12);
        long[] pfns = new long[n];
        for (int i = 0; i < n; i++) {
            pfns[i] = kernelPfn(first + ((long) i << 12));
            if (pfns[i] < 0) {
                return null;
            }
        }
        return pfns;
    }

    /**
     * A load of a machine word (4 bytes on i386, 8 on x86_64) by kernel code from {@code vaddr},
     * through the kernel page tables: the value another mapping of the same frame (a process's
     * device mapping) stored there. An unmapped address is the kernel's oops ("BUG: unable to
     * handle page fault"), reported, with {@code out.ok} false.
     */
    public boolean kernelRead(long vaddr, org.mmdsl.runtime.fault.AccessResult out) {
        return kernelAccess(vaddr, false, 0, out);
    }

    /** A store of a machine word by kernel code to {@code vaddr}; see {@link #kernelRead}. */
    public boolean kernelWrite(long vaddr, long value, org.mmdsl.runtime.fault.AccessResult out) {
        return kernelAccess(vaddr, true, value, out);
    }

    private boolean kernelAccess(long vaddr, boolean write, long value, org.mmdsl.runtime.fault.AccessResult out) {
        out.reset();
        int size = kernel.is64() ? 8 : 4;
        String type = kernel.is64() ? "u64" : "u32";
        long pfn = accessPfn(vaddr);
        long last = accessPfn(vaddr + size - 1);
        if (pfn < 0 || last < 0) {
            long bad = pfn < 0 ? vaddr : vaddr + size - 1;
            sink.emit(new KernelMessage(String.format("BUG: unable to handle page fault for address: %x%n"
                    + "#PF: supervisor %s access in kernel mode%n#PF: error_code(0x%04x) - not-present page", bad,
                    write ? "write" : "read", write ? 2 : 0), true));
            out.ok = false;
            return false;
        }
        org.mmdsl.runtime.mmu.PhysMem mem = kernel.physMem();
        long paddr = (pfn << 12) | (vaddr & 0xfff);
        if (write) {
            kernel.kernelPageTables().pageTables().noteRawWrite(); // it may have set a pte by hand
        }
        if (last == pfn) {
            if (write) {
                mem.write(paddr, size, value);
            } else {
                value = mem.read(paddr, size);
            }
        } else {
            for (int i = 0; i < size; i++) { // the word straddles two frames
                long a = vaddr + i;
                long pa = (accessPfn(a) << 12) | (a & 0xfff);
                if (write) {
                    mem.writeByte(pa, (int) (value >>> (8 * i)) & 0xff);
                } else if (i == 0) {
                    value = mem.readByte(pa);
                } else {
                    value |= ((long) mem.readByte(pa) & 0xff) << (8 * i);
                }
            }
        }
        out.ok = true;
        out.value = value;
        out.pfn = pfn;
        out.paddr = paddr;
        String at = String.format("*(%s *)0x%x", type, vaddr);
        sink.emit(write ? new KernelCall(String.format("WRITE_ONCE(%s, %d)", at, value),
                String.format("void [phys 0x%x]", paddr), false)
                : new KernelCall(String.format("READ_ONCE(%s)", at), String.format("%d [phys 0x%x]", value, paddr), false));
        return true;
    }
}
