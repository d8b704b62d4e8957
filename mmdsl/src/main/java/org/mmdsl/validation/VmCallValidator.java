package org.mmdsl.validation;

import java.util.List;

import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.interpreter.SyscallArgs;
import org.mmdsl.mmdsl.Madvise;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Static checks of mremap and madvise whose answer is known before the run. As in
 * {@link AddressSpaceValidator}, a call the kernel would reject is an error unless the statement
 * expects exactly that errno.
 */
public class VmCallValidator extends MmdslCheckBase {

    /**
     * mm/mremap.c check_mremap_params(): an unaligned address, MREMAP_FIXED/DONTUNMAP without MAYMOVE,
     * DONTUNMAP with a change of size, a new length of 0. Each errno is the runtime's
     * ({@link KernelArgumentChecks}: Mremap.checkMremap).
     */
    @Check
    public void checkMremap(Mremap m) {
        long taskSize = AddressSpaceValidator.taskSize(m);
        Long call = KernelArgumentChecks.mremap(m, taskSize);
        java.util.List<org.mmdsl.mmdsl.Expectation> expects = m.getExpects();
        Long at = Exprs.constant(m.getAddress());
        if (at != null && PagingMode.pageAlignDown(at) != at
                && !AddressSpaceValidator.expected(KernelArgumentChecks.mremapAddress(at, taskSize), call, expects)) {
            report(MmdslIssue.UNALIGNED_ADDRESS, String.format("mremap address 0x%x is not page-aligned: the kernel "
                    + "returns EINVAL (add `expect errno EINVAL` to show that)", at), m,
                    MmdslPackage.Literals.MREMAP__ADDRESS);
        }
        int flags = SyscallArgs.mremapFlags(m);
        long page = PagingMode.PAGE_SIZE;
        if ((m.getFixedAt() != null || m.isDontunmap()) && !m.isMaymove() && !AddressSpaceValidator.expected(
                KernelArgumentChecks.mremapFlags(flags, page, page, taskSize), call, expects)) {
            report(MmdslIssue.BAD_FLAGS, "MREMAP_FIXED and MREMAP_DONTUNMAP need MREMAP_MAYMOVE: write `maymove` "
                    + "(the kernel returns EINVAL)", m, MmdslPackage.Literals.MREMAP__MAYMOVE);
        }
        boolean constantLengths = m.getOldLengthExpr() == null && m.getNewLengthExpr() == null;
        if (m.isDontunmap() && constantLengths && m.getOldLength() != m.getNewLength()
                && !AddressSpaceValidator.expected(KernelArgumentChecks.mremapFlags(Mman.MREMAP_DONTUNMAP
                        | Mman.MREMAP_MAYMOVE, m.getOldLength(), m.getNewLength(), taskSize), call, expects)) {
            report(MmdslIssue.BAD_FLAGS, "MREMAP_DONTUNMAP cannot resize: the old and new sizes must be equal "
                    + "(the kernel returns EINVAL)", m, MmdslPackage.Literals.MREMAP__NEW_LENGTH);
        }
        if (m.getNewLengthExpr() == null && m.getNewLength() == 0 && !AddressSpaceValidator.expected(
                KernelArgumentChecks.mremapNewLength(0, taskSize), call, expects)) {
            report(MmdslIssue.SIZE_ZERO, "mremap to length 0: the kernel returns EINVAL", m,
                    MmdslPackage.Literals.MREMAP__NEW_LENGTH);
        }
    }

    /** set_mempolicy and mbind take a mode of mm/mempolicy.c (MPOL_*): default and local without nodes. */
    @Check
    public void checkSetMempolicy(org.mmdsl.mmdsl.SetMempolicy m) {
        checkPolicy(m, m.getMode(), m.getNodes(), MmdslPackage.Literals.SET_MEMPOLICY__MODE);
        checkNodes(m, "set_mempolicy", m.getMode(), m.getNodes(), m.getExpects(), MmdslPackage.Literals.SET_MEMPOLICY__NODES);
    }

