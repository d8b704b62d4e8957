package org.mmdsl.interpreter;

import java.util.List;

import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.FreeKind;
import org.mmdsl.mmdsl.FreePages;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.KernelShow;
import org.mmdsl.mmdsl.KernelShowWhat;
import org.mmdsl.mmdsl.Kfree;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.KmallocKind;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Vmalloc;
import org.mmdsl.mmdsl.VmallocToPage;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * The kernel's own memory: kmalloc/kzalloc/kvmalloc/kfree (mm/slab_common.c), vmalloc/vfree/vmap/
 * vunmap/vmalloc_to_page (mm/vmalloc.c), ioremap, alloc_pages/free_pages (mm/page_alloc.c), the
 * address helpers (__pa, __va, virt_to_page, ...), TLB statements, kernel loads and stores, and the
 * kernel-side {@code show}s. Highmem mappings live in {@link HighmemSteps}.
 */
final class KernelMemorySteps {
    private final StepContext in;
    private final AccessResult access = new AccessResult();

    KernelMemorySteps(StepContext in) {
        this.in = in;
    }

    /** kmalloc, kzalloc, kvmalloc (mm/slab_common.c, mm/util.c kvmalloc_node()): the handle is the object's address. */
    Outcome kmalloc(Kmalloc m) {
        long addr = m.getKind() == KmallocKind.KVMALLOC ? in.kernel().kmem().kvmalloc(m.getSize(), gfp(m.getGfp()))
                : in.kernel().kmem().kmalloc(m.getSize(), gfp(m.getGfp()), m.getKind() == KmallocKind.KZALLOC);
        return allocated(m, addr != 0, addr, m.getKind().getLiteral());
    }

    /** kfree, vfree, kvfree. */
    Outcome kfree(Kfree f) {
        Long addr = in.address(f.getAddress());
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (f.getKind() == FreeKind.KFREE) {
            in.kernel().kmem().kfree(addr);
        } else {
            in.kernel().kmem().vfree(addr, f.getKind() == FreeKind.KVFREE);
        }
        return new Outcome.KernelCall(f.getKind().getLiteral());
    }

    Outcome vmalloc(Vmalloc v) {
        long addr = in.kernel().kmem().vmalloc(v.getSize());
        return allocated(v, addr != 0, addr, "vmalloc");
    }

    Outcome vmap(org.mmdsl.mmdsl.Vmap v) {
        long[] pfns = new long[v.getPfns().size()];
        for (int i = 0; i < pfns.length; i++) {
            Long pfn = in.address(v.getPfns().get(i));
            if (pfn == null) {
                return Outcome.EVENTS_ONLY;
            }
            pfns[i] = pfn;
        }
        long addr = in.kernel().kmem().vmap(pfns);
        return allocated(v, addr != 0, addr, "vmap");
    }

    Outcome vunmap(org.mmdsl.mmdsl.Vunmap v) {
        Long addr = in.address(v.getAddress());
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        in.kernel().kmem().vunmap(addr);
        return new Outcome.KernelCall("vunmap");
    }

    Outcome ioremap(org.mmdsl.mmdsl.Ioremap r) {
        Long phys = in.address(r.getPhys());
        if (phys == null) {
            return Outcome.EVENTS_ONLY;
        }
        long addr = in.kernel().kmem().ioremap(phys, r.getSize());
        return allocated(r, addr != 0, addr, "ioremap");
    }

    Outcome iounmap(org.mmdsl.mmdsl.Iounmap u) {
        Long addr = in.address(u.getAddress());
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        in.kernel().kmem().iounmap(addr);
        return new Outcome.KernelCall("iounmap");
    }

    Outcome vmallocToPage(VmallocToPage v) {
        Long addr = in.address(v.getAddress());
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        long pfn = in.kernel().kmem().vmallocToPage(addr);
        return new Outcome.Allocation("vmalloc_to_page", pfn >= 0, pfn);
    }

    /** alloc_pages (mm/page_alloc.c): the handle is the first pfn. */
    Outcome allocPages(AllocPages a) {
        long pfn = in.kernel().kmem().allocPages(gfp(a.getGfp()), (int) Math.min(Integer.MAX_VALUE, a.getOrder()));
        return allocated(a, pfn >= 0, pfn, "alloc_pages");
    }

    /** free_pages PFN [order N]: without an order, the order of the alloc_pages the pfn came from. */
    Outcome freePages(FreePages f) {
        Long pfn = in.address(f.getPfn());
        if (pfn == null) {
            return Outcome.EVENTS_ONLY;
        }
        Handle h = Exprs.baseHandle(f.getPfn());
        long order = f.eIsSet(MmdslPackage.Literals.FREE_PAGES__ORDER) ? f.getOrder()
                : h instanceof AllocPages ? ((AllocPages) h).getOrder() : 0;
        in.kernel().kmem().freePages(pfn, (int) Math.min(Integer.MAX_VALUE, order));
        return new Outcome.KernelCall("free_pages");
    }

