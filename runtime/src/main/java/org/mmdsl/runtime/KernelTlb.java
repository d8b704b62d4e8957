package org.mmdsl.runtime;

import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelCall;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.mmu.Tlb;
import org.mmdsl.runtime.pgtable.PageTables;

/**
 * The TLB as a scenario sees it: `show tlb`, `invlpg`, `flush_tlb_all`, and `set_pte` — a change
 * of one user PTE with or without the flush. Kernel paths (munmap, mprotect, COW, fork's
 * write-protect, kunmap) flush through {@link PageTables#writeEntry}; {@code set_pte ... noflush}
 * is something the kernel never does, offered to show a stale translation: the CPU keeps using the
 * cached entry until an invlpg, a full flush or a CR3 load without PCID drops it.
 */
public final class KernelTlb {
    /** What set_pte makes of the entry. */
    public enum PteChange { READONLY, WRITABLE, NONE }

    private final Kernel kernel;
    private final EventSink sink;

    KernelTlb(Kernel kernel, EventSink sink) {
        this.kernel = kernel;
        this.sink = sink;
    }

    public Tlb tlb() {
        return kernel.kernelPageTables().pageTables().tlb();
    }

    /**
     * Changes the PTE of {@code vaddr} in {@code task}'s page tables, flushing it as the kernel would
     * (flush_tlb_page) unless {@code noflush}. Returns false when no PTE maps the address.
     */
    public boolean setPte(Task task, long vaddr, PteChange change, boolean noflush) {
        String call = String.format("set_pte(%s[%d], 0x%x, %s)%s", task.comm(), task.pid(), vaddr,
                change.name().toLowerCase(), noflush ? " without flush_tlb_page()" : " + flush_tlb_page()");
        PageTables pt = kernel.kernelPageTables().pageTables();
        long slot = task.mm() == null ? -1 : pt.pteSlot(task.mm().pgd, vaddr);
        long old = slot < 0 ? 0 : pt.readEntry(slot);
        if (!Pte.present(old)) {
            sink.emit(new KernelMessage(call + ": no present pte maps this address (touch it first)", true));
            return false;
        }
        long e = switch (change) {
            case READONLY -> old & ~Pte._PAGE_RW;
            case WRITABLE -> old | Pte._PAGE_RW;
            default -> old & ~Pte._PAGE_PRESENT;
        };
        if (noflush) {
            pt.writeEntryNoFlush(slot, e);
        } else {
            pt.writeEntry(slot, e);
        }
        sink.emit(new KernelCall(call, String.format("pte 0x%x -> 0x%x", old, e), false));
        return true;
    }

    /** INVLPG of {@code vaddr} (current PCID and global entries). */
    public void invlpg(long vaddr) {
        tlb().invlpg(vaddr);
        sink.emit(new KernelCall(String.format("invlpg 0x%x", vaddr), "void", false));
    }

    /** flush_tlb_all(). */
    public void flushAll() {
        tlb().flushAll();
        sink.emit(new KernelCall("flush_tlb_all()", "void", false));
    }

    /** The `show tlb` text. */
    public String describe() {
        return tlb().describe(kernel.is64());
    }
}
