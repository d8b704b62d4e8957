package org.mmdsl.interpreter;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.runtime.uapi.Errno;

/**
 * A task's files, limits and control flow (issue 4 point 9): file declarations, open, memfd_create,
 * ftruncate, close (with each task's fd table), mincore, mseal, setrlimit, setuid, let, repeat, fork
 * blocks and show pagemap. The mm calls live in {@link ProcessSteps} and {@link VmCallSteps}.
 */
final class TaskSteps {
    private final StepContext in;
    private final ExpectationJudge judge;
    /** Runs one statement of a task and has it judged (for repeat and fork blocks). */
    private final BiConsumer<EObject, Task> runStatement;
    /** Each task's open files: fd → open file description (fork copies the table). */
    private final Map<Task, java.util.TreeMap<Long, org.mmdsl.runtime.vma.OpenFileDescription>> fds = new HashMap<>();

    TaskSteps(StepContext in, ExpectationJudge judge, BiConsumer<EObject, Task> runStatement) {
        this.in = in;
        this.judge = judge;
        this.runStatement = runStatement;
    }

    private java.util.TreeMap<Long, org.mmdsl.runtime.vma.OpenFileDescription> fdTable(Task t) {
        return fds.computeIfAbsent(t, k -> new java.util.TreeMap<>());
    }

    /** The open file description behind {@code fd} in {@code task}, or null (EBADF). */
    org.mmdsl.runtime.vma.OpenFileDescription openFile(Task task, long fd) {
        return fdTable(task).get(fd);
    }

