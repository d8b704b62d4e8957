package org.mmdsl.runtime.uapi;

/**
 * The errno values the memory-management system calls return, with the kernel's numbers
 * (include/uapi/asm-generic/errno-base.h and errno.h, identical on i386 and x86_64).
 *
 * <p>Runtime calls return {@code -errno} on failure, as the kernel's syscall bodies do
 * (IS_ERR_VALUE), so a result is a plain {@code long} and the hot path allocates nothing.
 */
public enum Errno implements KernelWord {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "I/O error"),
    EBADF(9, "Bad file number"),
    EAGAIN(11, "Try again"),
    ENOMEM(12, "Out of memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "File table overflow"),
    EMFILE(24, "Too many open files"),
    ETXTBSY(26, "Text file busy"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ENOSYS(38, "Invalid system call number"),
    EOVERFLOW(75, "Value too large for defined data type"),
    EOPNOTSUPP(95, "Operation not supported on transport endpoint"),
    EHWPOISON(133, "Memory page has hardware error");

    private static final Errno[] BY_NUMBER = new Errno[134];

    static {
        for (Errno e : values()) {
            BY_NUMBER[e.number] = e;
        }
    }

    /** The positive errno number, as in errno-base.h. */
    public final int number;
    /** The kernel header's comment for it, which is also what strerror() prints for most. */
    public final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The errno with this positive number, or {@code null} if the simulator does not know it. */
    public static Errno of(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** The errno named {@code name} ("ENOMEM"), or {@code null}. */
    public static Errno named(String name) {
        for (Errno e : values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** True when a syscall-style result is an error: the kernel's IS_ERR_VALUE for -4095..-1. */
    public static boolean isError(long result) {
        return result < 0 && result >= -4095;
    }

    /** The errno carried by an error result, or {@code null} when the result is not an error. */
    public static Errno fromResult(long result) {
        return isError(result) ? of((int) -result) : null;
    }

    @Override
    public String word() {
        return name();
    }

    @Override
    public String kernelName() {
        return name();
    }

    @Override
    public long value() {
        return number;
    }

    /** EHWPOISON arrived in 2.6.32 (memory-failure handling); the others are older than every model. */
    @Override
    public String since() {
        return this == EHWPOISON ? "2.6.32" : null;
    }

    /** The header's comment. */
    @Override
    public String doc() {
        return description;
    }

    /** {@code -number}, the way a kernel function returns this error. */
    public long asResult() {
        return -number;
    }
}
