package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.Access;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.ExecImage;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Mprotect;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.mmdsl.Vmalloc;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The statements a process runs on its own address space: execve, mmap (of a file, anonymous, or of a
 * device whose driver maps a kernel buffer), munmap, mprotect, brk, loads/stores/fetches (one, or a
 * range summed into a {@link RangeSummary}), call, exit. The other mm system calls live in
 * {@link VmCallSteps}; files, limits, let, repeat and fork in {@link TaskSteps}; the views
 * (translate, show, read and zone checks) in {@link ObservationSteps}.
 */
final class ProcessSteps {
    private final StepContext in;
    /** The fd tables an mmap of an fd reads. */
    private final TaskSteps files;
    private final AccessResult access = new AccessResult();

    ProcessSteps(StepContext in, TaskSteps files) {
        this.in = in;
        this.files = files;
    }

    /** exec PATH [text N] [data N] [bss N] [stack N|unlimited] [legacy] [ia32]: execve() of a static binary. */
    Outcome exec(ExecImage e, Task task) {
        long stack = e.eIsSet(MmdslPackage.Literals.EXEC_IMAGE__STACK) ? e.getStack()
                : org.mmdsl.runtime.vma.ExecImage.DEFAULT_STACK_RLIMIT;
        if (e.isStackUnlimited()) {
            stack = org.mmdsl.runtime.vma.ExecImage.RLIM_INFINITY;
        }
        task.execve(e.getPath(), e.getText(), e.getData(), e.getBss(), stack, e.isLegacy(), e.isIa32());
        return Outcome.EVENTS_ONLY;
    }

    Outcome munmap(Munmap m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MUNMAP__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        return new Outcome.Syscall(task.munmap(addr, len));
    }

    Outcome mprotect(Mprotect m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MPROTECT__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        int prot = SyscallArgs.prot(m.getProt(), m.getProtBits()) | (m.isGrowsdown() ? Mman.PROT_GROWSDOWN : 0)
                | (m.isGrowsup() ? Mman.PROT_GROWSUP : 0);
        return new Outcome.Syscall(task.mprotect(addr, len, prot));
    }

    /** brk ADDR, brk +N, brk -N: the new break it asks for, and the break brk() returned. */
    Outcome brk(Brk b, Task task) {
        Long amount = in.address(b.getAmount());
        if (amount == null) {
            return Outcome.EVENTS_ONLY;
        }
        long want = b.getSign() == null ? amount
                : b.getSign().equals("+") ? task.currentBrk() + amount : task.currentBrk() - amount;
        return new Outcome.AddressReturned("brk", task.brk(want));
    }

    Outcome exit(Task task) {
        task.exit();
        return Outcome.EVENTS_ONLY;
    }

