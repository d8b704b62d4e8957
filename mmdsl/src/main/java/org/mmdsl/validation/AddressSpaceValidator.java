package org.mmdsl.validation;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.mmdsl.ErrnoExpectation;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.MapFlag;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Mprotect;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.ShowWhat;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.uapi.Errno;

/**
 * Static checks of the mmap family where the answer is known before the run: a MAP_FIXED address
 * that is not page-aligned, a zero length, a length beyond TASK_SIZE. Each such call would fail in the
 * kernel (mm/mmap.c do_mmap(), mm/vma.c do_vmi_munmap(), mm/mprotect.c do_mprotect_pkey()), so the
 * check is an error unless the statement says it expects exactly that errno: then the scenario is
 * demonstrating the failure and the run shows it.
 *
 * <p>The rules are the runtime's ({@link KernelArgumentChecks}: Mmap.checkMmap and its pieces,
 * Mmap.checkMunmap, Mprotect.checkMprotect): each rule asks the runtime's check about one argument
 * and reports the errno it returns; this class only chooses the words. Only constant arguments are
 * judged. Where every argument is a constant, the errno of the whole call is known too, and expecting
 * it silences every rule of the statement.
 */
public class AddressSpaceValidator extends MmdslCheckBase {

    @Check
    public void checkMmap(Mmap m) {
        boolean fixed = m.getFlags().contains(MapFlag.FIXED) || m.getFlags().contains(MapFlag.FIXED_NOREPLACE);
        if (fixed && m.getHint() == null) {
            report(MmdslIssue.BAD_FLAGS, "MAP_FIXED needs an address: write `mmap NAME at ADDR ...`", m,
                    MmdslPackage.Literals.MMAP__FLAGS);
        }
        long taskSize = taskSize(m);
        Long call = KernelArgumentChecks.mmap(m, taskSize);
        List<Expectation> expects = m.getExpects();
        if (m.getSharing() == null && !expected(KernelArgumentChecks.mmapType(m), call, expects)) {
            report(MmdslIssue.BAD_FLAGS, "mmap needs `private` or `shared`: without MAP_PRIVATE or MAP_SHARED the "
                    + "kernel returns EINVAL (add `expect errno EINVAL` to show that)", m, MmdslPackage.Literals.MMAP__PROT);
        }
        if (fixed && m.getHint() != null) {
            Long at = Exprs.constant(m.getHint());
            if (at != null && PagingMode.pageAlignDown(at) != at
                    && !expected(KernelArgumentChecks.mmapFixedAddress(at, taskSize), call, expects)) {
                long aligned = PagingMode.pageAlignDown(at);
                report(MmdslIssue.UNALIGNED_ADDRESS, String.format("MAP_FIXED address 0x%x is not page-aligned: the "
                        + "kernel returns EINVAL (use 0x%x, or add `expect errno EINVAL`)", at, aligned), m,
                        MmdslPackage.Literals.MMAP__HINT, Long.toString(aligned));
            }
        }
        long lengthErrno = KernelArgumentChecks.mmapLength(m.getLength(), taskSize);
        if (m.getLengthExpr() == null && m.getLength() == 0 && !expected(lengthErrno, call, expects)) {
            report(MmdslIssue.SIZE_ZERO, "mmap of length 0: the kernel returns EINVAL", m, MmdslPackage.Literals.MMAP__LENGTH);
        }
        checkLength(m, m.getLength(), taskSize, lengthErrno, call, expects, MmdslPackage.Literals.MMAP__LENGTH);
        if (!expected(org.mmdsl.runtime.vma.Mmap.checkMmapOffset(m.getOffset()), call, expects)) {
            report(MmdslIssue.UNALIGNED_ADDRESS, String.format("file offset 0x%x is not a multiple of the page size: "
                    + "the kernel returns EINVAL", m.getOffset()), m, MmdslPackage.Literals.MMAP__OFFSET);
        }
        // a driver whose fault handler calls vmf_insert_pfn() refuses a COW mapping (mm/memory.c BUG_ON)
        if (!expected(KernelArgumentChecks.deviceFaultPfn(m), call, expects)) {
            report(MmdslIssue.BAD_FLAGS, "a private mapping is copy-on-write, and vmf_insert_pfn() BUGs on one: the "
                    + "driver's mmap returns EINVAL (map it `shared`, or add `expect errno EINVAL`)", m,
                    MmdslPackage.Literals.MMAP__SHARING);
        }
    }

    @Check
    public void checkMunmap(Munmap m) {
        long taskSize = taskSize(m);
        Long call = KernelArgumentChecks.munmap(m, taskSize);
        Long at = Exprs.constant(m.getAddress());
        checkAligned(m, at, at == null ? 0 : KernelArgumentChecks.munmapAddress(at, taskSize), call, m.getExpects(),
                "munmap");
        long lengthErrno = KernelArgumentChecks.munmapLength(m.getLength(), taskSize);
        if (m.eIsSet(MmdslPackage.Literals.MUNMAP__LENGTH) && m.getLength() == 0
                && !expected(lengthErrno, call, m.getExpects())) {
            report(MmdslIssue.SIZE_ZERO, "munmap of length 0: the kernel returns EINVAL", m,
                    MmdslPackage.Literals.MUNMAP__LENGTH);
        }
        checkLength(m, m.getLength(), taskSize, lengthErrno, call, m.getExpects(), MmdslPackage.Literals.MUNMAP__LENGTH);
    }

