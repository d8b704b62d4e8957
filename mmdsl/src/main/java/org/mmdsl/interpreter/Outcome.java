package org.mmdsl.interpreter;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.Expectation;

/**
 * What one statement did, as its step reports it to {@link ExpectationJudge}: the result a handler alone
 * knows (a system call's return value, an allocation's address, the value a load read). Everything else a
 * statement did (a fault, a warning, a failed call) is in the events it caused, which the judge reads
 * itself. A step never compares an outcome with an expectation; it only describes the outcome.
 *
 * <p>Immutable. Each kind carries what its verdict messages name, so the messages stay those of the
 * statement ("mmap returned 0x...", "kernel read 5", "the call returned"), and names the judge's pass
 * for it ({@link #judgeBy}: double dispatch instead of a chain of instanceof).
 */
sealed interface Outcome {

    /**
     * Has {@code judge} record the verdicts that only this outcome can give on {@code expects} (the
     * statement's expectations, or the check statement itself), in the scenario's order.
     */
    void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first);

    /** Nothing beyond the statement's events (exec, show, a skipped statement): only the events are judged. */
    Outcome EVENTS_ONLY = new EventsOnly();

    /** See {@link #EVENTS_ONLY}. */
    record EventsOnly() implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        // nothing beyond the events: the judge's second pass judges them
        }
    }

    /** A system call's return value: a result, or -errno (munmap, mprotect, madvise, open, close, ...). */
    record Syscall(long result) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.syscall(expects, first, result);
        }
    }

    /** A system call that returns an address (mmap, mremap, brk): its errno and the address it returned. */
    record AddressReturned(String call, long result) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.addressReturned(expects, first, this);
        }
    }

    /** pread/pwrite: the call's result and, for pread, the word read at {@code offset}. */
    record FileRead(long result, long offset, long value) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.fileRead(expects, first, this);
        }
    }

    /**
     * A kernel call that hands back an address, a pfn or a value, or fails (kmalloc, vmalloc, alloc_pages,
     * kmap_atomic, __pa, ...): {@code what} is the call as the scenario wrote it.
     */
    record Allocation(String what, boolean ok, long value) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.allocation(expects, first, this);
        }
    }

    /** A kernel call without a result (kfree, vunmap, free_pages, kunmap_atomic, set_pte): it fails by warning. */
    record KernelCall(String what) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.kernelCall(expects, first, what);
        }
    }

    /** kmap: the kernel address the page got ({@code ok} false when the call could not be made). */
    record Kmap(long vaddr, boolean ok) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.kmap(expects, this);
        }
    }

    /**
     * A user load, store or fetch ({@code what}: "read of 0x1000", "write of 0x1000..0x3000"): whether it
     * completed, at {@code address}, and the value the last access read.
     */
    record UserAccess(String what, long address, boolean ok, long value, int tlb) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.userAccess(expects, first, this);
        }
    }

    /** {@code tlb} of an access: its translation hit the dTLB. */
    int TLB_HIT = 1;
    /** {@code tlb} of an access: its translation missed the dTLB (a page walk). */
    int TLB_MISS = 0;
    /** {@code tlb} of an access over a range (one translation per page: no one answer) or one that did not run. */
    int TLB_NONE = -1;

    /** call ADDR: whether the called code returned (a fault is its SignalEvent). */
    record CallInstruction(boolean ok) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.callInstruction(expects, first, ok);
        }
    }

    /** A kernel load or store: whether it completed (an oops otherwise) and the value read. */
    record KernelAccess(boolean ok, long value) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.kernelAccess(expects, this);
        }
    }

    /**
     * A check statement's observation ({@code expect read}, {@code expect zone}): {@code observed} says what
     * was seen ("init reads 42 at 0x1000"), {@code got} is compared with {@code want}; {@code hex} prints
     * the wanted value as an address.
     */
    record State(String observed, long got, long want, boolean hex) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.state(statement, this);
        }
    }

    /**
     * A check statement's observation in words ({@code expect pte ADDR flags}, {@code expect page ADDR zone}):
     * {@code got} is compared with {@code want} as text, both in the scenario's notation (the answer a blank
     * records).
     */
    record StateWords(String observed, String got, String want) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.stateWords(statement, this);
        }
    }

    /**
     * translate: the software walk's end, {@code paddr} (-1 when it stopped) or {@code stoppedAt}, the level
     * whose entry is not present ({@code what}: "translate 0xb7ff6000 in init").
     */
    record Walk(String what, long paddr, String stoppedAt) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.walk(expects, this);
        }
    }

    /**
     * {@code expect maps}: the task's /proc/PID/maps now ({@code maps}, titled {@code file}) and what the check
     * wants: the whole text of a block, or one line when {@code line} ({@code expect maps has "..."}).
     */
    record MapsText(String task, String file, String maps, String want, boolean line) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.maps(statement, this);
        }
    }

    /**
     * find_vma, find_vma_prev, find_vma_intersection ({@code what}: "find_vma(0x10000000) in init"): the VMA
     * returned as "vm_start-vm_end" in hex ({@code vma}, null for NULL) and, for find_vma_prev, *pprev
     * ({@code prev}; {@code hasPrev} false for the other two, which have none).
     */
    record VmaFound(String what, String vma, String prev, boolean hasPrev) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.vmaFound(expects, this);
        }
    }

    /** A check statement that found nothing to look at (no such task, nothing mapped, no such zone): it fails. */
    record NothingToObserve(String why) implements Outcome {
        @Override
        public void judgeBy(ExpectationJudge judge, EObject statement, List<Expectation> expects, int first) {
        judge.nothingToObserve(statement, why);
        }
    }
}
