package org.mmdsl.interpreter;

import java.util.List;

import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.FreeKind;
import org.mmdsl.mmdsl.FreePages;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.KernelShow;
import org.mmdsl.mmdsl.KernelShowWhat;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.Kfree;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.KmallocKind;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.OkExpectation;
import org.mmdsl.mmdsl.ValueExpectation;
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
    private final Interpreter in;
    private final AccessResult access = new AccessResult();

    KernelMemorySteps(Interpreter in) {
        this.in = in;
    }

    /** kmalloc/kzalloc/kfree, show slabinfo, …: calls into {@code runtime.KernelMemory}. */
    void kernelMemoryStatement(KernelStatement k) {
        int first = in.events.size();
        if (k instanceof Kmalloc) {
            Kmalloc m = (Kmalloc) k;
            long addr = m.getKind() == KmallocKind.KVMALLOC ? in.kernel.kmem().kvmalloc(m.getSize(), gfp(m.getGfp()))
                    : in.kernel.kmem().kmalloc(m.getSize(), gfp(m.getGfp()), m.getKind() == KmallocKind.KZALLOC);
            in.allocated(m, addr != 0, addr, m.getKind().getLiteral(), m.getExpects(), first);
        } else if (k instanceof Kfree) {
            Kfree f = (Kfree) k;
            Long addr = in.address(f.getAddress());
            if (addr != null) {
                if (f.getKind() == FreeKind.KFREE) {
                    in.kernel.kmem().kfree(addr);
                } else {
                    in.kernel.kmem().vfree(addr, f.getKind() == FreeKind.KVFREE);
                }
                in.kernelCallOk(f.getExpects(), first, f.getKind().getLiteral());
            }
        } else if (k instanceof Vmalloc) {
            Vmalloc v = (Vmalloc) k;
            long addr = in.kernel.kmem().vmalloc(v.getSize());
            in.allocated(v, addr != 0, addr, "vmalloc", v.getExpects(), first);
        } else if (k instanceof org.mmdsl.mmdsl.Vmap) {
            org.mmdsl.mmdsl.Vmap v = (org.mmdsl.mmdsl.Vmap) k;
            long[] pfns = new long[v.getPfns().size()];
            for (int i = 0; i < pfns.length; i++) {
                Long pfn = in.address(v.getPfns().get(i));
                if (pfn == null) {
                    return;
                }
                pfns[i] = pfn;
            }
            long addr = in.kernel.kmem().vmap(pfns);
            in.allocated(v, addr != 0, addr, "vmap", v.getExpects(), first);
        } else if (k instanceof org.mmdsl.mmdsl.Vunmap) {
            org.mmdsl.mmdsl.Vunmap v = (org.mmdsl.mmdsl.Vunmap) k;
            Long addr = in.address(v.getAddress());
            if (addr != null) {
                in.kernel.kmem().vunmap(addr);
                in.kernelCallOk(v.getExpects(), first, "vunmap");
            }
        } else if (k instanceof org.mmdsl.mmdsl.Ioremap) {
            org.mmdsl.mmdsl.Ioremap r = (org.mmdsl.mmdsl.Ioremap) k;
            Long phys = in.address(r.getPhys());
            if (phys != null) {
                long addr = in.kernel.kmem().ioremap(phys, r.getSize());
                in.allocated(r, addr != 0, addr, "ioremap", r.getExpects(), first);
            }
        } else if (k instanceof org.mmdsl.mmdsl.Iounmap) {
            org.mmdsl.mmdsl.Iounmap u = (org.mmdsl.mmdsl.Iounmap) k;
            Long addr = in.address(u.getAddress());
            if (addr != null) {
                in.kernel.kmem().iounmap(addr);
                in.kernelCallOk(u.getExpects(), first, "iounmap");
            }
        } else if (k instanceof VmallocToPage) {
            VmallocToPage v = (VmallocToPage) k;
            Long addr = in.address(v.getAddress());
            if (addr != null) {
                long pfn = in.kernel.kmem().vmallocToPage(addr);
                in.allocated(null, pfn >= 0, pfn, "vmalloc_to_page", v.getExpects(), first);
            }
        } else if (k instanceof AllocPages) {
            AllocPages a = (AllocPages) k;
            long pfn = in.kernel.kmem().allocPages(gfp(a.getGfp()), (int) Math.min(Integer.MAX_VALUE, a.getOrder()));
            in.allocated(a, pfn >= 0, pfn, "alloc_pages", a.getExpects(), first);
        } else if (k instanceof FreePages) {
            FreePages f = (FreePages) k;
            Long pfn = in.address(f.getPfn());
            if (pfn != null) {
                Handle h = Exprs.baseHandle(f.getPfn());
                long order = f.eIsSet(MmdslPackage.Literals.FREE_PAGES__ORDER) ? f.getOrder()
                        : h instanceof AllocPages ? ((AllocPages) h).getOrder() : 0;
                in.kernel.kmem().freePages(pfn, (int) Math.min(Integer.MAX_VALUE, order));
                in.kernelCallOk(f.getExpects(), first, "free_pages");
            }
        } else if (k instanceof KernelShow) {
            if (((KernelShow) k).getWhat() == KernelShowWhat.TLB) {
                in.record(new Output("TLB", in.kernel.tlb().describe()));
            } else if (((KernelShow) k).getWhat() == KernelShowWhat.ACTIVE_MM) {
                in.record(new Output("active_mm (CPU 0)", in.kernel.runQueue().render()));
            } else if (((KernelShow) k).getWhat() == KernelShowWhat.SLABINFO) {
                in.record(new Output("/proc/slabinfo", in.kernel.kmem().slabinfo()));
            } else {
                in.record(new Output("/proc/vmallocinfo", in.kernel.kmem().vmallocinfo()));
            }
        }
    }

    /** The GFP mask of names joined with '|' (the validator has checked every name). */
    private static int gfp(List<String> names) {
        int mask = 0;
        for (String n : names) {
            mask |= Math.max(0, Gfp.valueOf(n));
        }
        return mask;
    }

    /** __pa, __va, virt_to_page, pfn_to_page, page_to_pfn, page_address, pfn_valid, show page. */
    boolean addressStatement(KernelStatement k) {
        if (k instanceof org.mmdsl.mmdsl.ShowPage) {
            Long pfn = in.address(((org.mmdsl.mmdsl.ShowPage) k).getPfn());
            if (pfn != null) {
                in.record(new Output(String.format("struct page of pfn 0x%x (dump_page)", pfn), in.kernel.addr().dumpPage(pfn)));
            }
            return true;
        }
        if (!(k instanceof org.mmdsl.mmdsl.AddressHelper)) {
            return false;
        }
        org.mmdsl.mmdsl.AddressHelper a = (org.mmdsl.mmdsl.AddressHelper) k;
        int first = in.events.size();
        Long arg = in.address(a.getArg());
        if (arg == null) {
            return true;
        }
        var addr = in.kernel.addr();
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
        in.allocated(null, ok, v, a.getOp().getLiteral(), a.getExpects(), first);
        return true;
    }

    /** set_pte [noflush], invlpg, flush_tlb_all; false for other statements. */
    boolean tlbStatement(KernelStatement k) {
        if (k instanceof org.mmdsl.mmdsl.SetPte) {
            org.mmdsl.mmdsl.SetPte sp = (org.mmdsl.mmdsl.SetPte) k;
            int first = in.events.size();
            Task task = in.tasks.get(sp.getTask());
            Long addr = in.address(sp.getAddress());
            if (task == null || task.exited() || addr == null) {
                in.record(new ScenarioProblem("set_pte needs a running task and an address", false));
                return true;
            }
            var change = switch (sp.getChange()) {
                case READONLY -> org.mmdsl.runtime.KernelTlb.PteChange.READONLY;
                case WRITABLE -> org.mmdsl.runtime.KernelTlb.PteChange.WRITABLE;
                default -> org.mmdsl.runtime.KernelTlb.PteChange.NONE;
            };
            in.kernel.tlb().setPte(task, addr, change, sp.isNoflush());
            in.kernelCallOk(sp.getExpects(), first, "set_pte");
            return true;
        }
        if (k instanceof org.mmdsl.mmdsl.TlbFlush) {
            org.mmdsl.mmdsl.TlbFlush f = (org.mmdsl.mmdsl.TlbFlush) k;
            if (f.getOp().equals("flush_tlb_all")) {
                in.kernel.tlb().flushAll();
            } else if (f.getAddress() != null) {
                Long addr = in.address(f.getAddress());
                if (addr != null) {
                    in.kernel.tlb().invlpg(addr);
                }
            }
            return true;
        }
        return false;
    }

    /** Who performs a kernel load or store: kernel code on swapper_pg_dir or current's tables, or a kthread. */
    interface KernelAccessor {
        boolean read(long vaddr, AccessResult out);

        boolean write(long vaddr, long value, AccessResult out);
    }

    /** A kernel load or store of a word at a kernel virtual address, with its value expectations. */
    void kernelAccess(org.mmdsl.mmdsl.KernelAccess a) {
        kernelAccess(a, new KernelAccessor() {
            @Override
            public boolean read(long vaddr, AccessResult out) {
                return in.kernel.kmem().kernelRead(vaddr, out);
            }

            @Override
            public boolean write(long vaddr, long value, AccessResult out) {
                return in.kernel.kmem().kernelWrite(vaddr, value, out);
            }
        });
    }

    /** A load or store by {@code by}, with its value, ok and warning expectations. */
    void kernelAccess(org.mmdsl.mmdsl.KernelAccess a, KernelAccessor by) {
        int first = in.events.size();
        Long addr = in.address(a.getAddress());
        if (addr == null) {
            return;
        }
        boolean ok;
        if ("write".equals(a.getKind())) {
            Long v = a.getValue() == null ? Long.valueOf(1) : in.address(a.getValue());
            if (v == null) {
                return;
            }
            ok = by.write(addr, v, access);
        } else {
            ok = by.read(addr, access);
        }
        for (Expectation e : a.getExpects()) {
            if (e instanceof ValueExpectation) {
                Long want = in.address(((ValueExpectation) e).getValue());
                if (want != null) {
                    in.expectation(e, ok && access.value == want, ok ? String.format("kernel read %d%s", access.value,
                            access.value == want ? "" : ", expected " + want) : "the kernel access oopsed");
                }
            } else if (e instanceof OkExpectation) {
                in.expectation(e, ok, ok ? "kernel access succeeded" : "expected the kernel access to succeed");
            }
        }
    }
}
