package org.mmdsl.runtime;

import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.fork.Fork;
import org.mmdsl.runtime.pgtable.PageWalk;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.proc.ProcSmaps;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.ExecImage;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * A process as the language sees it: its system calls (each emitted as a strace-style
 * {@link CallResult}), its loads, stores and instruction fetches through the MMU and the fault path,
 * and views of its address space. The rules are in {@code vma} (mm/mmap.c, mm/vma.c, mm/mprotect.c)
 * and {@code fault} (mm/memory.c, arch/x86/mm/fault.c); this class formats and forwards.
 */
public final class Task implements org.mmdsl.runtime.sched.SchedTask {
    private final Kernel kernel;
    private final int pid;
    private final String comm;
    private final EventSink sink;
    private MmStruct mm;
    private UserAccess access;
    private boolean exited;
    /** task->active_mm: the mm while it has one; after exit_mm() the one it still runs on (lazy TLB). */
    private MmStruct activeMm;

    Task(Kernel kernel, int pid, String comm, MmStruct mm, EventSink sink) {
        this.kernel = kernel;
        this.pid = pid;
        this.comm = comm;
        this.sink = sink;
        setMm(mm);
        if (mm != null && mm.owner == null) {
            mm.owner = comm + "[" + pid + "]";
        }
    }

    private void setMm(MmStruct mm) {
        this.mm = mm;
        if (mm != null) {
            this.activeMm = mm;
        }
        this.access = mm == null ? null : new UserAccess(mm, pid, sink);
    }

    public int pid() {
        return pid;
    }

    public String comm() {
        return comm;
    }

    /** The task's mm_struct; null when there was no frame for its page directory, and after exit. */
    @Override
    public MmStruct mm() {
        return mm;
    }

    @Override
    public MmStruct activeMm() {
        return activeMm;
    }

    @Override
    public void setActiveMm(MmStruct mm) {
        activeMm = mm;
    }

    /**
     * Mirrors kernel/exit.c exit_mm(): a task that is current keeps running on its mm until its last
     * switch, so it pins it first (mmgrab(): mm_count + 1, active_mm stays), then drops its user
     * reference (mmput(): the last user's exit_mmap() frees pages and page tables, not the pgd). The
     * pinned mm_struct goes with the mmdrop() after the next switch to a user task
     * (finish_task_switch()). A task that is not current (an OOM victim) has nothing to pin.
     */
    private void exitMm() {
        if (mm == null) {
            return;
        }
        MmStruct old = mm;
        if (kernel.runQueue().isCurrent(this)) {
            Fork.mmgrab(old);
        } else {
            activeMm = null;
        }
        setMm(null);
        Fork.mmput(old);
    }

    /**
     * execve() of a static binary with the given segment sizes: the old address space goes
     * (exit_mmap()), a new one gets the ELF layout, [stack] and the vDSO ({@link MmStruct#execLayout}).
     *
     * @param stackRlimit RLIMIT_STACK in bytes at exec (sets mmap_base), or -1 for the default 8 MB
     */
    public long execve(String path, long textBytes, long dataBytes, long bssBytes, long stackRlimit) {
        return execve(path, textBytes, dataBytes, bssBytes, stackRlimit, false);
    }

    /**
     * {@link #execve(String, long, long, long, long)} with the legacy bottom-up mmap layout when
     * {@code legacyLayout} (personality ADDR_COMPAT_LAYOUT, as {@code setarch -L} runs a program).
     */
    public long execve(String path, long textBytes, long dataBytes, long bssBytes, long stackRlimit,
            boolean legacyLayout) {
        String call = String.format("execve(\"%s\") [text %d, data %d, bss %d]", path, textBytes, dataBytes, bssBytes);
        if (mm != null && mm.mapCount() > 0) {
            // exec_mmap(): the old mm loses this user (other threads are killed by de_thread(), not modelled)
            Fork.mmput(mm);
            setMm(kernel.newMm());
            if (mm != null) {
                mm.swap = kernel.swap();
                mm.owner = comm + "[" + pid + "]";
            }
        }
        if (mm == null) {
            return result(call, Errno.ENOMEM.asResult(), false);
        }
        FileRef exe = kernel.file(path);
        long rlimit = stackRlimit < 0 ? ExecImage.DEFAULT_STACK_RLIMIT : stackRlimit;
        mm.legacyLayout = legacyLayout;
        mm.execLayout(new ExecImage(exe, textBytes, dataBytes, bssBytes, mm.is64(), rlimit));
        return result(call, 0, false);
    }

