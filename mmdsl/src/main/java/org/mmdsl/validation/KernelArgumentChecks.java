package org.mmdsl.validation;

import org.eclipse.xtext.EcoreUtil2;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.interpreter.SyscallArgs;
import org.mmdsl.mmdsl.Madvise;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.Mprotect;
import org.mmdsl.runtime.vma.Mremap;
import org.mmdsl.runtime.vma.UnmappedArea;

/**
 * The runtime's argument checks (runtime vma: {@code Mmap.checkMmap} and its pieces,
 * {@code Mmap.checkMunmap}, {@code Mprotect.checkMprotect}, {@code Mremap.checkMremap},
 * {@code Madvise.checkMadvise}) asked about a statement: the one rulebook the validators, the oracle
 * translator and the tests read. Each result is 0 or -errno, as the runtime returns it.
 *
 * <p>Two kinds of question. The whole call ({@link #mmap(Mmap, long)}, {@link #munmap}, ...): the
 * errno of the statement's arguments, or null when one of them is not a constant (a computed
 * expression is not judged statically) or depends on a file that is only known at run time. One
 * argument ({@link #mmapLength}, {@link #munmapAddress}, ...): the check's answer for that value with
 * every other argument a valid one, so a validator can say which argument is wrong.
 *
 * <p>Does not look at the address space (VMAs, map_count, mlock limits, the fd): those errnos are
 * the run's.
 */
public final class KernelArgumentChecks {
    private static final long PAGE_SIZE = PagingMode.PAGE_SIZE;
    private static final int ANON_PRIVATE = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private KernelArgumentChecks() {
    }

    // ---------------------------------------------------------------- whole calls

    /**
     * mmap()'s checks ({@code Mmap.checkMmap}) for a statement with constant arguments; null for a
     * computed address or length, a device map (its driver's ->mmap decides) and MAP_SYNC through an
     * fd (whether the file is on shmem is known at run time).
     */
    public static Long mmap(Mmap m, long taskSize) {
        Long addr = m.getHint() == null ? Long.valueOf(0) : Exprs.constant(m.getHint());
        Long len = m.getLengthExpr() == null ? Long.valueOf(m.getLength()) : Exprs.constant(m.getLengthExpr());
        int flags = SyscallArgs.mmapFlags(m);
        if (addr == null || len == null || m.getDevice() != null
                || (flags & Mman.MAP_SYNC) != 0 && !m.isAnon() && m.getFile() == null) {
            return null;
        }
        return org.mmdsl.runtime.vma.Mmap.checkMmap(addr, len, flags, m.getOffset(), taskSize, false);
    }

    /** The check of a `fault pfn` device driver's mmap ({@code DeviceMap.checkFaultPfnMmap}); 0 for other maps. */
    public static long deviceFaultPfn(Mmap m) {
        return m.getDevice() != null && m.isFault() && m.isPfn()
                ? org.mmdsl.runtime.vma.DeviceMap.checkFaultPfnMmap(SyscallArgs.mmapFlags(m)) : 0;
    }

    /** munmap()'s checks ({@code Mmap.checkMunmap}); null for a computed address or length, or none given. */
    public static Long munmap(Munmap m, long taskSize) {
        Long addr = Exprs.constant(m.getAddress());
        Long len = length(m.getLengthExpr(), m.eIsSet(MmdslPackage.Literals.MUNMAP__LENGTH), m.getLength());
        return addr == null || len == null ? null : org.mmdsl.runtime.vma.Mmap.checkMunmap(addr, len, taskSize);
    }

    /** do_mprotect_pkey()'s checks ({@code Mprotect.checkMprotect}); null for a computed address or length. */
    public static Long mprotect(org.mmdsl.mmdsl.Mprotect m) {
        Long addr = Exprs.constant(m.getAddress());
        Long len = length(m.getLengthExpr(), m.eIsSet(MmdslPackage.Literals.MPROTECT__LENGTH), m.getLength());
        int prot = SyscallArgs.prot(m.getProt(), m.getProtBits()) | (m.isGrowsdown() ? Mman.PROT_GROWSDOWN : 0)
                | (m.isGrowsup() ? Mman.PROT_GROWSUP : 0);
        return addr == null || len == null ? null : Mprotect.checkMprotect(addr, len, prot);
    }

    /** mremap()'s checks ({@code Mremap.checkMremap}); null for a computed address, length or target. */
    public static Long mremap(org.mmdsl.mmdsl.Mremap m, long taskSize) {
        Long addr = Exprs.constant(m.getAddress());
        Long newAddr = m.getFixedAt() == null ? Long.valueOf(0) : Exprs.constant(m.getFixedAt());
        Long oldLen = m.getOldLengthExpr() == null ? Long.valueOf(m.getOldLength()) : Exprs.constant(m.getOldLengthExpr());
        Long newLen = m.getNewLengthExpr() == null ? Long.valueOf(m.getNewLength()) : Exprs.constant(m.getNewLengthExpr());
        if (addr == null || newAddr == null || oldLen == null || newLen == null) {
            return null;
        }
        return Mremap.checkMremap(addr, oldLen, newLen, SyscallArgs.mremapFlags(m), newAddr, taskSize);
    }

