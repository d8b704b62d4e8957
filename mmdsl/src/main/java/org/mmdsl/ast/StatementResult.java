package org.mmdsl.ast;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.Access;
import org.mmdsl.mmdsl.AccessKind;
import org.mmdsl.mmdsl.AddressHelper;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.Call;
import org.mmdsl.mmdsl.FileIo;
import org.mmdsl.mmdsl.FreePages;
import org.mmdsl.mmdsl.Iounmap;
import org.mmdsl.mmdsl.KernelAccess;
import org.mmdsl.mmdsl.KernelHandle;
import org.mmdsl.mmdsl.Kfree;
import org.mmdsl.mmdsl.Kmap;
import org.mmdsl.mmdsl.KmapLocal;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.mmdsl.VmallocToPage;
import org.mmdsl.mmdsl.Vunmap;
import org.mmdsl.mmdsl.util.MmdslSwitch;

/**
 * What a statement can report, so which {@code expect} may follow it: an errno ({@code expect errno}), a
 * fault ({@code expect fault}), a value read ({@code expect value}), an address returned
 * ({@code expect address}), a failure of a kernel allocation or free ({@code expect fail}). The validators
 * (ExpectationValidator, KernelMemoryValidator) read it to place expectations. Does not say whether the
 * statement does report it in a run, nor which errno: the run and interpreter.ExpectationJudge decide that.
 */
public enum StatementResult {
    /** An errno: every statement but a user memory access, which succeeds or faults. */
    ERRNO,
    /** A signal from a user memory access or call (read, write, exec, call). */
    FAULT,
    /** A value read (user or kernel read, pread). */
    VALUE,
    /** An address (mmap, mremap, brk, kmap, kmap_local, the address helpers, kernel allocations). */
    ADDRESS,
    /** NULL from a kernel allocation, or a kernel free, unmap or helper the kernel refuses. */
    FAIL,
    /** Whether a single user access's translation hit the dTLB (read, write, exec of one address). */
    TLB,
    /** The level where translate's software walk stops at a non-present entry. */
    NOT_PRESENT,
    /** The VMA a lookup returned (find_vma, find_vma_prev, find_vma_intersection), or NULL. */
    VMA;

    private static final Set<StatementResult> ERRNO_ONLY = set(ERRNO);
    private static final Set<StatementResult> ACCESS = set(FAULT, TLB);
    private static final Set<StatementResult> ACCESS_READ = set(FAULT, VALUE, TLB);
    private static final Set<StatementResult> WALK = set(ADDRESS, NOT_PRESENT);
    private static final Set<StatementResult> LOOKUP = set(VMA);
    private static final Set<StatementResult> READ = set(ERRNO, VALUE);
    private static final Set<StatementResult> CALL = set(ERRNO, FAULT);
    private static final Set<StatementResult> POINTER = set(ERRNO, ADDRESS);
    private static final Set<StatementResult> KERNEL_POINTER = set(ERRNO, ADDRESS, FAIL);
    private static final Set<StatementResult> KERNEL_RELEASE = set(ERRNO, FAIL);

    private static Set<StatementResult> set(StatementResult first, StatementResult... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** The results of each statement kind (unmodifiable sets). Stateless, so shared. */
    private static final MmdslSwitch<Set<StatementResult>> RESULTS = new MmdslSwitch<>() {
        @Override
        public Set<StatementResult> caseAccess(Access a) {
            return a.getKind() == AccessKind.READ ? ACCESS_READ : ACCESS;
        }

        /** translate (in a process or at top level): a software walk, where it ends or stops; no errno. */
        @Override
        public Set<StatementResult> caseTranslate(org.mmdsl.mmdsl.Translate t) {
            return WALK;
        }

        @Override
        public Set<StatementResult> caseTopTranslate(org.mmdsl.mmdsl.TopTranslate t) {
            return WALK;
        }

        @Override
        public Set<StatementResult> caseCall(Call c) {
            return CALL;
        }

        @Override
        public Set<StatementResult> caseKernelAccess(KernelAccess a) {
            return "read".equals(a.getKind()) ? READ : ERRNO_ONLY;
        }

        @Override
        public Set<StatementResult> caseFileIo(FileIo io) {
            return "pread".equals(io.getOp()) ? READ : ERRNO_ONLY;
        }

        @Override
        public Set<StatementResult> caseMmap(Mmap m) {
            return POINTER;
        }

        @Override
        public Set<StatementResult> caseMremap(Mremap m) {
            return POINTER;
        }

        @Override
        public Set<StatementResult> caseBrk(Brk b) {
            return POINTER;
        }

        @Override
        public Set<StatementResult> caseKmap(Kmap k) {
            return POINTER;
        }

        /** kmalloc, kzalloc, kvmalloc, alloc_pages, vmalloc, vmap, ioremap. */
        @Override
        public Set<StatementResult> caseKernelHandle(KernelHandle h) {
            return KERNEL_POINTER;
        }

        @Override
        public Set<StatementResult> caseVmallocToPage(VmallocToPage v) {
            return KERNEL_POINTER;
        }

        @Override
        public Set<StatementResult> caseKmapLocal(KmapLocal k) {
            return KERNEL_POINTER;
        }

        @Override
        public Set<StatementResult> caseAddressHelper(AddressHelper a) {
            return KERNEL_POINTER;
        }

        @Override
        public Set<StatementResult> caseKfree(Kfree f) {
            return KERNEL_RELEASE;
        }

        @Override
        public Set<StatementResult> caseVunmap(Vunmap v) {
            return KERNEL_RELEASE;
        }

        @Override
        public Set<StatementResult> caseIounmap(Iounmap i) {
            return KERNEL_RELEASE;
        }

        @Override
        public Set<StatementResult> caseFreePages(FreePages f) {
            return KERNEL_RELEASE;
        }

        @Override
        public Set<StatementResult> caseFindVma(org.mmdsl.mmdsl.FindVma f) {
            return LOOKUP;
        }

        @Override
        public Set<StatementResult> defaultCase(EObject o) {
            return ERRNO_ONLY;
        }
    };

    /** What {@code statement} can report (an unmodifiable set); for null, what any other statement can. */
    public static Set<StatementResult> of(EObject statement) {
        return statement == null ? ERRNO_ONLY : RESULTS.doSwitch(statement);
    }

    /** Whether {@code statement} can report this result. */
    public boolean reportableBy(EObject statement) {
        return of(statement).contains(this);
    }
}
