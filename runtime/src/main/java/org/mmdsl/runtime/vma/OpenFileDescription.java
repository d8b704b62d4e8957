package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Fcntl;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.OpenFlag;

/**
 * An open file description (struct file): the file ({@link FileRef}, the inode and its page cache)
 * and the f_mode the open gave it. Every mapping and every descriptor of one path shares the
 * FileRef (one page cache); each open has its own mode. Neighbours: the fd tables live with the
 * language's interpreter; mmap's checks of the mode are in {@link MmStruct#mmap}.
 *
 * <pre>
 *   open flags          f_mode (fs/open.c do_dentry_open(), OPEN_FMODE())
 *   O_RDONLY            FMODE_READ
 *   O_WRONLY            FMODE_WRITE
 *   O_RDWR              FMODE_READ | FMODE_WRITE
 *   O_PATH              FMODE_PATH only: fget() does not see it (mmap, ftruncate: EBADF)
 * </pre>
 *
 * <p>Not modelled: O_APPEND (it does not change what mmap allows: do_mmap() looks at the
 * inode's append-only attribute, IS_APPEND(), not at O_APPEND), permission bits and owners (the
 * tasks run as root, CAP_DAC_OVERRIDE), file locks.
 */
public final class OpenFileDescription {
    public static final int FMODE_READ = 0x1;
    public static final int FMODE_WRITE = 0x2;
    public static final int FMODE_PATH = 0x4000;

    public final FileRef file;
    public final int fMode;

    public OpenFileDescription(FileRef file, int fMode) {
        this.file = file;
        this.fMode = fMode;
    }

    /**
     * The f_mode an open(2) with {@code flag} gives the file under {@code version}: FMODE_PATH for O_PATH,
     * else the access mode plus one as bits (O_RDONLY 0 → FMODE_READ, O_WRONLY 1 → FMODE_WRITE, O_RDWR 2 →
     * both). A flag the release does not know yet is ignored, as open() ignores unknown bits: O_PATH
     * (2.6.39) under 2.6.24 opens the file O_RDONLY. Mirrors include/linux/fs.h OPEN_FMODE() and
     * fs/open.c do_dentry_open()'s O_PATH case.
     */
    public static int fModeOf(OpenFlag flag, KernelVersion version) {
        long f = version.has(flag) ? flag.value() : flag.value() & Fcntl.O_ACCMODE;
        if ((f & Fcntl.O_PATH) != 0) {
            return FMODE_PATH;
        }
        return (int) ((f + 1) & Fcntl.O_ACCMODE);
    }

    /**
     * Mirrors fs/open.c do_dentry_open() / may_open() for the cases the model has: 0, or -EISDIR
     * when a directory is opened for writing (O_PATH may open anything). Does not check
     * permissions (root).
     */
    public static long mayOpen(FileRef file, int fMode) {
        if (file.directory && (fMode & FMODE_WRITE) != 0) {
            return Errno.EISDIR.asResult();
        }
        return 0;
    }

    /**
     * The file opened the way {@link FileRef}'s {@code readable}/{@code writable} describe (runtime
     * tests build their fixtures so); the language always opens with an explicit mode.
     */
    public static OpenFileDescription ofFixture(FileRef file) {
        return new OpenFileDescription(file, (file.readable ? FMODE_READ : 0) | (file.writable ? FMODE_WRITE : 0));
    }

    public boolean readable() {
        return (fMode & FMODE_READ) != 0;
    }

    public boolean writable() {
        return (fMode & FMODE_WRITE) != 0;
    }

    /** O_PATH: a handle for the path only; fget() in mmap(2) and ftruncate(2) answers EBADF. */
    public boolean pathOnly() {
        return (fMode & FMODE_PATH) != 0;
    }

    @Override
    public String toString() {
        return file.path + (pathOnly() ? " (O_PATH)" : readable() && writable() ? " (O_RDWR)"
                : writable() ? " (O_WRONLY)" : " (O_RDONLY)");
    }
}