    /** madvise()'s checks ({@code Madvise.checkMadvise}) on the scenario's kernel; null for a computed address or length. */
    public static Long madvise(Madvise m) {
        Long addr = Exprs.constant(m.getAddress());
        Long len = length(m.getLengthExpr(), m.eIsSet(MmdslPackage.Literals.MADVISE__LENGTH), m.getLength());
        return addr == null || len == null ? null : madviseAdvice(m, addr, len);
    }

    private static Long length(org.mmdsl.mmdsl.Expr expr, boolean set, long value) {
        return expr != null ? Exprs.constant(expr) : set ? Long.valueOf(value) : null;
    }

    // ---------------------------------------------------------------- one argument

    /** The map type of an mmap statement ({@code Mmap.checkMapType}): EINVAL without MAP_PRIVATE or MAP_SHARED. */
    public static long mmapType(Mmap m) {
        return mmapType(SyscallArgs.mmapFlags(m), !m.isAnon());
    }

    /** The map type in MAP_ {@code flags} of a file map or anonymous memory ({@code Mmap.checkMapType}). */
    public static long mmapType(int flags, boolean fileMap) {
        return org.mmdsl.runtime.vma.Mmap.checkMapType(flags, PAGE_SIZE, 0, fileMap, false);
    }

    /** A MAP_FIXED address ({@code UnmappedArea.checkGetUnmappedArea}): EINVAL unaligned, ENOMEM beyond TASK_SIZE. */
    public static long mmapFixedAddress(long addr, long taskSize) {
        return UnmappedArea.checkGetUnmappedArea(addr, 0, Mman.MAP_FIXED, taskSize);
    }

    /** mmap's length ({@code Mmap.checkDoMmap}): EINVAL for 0, ENOMEM beyond TASK_SIZE. */
    public static long mmapLength(long len, long taskSize) {
        return org.mmdsl.runtime.vma.Mmap.checkDoMmap(ANON_PRIVATE, len, 0, taskSize);
    }

    /** munmap's address ({@code Mmap.checkMunmap}): EINVAL unaligned or beyond TASK_SIZE. */
    public static long munmapAddress(long addr, long taskSize) {
        return org.mmdsl.runtime.vma.Mmap.checkMunmap(addr, PAGE_SIZE, taskSize);
    }

    /** munmap's length ({@code Mmap.checkMunmap}): EINVAL for 0 and beyond TASK_SIZE. */
    public static long munmapLength(long len, long taskSize) {
        return org.mmdsl.runtime.vma.Mmap.checkMunmap(0, len, taskSize);
    }

    /** mprotect's address ({@code Mprotect.checkMprotect}): EINVAL unaligned. */
    public static long mprotectAddress(long addr) {
        return Mprotect.checkMprotect(addr, PAGE_SIZE, Mman.PROT_READ);
    }

    /**
     * mprotect's length ({@code Mprotect.checkMprotect}): ENOMEM only where the end wraps; a length
     * beyond TASK_SIZE passes the check and fails on the VMAs (ENOMEM, the run's).
     */
    public static long mprotectLength(long len, long taskSize) {
        return Mprotect.checkMprotect(0, len, Mman.PROT_READ);
    }

    /** mremap's old address ({@code Mremap.checkMremap}): EINVAL unaligned. */
    public static long mremapAddress(long addr, long taskSize) {
        return Mremap.checkMremap(addr, PAGE_SIZE, PAGE_SIZE, Mman.MREMAP_MAYMOVE, 0, taskSize);
    }

    /** mremap's new length ({@code Mremap.checkMremap}): EINVAL for 0 and beyond TASK_SIZE. */
    public static long mremapNewLength(long newLen, long taskSize) {
        return Mremap.checkMremap(0, PAGE_SIZE, newLen, Mman.MREMAP_MAYMOVE, 0, taskSize);
    }

    /**
     * mremap's flags and lengths without the addresses ({@code Mremap.checkMremap} from address 0 to
     * the page after the old range): EINVAL for an unknown flag, MREMAP_FIXED or MREMAP_DONTUNMAP
     * without MREMAP_MAYMOVE, MREMAP_DONTUNMAP with a change of length.
     */
    public static long mremapFlags(int flags, long oldLen, long newLen, long taskSize) {
        return Mremap.checkMremap(0, oldLen, newLen, flags, PagingMode.pageAlign(oldLen), taskSize);
    }

    /** An advice ({@code Madvise.checkMadvise} on the scenario's kernel, an empty range): EINVAL for an unknown one. */
    public static long madviseAdvice(Madvise m) {
        return madviseAdvice(m, 0, 0);
    }

    private static long madviseAdvice(Madvise m, long addr, long len) {
        String a = m.getAdvice();
        int advice = a.matches("[0-9]+") ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(a)) : Mman.madvise(a);
        Scenario s = EcoreUtil2.getContainerOfType(m, Scenario.class);
        return org.mmdsl.runtime.vma.Madvise.checkMadvise(addr, len, advice, BootConfig.model(s).processRules);
    }
}
