package org.mmdsl.validation;

import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.mmdsl.Madvise;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Static checks of mremap and madvise whose answer is known before the run. As in
 * {@link AddressSpaceValidator}, a call the kernel would reject is an error unless the statement
 * expects exactly that errno.
 */
public class VmCallValidator extends MmdslCheckBase {

    /** mm/mremap.c check_mremap_params(): an unaligned address, MREMAP_FIXED/DONTUNMAP without MAYMOVE. */
    @Check
    public void checkMremap(Mremap m) {
        boolean einval = AddressSpaceValidator.expects(m.getExpects(), Errno.EINVAL);
        if (einval) {
            return;
        }
        Long at = Exprs.constant(m.getAddress());
        if (at != null && (at & 4095) != 0) {
            report(MmdslIssue.UNALIGNED_ADDRESS, String.format("mremap address 0x%x is not page-aligned: the kernel "
                    + "returns EINVAL (add `expect errno EINVAL` to show that)", at), m,
                    MmdslPackage.Literals.MREMAP__ADDRESS);
        }
        if ((m.getFixedAt() != null || m.isDontunmap()) && !m.isMaymove()) {
            report(MmdslIssue.BAD_FLAGS, "MREMAP_FIXED and MREMAP_DONTUNMAP need MREMAP_MAYMOVE: write `maymove` "
                    + "(the kernel returns EINVAL)", m, MmdslPackage.Literals.MREMAP__MAYMOVE);
        }
        if (m.isDontunmap() && m.getOldLength() != m.getNewLength()) {
            report(MmdslIssue.BAD_FLAGS, "MREMAP_DONTUNMAP cannot resize: the old and new sizes must be equal "
                    + "(the kernel returns EINVAL)", m, MmdslPackage.Literals.MREMAP__NEW_LENGTH);
        }
        if (m.getNewLength() == 0) {
            report(MmdslIssue.SIZE_ZERO, "mremap to length 0: the kernel returns EINVAL", m,
                    MmdslPackage.Literals.MREMAP__NEW_LENGTH);
        }
    }

    /** show smaps / status / pmap need a task, as show maps does. */
    @Check
    public void checkShowTaskMemory(org.mmdsl.mmdsl.Show s) {
        org.mmdsl.mmdsl.ShowWhat w = s.getWhat();
        boolean perTask = w == org.mmdsl.mmdsl.ShowWhat.SMAPS || w == org.mmdsl.mmdsl.ShowWhat.STATUS
                || w == org.mmdsl.mmdsl.ShowWhat.PMAP;
        if (perTask && s.getTask() == null
                && org.eclipse.xtext.EcoreUtil2.getContainerOfType(s, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "at top level, say whose memory to show: `show " + w.getLiteral()
                    + " TASK`", s, MmdslPackage.Literals.SHOW__WHAT);
        }
    }

    /** mm/madvise.c madvise_behavior_valid(). */
    @Check
    public void checkMadvise(Madvise m) {
        if (Mman.madvise(m.getAdvice()) < 0 && !AddressSpaceValidator.expects(m.getExpects(), Errno.EINVAL)) {
            StringBuilder known = new StringBuilder();
            for (String n : Mman.MADV_NAMES) {
                if (n != null) {
                    known.append(known.length() > 0 ? ", " : "").append(n);
                }
            }
            report(MmdslIssue.UNKNOWN_ADVICE, "'" + m.getAdvice() + "' is not a madvise advice (" + known + ")", m,
                    MmdslPackage.Literals.MADVISE__ADVICE);
        }
    }
}
