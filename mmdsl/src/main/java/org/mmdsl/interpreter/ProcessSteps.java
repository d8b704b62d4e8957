package org.mmdsl.interpreter;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.Access;
import org.mmdsl.mmdsl.AddressExpectation;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.ExecImage;
import org.mmdsl.mmdsl.Exit;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.FaultExpectation;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.Kmalloc;
import org.mmdsl.mmdsl.MapFlag;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Mprotect;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.mmdsl.OkExpectation;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.Translate;
import org.mmdsl.mmdsl.ValueExpectation;
import org.mmdsl.mmdsl.Vmalloc;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.MapType;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The statements a process runs on its own address space: execve, mmap (of a file, anonymous, or of a
 * device whose driver maps a kernel buffer), munmap, mprotect, brk, loads/stores/fetches (one, or a
 * range summed into a {@link RangeSummary}), call, exit. The other mm system calls live in
 * {@link VmCallSteps}; files, limits, let, repeat and fork in {@link TaskSteps}; the views
 * (translate, show, read and zone checks) in {@link ObservationSteps}.
 */
final class ProcessSteps {
    private final Interpreter in;
    private final AccessResult access = new AccessResult();

    ProcessSteps(Interpreter in) {
        this.in = in;
    }

    /** Runs one step of {@code task} and judges its expectations (Interpreter.judgeExpectations). */
    void processStatement(EObject s, Task task) {
        int first = in.events.size();
        run(s, task, first);
        in.judgeExpectations(s, first);
    }

