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
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.uapi.Errno;

/**
 * Static checks of the mmap family where the answer is known before the run: a MAP_FIXED address
 * that is not page-aligned, a zero length, a length beyond TASK_SIZE. Each such call would fail in the
 * kernel (mm/mmap.c do_mmap(), mm/vma.c do_vmi_munmap(), mm/mprotect.c do_mprotect_pkey()), so the
 * check is an error unless the statement says it expects exactly that errno: then the scenario is
 * demonstrating the failure and the run shows it.
 */
public class AddressSpaceValidator extends MmdslCheckBase {

    private static final long PAGE_MASK = 4095;

    @Check
    public void checkMmap(Mmap m) {
        boolean fixed = m.getFlags().contains(MapFlag.FIXED) || m.getFlags().contains(MapFlag.FIXED_NOREPLACE);
        if (fixed && m.getHint() == null) {
            report(MmdslIssue.BAD_FLAGS, "MAP_FIXED needs an address: write `mmap NAME at ADDR ...`", m,
                    MmdslPackage.Literals.MMAP__FLAGS);
        }
        if (m.getSharing() == null && !expects(m.getExpects(), Errno.EINVAL)) {
            report(MmdslIssue.BAD_FLAGS, "mmap needs `private` or `shared`: without MAP_PRIVATE or MAP_SHARED the "
                    + "kernel returns EINVAL (add `expect errno EINVAL` to show that)", m, MmdslPackage.Literals.MMAP__PROT);
        }
        if (fixed && m.getHint() != null) {
            Long at = Exprs.constant(m.getHint());
            if (at != null && (at & PAGE_MASK) != 0 && !expects(m.getExpects(), Errno.EINVAL)) {
                report(MmdslIssue.UNALIGNED_ADDRESS, String.format("MAP_FIXED address 0x%x is not page-aligned: the "
                        + "kernel returns EINVAL (use 0x%x, or add `expect errno EINVAL`)", at, at & ~PAGE_MASK), m,
                        MmdslPackage.Literals.MMAP__HINT, Long.toString(at & ~PAGE_MASK));
            }
        }
        if (m.getLengthExpr() == null && m.getLength() == 0 && !expects(m.getExpects(), Errno.EINVAL)) {
            report(MmdslIssue.SIZE_ZERO, "mmap of length 0: the kernel returns EINVAL", m, MmdslPackage.Literals.MMAP__LENGTH);
        }
        checkLength(m, m.getLength(), m.getExpects(), MmdslPackage.Literals.MMAP__LENGTH);
        if ((m.getOffset() & PAGE_MASK) != 0 && !expects(m.getExpects(), Errno.EINVAL)) {
            report(MmdslIssue.UNALIGNED_ADDRESS, String.format("file offset 0x%x is not a multiple of the page size: "
                    + "the kernel returns EINVAL", m.getOffset()), m, MmdslPackage.Literals.MMAP__OFFSET);
        }
    }

    @Check
    public void checkMunmap(Munmap m) {
        checkAligned(m, Exprs.constant(m.getAddress()), m.getExpects(), "munmap");
        if (m.eIsSet(MmdslPackage.Literals.MUNMAP__LENGTH) && m.getLength() == 0
                && !expects(m.getExpects(), Errno.EINVAL)) {
            report(MmdslIssue.SIZE_ZERO, "munmap of length 0: the kernel returns EINVAL", m,
                    MmdslPackage.Literals.MUNMAP__LENGTH);
        }
        checkLength(m, m.getLength(), m.getExpects(), MmdslPackage.Literals.MUNMAP__LENGTH);
    }

    @Check
    public void checkMprotect(Mprotect m) {
        checkAligned(m, Exprs.constant(m.getAddress()), m.getExpects(), "mprotect");
        checkLength(m, m.getLength(), m.getExpects(), MmdslPackage.Literals.MPROTECT__LENGTH);
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

    private void checkAligned(EObject statement, Long address, List<Expectation> expects, String call) {
        if (address != null && (address & PAGE_MASK) != 0 && !expects(expects, Errno.EINVAL)) {
            report(MmdslIssue.UNALIGNED_ADDRESS, String.format("%s address 0x%x is not page-aligned: the kernel "
                    + "returns EINVAL (use 0x%x, or add `expect errno EINVAL`)", call, address, address & ~PAGE_MASK),
                    statement, null, Long.toString(address & ~PAGE_MASK));
        }
    }

    private void checkLength(EObject statement, long length, List<Expectation> expects,
            org.eclipse.emf.ecore.EStructuralFeature feature) {
        long taskSize = taskSize(statement);
        if (Long.compareUnsigned(length, taskSize) > 0 && !expects(expects, Errno.ENOMEM)
                && !expects(expects, Errno.EINVAL)) {
            report(MmdslIssue.SIZE_OVERFLOW, String.format("length 0x%x is larger than the task's address space "
                    + "(TASK_SIZE 0x%x): the call cannot succeed", length, taskSize), statement, feature);
        }
    }

    /** TASK_SIZE of the scenario's machine, from the runtime's layout. */
    private static long taskSize(EObject context) {
        Scenario s = EcoreUtil2.getContainerOfType(context, Scenario.class);
        BootParams p = BootConfig.from(s == null ? null : s.getBoot());
        if (BootParams.check(p) != null) {
            p = new BootParams();
        }
        return KernelLayout.of(p).taskSize();
    }

    static boolean expects(List<Expectation> expects, Errno errno) {
        for (Expectation e : expects) {
            if (e instanceof ErrnoExpectation && errno.name().equals(((ErrnoExpectation) e).getErrno())) {
                return true;
            }
        }
        return false;
    }
}
