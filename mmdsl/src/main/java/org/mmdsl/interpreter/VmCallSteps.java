package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.Madvise;
import org.mmdsl.mmdsl.Mlock;
import org.mmdsl.mmdsl.Mlockall;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.mmdsl.Msync;
import org.mmdsl.mmdsl.MsyncFlag;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The mm system calls on a range of an existing mapping: mremap (mm/mremap.c), madvise (mm/madvise.c),
 * mlock/munlock/mlock2 and mlockall/munlockall (mm/mlock.c), msync (mm/msync.c). mmap, munmap,
 * mprotect and brk live in {@link ProcessSteps}.
 */
final class VmCallSteps {
    private final StepContext in;

    VmCallSteps(StepContext in) {
        this.in = in;
    }

    Outcome madvise(Madvise m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MADVISE__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        return new Outcome.Syscall(task.madvise(addr, len, m.getAdvice().matches("[0-9]+")
                ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(m.getAdvice())) : Mman.madvise(m.getAdvice())));
    }

    /** mlock, munlock, mlock2 [onfault]. */
    Outcome mlock(Mlock m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MLOCK__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        return new Outcome.Syscall(m.getOp().equals("munlock") ? task.munlock(addr, len)
                : task.mlock(addr, len, m.getOp().equals("mlock2") || m.isOnfault(), m.isOnfault()));
    }

    /** mlockall MCL_..., munlockall. */
    Outcome mlockall(Mlockall m, Task task) {
        int flags = (m.isMclCurrent() ? Mman.MCL_CURRENT : 0) | (m.isMclFuture() ? Mman.MCL_FUTURE : 0)
                | (m.isMclOnfault() ? Mman.MCL_ONFAULT : 0);
        return new Outcome.Syscall(m.isAll() ? task.mlockall(flags) : task.munlockall());
    }

    Outcome msync(Msync m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MSYNC__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        int flags = 0;
        for (MsyncFlag f : m.getFlags()) {
            flags |= (int) org.mmdsl.runtime.uapi.MsyncFlag.byWord(f.getLiteral()).value();
        }
        return new Outcome.Syscall(task.msync(addr, len, flags));
    }

    /** mremap: the handle stands for the new address. */
    Outcome mremap(Mremap m, Task task) {
        Long addr = in.address(m.getAddress());
        Long at = m.getFixedAt() == null ? Long.valueOf(0) : in.address(m.getFixedAt());
        if (addr == null || at == null) {
            return Outcome.EVENTS_ONLY;
        }
        int flags = SyscallArgs.mremapFlags(m);
        Long oldLen = m.getOldLengthExpr() == null ? Long.valueOf(m.getOldLength()) : in.address(m.getOldLengthExpr());
        Long newLen = m.getNewLengthExpr() == null ? Long.valueOf(m.getNewLength()) : in.address(m.getNewLengthExpr());
        if (oldLen == null || newLen == null) {
            return Outcome.EVENTS_ONLY;
        }
        long r = task.mremap(addr, oldLen, newLen, flags, at);
        if (!Errno.isError(r)) {
            in.bind(m, r);
        }
        return new Outcome.AddressReturned("mremap", r);
    }
}