    /**
     * exit(): the task's reference on its mm goes (mmput(); the address space is torn down when this
     * was its last user, e.g. not while a CLONE_VM thread still runs in it). The task has no mm afterwards.
     */
    public void exit() {
        exitMm();
        exited = true;
        sink.emit(new CallResult(comm + "[" + pid + "]: exit(0)", 0, false));
    }

    private boolean oomKillPending;

    /** The OOM killer chose this task: SIGKILL, it exits now (the oom_reaper frees its memory). */
    void oomKill() {
        exitMm();
        exited = true;
    }

    /** The OOM killer chose this task while it faults: it dies when the fault returns. */
    void oomKillAfterFault() {
        oomKillPending = true;
    }

    private boolean afterAccess(boolean ok) {
        if (oomKillPending) {
            oomKillPending = false;
            oomKill();
        }
        return ok;
    }

    /** True once {@link #exit()} ran. */
    public boolean exited() {
        return exited;
    }

    /** mmap(2); {@code file} null for an anonymous map. Returns the address or -errno. */
    public long mmap(long addr, long len, int prot, int flags, String file, long offset) {
        String call = String.format("mmap(%s, %d, %s, %s, %s, %d)", addr == 0 ? "NULL" : hex(addr), len,
                Mman.protNames(prot), Mman.mapFlagNames(flags), file == null ? "-1" : "\"" + file + "\"", offset);
        if (mm == null) {
            return result(call, Errno.ENOMEM.asResult(), true);
        }
        long r = mm.mmap(addr, len, prot, flags, file == null ? null : kernel.file(file), offset);
        return result(call, r, true);
    }

    /**
     * mmap(2) of the device file {@code path} whose driver maps the kernel buffer {@code bufferPfns}
     * (its frames in order, see {@link KernelMemory#bufferPfns}) with remap_pfn_range() or
     * vm_insert_page(); {@code offset} selects the buffer's first page. Returns the address or -errno.
     */
    public long mmapDevice(long addr, long len, int prot, int flags, String path, long offset, long[] bufferPfns,
            org.mmdsl.runtime.vma.DeviceMap.How how) {
        String call = String.format("mmap(%s, %d, %s, %s, \"%s\", %d) [%s]", addr == 0 ? "NULL" : hex(addr), len,
                Mman.protNames(prot), Mman.mapFlagNames(flags), path, offset,
                how == org.mmdsl.runtime.vma.DeviceMap.How.REMAP_PFN_RANGE ? "remap_pfn_range" : "vm_insert_page");
        if (mm == null) {
            return result(call, Errno.ENOMEM.asResult(), true);
        }
        long r = org.mmdsl.runtime.vma.DeviceMap.mmap(mm, addr, len, prot, flags, kernel.deviceFile(path), offset,
                bufferPfns, how, sink);
        return result(call, r, true);
    }