    @Check
    public void checkMprotect(Mprotect m) {
        long taskSize = taskSize(m);
        Long call = KernelArgumentChecks.mprotect(m);
        Long at = Exprs.constant(m.getAddress());
        checkAligned(m, at, at == null ? 0 : KernelArgumentChecks.mprotectAddress(at), call, m.getExpects(), "mprotect");
        checkLength(m, m.getLength(), taskSize, KernelArgumentChecks.mprotectLength(m.getLength(), taskSize), call,
                m.getExpects(), MmdslPackage.Literals.MPROTECT__LENGTH);
    }

    @Check
    public void checkRange(org.mmdsl.mmdsl.Access a) {
        if (a.eIsSet(MmdslPackage.Literals.ACCESS__LENGTH) && a.getLength() == 0) {
            report(MmdslIssue.SIZE_ZERO, "a range of 0 bytes touches nothing", a, MmdslPackage.Literals.ACCESS__LENGTH);
        }
        if (a.eIsSet(MmdslPackage.Literals.ACCESS__STRIDE) && a.getStride() == 0) {
            report(MmdslIssue.SIZE_ZERO, "a stride of 0 would touch the same address forever", a,
                    MmdslPackage.Literals.ACCESS__STRIDE);
        }
    }

    @Check
    public void checkReadCheck(ReadCheck r) {
        if (r.getTask() == null && EcoreUtil2.getContainerOfType(r, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "at top level, say whose memory to read: `expect TASK read ADDR == V`",
                    r, null);
        }
    }

    @Check
    public void checkShow(Show s) {
        if ((s.getWhat() == ShowWhat.MAPS || s.getWhat() == ShowWhat.MMAP_CACHE) && s.getTask() == null
                && EcoreUtil2.getContainerOfType(s, org.mmdsl.mmdsl.Task.class) == null) {
            String what = s.getWhat() == ShowWhat.MAPS ? "maps" : "mmap_cache";
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "at top level, say whose " + what + " to show: `show " + what
                    + " TASK`", s, MmdslPackage.Literals.SHOW__WHAT);
        }
    }

    /** An address the runtime's check refuses for its alignment ({@code errno}), unless expected. */
    private void checkAligned(EObject statement, Long address, long errno, Long call, List<Expectation> expects,
            String syscall) {
        if (address != null && PagingMode.pageAlignDown(address) != address && !expected(errno, call, expects)) {
            long aligned = PagingMode.pageAlignDown(address);
            report(MmdslIssue.UNALIGNED_ADDRESS, String.format("%s address 0x%x is not page-aligned: the kernel "
                    + "returns %s (use 0x%x, or add `expect errno %s`)", syscall, address, errnoName(errno), aligned,
                    errnoName(errno)), statement, null, Long.toString(aligned));
        }
    }

    /**
     * A length beyond TASK_SIZE: the call cannot succeed. The runtime's argument check returns
     * {@code errno} for it (mmap ENOMEM, munmap EINVAL); mprotect's check passes such a length and the
     * VMA walk fails it (ENOMEM), so {@code errno} is 0 there and ENOMEM is what the run shows.
     */
    private void checkLength(EObject statement, long length, long taskSize, long errno, Long call,
            List<Expectation> expects, org.eclipse.emf.ecore.EStructuralFeature feature) {
        if (Long.compareUnsigned(length, taskSize) > 0 && !expected(errno == 0 ? Errno.ENOMEM.asResult() : errno,
                call, expects)) {
            report(MmdslIssue.SIZE_OVERFLOW, String.format("length 0x%x is larger than the task's address space "
                    + "(TASK_SIZE 0x%x): the call cannot succeed", length, taskSize), statement, feature);
        }
    }

    /**
     * Whether a rule whose runtime check returned {@code errno} stays silent: the check passes, or the
     * statement expects its errno, or (every argument a constant) the errno of the whole call.
     */
    static boolean expected(long errno, Long call, List<Expectation> expects) {
        return errno == 0 || expects(expects, Errno.fromResult(errno))
                || call != null && call != 0 && expects(expects, Errno.fromResult(call));
    }

    private static String errnoName(long errno) {
        Errno e = Errno.fromResult(errno);
        return e == null ? Long.toString(errno) : e.name();
    }

    /** TASK_SIZE of the scenario's machine, from the runtime's layout. */
    static long taskSize(EObject context) {
        Scenario s = EcoreUtil2.getContainerOfType(context, Scenario.class);
        BootParams p = BootConfig.from(s == null ? null : s.getBoot());
        if (BootParams.check(p) != null) {
            p = new BootParams();
        }
        return KernelLayout.of(p).taskSize();
    }

    static boolean expects(List<Expectation> expects, Errno errno) {
        if (errno == null) {
            return false;
        }
        for (Expectation e : expects) {
            if (e instanceof ErrnoExpectation x && (org.mmdsl.interpreter.Blanks.isBlank(x) || errno.name().equals(x.getErrno()))) { // a blank asks which
                return true;
            }
        }
        return false;
    }
}