    /** show tlb, active_mm, slabinfo, vmallocinfo. */
    Outcome kernelShow(KernelShow k) {
        if (k.getWhat() == KernelShowWhat.TLB) {
            in.record(new Output("TLB", in.kernel().tlb().describe()));
        } else if (k.getWhat() == KernelShowWhat.ACTIVE_MM) {
            in.record(new Output("active_mm (CPU 0)", in.kernel().runQueue().render()));
        } else if (k.getWhat() == KernelShowWhat.SLABINFO) {
            in.record(new Output("/proc/slabinfo", in.kernel().kmem().slabinfo()));
        } else {
            in.record(new Output("/proc/vmallocinfo", in.kernel().kmem().vmallocinfo()));
        }
        return Outcome.EVENTS_ONLY;
    }

    /** {@code h} stands for {@code value} when the allocation succeeded; the outcome for the judge. */
    private Outcome allocated(Handle h, boolean ok, long value, String what) {
        if (ok) {
            in.bind(h, value);
        }
        return new Outcome.Allocation(what, ok, value);
    }

    /** The GFP mask of names joined with '|' (the validator has checked every name). */
    private static int gfp(List<String> names) {
        int mask = 0;
        for (String n : names) {
            mask |= Math.max(0, Gfp.valueOf(n));
        }
        return mask;
    }

    /** show page PFN: struct page as dump_page() prints it. */
    Outcome showPage(org.mmdsl.mmdsl.ShowPage k) {
        Long pfn = in.address(k.getPfn());
        if (pfn != null) {
            in.record(new Output(String.format("struct page of pfn 0x%x (dump_page)", pfn), in.kernel().addr().dumpPage(pfn)));
        }
        return Outcome.EVENTS_ONLY;
    }

    /** __pa, __va, virt_to_page, pfn_to_page, page_to_pfn, page_address, pfn_valid. */
    Outcome addressHelper(org.mmdsl.mmdsl.AddressHelper a) {
        Long arg = in.address(a.getArg());
        if (arg == null) {
            return Outcome.EVENTS_ONLY;
        }
        var addr = in.kernel().addr();
        long v;
        boolean ok = true;
        switch (a.getOp()) {
            case PA -> v = addr.pa(arg);
            case VA -> v = addr.va(arg);
            case VIRT_TO_PAGE -> v = addr.virtToPage(arg);
            case PFN_TO_PAGE -> v = addr.pageOf(addr.pfnToPage(arg));
            case PAGE_TO_PFN -> {
                v = addr.pageToPfn(arg);
                ok = v >= 0;
            }
            case PAGE_ADDRESS -> {
                v = addr.pageAddress(arg);
                ok = v != 0;
            }
            default -> {
                ok = addr.pfnValid(arg);
                v = ok ? 1 : 0;
            }
        }
        return new Outcome.Allocation(a.getOp().getLiteral(), ok, v);
    }

    /** set_pte TASK ADDR readonly|writable|notpresent [noflush]. */
    Outcome setPte(org.mmdsl.mmdsl.SetPte sp) {
        Task task = in.task(sp.getTask());
        Long addr = in.address(sp.getAddress());
        if (task == null || task.exited() || addr == null) {
            in.record(new ScenarioProblem("set_pte needs a running task and an address", false));
            return Outcome.EVENTS_ONLY;
        }
        var change = switch (sp.getChange()) {
            case READONLY -> org.mmdsl.runtime.KernelTlb.PteChange.READONLY;
            case WRITABLE -> org.mmdsl.runtime.KernelTlb.PteChange.WRITABLE;
            default -> org.mmdsl.runtime.KernelTlb.PteChange.NONE;
        };
        in.kernel().tlb().setPte(task, addr, change, sp.isNoflush());
        return new Outcome.KernelCall("set_pte");
    }

    /** invlpg ADDR, flush_tlb_all. */
    Outcome tlbFlush(org.mmdsl.mmdsl.TlbFlush f) {
        if (f.getOp().equals("flush_tlb_all")) {
            in.kernel().tlb().flushAll();
        } else if (f.getAddress() != null) {
            Long addr = in.address(f.getAddress());
            if (addr != null) {
                in.kernel().tlb().invlpg(addr);
            }
        }
        return Outcome.EVENTS_ONLY;
    }

    /** Who performs a kernel load or store: kernel code on swapper_pg_dir or current's tables, or a kthread. */
    interface KernelAccessor {
        boolean read(long vaddr, AccessResult out);

        boolean write(long vaddr, long value, AccessResult out);
    }

    /** Kernel code's own loads and stores: on swapper_pg_dir, or on current's tables in a {@code kernel in TASK} block. */
    final KernelAccessor kernelCode = new KernelAccessor() {
        @Override
        public boolean read(long vaddr, AccessResult out) {
            return in.kernel().kmem().kernelRead(vaddr, out);
        }

        @Override
        public boolean write(long vaddr, long value, AccessResult out) {
            return in.kernel().kmem().kernelWrite(vaddr, value, out);
        }
    };

    /** A load or store of a word at a kernel virtual address by {@code by}: whether it completed and what it read. */
    Outcome kernelAccess(org.mmdsl.mmdsl.KernelAccess a, KernelAccessor by) {
        Long addr = in.address(a.getAddress());
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        boolean ok;
        if ("write".equals(a.getKind())) {
            Long v = a.getValue() == null ? Long.valueOf(1) : in.address(a.getValue());
            if (v == null) {
                return Outcome.EVENTS_ONLY;
            }
            ok = by.write(addr, v, access);
        } else {
            ok = by.read(addr, access);
        }
        return new Outcome.KernelAccess(ok, access.value);
    }
}