    public long munmap(long addr, long len) {
        String call = String.format("munmap(%s, %d)", hex(addr), len);
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.munmap(addr, len), false);
    }

    public long mprotect(long addr, long len, int prot) {
        String call = String.format("mprotect(%s, %d, %s)", hex(addr), len, Mman.protNames(prot));
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.mprotect(addr, len, prot), false);
    }

    /** mremap(2) with MREMAP_* flags; {@code newAddr} is used with MREMAP_FIXED / MREMAP_DONTUNMAP. */
    public long mremap(long addr, long oldLen, long newLen, int flags, long newAddr) {
        StringBuilder f = new StringBuilder();
        if ((flags & Mman.MREMAP_MAYMOVE) != 0) {
            f.append("MREMAP_MAYMOVE");
        }
        if ((flags & Mman.MREMAP_FIXED) != 0) {
            f.append(f.length() > 0 ? "|" : "").append("MREMAP_FIXED");
        }
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0) {
            f.append(f.length() > 0 ? "|" : "").append("MREMAP_DONTUNMAP");
        }
        String call = String.format("mremap(%s, %d, %d, %s, %s)", hex(addr), oldLen, newLen,
                f.length() == 0 ? "0" : f, hex(newAddr));
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.mremap(addr, oldLen, newLen, flags, newAddr), true);
    }

    /** madvise(2) with a MADV_* number. */
    public long madvise(long addr, long len, int advice) {
        String name = advice >= 0 && advice < Mman.MADV_NAMES.length && Mman.MADV_NAMES[advice] != null
                ? "MADV_" + Mman.MADV_NAMES[advice].toUpperCase() : Integer.toString(advice);
        String call = String.format("madvise(%s, %d, %s)", hex(addr), len, name);
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.madvise(addr, len, advice), false);
    }

    /** mlock(2), or mlock2(2) with MLOCK_ONFAULT when {@code onFault}. */
    public long mlock(long addr, long len, boolean mlock2, boolean onFault) {
        String call = mlock2 ? String.format("mlock2(%s, %d, %s)", hex(addr), len, onFault ? "MLOCK_ONFAULT" : "0")
                : String.format("mlock(%s, %d)", hex(addr), len);
        long r = mm == null ? Errno.ENOMEM.asResult()
                : mlock2 ? mm.mlock2(addr, len, onFault ? Mman.MLOCK_ONFAULT : 0) : mm.mlock(addr, len);
        return result(call, r, false);
    }

    public long munlock(long addr, long len) {
        String call = String.format("munlock(%s, %d)", hex(addr), len);
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.munlock(addr, len), false);
    }

    /** mlockall(2) with MCL_* flags. */
    public long mlockall(int flags) {
        StringBuilder f = new StringBuilder();
        String[] names = {"MCL_CURRENT", "MCL_FUTURE", "MCL_ONFAULT"};
        for (int bit = 0; bit < 3; bit++) {
            if ((flags & (1 << bit)) != 0) {
                f.append(f.length() > 0 ? "|" : "").append(names[bit]);
            }
        }
        String call = "mlockall(" + (f.length() == 0 ? "0" : f) + ")";
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.mlockall(flags), false);
    }

    public long munlockall() {
        return result("munlockall()", mm == null ? Errno.ENOMEM.asResult() : mm.munlockall(), false);
    }

    /** msync(2) with MS_* flags. */
    public long msync(long addr, long len, int flags) {
        StringBuilder f = new StringBuilder();
        String[] names = {"MS_ASYNC", "MS_INVALIDATE", "MS_SYNC"};
        for (int bit = 0; bit < 3; bit++) {
            if ((flags & (1 << bit)) != 0) {
                f.append(f.length() > 0 ? "|" : "").append(names[bit]);
            }
        }
        String call = String.format("msync(%s, %d, %s)", hex(addr), len, f.length() == 0 ? "0" : f);
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.msync(addr, len, flags), false);
    }

    /** brk(2): returns the new break, or the old one when the kernel refused to move it. */
    public long brk(long newBrk) {
        String call = String.format("brk(%s)", hex(newBrk));
        return result(call, mm == null ? 0 : mm.brk(newBrk), true);
    }

    /** The current program break (brk(0)). */
    public long currentBrk() {
        return mm == null ? 0 : mm.brk;
    }

    /** Loads a word (4 bytes for an i386 task, 8 for x86_64) through the MMU, faulting as needed. */
    public boolean read(long vaddr, AccessResult out) {
        return afterAccess(access != null && access.read(vaddr, out));
    }

    public boolean write(long vaddr, long value, AccessResult out) {
        return afterAccess(access != null && access.write(vaddr, value, out));
    }

    /** An instruction fetch at {@code vaddr}. */
    public boolean exec(long vaddr, AccessResult out) {
        return afterAccess(access != null && access.exec(vaddr, out));
    }

    /**
     * Reads a word without side effects, as a debugger reading /proc/PID/mem would see it: through the
     * page tables when the page is present; zero for a readable anonymous page not faulted in yet (what
     * the first read would give); the file's bytes for a file page not yet in this mm. Sets no accessed
     * bit and maps nothing. Returns false when no readable VMA covers the address.
     */
    public boolean peek(long vaddr, AccessResult out) {
        out.reset();
        if (mm == null) {
            return false;
        }
        Vma vma = mm.vmaLookup(vaddr);
        if (vma == null || (vma.vmFlags() & Vma.VM_READ) == 0) {
            return false;
        }
        int size = mm.wordSize();
        long value = 0;
        for (int i = 0; i < size; i++) {
            long a = vaddr + i;
            PageWalk w = mm.pageTables().walk(mm.pgd, a);
            int b;
            if (w.mapped()) {
                b = kernel.physMem().readByte(w.paddr());
            } else {
                Vma v = mm.vmaLookup(a);
                if (v == null) {
                    return false;
                }
                b = v.file() == null ? 0 : v.file().byteAt((v.vmPgoff() << 12) + (a - v.vmStart()));
            }
            value |= ((long) b & 0xff) << (8 * i);
        }
        out.ok = true;
        out.value = value;
        return true;
    }

    /** /proc/PID/maps, byte for byte. */
    public String maps() {
        return mm == null ? "" : ProcMaps.render(mm, kernel.is64());
    }

    /** /proc/PID/smaps in the kernel's full format. */
    public String smaps() {
        return mm == null ? "" : ProcSmaps.smaps(mm, kernel.is64());
    }

    /** The memory lines (Vm*, Rss*) of /proc/PID/status. */
    public String status() {
        return mm == null ? "" : ProcSmaps.status(mm);
    }

    /** procps pmap -x PID, with its total line. */
    public String pmap() {
        return mm == null ? "" : ProcSmaps.pmapX(mm, pid, comm, kernel.is64());
    }

    /**
     * The state of 2.6's mm->mmap_cache (find_vma()'s one-entry cache) in one line: the cached VMA as
     * maps prints it, and the hits and misses so far. 2.6 has no /proc file for it: the format is
     * mmdsl's. Null when the model has no mmap_cache (6.1).
     */
    public String mmapCache() {
        if (mm == null || !mm.hasMmapCache()) {
            return null;
        }
        Vma v = mm.mmapCache();
        return "mmap_cache: " + (v == null ? "empty" : ProcMaps.mapsLine(v).stripTrailing()) + "  hits "
                + mm.mmapCacheHits() + " misses " + mm.mmapCacheMisses() + "\n";
    }

    /**
     * This task's page tables (user half and the kernel half it shares) over [start, end) in the format
     * of the kernel's page-table dump; end 0 means the top of the address space.
     */
    public String dumpPageTables(long start, long end) {
        return mm == null ? "" : org.mmdsl.runtime.pgtable.PtDump.render(mm.pageTables(), mm.pgd, start, end,
                kernel.pageTableMarkers(), 2000);
    }

    /** The page walk of {@code vaddr} in this task's page tables, in the style of crash's vtop. */
    public String translate(long vaddr) {
        return mm == null ? "" : mm.pageTables().walk(mm.pgd, vaddr).render();
    }

    private long result(String call, long r, boolean pointer) {
        sink.emit(new CallResult(comm + "[" + pid + "]: " + call, r, pointer));
        return r;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