    /** mmap of a file, anonymous memory, an fd, or (see {@link #mmapDevice}) a device. */
    Outcome mmap(Mmap m, Task task) {
        if (m.getDevice() != null) {
            return mmapDevice(m, task);
        }
        Long hint = hint(m);
        Long len = m.getLengthExpr() == null ? Long.valueOf(m.getLength()) : in.address(m.getLengthExpr());
        if (hint == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        int flags = SyscallArgs.mmapFlags(m);
        long r;
        if (m.getFd() != null) {
            Long fd = in.address(m.getFd());
            if (fd == null) {
                return Outcome.EVENTS_ONLY;
            }
            r = task.mmap(hint, len, SyscallArgs.prot(m.getProt(), m.getProtBits()), flags, m.isAnon() ? null : files.openFile(task, fd),
                    fd.intValue(), m.getOffset());
        } else {
            r = task.mmap(hint, len, SyscallArgs.prot(m.getProt(), m.getProtBits()), flags, m.isAnon() ? null : m.getFile(),
                    m.getOffset());
        }
        if (!Errno.isError(r)) {
            in.bind(m, r);
        }
        return new Outcome.AddressReturned("mmap", r);
    }

    /** read/write/fetch ADDR [value V], or of a range ({@code for LEN [every STRIDE]}): whether it completed. */
    Outcome access(Access a, Task task) {
        Long addr = in.address(a.getAddress());
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        long value = 1;
        if (a.getValue() != null) {
            Long v = in.address(a.getValue());
            if (v == null) {
                return Outcome.EVENTS_ONLY;
            }
            value = v;
        }
        boolean ok;
        String what;
        int tlb = Outcome.TLB_NONE;
        if (a.eIsSet(MmdslPackage.Literals.ACCESS__LENGTH)) {
            long stride = a.eIsSet(MmdslPackage.Literals.ACCESS__STRIDE) ? a.getStride() : PagingMode.PAGE_SIZE;
            ok = accessRange(a, task, addr, a.getLength(), stride, value);
            what = a.getKind().getLiteral() + String.format(" of 0x%x..0x%x", addr, addr + a.getLength());
            if (!ok && in.aborted()) {
                return Outcome.EVENTS_ONLY; // the run stopped inside the range: its problem event says so
            }
        } else {
            org.mmdsl.runtime.mmu.Tlb t = in.kernel().tlb().tlb();
            long hits = t.hits();
            long misses = t.misses();
            ok = accessOne(a, task, addr, value);
            tlb = tlbOutcome(t, hits, misses);
            what = a.getKind().getLiteral() + String.format(" of 0x%x", addr);
        }
        return new Outcome.UserAccess(what, addr, ok, access.value, tlb);
    }

    /**
     * Whether an access hit the dTLB, from its counters before ({@code hits}, {@code misses}) and now: a miss
     * when any lookup of it walked the tables (the first one, or a retry after the fault it took; a cached
     * entry lacking the permission is dropped and walked: a miss), a hit when every lookup hit, else
     * {@link Outcome#TLB_NONE} (no translation: e.g. a task without an mm). Reads the counters only.
     */
    static int tlbOutcome(org.mmdsl.runtime.mmu.Tlb t, long hits, long misses) {
        return t.misses() > misses ? Outcome.TLB_MISS : t.hits() > hits ? Outcome.TLB_HIT : Outcome.TLB_NONE;
    }

    private boolean accessOne(Access a, Task task, long addr, long value) {
        if (a.isByte()) {
            org.mmdsl.runtime.arch.Access kind = switch (a.getKind()) {
                case READ -> org.mmdsl.runtime.arch.Access.READ;
                case WRITE -> org.mmdsl.runtime.arch.Access.WRITE;
                default -> org.mmdsl.runtime.arch.Access.EXEC;
            };
            boolean ok = task.access(addr, kind, value, 1, access);
            if (!in.inRange()) {
                in.record(new AccessEvent(a.getKind().getLiteral(), addr, 1, kind == org.mmdsl.runtime.arch.Access.WRITE
                        ? value & 0xff : access.value & 0xff, ok));
            }
            return ok;
        }
        switch (a.getKind()) {
            case READ:
                return task.read(addr, access);
            case WRITE:
                return task.write(addr, value, access);
            default:
                return task.exec(addr, access);
        }
    }

    /**
     * One access per {@code stride} over [addr, addr + length), stopping at the first fault as a
     * program touching the range would. Every access costs a step. The page faults it resolves are
     * summed into one {@link RangeSummary} instead of one event each (a gigabyte is 262,144 faults).
     */
    private boolean accessRange(Access a, Task task, long addr, long length, long stride, long value) {
        long count = (length + stride - 1) / stride;
        in.beginRange();
        boolean ok = true;
        long done = 0;
        try {
            for (long i = 0; i < count; i++) {
                if ((i & 1023) == 0 && !in.withinBounds()) {
                    return false;
                }
                in.countStep();
                if (!accessOne(a, task, addr + i * stride, value)) {
                    ok = false;
                    break;
                }
                done++;
            }
        } finally {
            java.util.Map<String, long[]> faults = in.endRange();
            in.record(new RangeSummary(a.getKind().getLiteral(), addr, length, stride, done, faults,
                    a.getKind() == org.mmdsl.mmdsl.AccessKind.WRITE ? value : 0));
        }
        return ok;
    }

    /** call ADDR: the fetch and what the instruction there does ({@link Task#call}): whether it returned. */
    Outcome call(org.mmdsl.mmdsl.Call c, Task task) {
        Long addr = in.address(c.getAddress());
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        boolean ok = task.call(addr, access);
        in.record(new AccessEvent("call", addr, 1, access.value & 0xff, ok));
        return new Outcome.CallInstruction(ok);
    }

    /** The hint of an mmap: 0 without `at`, null (with a problem event) when it names a handle without an address. */
    private Long hint(Mmap m) {
        return m.getHint() == null ? Long.valueOf(0) : in.address(m.getHint());
    }

    /**
     * mmap of a device file whose driver maps a kernel buffer: the buffer's frames come from the
     * kernel handle (kmalloc/kvmalloc and vmalloc by their kernel addresses, alloc_pages by its pfns),
     * mapped by the driver's mmap (remap, insert) or handed out by its fault handler (fault, fault pfn),
     * which finds a page as the buffer's kind requires (virt_to_page, vmalloc_to_page, the pfn).
     */
    private Outcome mmapDevice(Mmap m, Task task) {
        Handle src = m.getSource();
        Long value = src == null || src.eIsProxy() ? null : in.valueOf(src);
        if (value == null) {
            in.record(new ScenarioProblem("'" + (src == null ? "?" : Exprs.nameOf(src)) + "' has no memory: its "
                    + "allocation failed or did not run, so this mmap is skipped", false));
            return Outcome.EVENTS_ONLY;
        }
        if (!(src instanceof AllocPages || src instanceof Kmalloc || src instanceof Vmalloc)) {
            in.record(new ScenarioProblem("'" + Exprs.nameOf(src) + "' is a vmap or ioremap area: a device mapping maps "
                    + "a kmalloc, vmalloc or alloc_pages buffer, so this mmap is skipped", false));
            return Outcome.EVENTS_ONLY;
        }
        long[] pfns;
        org.mmdsl.runtime.vma.DeviceVmOps.Lookup lookup;
        if (src instanceof AllocPages) {
            lookup = org.mmdsl.runtime.vma.DeviceVmOps.Lookup.PFN_TO_PAGE;
            pfns = new long[1 << ((AllocPages) src).getOrder()];
            for (int i = 0; i < pfns.length; i++) {
                pfns[i] = value + i;
            }
        } else {
            long size = src instanceof Kmalloc ? ((Kmalloc) src).getSize() : ((Vmalloc) src).getSize();
            lookup = in.kernel().kmem().vmalloc().isVmallocAddr(value) // kvmalloc: either
                    ? org.mmdsl.runtime.vma.DeviceVmOps.Lookup.VMALLOC_TO_PAGE
                    : org.mmdsl.runtime.vma.DeviceVmOps.Lookup.VIRT_TO_PAGE;
            pfns = in.kernel().kmem().bufferPfns(value, size);
            if (pfns == null) {
                in.record(new ScenarioProblem("'" + Exprs.nameOf(src) + "' is not mapped in the kernel any more "
                        + "(freed?), so this mmap is skipped", false));
                return Outcome.EVENTS_ONLY;
            }
        }
        Long hint = hint(m);
        if (hint == null) {
            return Outcome.EVENTS_ONLY;
        }
        int flags = SyscallArgs.mmapFlags(m);
        org.mmdsl.runtime.vma.DeviceMap.How how = m.isInsert() ? org.mmdsl.runtime.vma.DeviceMap.How.VM_INSERT_PAGE
                : m.isFault() && m.isPfn() ? org.mmdsl.runtime.vma.DeviceMap.How.FAULT_PFN
                : m.isFault() ? org.mmdsl.runtime.vma.DeviceMap.How.FAULT_PAGE
                : org.mmdsl.runtime.vma.DeviceMap.How.REMAP_PFN_RANGE;
        long r = task.mmapDevice(hint, m.getLength(), Mman.parseProt(m.getProt()), flags, m.getDevice(), m.getOffset(),
                pfns, how, lookup);
        if (!Errno.isError(r)) {
            in.bind(m, r);
        }
        return new Outcome.AddressReturned("mmap", r);
    }
}
