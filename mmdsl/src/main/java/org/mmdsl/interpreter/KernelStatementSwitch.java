package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.AddressHelper;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.FreePages;
import org.mmdsl.mmdsl.Ioremap;
import org.mmdsl.mmdsl.Iounmap;
import org.mmdsl.mmdsl.KernelAccess;
import org.mmdsl.mmdsl.KernelShow;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.Kfree;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.Kmap;
import org.mmdsl.mmdsl.KmapLocal;
import org.mmdsl.mmdsl.Kunmap;
import org.mmdsl.mmdsl.SetPte;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.ShowPage;
import org.mmdsl.mmdsl.TlbFlush;
import org.mmdsl.mmdsl.Vmalloc;
import org.mmdsl.mmdsl.VmallocToPage;
import org.mmdsl.mmdsl.Vmap;
import org.mmdsl.mmdsl.Vunmap;
import org.mmdsl.mmdsl.util.MmdslSwitch;

/**
 * Runs a kernel statement (at top level, in a {@code kernel} block, in a kthread) through the generated
 * switch: one case per statement kind, each handing the statement to the step class of its concept
 * ({@link HighmemSteps}, {@link KernelMemorySteps}, {@link ObservationSteps}), whose {@link Outcome} then
 * goes to the {@link ExpectationJudge}. Runs nothing itself and judges nothing.
 */
final class KernelStatementSwitch extends MmdslSwitch<Outcome> {
    private final StepContext ctx;
    private final ExpectationJudge judge;
    private final HighmemSteps highmem;
    private final KernelMemorySteps kernelMemory;
    private final ObservationSteps observation;
    /** Who performs the statement's loads and stores: kernel code, or the kthread {@link #run} names. */
    private KernelMemorySteps.KernelAccessor by;

    KernelStatementSwitch(StepContext ctx, ExpectationJudge judge, HighmemSteps highmem, KernelMemorySteps kernelMemory,
            ObservationSteps observation) {
        this.ctx = ctx;
        this.judge = judge;
        this.highmem = highmem;
        this.kernelMemory = kernelMemory;
        this.observation = observation;
        this.by = kernelMemory.kernelCode;
    }

    /** Runs {@code k} with kernel code's own loads and stores, then judges its expectations. */
    void run(KernelStatement k) {
        run(k, kernelMemory.kernelCode);
    }

    /** Runs {@code k}, its loads and stores made by {@code accessor}, then judges its expectations. */
    void run(KernelStatement k, KernelMemorySteps.KernelAccessor accessor) {
        int first = ctx.mark();
        by = accessor;
        try {
            judge.judge(k, doSwitch(k), first);
        } finally {
            by = kernelMemory.kernelCode;
        }
    }

    @Override
    public Outcome caseShowPicture(org.mmdsl.mmdsl.ShowPicture s) {
        observation.showPicture(s, null);
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseKhugepaged(org.mmdsl.mmdsl.Khugepaged k) {
        observation.khugepaged();
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseShow(Show s) {
        observation.show(s, null);
        return Outcome.EVENTS_ONLY;
    }

    @Override
    public Outcome caseKmap(Kmap k) {
        return highmem.kmap(k);
    }

    @Override
    public Outcome caseKunmap(Kunmap k) {
        return highmem.kunmap(k);
    }

    @Override
    public Outcome caseKmapLocal(KmapLocal k) {
        return highmem.kmapLocal(k);
    }

    @Override
    public Outcome caseKernelAccess(KernelAccess a) {
        return kernelMemory.kernelAccess(a, by);
    }

    @Override
    public Outcome caseShowPage(ShowPage s) {
        return kernelMemory.showPage(s);
    }

    @Override
    public Outcome caseAddressHelper(AddressHelper a) {
        return kernelMemory.addressHelper(a);
    }

    @Override
    public Outcome caseSetPte(SetPte s) {
        return kernelMemory.setPte(s);
    }

    @Override
    public Outcome caseTlbFlush(TlbFlush f) {
        return kernelMemory.tlbFlush(f);
    }

    @Override
    public Outcome caseKmalloc(Kmalloc m) {
        return kernelMemory.kmalloc(m);
    }

    @Override
    public Outcome caseKfree(Kfree f) {
        return kernelMemory.kfree(f);
    }

    @Override
    public Outcome caseVmalloc(Vmalloc v) {
        return kernelMemory.vmalloc(v);
    }

    @Override
    public Outcome caseVmap(Vmap v) {
        return kernelMemory.vmap(v);
    }

    @Override
    public Outcome caseVunmap(Vunmap v) {
        return kernelMemory.vunmap(v);
    }

    @Override
    public Outcome caseIoremap(Ioremap r) {
        return kernelMemory.ioremap(r);
    }

    @Override
    public Outcome caseIounmap(Iounmap u) {
        return kernelMemory.iounmap(u);
    }

    @Override
    public Outcome caseVmallocToPage(VmallocToPage v) {
        return kernelMemory.vmallocToPage(v);
    }

    @Override
    public Outcome caseAllocPages(AllocPages a) {
        return kernelMemory.allocPages(a);
    }

    @Override
    public Outcome caseFreePages(FreePages f) {
        return kernelMemory.freePages(f);
    }

    @Override
    public Outcome caseKernelShow(KernelShow s) {
        return kernelMemory.kernelShow(s);
    }

    /** A statement kind without a case (a bare supertype left by parser recovery): it does nothing. */
    @Override
    public Outcome defaultCase(org.eclipse.emf.ecore.EObject s) {
        return Outcome.EVENTS_ONLY;
    }
}