    /** The lowest free fd from 3 (0-2 are the standard streams). */
    private long lowestFreeFd(Task task) {
        long fd = 3;
        while (fdTable(task).containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    /**
     * A file declared before the processes: its size and contents. How it may be mapped is decided by
     * each open of it (its mode), as in the kernel, not by the declaration.
     */
    Outcome fileDecl(org.mmdsl.mmdsl.FileDecl f) {
        in.kernel().createFile(f.getPath(), f.getSize(), (int) f.getFill() & 0xff, f.isLetters());
        return Outcome.EVENTS_ONLY;
    }

    /** open PATH MODE: the lowest free fd, or the errno open() returns. */
    Outcome open(org.mmdsl.mmdsl.OpenFile o, Task task) {
        long fd = lowestFreeFd(task);
        org.mmdsl.runtime.uapi.OpenFlag flag = org.mmdsl.runtime.uapi.OpenFlag.byWord(o.getMode());
        int fMode = flag == null ? -1
                : org.mmdsl.runtime.vma.OpenFileDescription.fModeOf(flag, in.kernel().model().processRules);
        org.mmdsl.runtime.vma.OpenFileDescription open = in.kernel().open(o.getPath(), fMode);
        org.mmdsl.runtime.vma.FileRef f = in.kernel().file(o.getPath());
        long r = open == null ? in.kernel().openError(f, fMode) : fd;
        if (open != null) {
            fdTable(task).put(fd, open);
            in.bind(o, fd);
        }
        in.record(new CallResult(String.format("%s[%d]: open(\"%s\", %s) [dev %02x:%02x ino %d size %d%s]", task.comm(),
                task.pid(), o.getPath(), o.getMode(), f.devMajor, f.devMinor, f.inode, f.sizeBytes(),
                f.directory ? ", directory" : ""), r, false,
                new long[] {fd, f.devMajor, f.devMinor, f.inode, f.sizeBytes()}, null));
        return new Outcome.Syscall(r);
    }

    /** memfd_create LABEL SIZE [allow_sealing]: a shmem file opened O_RDWR at the lowest free fd. */
    Outcome memfd(org.mmdsl.mmdsl.Memfd m, Task task) {
        long fd = lowestFreeFd(task);
        org.mmdsl.runtime.vma.FileRef f = in.kernel().memfd(m.getLabel(), m.getSize(), m.isAllowSealing());
        f.fdGet();
        // memfd_create() opens the shmem file O_RDWR (alloc_file_pseudo(..., O_RDWR, ...))
        fdTable(task).put(fd, new org.mmdsl.runtime.vma.OpenFileDescription(f,
                org.mmdsl.runtime.vma.OpenFileDescription.FMODE_READ | org.mmdsl.runtime.vma.OpenFileDescription.FMODE_WRITE));
        in.bind(m, fd);
        in.record(new CallResult(String.format("%s[%d]: memfd_create(\"%s\") + ftruncate(%d) [dev %02x:%02x ino %d size %d]",
                task.comm(), task.pid(), m.getLabel(), m.getSize(), f.devMajor, f.devMinor, f.inode, f.sizeBytes()),
                fd, false, new long[] {fd, f.devMajor, f.devMinor, f.inode, f.sizeBytes()}, null));
        return new Outcome.Syscall(fd);
    }

    /** fcntl FD F_ADD_SEALS SEAL|...: memfd_add_seals(). */
    Outcome addSeals(org.mmdsl.mmdsl.AddSeals a, Task task) {
        Long fd = in.address(a.getFd());
        if (fd == null) {
            return Outcome.EVENTS_ONLY;
        }
        int seals = 0;
        for (String name : a.getSeals()) {
            org.mmdsl.runtime.uapi.FileSeal seal = org.mmdsl.runtime.uapi.FileSeal.byWord(name);
            seals |= seal == null ? 0 : seal.bit();
        }
        return new Outcome.Syscall(task.addSeals(openFile(task, fd), fd.intValue(), seals));
    }

    Outcome ftruncate(org.mmdsl.mmdsl.Ftruncate t, Task task) {
        Long fd = in.address(t.getFd());
        Long size = in.address(t.getSize());
        if (fd == null || size == null) {
            return Outcome.EVENTS_ONLY;
        }
        org.mmdsl.runtime.vma.OpenFileDescription f = openFile(task, fd);
        long r = f == null ? Errno.EBADF.asResult() : task.ftruncate(f, fd.intValue(), size);
        if (f == null) {
            in.record(new CallResult(String.format("%s[%d]: ftruncate(%d, %d)", task.comm(), task.pid(), fd, size), r,
                    false, new long[] {fd, size}, null));
        }
        return new Outcome.Syscall(r);
    }

    /** close FD: the fd leaves the table (a shmem file loses a reference); EBADF if it is not open. */
    Outcome close(org.mmdsl.mmdsl.Close c, Task task) {
        Long fd = in.address(c.getFd());
        if (fd == null) {
            return Outcome.EVENTS_ONLY;
        }
        org.mmdsl.runtime.vma.OpenFileDescription closed = fdTable(task).remove(fd);
        if (closed != null && closed.file.shmem) {
            closed.file.fdPut();
        }
        long r = closed == null ? Errno.EBADF.asResult() : 0;
        in.record(new CallResult(String.format("%s[%d]: close(%d)", task.comm(), task.pid(), fd), r, false,
                new long[] {fd}, null));
        return new Outcome.Syscall(r);
    }

    Outcome mincore(org.mmdsl.mmdsl.Mincore m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MINCORE__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        return new Outcome.Syscall(task.mincore(addr, len));
    }

    /** set_mempolicy MODE [NODES]: the task's NUMA policy (Task.setMempolicy()). */
    Outcome setMempolicy(org.mmdsl.mmdsl.SetMempolicy m, Task task) {
        return new Outcome.Syscall(task.setMempolicy(org.mmdsl.runtime.vma.Mempolicy.modeOf(m.getMode()), SyscallArgs.nodemask(m.getNodes())));
    }

    /** mbind ADDR LEN MODE [NODES]: the NUMA policy of a range's VMAs (Task.mbind()). */
    Outcome mbind(org.mmdsl.mmdsl.Mbind m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MBIND__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        return new Outcome.Syscall(task.mbind(addr, len, org.mmdsl.runtime.vma.Mempolicy.modeOf(m.getMode()),
                SyscallArgs.nodemask(m.getNodes())));
    }

    Outcome mseal(org.mmdsl.mmdsl.Mseal m, Task task) {
        Long addr = in.address(m.getAddress());
        Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MSEAL__LENGTH, m.getLength(), m.getLengthExpr(),
                m.getAddress());
        if (addr == null || len == null) {
            return Outcome.EVENTS_ONLY;
        }
        return new Outcome.Syscall(task.mseal(addr, len));
    }

    Outcome setrlimit(org.mmdsl.mmdsl.Setrlimit r, Task task) {
        org.mmdsl.runtime.uapi.Rlimit res = org.mmdsl.runtime.uapi.Rlimit.byWord(r.getResource());
        if (res == null) {
            return Outcome.EVENTS_ONLY; // the validator names the limits
        }
        long v = r.isUnlimited() ? org.mmdsl.runtime.vma.ExecImage.RLIM_INFINITY : r.getValue();
        return new Outcome.Syscall(task.setrlimit(res, v));
    }

    Outcome setuid(org.mmdsl.mmdsl.Setuid u, Task task) {
        return new Outcome.Syscall(task.setuid(u.getUid()));
    }

    /**
     * let NAME = EXPR: the name stands for the value from here on. A let of a name an earlier let of the
     * same task already gave (before it in its block, or before the repeat around it) gives that name a
     * new value, as an assignment would: the earlier let's readers see it too, so
     * {@code repeat 3 < let p = p + 4MB >} advances p by 4 MB a pass. A fork block's let is the child's
     * own and leaves the parent's name alone.
     */
    Outcome let(org.mmdsl.mmdsl.Let l) {
        Long v = in.address(l.getValue());
        if (v != null) {
            for (org.mmdsl.mmdsl.Let same = l; same != null; same = earlierLetOfTheTask(same)) {
                in.bind(same, v);
            }
            in.record(new LetEvent(l.getName(), v));
        }
        return Outcome.EVENTS_ONLY;
    }

    /**
     * The nearest let of {@code l}'s name before it in its block or in the blocks around it, up to its
     * process, thread or fork block; null when there is none.
     */
    private static org.mmdsl.mmdsl.Let earlierLetOfTheTask(org.mmdsl.mmdsl.Let l) {
        EObject child = l;
        EObject block = l.eContainer();
        while (block != null) {
            java.util.List<? extends EObject> statements = block instanceof org.mmdsl.mmdsl.Repeat
                    ? ((org.mmdsl.mmdsl.Repeat) block).getStatements()
                    : block instanceof org.mmdsl.mmdsl.ForkBlock ? ((org.mmdsl.mmdsl.ForkBlock) block).getStatements()
                    : block instanceof org.mmdsl.mmdsl.Task ? Tasks.statements((org.mmdsl.mmdsl.Task) block) : null;
            if (statements == null) {
                return null;
            }
            for (int i = statements.indexOf(child) - 1; i >= 0; i--) {
                if (statements.get(i) instanceof org.mmdsl.mmdsl.Let earlier && l.getName() != null
                        && l.getName().equals(earlier.getName())) {
                    return earlier;
                }
            }
            if (!(block instanceof org.mmdsl.mmdsl.Repeat)) {
                return null;
            }
            child = block;
            block = block.eContainer();
        }
        return null;
    }

    /** show pagemap ADDR [for LEN]: /proc/PID/pagemap of those pages. */
    Outcome showPagemap(org.mmdsl.mmdsl.ShowPagemap p, Task task) {
        Long addr = in.address(p.getAddress());
        if (addr != null) {
            long pages = p.eIsSet(MmdslPackage.Literals.SHOW_PAGEMAP__LENGTH) ? PagingMode.pageAlign(p.getLength()) >>> PagingMode.PAGE_SHIFT
                    : 1;
            in.record(new Output(String.format("/proc/%d/pagemap 0x%x, %d pages", task.pid(), addr, pages),
                    task.pagemap(addr, pages)));
        }
        return Outcome.EVENTS_ONLY;
    }

    /**
     * pread/pwrite of a machine word through a descriptor (Task.pread/pwrite: the page-cache page that
     * every mapping of the file maps); `expect value V` compares what pread read.
     */
    Outcome fileIo(org.mmdsl.mmdsl.FileIo io, Task task) {
        Long fd = in.address(io.getFd());
        Long offset = in.address(io.getOffset());
        Long value = io.getValue() == null ? Long.valueOf(0) : in.address(io.getValue());
        if (fd == null || offset == null || value == null) {
            return Outcome.EVENTS_ONLY;
        }
        org.mmdsl.runtime.vma.OpenFileDescription f = openFile(task, fd);
        long[] read = new long[1];
        long r = io.getOp().equals("pread") ? task.pread(f, fd.intValue(), offset, read)
                : task.pwrite(f, fd.intValue(), offset, value);
        return new Outcome.FileRead(r, offset, read[0]);
    }

    /** repeat N < ... >: the block N times; a failed call or a fault ends the loop (break). */
    Outcome repeat(org.mmdsl.mmdsl.Repeat r, Task task) {
        for (long i = 0; i < r.getCount(); i++) {
            for (EObject st : r.getStatements()) {
                if (!in.step(st) || task.exited()) {
                    return Outcome.EVENTS_ONLY;
                }
                int before = in.mark();
                runStatement.accept(st, task);
                if (judge.failedSince(before)) {
                    in.setCurrent(task);
                    return Outcome.EVENTS_ONLY;
                }
                if (!in.observe(st, task)) {
                    return Outcome.EVENTS_ONLY;
                }
            }
        }
        in.setCurrent(task);
        return Outcome.EVENTS_ONLY;
    }

    /** fork NAME < ... >: the child runs the block, then exits; the parent waits for it. */
    Outcome forkBlock(org.mmdsl.mmdsl.ForkBlock f, Task parent) {
        int first = in.mark();
        Task child = in.kernel().fork(parent, f.getName());
        // the block's expectations are on fork() itself: judged before the child's statements run
        judge.judge(f, Outcome.EVENTS_ONLY, first);
        if (child == null) {
            return Outcome.EVENTS_ONLY; // the failed fork is the event
        }
        fdTable(child).putAll(fdTable(parent)); // the child's descriptors hold the files too
        fdTable(child).values().forEach(file -> {
            if (file.file.shmem) {
                file.file.fdGet();
            }
        });
        for (EObject st : f.getStatements()) {
            if (!in.step(st)) {
                break;
            }
            if (child.exited()) {
                in.record(new ScenarioProblem(child.comm() + " has exited: this statement does not run", false));
                continue;
            }
            runStatement.accept(st, child);
            in.observe(st, child);
        }
        in.setCause(f);
        if (!child.exited()) {
            child.exit();
        }
        fdTable(child).values().forEach(file -> {
            if (file.file.shmem) {
                file.file.fdPut(); // exit closes the child's descriptors
            }
        });
        fds.remove(child);
        in.setCurrent(parent);
        return Outcome.EVENTS_ONLY;
    }
}