    @Check
    public void checkMbind(org.mmdsl.mmdsl.Mbind m) {
        checkPolicy(m, m.getMode(), m.getNodes(), MmdslPackage.Literals.MBIND__MODE);
        checkNodes(m, "mbind", m.getMode(), m.getNodes(), m.getExpects(), MmdslPackage.Literals.MBIND__NODES);
    }

    /**
     * Nodes the machine does not have: mpol_set_nodemask() drops them, and whether the call then fails
     * with EINVAL (silent when the statement expects it) is the runtime's vma.Mempolicy.check().
     */
    private void checkNodes(org.eclipse.emf.ecore.EObject o, String call, String mode, List<Integer> nodes,
            List<org.mmdsl.mmdsl.Expectation> expects, org.eclipse.emf.ecore.EStructuralFeature f) {
        org.mmdsl.mmdsl.Scenario s = org.eclipse.xtext.EcoreUtil2.getContainerOfType(o, org.mmdsl.mmdsl.Scenario.class);
        int nrNodes = org.mmdsl.interpreter.BootConfig.from(s == null ? null : s.getBoot()).nrNodes();
        List<Integer> absent = nodes.stream().filter(n -> n >= nrNodes).distinct().toList();
        if (absent.isEmpty()) {
            return;
        }
        String which = "this machine has no node" + (absent.size() > 1 ? "s " : " ") + absent.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + " (its nodes are 0.." + (nrNodes - 1) + ")";
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) >= nrNodes) {
                int m = org.mmdsl.runtime.vma.Mempolicy.modeOf(mode);
                if (m < 0) {
                    return; // checkPolicy reports the mode
                }
                if (org.mmdsl.runtime.vma.Mempolicy.check(m, SyscallArgs.nodemask(nodes), nrNodes) == 0) {
                    report(MmdslIssue.NODE_NOT_ON_MACHINE, which + ": " + call
                            + " drops it from the mask and uses the others (mpol_set_nodemask())", o, f, i);
                } else if (!AddressSpaceValidator.expected(Errno.EINVAL.asResult(), null, expects)) {
                    report(MmdslIssue.NODE_NOT_ON_MACHINE, which + ": " + call + " fails with EINVAL (mpol_set_nodemask()"
                            + " leaves no node); write `expect errno EINVAL` if that is the point"
                            + (nrNodes == 1 ? ", or `boot ... nodes 2` for a NUMA machine" : ""), o, f, i);
                }
                return;
            }
        }
    }

    private void checkPolicy(org.eclipse.emf.ecore.EObject o, String mode, List<Integer> nodes,
            org.eclipse.emf.ecore.EStructuralFeature f) {
        List<String> modes = List.of(org.mmdsl.runtime.vma.Mempolicy.WORDS);
        int m = org.mmdsl.runtime.vma.Mempolicy.modeOf(mode);
        if (m < 0) {
            report(MmdslIssue.BAD_FLAGS, "'" + mode + "' is not a memory policy mode (" + String.join(", ", modes) + ")", o, f);
        } else if ((m == org.mmdsl.runtime.vma.Mempolicy.MPOL_DEFAULT || m == org.mmdsl.runtime.vma.Mempolicy.MPOL_LOCAL)
                != nodes.isEmpty()) {
            report(MmdslIssue.BAD_FLAGS, nodes.isEmpty() ? mode + " needs its nodes, e.g. `" + mode + " 1` (mpol_new(): EINVAL)"
                    : mode + " takes no nodes (mpol_new(): EINVAL)", o, f);
        }
    }

    /** show smaps / status / pmap need a task, as show maps does. */
    @Check
    public void checkShowTaskMemory(org.mmdsl.mmdsl.Show s) {
        org.mmdsl.mmdsl.ShowWhat w = s.getWhat();
        boolean perTask = w == org.mmdsl.mmdsl.ShowWhat.SMAPS || w == org.mmdsl.mmdsl.ShowWhat.STATUS
                || w == org.mmdsl.mmdsl.ShowWhat.PMAP || w == org.mmdsl.mmdsl.ShowWhat.MM
                || w == org.mmdsl.mmdsl.ShowWhat.NUMA_MAPS;
        if (s.getOption() != null && (w != org.mmdsl.mmdsl.ShowWhat.PMAP || !List.of("x", "d").contains(s.getOption()))) {
            // procps pmap: -x reads smaps (RSS, Dirty), -d prints the device format and the mapped/writeable line
            report(MmdslIssue.UNKNOWN_OPTION, w == org.mmdsl.mmdsl.ShowWhat.PMAP
                    ? "pmap -" + s.getOption() + " is not modelled: `show pmap`, `show pmap -x` or `show pmap -d`"
                    : "`show " + w.getLiteral() + "` takes no option (only `show pmap -x` and `show pmap -d` do)", s,
                    MmdslPackage.Literals.SHOW__OPTION);
        }
        if (perTask && s.getTask() == null
                && org.eclipse.xtext.EcoreUtil2.getContainerOfType(s, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "at top level, say whose memory to show: `show " + w.getLiteral()
                    + " TASK`", s, MmdslPackage.Literals.SHOW__WHAT);
        }
    }

    /**
     * show picture: maps and walk draw one task's memory (at top level they name it), physical, kernel
     * and buddy the machine's (they take no task).
     */
    @Check
    public void checkShowPicture(org.mmdsl.mmdsl.ShowPicture s) {
        boolean perTask = s.isWalk() || s.getKind() == org.mmdsl.mmdsl.PictureKind.MAPS;
        String kind = s.isWalk() ? "walk ADDR" : s.getKind().getLiteral();
        if (perTask && s.getTask() == null
                && org.eclipse.xtext.EcoreUtil2.getContainerOfType(s, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "at top level, say whose memory to draw: `show picture " + kind
                    + " TASK`", s, s.isWalk() ? MmdslPackage.Literals.SHOW_PICTURE__WALK : MmdslPackage.Literals.SHOW_PICTURE__KIND);
        } else if (!perTask && s.getTask() != null) {
            report(MmdslIssue.SYNTAX, "`show picture " + kind + "` draws the whole machine and takes no task: write `show "
                    + "picture " + kind + "`", s, MmdslPackage.Literals.SHOW_PICTURE__TASK);
        }
    }

    /** open's access mode: the vocabulary's open flags (fs/open.c build_open_flags()). */
    @Check
    public void checkOpen(org.mmdsl.mmdsl.OpenFile o) {
        if (org.mmdsl.runtime.uapi.OpenFlag.byWord(o.getMode()) == null) {
            List<String> words = Vocabulary.OPEN_FLAGS.spellings();
            report(MmdslIssue.UNKNOWN_OPEN_FLAG, "'" + o.getMode() + "' is not an access mode of open(2): "
                    + WordChoice.orList(words) + WordChoice.didYouMean(o.getMode(), words), o,
                    MmdslPackage.Literals.OPEN_FILE__MODE);
        }
    }

    /** pwrite writes a value, pread reads one: `pwrite FD OFFSET value V`, `pread FD OFFSET`. */
    @Check
    public void checkFileIo(org.mmdsl.mmdsl.FileIo io) {
        if ("pwrite".equals(io.getOp()) && io.getValue() == null) {
            report(MmdslIssue.SYNTAX, "pwrite writes a machine word: write `pwrite FD OFFSET value V`", io,
                    MmdslPackage.Literals.FILE_IO__OP);
        } else if ("pread".equals(io.getOp()) && io.getValue() != null) {
            report(MmdslIssue.SYNTAX, "pread reads a word and takes no value: write `pread FD OFFSET` and `expect value V` "
                    + "on the next line", io, MmdslPackage.Literals.FILE_IO__VALUE);
        }
    }

    /** F_ADD_SEALS takes the vocabulary's file seals (include/uapi/linux/fcntl.h). */
    @Check
    public void checkAddSeals(org.mmdsl.mmdsl.AddSeals a) {
        for (int i = 0; i < a.getSeals().size(); i++) {
            if (org.mmdsl.runtime.uapi.FileSeal.byWord(a.getSeals().get(i)) == null) {
                List<String> words = Vocabulary.FILE_SEALS.spellings();
                report(MmdslIssue.UNKNOWN_FILE_SEAL, "'" + a.getSeals().get(i) + "' is not a file seal: "
                        + WordChoice.orList(words) + WordChoice.didYouMean(a.getSeals().get(i), words), a,
                        MmdslPackage.Literals.ADD_SEALS__SEALS);
            }
        }
    }

    /** The limits setrlimit knows here: the vocabulary's resource limits. */
    @Check
    public void checkSetrlimit(org.mmdsl.mmdsl.Setrlimit r) {
        if (org.mmdsl.runtime.uapi.Rlimit.byWord(r.getResource()) == null) {
            List<String> words = Vocabulary.RLIMITS.spellings();
            report(MmdslIssue.UNKNOWN_RLIMIT, "'" + r.getResource() + "' is not a limit mmdsl models: "
                    + WordChoice.orList(words) + WordChoice.didYouMean(r.getResource(), words), r,
                    MmdslPackage.Literals.SETRLIMIT__RESOURCE);
        }
    }

    /** mm->FIELD names a field the model keeps. */
    @Check
    public void checkMmField(org.mmdsl.mmdsl.MmField f) {
        if (org.mmdsl.runtime.vma.MmStructField.byWord(f.getField()) == null) {
            report(MmdslIssue.UNKNOWN_MM_FIELD, "mm->" + f.getField() + " is not an mm_struct field mmdsl models: "
                    + String.join(", ", Vocabulary.MM_FIELDS.spellings())
                    + WordChoice.didYouMean(f.getField(), Vocabulary.MM_FIELDS.spellings()), f,
                    MmdslPackage.Literals.MM_FIELD__FIELD);
        }
        if (org.eclipse.xtext.EcoreUtil2.getContainerOfType(f, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, "mm->" + f.getField() + " reads the mm_struct of the task the "
                    + "statement runs in: use it inside a process", f, null);
        }
    }

    /** vma_start/vma_end read the address space of the task the statement runs in. */
    @Check
    public void checkVmaBound(org.mmdsl.mmdsl.VmaBound b) {
        if (org.eclipse.xtext.EcoreUtil2.getContainerOfType(b, org.mmdsl.mmdsl.Task.class) == null) {
            report(MmdslIssue.STATEMENT_OUTSIDE_TASK, b.getOp() + " reads the address space of the task the statement "
                    + "runs in: use it inside a process", b, null);
        }
    }

    /** mm/madvise.c madvise_behavior_valid(): the errno is the runtime's (Madvise.checkMadvise). */
    @Check
    public void checkMadvise(Madvise m) {
        if (!m.getAdvice().matches("[0-9]+") && Mman.madvise(m.getAdvice()) < 0 && !AddressSpaceValidator.expected(
                KernelArgumentChecks.madviseAdvice(m), KernelArgumentChecks.madvise(m), m.getExpects())) {
            StringBuilder known = new StringBuilder();
            for (org.mmdsl.runtime.uapi.Madv a : org.mmdsl.runtime.uapi.Madv.values()) {
                known.append(known.length() > 0 ? ", " : "").append(a.word());
            }
            report(MmdslIssue.UNKNOWN_ADVICE, "'" + m.getAdvice() + "' is not a madvise advice (" + known + ")", m,
                    MmdslPackage.Literals.MADVISE__ADVICE);
        }
    }
}
