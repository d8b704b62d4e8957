package org.mmdsl.interpreter;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.uapi.Errno;

/**
 * A task's files, limits and control flow (issue 4 point 9): file declarations, open, memfd_create,
 * ftruncate, close (with each task's fd table), mincore, mseal, setrlimit, setuid, let, repeat, fork
 * blocks and show pagemap. The mm calls live in {@link ProcessSteps} and {@link VmCallSteps}.
 */
final class TaskSteps {
    private final Interpreter in;
    /** Each task's open files: fd → open file description (fork copies the table). */
    private final Map<Task, java.util.TreeMap<Long, org.mmdsl.runtime.vma.OpenFileDescription>> fds = new HashMap<>();

    TaskSteps(Interpreter in) {
        this.in = in;
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
    void fileDecl(org.mmdsl.mmdsl.FileDecl f) {
        in.kernel.createFile(f.getPath(), f.getSize(), (int) f.getFill() & 0xff, f.isLetters());
    }

    /** open, memfd_create, fcntl F_ADD_SEALS, ftruncate, close, mincore, mseal, setrlimit, setuid, call, let, fork, show pagemap. */
    boolean oracleStatement(EObject s, Task task, int first) {
        if (s instanceof org.mmdsl.mmdsl.OpenFile) {
            org.mmdsl.mmdsl.OpenFile o = (org.mmdsl.mmdsl.OpenFile) s;
            long fd = lowestFreeFd(task);
            int fMode = org.mmdsl.runtime.vma.OpenFileDescription.fModeOf(o.getMode());
            org.mmdsl.runtime.vma.OpenFileDescription open = in.kernel.open(o.getPath(), fMode);
            org.mmdsl.runtime.vma.FileRef f = in.kernel.file(o.getPath());
            long r = open == null ? in.kernel.openError(f, fMode) : fd;
            if (open != null) {
                fdTable(task).put(fd, open);
                in.handleAddress.put(o, fd);
            }
            in.record(new CallResult(String.format("%s[%d]: open(\"%s\", %s) [dev %02x:%02x ino %d size %d%s]", task.comm(),
                    task.pid(), o.getPath(), o.getMode(), f.devMajor, f.devMinor, f.inode, f.sizeBytes(),
                    f.directory ? ", directory" : ""), r, false,
                    new long[] {fd, f.devMajor, f.devMinor, f.inode, f.sizeBytes()}, null));
            in.checkCall(o.getExpects(), first, r, false);
        } else if (s instanceof org.mmdsl.mmdsl.Memfd) {
            org.mmdsl.mmdsl.Memfd m = (org.mmdsl.mmdsl.Memfd) s;
            long fd = lowestFreeFd(task);
            org.mmdsl.runtime.vma.FileRef f = in.kernel.memfd(m.getLabel(), m.getSize(), m.isAllowSealing());
            f.fdGet();
            // memfd_create() opens the shmem file O_RDWR (alloc_file_pseudo(..., O_RDWR, ...))
            fdTable(task).put(fd, new org.mmdsl.runtime.vma.OpenFileDescription(f,
                    org.mmdsl.runtime.vma.OpenFileDescription.FMODE_READ | org.mmdsl.runtime.vma.OpenFileDescription.FMODE_WRITE));
            in.handleAddress.put(m, fd);
            in.record(new CallResult(String.format("%s[%d]: memfd_create(\"%s\") + ftruncate(%d) [dev %02x:%02x ino %d size %d]",
                    task.comm(), task.pid(), m.getLabel(), m.getSize(), f.devMajor, f.devMinor, f.inode, f.sizeBytes()),
                    fd, false, new long[] {fd, f.devMajor, f.devMinor, f.inode, f.sizeBytes()}, null));
            in.checkCall(m.getExpects(), first, fd, false);
        } else if (s instanceof org.mmdsl.mmdsl.AddSeals) {
            org.mmdsl.mmdsl.AddSeals a = (org.mmdsl.mmdsl.AddSeals) s;
            Long fd = in.address(a.getFd());
            if (fd != null) {
                int seals = 0;
                for (String name : a.getSeals()) {
                    seals |= org.mmdsl.runtime.vma.FileRef.sealBit(name);
                }
                in.checkCall(a.getExpects(), first, task.addSeals(openFile(task, fd), fd.intValue(), seals), false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Ftruncate) {
            org.mmdsl.mmdsl.Ftruncate t = (org.mmdsl.mmdsl.Ftruncate) s;
            Long fd = in.address(t.getFd());
            Long size = in.address(t.getSize());
            if (fd != null && size != null) {
                org.mmdsl.runtime.vma.OpenFileDescription f = openFile(task, fd);
                long r = f == null ? Errno.EBADF.asResult() : task.ftruncate(f, fd.intValue(), size);
                if (f == null) {
                    in.record(new CallResult(String.format("%s[%d]: ftruncate(%d, %d)", task.comm(), task.pid(), fd, size), r,
                            false, new long[] {fd, size}, null));
                }
                in.checkCall(t.getExpects(), first, r, false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.FileIo) {
            fileIo((org.mmdsl.mmdsl.FileIo) s, task, first);
        } else if (s instanceof org.mmdsl.mmdsl.Close) {
            org.mmdsl.mmdsl.Close c = (org.mmdsl.mmdsl.Close) s;
            Long fd = in.address(c.getFd());
            if (fd != null) {
                org.mmdsl.runtime.vma.OpenFileDescription closed = fdTable(task).remove(fd);
                if (closed != null && closed.file.shmem) {
                    closed.file.fdPut();
                }
                long r = closed == null ? Errno.EBADF.asResult() : 0;
                in.record(new CallResult(String.format("%s[%d]: close(%d)", task.comm(), task.pid(), fd), r, false,
                        new long[] {fd}, null));
                in.checkCall(c.getExpects(), first, r, false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Mincore) {
            org.mmdsl.mmdsl.Mincore m = (org.mmdsl.mmdsl.Mincore) s;
            Long addr = in.address(m.getAddress());
            Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MINCORE__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                in.checkCall(m.getExpects(), first, task.mincore(addr, len), false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Mseal) {
            org.mmdsl.mmdsl.Mseal m = (org.mmdsl.mmdsl.Mseal) s;
            Long addr = in.address(m.getAddress());
            Long len = addr == null ? null : in.length(m, MmdslPackage.Literals.MSEAL__LENGTH, m.getLength(), m.getLengthExpr(),
                    m.getAddress());
            if (addr != null && len != null) {
                in.checkCall(m.getExpects(), first, task.mseal(addr, len), false);
            }
        } else if (s instanceof org.mmdsl.mmdsl.Setrlimit) {
            org.mmdsl.mmdsl.Setrlimit r = (org.mmdsl.mmdsl.Setrlimit) s;
            Task.Rlimit res = Task.Rlimit.valueOf(r.getResource().substring("RLIMIT_".length()));
            long v = r.isUnlimited() ? org.mmdsl.runtime.vma.ExecImage.RLIM_INFINITY : r.getValue();
            in.checkCall(r.getExpects(), first, task.setrlimit(res, v), false);
        } else if (s instanceof org.mmdsl.mmdsl.Setuid) {
            org.mmdsl.mmdsl.Setuid u = (org.mmdsl.mmdsl.Setuid) s;
            in.checkCall(u.getExpects(), first, task.setuid(u.getUid()), false);
        } else if (s instanceof org.mmdsl.mmdsl.Call) {
            in.process.call((org.mmdsl.mmdsl.Call) s, task, first);
        } else if (s instanceof org.mmdsl.mmdsl.Let) {
            org.mmdsl.mmdsl.Let l = (org.mmdsl.mmdsl.Let) s;
            Long v = in.address(l.getValue());
            if (v != null) {
                in.handleAddress.put(l, v);
                in.record(new LetEvent(l.getName(), v));
            }
        } else if (s instanceof org.mmdsl.mmdsl.ForkBlock) {
            forkBlock((org.mmdsl.mmdsl.ForkBlock) s, task);
        } else if (s instanceof org.mmdsl.mmdsl.Repeat) {
            repeat((org.mmdsl.mmdsl.Repeat) s, task);
        } else if (s instanceof org.mmdsl.mmdsl.ShowPagemap) {
            org.mmdsl.mmdsl.ShowPagemap p = (org.mmdsl.mmdsl.ShowPagemap) s;
            Long addr = in.address(p.getAddress());
            if (addr != null) {
                long pages = p.eIsSet(MmdslPackage.Literals.SHOW_PAGEMAP__LENGTH) ? (p.getLength() + 4095) / 4096 : 1;
                in.record(new Output(String.format("/proc/%d/pagemap 0x%x, %d pages", task.pid(), addr, pages),
                        task.pagemap(addr, pages)));
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * pread/pwrite of a machine word through a descriptor (Task.pread/pwrite: the page-cache page that
     * every mapping of the file maps); `expect value V` compares what pread read.
     */
    private void fileIo(org.mmdsl.mmdsl.FileIo io, Task task, int first) {
        Long fd = in.address(io.getFd());
        Long offset = in.address(io.getOffset());
        Long value = io.getValue() == null ? Long.valueOf(0) : in.address(io.getValue());
        if (fd == null || offset == null || value == null) {
            return;
        }
        org.mmdsl.runtime.vma.OpenFileDescription f = openFile(task, fd);
        long[] read = new long[1];
        long r = io.getOp().equals("pread") ? task.pread(f, fd.intValue(), offset, read)
                : task.pwrite(f, fd.intValue(), offset, value);
        in.checkCall(io.getExpects(), first, r, false);
        for (org.mmdsl.mmdsl.Expectation e : io.getExpects()) {
            if (e instanceof org.mmdsl.mmdsl.ValueExpectation) {
                Long want = in.address(((org.mmdsl.mmdsl.ValueExpectation) e).getValue());
                if (want != null) {
                    in.expectation(e, r >= 0 && read[0] == want, r < 0 ? "expected value " + want + ", but pread failed"
                            : String.format("pread of offset %d gave %d%s", offset, read[0],
                                    read[0] == want ? "" : ", expected " + want));
                }
            }
        }
    }

    /** repeat N < ... >: the block N times; a failed call or a fault ends the loop (break). */
    private void repeat(org.mmdsl.mmdsl.Repeat r, Task task) {
        for (long i = 0; i < r.getCount(); i++) {
            for (EObject st : r.getStatements()) {
                if (!in.step(st) || task.exited()) {
                    return;
                }
                int before = in.events.size();
                in.process.processStatement(st, task);
                for (int k = before; k < in.events.size(); k++) {
                    Event e = in.events.get(k).event();
                    if (e instanceof SignalEvent || e instanceof CallResult && ((CallResult) e).errno() != null) {
                        in.current = task;
                        return;
                    }
                }
                if (!in.observe(st, task)) {
                    return;
                }
            }
        }
        in.current = task;
    }

    /** fork NAME < ... >: the child runs the block, then exits; the parent waits for it. */
    private void forkBlock(org.mmdsl.mmdsl.ForkBlock f, Task parent) {
        int first = in.events.size();
        Task child = in.kernel.fork(parent, f.getName());
        // the block's expectations are on fork() itself: judged before the child's statements run
        in.judgeExpectations(f, first);
        if (child == null) {
            return; // the failed fork is the event
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
            in.process.processStatement(st, child);
            in.observe(st, child);
        }
        in.cause = f;
        if (!child.exited()) {
            child.exit();
        }
        fdTable(child).values().forEach(file -> {
            if (file.file.shmem) {
                file.file.fdPut(); // exit closes the child's descriptors
            }
        });
        fds.remove(child);
        in.current = parent;
    }
}
