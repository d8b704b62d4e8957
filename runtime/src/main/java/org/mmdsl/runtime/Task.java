package org.mmdsl.runtime;

import java.util.function.Supplier;

import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.event.KernelMessage;
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
import org.mmdsl.runtime.vma.OpenFileDescription;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * A process as the language sees it: its system calls (each emitted as a strace-style
 * {@link CallResult}), its loads, stores and instruction fetches through the MMU and the fault path,
 * and views of its address space. The rules are in {@code vma} (mm/mmap.c, mm/vma.c, mm/mprotect.c)
 * and {@code fault} (mm/memory.c, arch/x86/mm/fault.c); this class formats and forwards.
 *
 * <p>Why over 800 lines: this is the one API the interpreter drives a process through, one short
 * public method per system call or view, each forwarding to the rule that lives in a lower package;
 * a split by syscall family would make the language side hold several objects per process for no
 * rule moved. The seam when it grows: the file calls (ftruncate, F_ADD_SEALS, pread/pwrite, about
 * 150 lines of fs/open.c, mm/memfd.c and fs/read_write.c order-of-checks) go to the vma package's
 * file code once issue 12's rulebook gives those checks a home there.
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
     * @param stackRlimit RLIMIT_STACK in bytes at exec (sets mmap_base), {@link ExecImage#RLIM_INFINITY}
     *     (-1) for an unlimited stack, 0 for the default 8 MB
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
        return execve(path, textBytes, dataBytes, bssBytes, stackRlimit, legacyLayout, false);
    }

    /**
     * {@link #execve(String, long, long, long, long, boolean)} of an ia32 binary when {@code ia32}: on
     * x86_64 the task becomes a 32-bit compat task (TASK_SIZE 0xffffe000, no [vsyscall]); its binary
     * has its ELF header page apart from the text, as ld -z separate-code links it. Here
     * {@code stackRlimit} as above: {@link ExecImage#RLIM_INFINITY} is an unlimited stack, 0 the default.
     */
    public long execve(String path, long textBytes, long dataBytes, long bssBytes, long stackRlimit,
            boolean legacyLayout, boolean ia32) {
        Supplier<String> call = () -> String.format("execve(\"%s\") [text %d, data %d, bss %d]", path, textBytes, dataBytes, bssBytes);
        boolean compat = ia32 && kernel.is64();
        if (mm != null && (mm.mapCount() > 0 || mm.is64() == compat)) {
            // exec_mmap(): the old mm loses this user (other threads are killed by de_thread(), not modelled)
            Fork.mmput(mm);
            setMm(kernel.newMm(!compat));
            if (mm != null) {
                mm.swap = kernel.swap();
                mm.owner = comm + "[" + pid + "]";
            }
        }
        if (mm == null) {
            return result(call, Errno.ENOMEM.asResult(), false);
        }
        FileRef exe = kernel.file(path);
        long rlimit = stackRlimit == 0 ? ExecImage.DEFAULT_STACK_RLIMIT : stackRlimit;
        mm.legacyLayout = legacyLayout;
        long r = mm.execLayout(new ExecImage(exe, textBytes, dataBytes, bssBytes, mm.is64(), rlimit,
                mm.is64() || compat));
        if (r != 0) {
            return execKilled(call.get(), r);
        }
        return result(call, 0, false);
    }

    /**
     * load_elf_binary() failed after the point of no return (begin_new_exec(); 2.6.24
     * flush_old_exec()): the old address space is gone, so execve() cannot return. 6.1 and 6.18
     * bprm_execve() call force_fatal_sig(SIGSEGV) ("If past the point of no return ensure the code
     * never returns to the userspace process"); 2.6.24 load_elf_binary() itself does
     * send_sig(SIGKILL) before "goto out_free_dentry". The task dies; its new, half-built mm goes
     * with it (exit_mm()). An EEXIST from MAP_FIXED_NOREPLACE is first reported by elf_map()'s
     * pr_info(). Does not model a parent's wait status.
     */
    private long execKilled(String call, long r) {
        Errno e = Errno.fromResult(r);
        if (e == Errno.EEXIST) {
            sink.emit(new KernelMessage(String.format(
                    "%d (%s): Uhuuh, elf segment at %0" + (kernel.is64() ? 16 : 8)
                            + "x requested but the memory is mapped already", pid, comm, mm.execFailureAddr), false));
        }
        boolean v26 = mm.version() == org.mmdsl.runtime.uapi.KernelVersion.V2_6;
        String sig = v26 ? "SIGKILL" : "SIGSEGV";
        sink.emit(new KernelMessage(String.format("%s[%d]: %s = ? (%s failed with %s past the point of no return: "
                + "killed by %s)", comm, pid, call, mm.execFailure, e == null ? Long.toString(r) : e.name(), sig), true));
        exitMm();
        exited = true;
        return r;
    }

    /**
     * exit(): the task's reference on its mm goes (mmput(); the address space is torn down when this
     * was its last user, e.g. not while a CLONE_VM thread still runs in it). The task has no mm afterwards.
     */
    public void exit() {
        exitMm();
        exited = true;
        result(() -> "exit(0)", 0, false);
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
        Supplier<String> call = () -> String.format("mmap(%s, %d, %s, %s, %s, %d)", addr == 0 ? "NULL" : hex(addr), len,
                Mman.protNames(prot), Mman.mapFlagNames(flags), file == null ? "-1" : "\"" + file + "\"", offset);
        if (mm == null) {
            return result(call, Errno.ENOMEM.asResult(), true);
        }
        long r = mm.mmapFile(addr, len, prot, flags, file == null ? null : implicitOpen(file, prot, flags), offset);
        return result(call, r, true, addr, len, prot, flags, -1, offset);
    }

    /**
     * The open a program makes before mapping {@code path} by name: O_RDWR for a MAP_SHARED mapping
     * with PROT_WRITE of a file that can be opened so, O_RDONLY otherwise (a directory: O_RDWR would be
     * EISDIR). The descriptor is closed after the mmap; the mapping keeps the file. So a shared
     * mapping made read-only this way cannot be mprotect()ed writable later (no VM_MAYWRITE): open the
     * file O_RDWR and map the fd for that.
     */
    private OpenFileDescription implicitOpen(String path, int prot, int flags) {
        int type = flags & Mman.MAP_TYPE;
        boolean sharedWrite = (type == Mman.MAP_SHARED || type == Mman.MAP_SHARED_VALIDATE)
                && (prot & Mman.PROT_WRITE) != 0;
        FileRef f = kernel.file(path);
        int mode = sharedWrite && !f.directory ? OpenFileDescription.FMODE_READ | OpenFileDescription.FMODE_WRITE
                : OpenFileDescription.FMODE_READ;
        return new OpenFileDescription(f, mode);
    }

    /**
     * mmap(2) of the device file {@code path} whose driver maps the kernel buffer {@code bufferPfns}
     * (its frames in order, see {@link KernelMemory#bufferPfns}) with remap_pfn_range() or
     * vm_insert_page(), or whose fault handler supplies them on demand ({@code lookup}: how it finds a
     * buffer page; null without a fault handler); {@code offset} selects the buffer's first page. Returns the address or -errno.
     */
    public long mmapDevice(long addr, long len, int prot, int flags, String path, long offset, long[] bufferPfns,
            org.mmdsl.runtime.vma.DeviceMap.How how, org.mmdsl.runtime.vma.DeviceVmOps.Lookup lookup) {
        boolean v26 = kernel.model() == org.mmdsl.runtime.arch.KernelModel.V2_6;
        String tag;
        switch (how) {
            case REMAP_PFN_RANGE:
                tag = "remap_pfn_range";
                break;
            case VM_INSERT_PAGE:
                tag = "vm_insert_page";
                break;
            case FAULT_PAGE:
                tag = v26 ? "vm_ops->nopage" : "vm_ops->fault";
                break;
            default:
                tag = v26 ? "vm_ops->nopfn" : "vm_ops->fault, vmf_insert_pfn";
                break;
        }
        Supplier<String> call = () -> String.format("mmap(%s, %d, %s, %s, \"%s\", %d) [%s]", addr == 0 ? "NULL" : hex(addr), len,
                Mman.protNames(prot), Mman.mapFlagNames(flags), path, offset, tag);
        if (mm == null) {
            return result(call, Errno.ENOMEM.asResult(), true);
        }
        long r = org.mmdsl.runtime.vma.DeviceMap.mmap(mm, addr, len, prot, flags, kernel.deviceDriver(path), offset,
                bufferPfns, how, lookup, sink);
        return result(call, r, true);
    }

    public long munmap(long addr, long len) {
        Supplier<String> call = () -> String.format("munmap(%s, %d)", hex(addr), len);
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.munmap(addr, len), false, addr, len);
    }

    public long mprotect(long addr, long len, int prot) {
        Supplier<String> call = () -> String.format("mprotect(%s, %d, %s)", hex(addr), len, Mman.protNames(prot));
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.mprotect(addr, len, prot), false, addr, len, prot);
    }

    /** mremap(2) with MREMAP_* flags; {@code newAddr} is used with MREMAP_FIXED / MREMAP_DONTUNMAP. */
    public long mremap(long addr, long oldLen, long newLen, int flags, long newAddr) {
        // MREMAP_MAYMOVE 1, MREMAP_FIXED 2, MREMAP_DONTUNMAP 4 (Mman)
        Supplier<String> call = () -> String.format("mremap(%s, %d, %d, %s, %s)", hex(addr), oldLen, newLen,
                flagNames(flags, "MREMAP_MAYMOVE", "MREMAP_FIXED", "MREMAP_DONTUNMAP"), hex(newAddr));
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.mremap(addr, oldLen, newLen, flags, newAddr), true,
                addr, oldLen, newLen, flags, newAddr);
    }

    /** madvise(2) with a MADV_* number. */
    public long madvise(long addr, long len, int advice) {
        Supplier<String> call = () -> String.format("madvise(%s, %d, %s)", hex(addr), len,
                advice >= 0 && advice < Mman.MADV_NAMES.length && Mman.MADV_NAMES[advice] != null
                        ? "MADV_" + Mman.MADV_NAMES[advice].toUpperCase() : Integer.toString(advice));
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.madvise(addr, len, advice), false, addr, len,
                advice);
    }

    /** mlock(2), or mlock2(2) with MLOCK_ONFAULT when {@code onFault}. */
    public long mlock(long addr, long len, boolean mlock2, boolean onFault) {
        Supplier<String> call = () -> mlock2 ? String.format("mlock2(%s, %d, %s)", hex(addr), len, onFault ? "MLOCK_ONFAULT" : "0")
                : String.format("mlock(%s, %d)", hex(addr), len);
        long r = mm == null ? Errno.ENOMEM.asResult()
                : mlock2 ? mm.mlock2(addr, len, onFault ? Mman.MLOCK_ONFAULT : 0) : mm.mlock(addr, len);
        return result(call, r, false, addr, len);
    }

    public long munlock(long addr, long len) {
        Supplier<String> call = () -> String.format("munlock(%s, %d)", hex(addr), len);
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.munlock(addr, len), false, addr, len);
    }

    /** mlockall(2) with MCL_* flags. */
    public long mlockall(int flags) {
        Supplier<String> call = () -> "mlockall(" + flagNames(flags, "MCL_CURRENT", "MCL_FUTURE", "MCL_ONFAULT") + ")";
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.mlockall(flags), false, flags);
    }

    public long munlockall() {
        return result(() -> "munlockall()", mm == null ? Errno.ENOMEM.asResult() : mm.munlockall(), false);
    }

    /** msync(2) with MS_* flags. */
    public long msync(long addr, long len, int flags) {
        Supplier<String> call = () -> String.format("msync(%s, %d, %s)", hex(addr), len,
                flagNames(flags, "MS_ASYNC", "MS_INVALIDATE", "MS_SYNC"));
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.msync(addr, len, flags), false, addr, len, flags);
    }

    /** brk(2): returns the new break, or the old one when the kernel refused to move it. */
    public long brk(long newBrk) {
        Supplier<String> call = () -> String.format("brk(%s)", hex(newBrk));
        long was = currentBrk();
        return result(call, mm == null ? 0 : mm.brk(newBrk), true, newBrk, was);
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

    // ------------------------------------------------------------ more system calls (issue 4 point 9)

    /**
     * mmap(2) of an open file: {@code fd} is the descriptor the task passes (for the record; -1 with a
     * null {@code file} maps nothing from a file), {@code file} the file it stands for.
     */
    public long mmap(long addr, long len, int prot, int flags, OpenFileDescription file, int fd, long offset) {
        Supplier<String> call = () -> String.format("mmap(%s, %d, %s, %s, %d, %d)", addr == 0 ? "NULL" : hex(addr), len,
                Mman.protNames(prot), Mman.mapFlagNames(flags), fd, offset);
        if (mm == null) {
            return result(call, Errno.ENOMEM.asResult(), true, addr, len, prot, flags, fd, offset);
        }
        if (file == null && (flags & Mman.MAP_ANONYMOUS) == 0) {
            return result(call, Errno.EBADF.asResult(), true, addr, len, prot, flags, fd, offset); // fget(fd) failed
        }
        return result(call, mm.mmapFile(addr, len, prot, flags, file, offset), true, addr, len, prot, flags, fd, offset);
    }

    /** mseal(2) (mm/mseal.c): 64-bit tasks only; EPERM for a 32-bit one. */
    public long mseal(long addr, long len) {
        Supplier<String> call = () -> String.format("mseal(%s, %d, 0)", hex(addr), len);
        return result(call, mm == null ? Errno.ENOMEM.asResult() : mm.mseal(addr, len, 0), false, addr, len);
    }

    /** mincore(2): the vector (one '0' or '1' per page) is the event's detail. */
    public long mincore(long addr, long len) {
        Supplier<String> call = () -> String.format("mincore(%s, %d)", hex(addr), len);
        StringBuilder vec = new StringBuilder();
        long r = mm == null ? Errno.ENOMEM.asResult() : mm.mincore(addr, len, vec);
        if (sink.wantsCalls()) {
            sink.emit(CallResult.lazy(comm, pid, call, r, false, new long[] {addr, len}, vec.toString()));
        }
        return r;
    }

    /**
     * ftruncate(2) of the file an fd stands for ({@link MmStruct#truncateFile}). Mirrors fs/open.c
     * do_sys_ftruncate(): an O_PATH descriptor is EBADF (fdget() does not see it), one not open for
     * writing or not a regular file EINVAL (do_ftruncate()); a memfd sealed with F_SEAL_SHRINK / F_SEAL_GROW
     * against this change EPERM (shmem_setattr()). The file size limit is not checked.
     */
    public long ftruncate(OpenFileDescription open, int fd, long size) {
        Supplier<String> call = () -> String.format("ftruncate(%d, %d)", fd, size);
        if (open.pathOnly()) {
            return result(call, Errno.EBADF.asResult(), false, fd, size);
        }
        if (!open.writable() || open.file.directory || size < 0) {
            return result(call, Errno.EINVAL.asResult(), false, fd, size);
        }
        FileRef file = open.file;
        if (size > maxFileBytes(file)) {
            // notify_change() -> setattr_prepare() -> inode_newsize_ok(): past s_maxbytes, before the seals
            return result(call, Errno.EFBIG.asResult(), false, fd, size);
        }
        if (file.seals() > 0 && ((size < file.sizeBytes() && (file.seals() & FileRef.F_SEAL_SHRINK) != 0)
                || (size > file.sizeBytes() && (file.seals() & FileRef.F_SEAL_GROW) != 0))) {
            return result(call, Errno.EPERM.asResult(), false, fd, size); // shmem_setattr(): the size is sealed
        }
        if (mm != null) {
            mm.truncateFile(file, size);
        } else {
            file.setSizeBytes(size);
        }
        return result(call, 0, false, fd, size);
    }

    /**
     * fcntl(fd, F_ADD_SEALS, seals). Mirrors mm/memfd.c memfd_add_seals(), in its order: EPERM for a
     * descriptor not open for writing, EINVAL for a bit outside F_ALL_SEALS (6.1 has no F_SEAL_EXEC),
     * EINVAL for a file that is not a memfd, EPERM once F_SEAL_SEAL is set, EBUSY for F_SEAL_WRITE while
     * a shared mapping may write the file (mapping_deny_writable()). F_SEAL_EXEC adds the write seals
     * when the file is executable (a memfd is, mode 0777). Does not model page pins
     * (memfd_wait_for_pins()). O_PATH descriptors are EBADF (fdget()).
     */
    public long addSeals(OpenFileDescription open, int fd, int seals) {
        int asked = seals;
        Supplier<String> call = () -> String.format("fcntl(%d, F_ADD_SEALS, 0x%x)", fd, asked);
        long r;
        int all = org.mmdsl.runtime.uapi.FileSeal.allSeals(kernel.model().processRules); // F_ALL_SEALS
        FileRef f = open == null ? null : open.file;
        if (open == null || open.pathOnly()) {
            r = Errno.EBADF.asResult();
        } else if (!open.writable()) {
            r = Errno.EPERM.asResult();
        } else if ((seals & ~all) != 0 || f.seals() < 0) {
            r = Errno.EINVAL.asResult();
        } else if ((f.seals() & FileRef.F_SEAL_SEAL) != 0) {
            r = Errno.EPERM.asResult();
        } else if ((seals & FileRef.F_SEAL_WRITE) != 0 && (f.seals() & FileRef.F_SEAL_WRITE) == 0
                && kernel.writablyMapped(f)) {
            r = Errno.EBUSY.asResult();
        } else {
            if ((seals & FileRef.F_SEAL_EXEC) != 0) {
                seals |= FileRef.F_SEAL_SHRINK | FileRef.F_SEAL_GROW | FileRef.F_SEAL_WRITE | FileRef.F_SEAL_FUTURE_WRITE;
            }
            f.setSeals(f.seals() | seals);
            r = 0;
        }
        return result(call, r, false, fd, seals);
    }

    /**
     * pread(2) of a machine word (4 bytes for an i386 task, 8 on x86_64) at {@code offset} through the
     * page cache: the same frame every mapping of the file maps (a page not cached yet is read in and
     * stays cached). Returns the bytes read (fewer at EOF, 0 past it) and leaves their little-endian
     * value in {@code value[0]}, or -EBADF (O_PATH, not open for reading: vfs_read()), -EISDIR (a
     * directory: generic_read_dir()), -ENOMEM. procfs/sysfs contents are not modelled (they read as
     * empty, size 0).
     */
    public long pread(OpenFileDescription open, int fd, long offset, long[] value) {
        int words = mm == null ? 8 : mm.wordSize();
        Supplier<String> call = () -> String.format("pread(%d, buf, %d, %d)", fd, words, offset);
        value[0] = 0;
        if (open == null || open.pathOnly() || !open.readable()) {
            return result(call, Errno.EBADF.asResult(), false, fd, offset);
        }
        if (offset < 0) { // ksys_pread64(): "if (pos < 0) return -EINVAL"
            return result(call, Errno.EINVAL.asResult(), false, fd, offset);
        }
        if (open.file.directory) {
            return result(call, Errno.EISDIR.asResult(), false, fd, offset);
        }
        FileRef f = open.file;
        int n = mm.wordSize();
        if (f.sizeBytes() >= 0) {
            n = (int) Math.max(0, Math.min(n, f.sizeBytes() - offset));
        }
        for (int i = 0; i < n; i++) {
            long pfn = access.faultHandler().filePage(f, (offset + i) >>> 12);
            if (pfn < 0) {
                return result(call, Errno.ENOMEM.asResult(), false, fd, offset);
            }
            value[0] |= (kernel.physMem().read((pfn << 12) + ((offset + i) & 0xfff), 1) & 0xff) << (8 * i);
        }
        return result(call, n, false, fd, offset);
    }

    /**
     * pwrite(2) of a machine word at {@code offset} into the page cache (generic_perform_write()): the
     * frame every mapping of the file maps; the page is marked dirty (folio_mark_dirty()) and i_size
     * grows past the end. Returns the bytes written, or -EBADF (O_PATH, not open for writing:
     * vfs_write()), -EPERM (a memfd under F_SEAL_WRITE / F_SEAL_FUTURE_WRITE, or F_SEAL_GROW past the
     * end: shmem_write_begin()), -ENOMEM. Does not write back nor update mtime.
     */
    public long pwrite(OpenFileDescription open, int fd, long offset, long value) {
        int words = mm == null ? 8 : mm.wordSize();
        Supplier<String> call = () -> String.format("pwrite(%d, buf, %d, %d)", fd, words, offset);
        int n = words;
        if (open == null || open.pathOnly() || !open.writable()) {
            return result(call, Errno.EBADF.asResult(), false, fd, offset);
        }
        if (offset < 0) { // ksys_pwrite64(): "if (pos < 0) return -EINVAL"
            return result(call, Errno.EINVAL.asResult(), false, fd, offset);
        }
        FileRef f = open.file;
        long maxBytes = maxFileBytes(f);
        if (offset >= maxBytes) { // generic_write_check_limits(): at or past s_maxbytes, -EFBIG
            return result(call, Errno.EFBIG.asResult(), false, fd, offset);
        }
        n = (int) Math.min(n, maxBytes - offset); // ... and a write running past it is shortened
        if (f.writeSealed() || (f.seals() > 0 && (f.seals() & FileRef.F_SEAL_GROW) != 0 && f.sizeBytes() >= 0
                && offset + n > f.sizeBytes())) {
            return result(call, Errno.EPERM.asResult(), false, fd, offset);
        }
        for (int i = 0; i < n; i++) {
            long pfn = access.faultHandler().filePage(f, (offset + i) >>> 12);
            if (pfn < 0) {
                return result(call, Errno.ENOMEM.asResult(), false, fd, offset);
            }
            kernel.physMem().write((pfn << 12) + ((offset + i) & 0xfff), 1, (value >>> (8 * i)) & 0xff);
            kernel.memory().memMap().set(pfn, org.mmdsl.runtime.page.MemMap.PG_dirty);
        }
        if (f.sizeBytes() >= 0 && offset + n > f.sizeBytes()) {
            f.setSizeBytes(offset + n); // i_size_write() in generic_write_end()
        }
        return result(call, n, false, fd, offset);
    }

    /**
     * The file's s_maxbytes: shmem (tmpfs, memfd) has MAX_LFS_FILESIZE (LLONG_MAX on 64-bit,
     * ULONG_MAX << PAGE_SHIFT on 32-bit); a regular file is on ext4 with 4 KiB blocks and extents,
     * whose ext4_max_size() is 2^32 - 1 blocks. Does not model other filesystems or RLIMIT_FSIZE.
     */
    private long maxFileBytes(FileRef f) {
        if (f.shmem) {
            return mm != null && !mm.is64() ? 0xffffffffL << 12 : Long.MAX_VALUE;
        }
        return ((1L << 32) - 1) << 12;
    }

    /**
     * setrlimit(2) of the soft limit, {@link ExecImage#RLIM_INFINITY} for unlimited. RLIMIT_STACK limits
     * stack growth from now on, but mmap_base was fixed at exec.
     */
    public long setrlimit(org.mmdsl.runtime.uapi.Rlimit resource, long value) {
        Supplier<String> call = () -> String.format("setrlimit(%s, %s)", resource.kernelName(),
                value == ExecImage.RLIM_INFINITY ? "RLIM_INFINITY" : Long.toString(value));
        if (mm != null) {
            switch (resource) {
                case STACK -> mm.stackRlimit = value;
                case AS -> mm.rlimitAs = value;
                case DATA -> mm.rlimitData = value;
                default -> mm.memlockRlimit = value;
            }
        }
        return result(call, 0, false, resource.value(), value);
    }

    /**
     * The task drops root: an unprivileged uid has neither CAP_SYS_RAWIO (MAP_FIXED below
     * mmap_min_addr) nor CAP_IPC_LOCK (mlock within RLIMIT_MEMLOCK), and /proc/PID/pagemap hides pfns.
     */
    public long setuid(long uid) {
        // kernel/sys.c __sys_setuid(): without CAP_SETUID (a task that left root: its real, effective and
        // saved uids are all the new one) only a switch to the real or saved uid is allowed, else EPERM
        if (this.uid != 0 && uid != this.uid) {
            return result(() -> String.format("setuid(%d)", uid), Errno.EPERM.asResult(), false, uid);
        }
        if (mm != null && uid != 0) {
            mm.capSysRawio = false;
            mm.capIpcLock = false;
        }
        this.uid = uid;
        return result(() -> String.format("setuid(%d)", uid), 0, false, uid);
    }

    private long uid;

    /** A load or store of {@code size} bytes (1, 2, 4 or 8) through the MMU and the fault path. */
    public boolean access(long vaddr, org.mmdsl.runtime.arch.Access kind, long value, int size, AccessResult out) {
        return afterAccess(access != null && access.access(vaddr, kind, value, size, out));
    }

    /**
     * The task calls {@code vaddr} as a function: an instruction fetch there, and the instruction runs.
     * A {@code ret} (0xc3) returns at once; anything else is taken for the two zero bytes of a fresh
     * page, {@code add %al,(%rax)} with rax = the called address: a one-byte store to it (which faults on
     * a page without write permission). {@code out.value} is the byte fetched.
     */
    public boolean call(long vaddr, AccessResult out) {
        if (!access(vaddr, org.mmdsl.runtime.arch.Access.EXEC, 0, 1, out)) {
            return false;
        }
        if ((out.value & 0xff) == 0xc3) {
            return true;
        }
        long fetched = out.value;
        AccessResult store = new AccessResult();
        boolean ok = access(vaddr, org.mmdsl.runtime.arch.Access.WRITE, (fetched + vaddr) & 0xff, 1, store);
        if (!ok) {
            out.ok = false;
            out.signal = store.signal;
            out.siCode = store.siCode;
            out.faultAddr = store.faultAddr;
        }
        return ok;
    }

    /**
     * Where the VMA that maps shows as {@code name} ("[stack]", "[heap]", "[vdso]", or a file's path:
     * the first VMA of that file) starts, or ends when {@code end}; "[vsyscall]" is the fixed page. -1
     * when no VMA has that name.
     */
    public long vmaBound(String name, boolean end) {
        if (mm == null) {
            return -1;
        }
        if (name.equals("[vsyscall]") && mm.hasVsyscallPage()) {
            return MmStruct.vsyscallAddr() + (end ? 4096 : 0);
        }
        if (name.equals("[vdso]") && mm.hasGateVdso()) {
            return mm.gateVdsoAddr() + (end ? 4096 : 0); // 2.6.24's compat vDSO: the gate VMA
        }
        for (Vma v : mm.vmas()) {
            String n = v.file() != null && !v.file().shmem ? v.file().path : mm.vmaName(v);
            if (name.equals(n)) {
                return end ? v.vmEnd() : v.vmStart();
            }
        }
        return -1;
    }

    /**
     * A field of the task's mm_struct by its kernel name (brk, start_brk, start_stack, ..., the counters map_count,
     * total_vm, ... in pages: the vocabulary's {@link org.mmdsl.runtime.vma.MmStructField}); -1 for a name that is
     * none of them or a task without an mm.
     */
    public long mmField(String field) {
        org.mmdsl.runtime.vma.MmStructField f = org.mmdsl.runtime.vma.MmStructField.byWord(field);
        if (mm == null || f == null) {
            return -1;
        }
        return switch (f) {
            case BRK -> mm.brk;
            case START_BRK -> mm.startBrk;
            case START_STACK -> mm.startStack;
            case START_CODE -> mm.startCode;
            case END_CODE -> mm.endCode;
            case START_DATA -> mm.startData;
            case END_DATA -> mm.endData;
            case MMAP_BASE -> mm.mmapBase;
            case TASK_SIZE -> mm.taskSize;
            case MAP_COUNT -> mm.mapCount();
            case TOTAL_VM -> mm.totalVm();
            case LOCKED_VM -> mm.lockedVm();
            case PINNED_VM -> mm.pinnedVm();
            case DATA_VM -> mm.dataVm();
            case EXEC_VM -> mm.execVm();
            case STACK_VM -> mm.stackVm();
        };
    }

    /**
     * An rss_stat counter of the task's mm in pages (get_mm_counter()), or get_mm_rss() (file + anon + shmem)
     * when {@code c} is null; -1 for a task without an mm. Looks only: no fault, no TLB fill.
     */
    public long rss(org.mmdsl.runtime.vma.MmCounter c) {
        if (mm == null) {
            return -1;
        }
        return c == null ? mm.rss() : mm.rssCounter(c);
    }

    /** The mm fields of /proc/PID/stat (fields 26-28 and 45-51) and brk, three lines; argv/envp are not modelled (0). */
    public String stat() {
        if (mm == null) {
            return "";
        }
        return String.format("start_code=0x%x end_code=0x%x start_stack=0x%x%nstart_data=0x%x end_data=0x%x "
                + "start_brk=0x%x brk=0x%x%narg_start=0x0 arg_end=0x0 env_start=0x0 env_end=0x0%n", mm.startCode,
                mm.endCode, mm.startStack, mm.startData, mm.endData, mm.startBrk, mm.brk).replace("\r\n", "\n");
    }

    /**
     * /proc/PID/pagemap of {@code pages} pages from {@code vaddr}, one line each, decoded from
     * {@link org.mmdsl.runtime.proc.ProcPagemap#entry}: present, swapped, bit 61 (a file page or
     * shared anonymous memory; not the zero page, which vm_normal_page() does not return), bit 56
     * (exclusively mapped: mapcount 1) and what the pfn is ("-" not present, "zero-page", "page",
     * "hidden/0" for a task without CAP_SYS_ADMIN).
     */
    public String pagemap(long vaddr, long pages) {
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < pages; i++) {
            long va = vaddr + (i << 12);
            long e = mm == null ? 0 : org.mmdsl.runtime.proc.ProcPagemap.entry(mm, va, true);
            boolean present = (e & org.mmdsl.runtime.proc.ProcPagemap.PM_PRESENT) != 0;
            String pfn = "-";
            if (present) {
                pfn = uid != 0 ? "hidden/0"
                        : mm.isZeroPfn(e & org.mmdsl.runtime.proc.ProcPagemap.PM_PFRAME_MASK) ? "zero-page" : "page";
            }
            sb.append(String.format("pagemap 0x%x: present=%d swapped=%d file_or_shanon=%d exclusive=%d pfn=%s%n", va,
                    present ? 1 : 0, (e & org.mmdsl.runtime.proc.ProcPagemap.PM_SWAP) != 0 ? 1 : 0,
                    (e & org.mmdsl.runtime.proc.ProcPagemap.PM_FILE) != 0 ? 1 : 0,
                    (e & org.mmdsl.runtime.proc.ProcPagemap.PM_MMAP_EXCLUSIVE) != 0 ? 1 : 0, pfn));
        }
        return sb.toString().replace("\r\n", "\n");
    }

    /** /proc/PID/maps, byte for byte. */
    public String maps() {
        return mm == null ? "" : ProcMaps.render(mm, kernel.is64());
    }

    /** /proc/PID/smaps in the kernel's full format. */
    public String smaps() {
        return mm == null ? "" : ProcSmaps.smaps(mm, kernel.is64());
    }

    /** /proc/PID/numa_maps (show_numa_map()): each VMA's policy and its pages per node. */
    public String numaMaps() {
        org.mmdsl.runtime.init.PhysicalMemory m = kernel.memory();
        return mm == null ? "" : org.mmdsl.runtime.proc.ProcNumaMaps.render(mm, m::pfnToNid, m.nrNodes());
    }

    /**
     * set_mempolicy(2): the task's policy for the pages it faults in next (mm/mempolicy.c
     * do_set_mempolicy()); {@code mode} a Mempolicy.MPOL_* value, {@code nodes} a bit per node.
     *
     * @return 0 or -EINVAL (a mode that takes no nodes given some, or none of the nodes on the machine)
     */
    public long setMempolicy(int mode, long nodes) {
        long bad = org.mmdsl.runtime.vma.Mempolicy.check(mode, nodes, kernel.memory().nrNodes());
        if (bad != 0 || mm == null) {
            return bad;
        }
        mm.mempolicy = org.mmdsl.runtime.vma.Mempolicy.of(mode, nodes, kernel.memory().nrNodes());
        return 0;
    }

    /** mbind(2) over [start, start+len) without flags (mm/mempolicy.c do_mbind()): 0 or -errno. */
    public long mbind(long start, long len, int mode, long nodes) {
        return mm == null ? -14 : mm.mbind(start, len, mode, nodes, kernel.memory().nrNodes());
    }

    /** The memory lines (Vm*, Rss*) of /proc/PID/status. */
    public String status() {
        return mm == null ? "" : ProcSmaps.status(mm);
    }

    /** procps pmap -x PID, with its total line. */
    public String pmap() {
        return mm == null ? "" : ProcSmaps.pmapX(mm, pid, comm, kernel.is64());
    }

    /** procps pmap PID (the default format, with its total line), or with {@code device} pmap -d PID and Love's summary line. */
    public String pmapDefault(boolean device) {
        if (mm == null) {
            return "";
        }
        return device ? org.mmdsl.runtime.proc.Pmap.pmapDevice(mm, pid, comm, kernel.is64())
                : org.mmdsl.runtime.proc.Pmap.pmap(mm, pid, comm, kernel.is64());
    }

    /** {@code show folio ADDR}: the folio mapped at a user address (vma.ShowFolio). */
    public String showFolio(long addr) {
        return org.mmdsl.runtime.vma.ShowFolio.show(mm, addr);
    }

    /** The vm_area_struct of the VMA holding {@code addr} (vma.ShowVma), or what find_vma() gives instead. */
    public String showVma(long addr) {
        return mm == null ? "" : org.mmdsl.runtime.vma.ShowVma.show(mm, addr);
    }

    /** The task's mm_struct, one field a line (vma.ShowMm). */
    public String showMm() {
        return mm == null ? "" : org.mmdsl.runtime.vma.ShowMm.show(mm);
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

    /**
     * Under page-table isolation: the user pgd of this task's pair in dump_pagetables format (what
     * /sys/kernel/debug/page_tables/current_user prints), else null.
     */
    public String dumpUserPageTables(long start, long end) {
        return mm == null || !mm.pageTables().pti() ? null : org.mmdsl.runtime.pgtable.PtDump.render(mm.pageTables(),
                mm.pageTables().userPgd(mm.pgd), start, end, kernel.pageTableMarkers(), 2000);
    }

    /**
     * Under page-table isolation, the CR3 values of this task's two sides: SWITCH_TO_KERNEL_CR3 on entry
     * (the kernel pgd, kernel PCID asid + 1) and SWITCH_TO_USER_CR3 on exit (the user pgd, bit 12, and
     * the user PCID, bit 11); null without PTI or an mm.
     */
    public String ptiCr3() {
        if (mm == null || !mm.pageTables().pti()) {
            return null;
        }
        org.mmdsl.runtime.mmu.Tlb tlb = mm.pageTables().tlb();
        long kernelPa = mm.pgd << 12;
        long userPa = mm.pageTables().userPgd(mm.pgd) << 12;
        int kpcid = tlb == null ? 0 : tlb.pcidOf(mm.pgd);
        if (kpcid == 0) {
            return String.format("CR3: kernel pgd 0x%x, user pgd 0x%x (bit 12); no PCID yet (the mm has not run "
                    + "since its ASID was last given away)", kernelPa, userPa);
        }
        int upcid = kpcid | org.mmdsl.runtime.mmu.Tlb.PTI_PCID_USER_BIT;
        return String.format("CR3 in the kernel (on entry): 0x%x = pgd 0x%x | PCID %d; in user mode (on exit): "
                + "0x%x = user pgd 0x%x (bit 12) | PCID 0x%x (X86_CR3_PTI_PCID_USER_BIT 0x800)",
                kernelPa | kpcid, kernelPa, kpcid, userPa | upcid, userPa, upcid);
    }

    /** Under page-table isolation, the software walk of {@code vaddr} in the user pgd; else null. */
    public PageWalk walkUser(long vaddr) {
        return mm == null || !mm.pageTables().pti() ? null
                : mm.pageTables().walk(mm.pageTables().userPgd(mm.pgd), vaddr);
    }

    /**
     * The software walk of {@code vaddr} in this task's page tables (pgtable/PageWalk: every level's entry,
     * where it ended), or null without an mm. Reads the tables only: no fault, no accessed bit, no TLB fill.
     */
    public PageWalk walk(long vaddr) {
        return mm == null ? null : mm.pageTables().walk(mm.pgd, vaddr);
    }

    /** The page walk of {@code vaddr} in this task's page tables, as an exam wants it ({@link PageWalk#render}). */
    public String translate(long vaddr) {
        if (mm == null) {
            return "";
        }
        String kernelSide = mm.pageTables().walk(mm.pgd, vaddr).render();
        if (!mm.pageTables().pti()) {
            return kernelSide;
        }
        return "kernel pgd (the kernel's side):\n" + kernelSide + "user pgd (kernel_to_user_pgdp(): what user mode "
                + "runs on):\n" + walkUser(vaddr).render() + ptiCr3() + "\n";
    }

    /**
     * Emits the call's CallResult when the sink wants calls; its strace-style text is built only when
     * read ({@link CallResult#lazy}), so {@code call} must capture values, never this task or its mm.
     */
    private long result(Supplier<String> call, long r, boolean pointer) {
        if (sink.wantsCalls()) {
            sink.emit(CallResult.lazy(comm, pid, call, r, pointer, null, null));
        }
        return r;
    }

    private long result(Supplier<String> call, long r, boolean pointer, long... args) {
        if (sink.wantsCalls()) {
            sink.emit(CallResult.lazy(comm, pid, call, r, pointer, args, null));
        }
        return r;
    }

    /** The names of the bits set in {@code flags}, bit i named {@code namesByBit[i]}, joined by '|'; "0" for none. */
    private static String flagNames(int flags, String... namesByBit) {
        StringBuilder f = new StringBuilder();
        for (int bit = 0; bit < namesByBit.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                f.append(f.length() > 0 ? "|" : "").append(namesByBit[bit]);
            }
        }
        return f.length() == 0 ? "0" : f.toString();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