    private void run(EObject s, Task task, int first) {
        in.current = task;
        if (in.vmCalls.vmCall(s, task, first) || in.taskSteps.oracleStatement(s, task, first)) {
            return;
        }
        if (s instanceof ExecImage) {
            ExecImage e = (ExecImage) s;
            long stack = e.eIsSet(MmdslPackage.Literals.EXEC_IMAGE__STACK) ? e.getStack()
                    : org.mmdsl.runtime.vma.ExecImage.DEFAULT_STACK_RLIMIT;
            if (e.isStackUnlimited()) {
                stack = org.mmdsl.runtime.vma.ExecImage.RLIM_INFINITY;
            }
            task.execve(e.getPath(), e.getText(), e.getData(), e.getBss(), stack, e.isLegacy(), e.isIa32());
        } else if (s instanceof Mmap && ((Mmap) s).getDevice() != null) {
            mmapDevice((Mmap) s, task, first);
        } else if (s instanceof Mmap) {
            mmap((Mmap) s, task, first);
        } else if (s instanceof Munmap) {
            Munmap m = (Munmap) s;
            Long addr = in.address(m.getAddress());
            Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MUNMAP__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                long r = task.munmap(addr, len);
                in.checkCall(m.getExpects(), first, r, false);
            }
        } else if (s instanceof Mprotect) {
            Mprotect m = (Mprotect) s;
            Long addr = in.address(m.getAddress());
            Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MPROTECT__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                int prot = prot(m.getProt(), m.getProtBits()) | (m.isGrowsdown() ? Mman.PROT_GROWSDOWN : 0)
                        | (m.isGrowsup() ? Mman.PROT_GROWSUP : 0);
                long r = task.mprotect(addr, len, prot);
                in.checkCall(m.getExpects(), first, r, false);
            }
        } else if (s instanceof Brk) {
            Brk b = (Brk) s;
            Long amount = in.address(b.getAmount());
            if (amount != null) {
                long want = b.getSign() == null ? amount
                        : b.getSign().equals("+") ? task.currentBrk() + amount : task.currentBrk() - amount;
                long r = task.brk(want);
                in.checkCall(b.getExpects(), first, r, true);
                in.addressExpectations(b.getExpects(), r, "brk");
            }
        } else if (s instanceof Access) {
            access((Access) s, task, first);
        } else if (s instanceof Translate) {
            in.observation.translate(task, ((Translate) s).getAddress());
        } else if (s instanceof org.mmdsl.mmdsl.PageTableDump) {
            in.observation.pageTableDump((org.mmdsl.mmdsl.PageTableDump) s, task);
        } else if (s instanceof Show) {
            in.observation.show((Show) s, task);
        } else if (s instanceof ReadCheck) {
            ReadCheck r = (ReadCheck) s;
            in.observation.readCheck(r, r.getTask() != null ? in.tasks.get(r.getTask()) : task);
        } else if (s instanceof ZoneCheck) {
            in.observation.zoneCheck((ZoneCheck) s);
        } else if (s instanceof Exit) {
            task.exit();
        }
    }

    private void mmap(Mmap m, Task task, int first) {
        Long hint = hint(m);
        Long len = m.getLengthExpr() == null ? Long.valueOf(m.getLength()) : in.address(m.getLengthExpr());
        if (hint == null || len == null) {
            return;
        }
        int flags = mmapFlags(m);
        long r;
        if (m.getFd() != null) {
            Long fd = in.address(m.getFd());
            if (fd == null) {
                return;
            }
            r = task.mmap(hint, len, prot(m.getProt(), m.getProtBits()), flags, m.isAnon() ? null : in.taskSteps.openFile(task, fd),
                    fd.intValue(), m.getOffset());
        } else {
            r = task.mmap(hint, len, prot(m.getProt(), m.getProtBits()), flags, m.isAnon() ? null : m.getFile(),
                    m.getOffset());
        }
        if (!Errno.isError(r)) {
            in.handleAddress.put(m, r);
        }
        in.checkCall(m.getExpects(), first, r, true);
        for (Expectation e : m.getExpects()) {
            if (e instanceof AddressExpectation) {
                Long want = in.address(((AddressExpectation) e).getAddress());
                if (want != null) {
                    in.expectation(e, want == r, String.format("mmap returned 0x%x%s", r,
                            want == r ? "" : String.format(", expected 0x%x", want)));
                }
            }
        }
    }

    private void access(Access a, Task task, int first) {
        Long addr = in.address(a.getAddress());
        if (addr == null) {
            return;
        }
        long value = 1;
        if (a.getValue() != null) {
            Long v = in.address(a.getValue());
            if (v == null) {
                return;
            }
            value = v;
        }
        boolean ok;
        String what;
        if (a.eIsSet(MmdslPackage.Literals.ACCESS__LENGTH)) {
            long stride = a.eIsSet(MmdslPackage.Literals.ACCESS__STRIDE) ? a.getStride() : 4096;
            ok = accessRange(a, task, addr, a.getLength(), stride, value);
            what = a.getKind().getLiteral() + String.format(" of 0x%x..0x%x", addr, addr + a.getLength());
            if (!ok && in.aborted) {
                return;
            }
        } else {
            ok = accessOne(a, task, addr, value);
            what = a.getKind().getLiteral() + String.format(" of 0x%x", addr);
        }
        for (Expectation e : a.getExpects()) {
            if (e instanceof FaultExpectation) {
                FaultExpectation f = (FaultExpectation) e;
                Long at = f.getAddress() == null ? null : in.address(f.getAddress());
                int idx = in.findSignal(first);
                String wanted = f.getSignal() + (f.getCode() == null ? "" : " " + f.getCode())
                        + (at == null ? "" : String.format(" at 0x%x", at));
                if (idx < 0) {
                    in.expectation(f, false, "expected " + wanted + ", but the " + what + " succeeded");
                } else {
                    SignalEvent sig = (SignalEvent) in.events.get(idx).event();
                    boolean met = sig.signal().name().equals(f.getSignal())
                            && (f.getCode() == null || sig.code().name().equals(f.getCode()))
                            && (at == null || at == sig.vaddr());
                    String got = sig.signal() + " " + sig.code() + String.format(" at 0x%x", sig.vaddr());
                    if (met) {
                        in.markExpected(idx);
                        in.expectation(f, true, "the " + what + " raised " + got + " as expected");
                    } else {
                        in.expectation(f, false, "expected " + wanted + ", got " + got);
                    }
                }
            } else if (e instanceof ValueExpectation) {
                Long want = in.address(((ValueExpectation) e).getValue());
                if (want != null) {
                    if (!ok) {
                        in.expectation(e, false, String.format("expected value %d, but the read faulted", want));
                    } else {
                        in.expectation(e, access.value == want, String.format("read of 0x%x gave %d%s", addr, access.value,
                                access.value == want ? "" : ", expected " + want));
                    }
                }
            } else if (e instanceof OkExpectation) {
                in.expectation(e, ok, ok ? "the " + what + " succeeded" : "expected the " + what + " to succeed, but it faulted");
            }
        }
    }

    private boolean accessOne(Access a, Task task, long addr, long value) {
        if (a.isByte()) {
            org.mmdsl.runtime.mmu.Access kind = switch (a.getKind()) {
                case READ -> org.mmdsl.runtime.mmu.Access.READ;
                case WRITE -> org.mmdsl.runtime.mmu.Access.WRITE;
                default -> org.mmdsl.runtime.mmu.Access.EXEC;
            };
            boolean ok = task.access(addr, kind, value, 1, access);
            if (in.rangeFaults == null) {
                in.record(new AccessEvent(a.getKind().getLiteral(), addr, 1, kind == org.mmdsl.runtime.mmu.Access.WRITE
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
        in.rangeFaults = new java.util.TreeMap<>();
        boolean ok = true;
        long done = 0;
        try {
            for (long i = 0; i < count; i++) {
                if ((i & 1023) == 0 && !in.withinBounds()) {
                    return false;
                }
                in.steps++;
                if (!accessOne(a, task, addr + i * stride, value)) {
                    ok = false;
                    break;
                }
                done++;
            }
        } finally {
            java.util.Map<String, long[]> faults = in.rangeFaults;
            in.rangeFaults = null;
            in.record(new RangeSummary(a.getKind().getLiteral(), addr, length, stride, done, faults,
                    a.getKind() == org.mmdsl.mmdsl.AccessKind.WRITE ? value : 0));
        }
        return ok;
    }

    private static int prot(String letters, String bits) {
        return bits != null ? (int) Long.decode(bits.replace("_", "")).longValue() : Mman.parseProt(letters);
    }

    /** call ADDR: the fetch and what the instruction there does ({@link Task#call}). */
    void call(org.mmdsl.mmdsl.Call c, Task task, int first) {
        Long addr = in.address(c.getAddress());
        if (addr == null) {
            return;
        }
        boolean ok = task.call(addr, access);
        in.record(new AccessEvent("call", addr, 1, access.value & 0xff, ok));
        for (Expectation e : c.getExpects()) {
            if (e instanceof FaultExpectation) {
                FaultExpectation f = (FaultExpectation) e;
                int idx = in.findSignal(first);
                boolean met = idx >= 0 && ((SignalEvent) in.events.get(idx).event()).signal().name().equals(f.getSignal())
                        && (f.getCode() == null || ((SignalEvent) in.events.get(idx).event()).code().name().equals(f.getCode()));
                if (met) {
                    in.markExpected(idx);
                }
                in.expectation(f, met, met ? "the call raised " + f.getSignal() + " as expected"
                        : "expected " + f.getSignal() + (idx < 0 ? ", but the call returned" : ", got another signal"));
            } else if (e instanceof OkExpectation) {
                in.expectation(e, ok, ok ? "the call returned" : "expected the call to return, but it faulted");
            }
        }
    }

    /**
     * mmap of a device file whose driver maps a kernel buffer: the buffer's frames come from the
     * kernel handle (kmalloc/kvmalloc and vmalloc by their kernel addresses, alloc_pages by its pfns).
     */
    /** The hint of an mmap: 0 without `at`, null (with a problem event) when it names a handle without an address. */
    private Long hint(Mmap m) {
        return m.getHint() == null ? Long.valueOf(0) : in.address(m.getHint());
    }

    /** MAP_* flags of an mmap statement as the kernel receives them; each word's bit is the vocabulary's. */
    private static int mmapFlags(Mmap m) {
        int flags = m.getSharing() == null ? 0 : (int) MapType.byWord(m.getSharing()).value();
        if (m.isAnon()) {
            flags |= (int) org.mmdsl.runtime.uapi.MapFlag.ANONYMOUS.value();
        }
        for (MapFlag f : m.getFlags()) {
            flags |= (int) org.mmdsl.runtime.uapi.MapFlag.byWord(f.getLiteral()).value();
        }
        if (m.getBits() != null) {
            flags |= (int) Long.decode(m.getBits().replace("_", "")).longValue();
        }
        return flags;
    }

    private void mmapDevice(Mmap m, Task task, int first) {
        Handle src = m.getSource();
        Long value = src == null || src.eIsProxy() ? null : in.handleAddress.get(src);
        if (value == null) {
            in.record(new ScenarioProblem("'" + (src == null ? "?" : Exprs.nameOf(src)) + "' has no memory: its "
                    + "allocation failed or did not run, so this mmap is skipped", false));
            return;
        }
        long[] pfns;
        if (src instanceof AllocPages) {
            pfns = new long[1 << ((AllocPages) src).getOrder()];
            for (int i = 0; i < pfns.length; i++) {
                pfns[i] = value + i;
            }
        } else {
            long size = src instanceof Kmalloc ? ((Kmalloc) src).getSize() : ((Vmalloc) src).getSize();
            pfns = in.kernel.kmem().bufferPfns(value, size);
            if (pfns == null) {
                in.record(new ScenarioProblem("'" + Exprs.nameOf(src) + "' is not mapped in the kernel any more "
                        + "(freed?), so this mmap is skipped", false));
                return;
            }
        }
        Long hint = hint(m);
        if (hint == null) {
            return;
        }
        int flags = mmapFlags(m);
        org.mmdsl.runtime.vma.DeviceMap.How how = m.isInsert()
                ? org.mmdsl.runtime.vma.DeviceMap.How.VM_INSERT_PAGE : org.mmdsl.runtime.vma.DeviceMap.How.REMAP_PFN_RANGE;
        long r = task.mmapDevice(hint, m.getLength(), Mman.parseProt(m.getProt()), flags, m.getDevice(), m.getOffset(),
                pfns, how);
        if (!Errno.isError(r)) {
            in.handleAddress.put(m, r);
        }
        in.checkCall(m.getExpects(), first, r, true);
        in.addressExpectations(m.getExpects(), r, "mmap");
    }
}
