package org.mmdsl.runtime.vma;

/**
 * What {@link MmStruct#execLayout} needs of an ELF executable: a static non-PIE binary with one
 * text and one data segment, each starting on a page boundary in the file and in memory.
 *
 * @param file             the executable (its path is the maps name)
 * @param textBytes        p_filesz of the text segment
 * @param dataBytes        p_filesz of the data segment
 * @param bssBytes         p_memsz - p_filesz of the data segment
 * @param is64             a 64-bit (x86_64) task; false for an i386 task
 * @param stackRlimitBytes RLIMIT_STACK at exec (sets mmap_base); {@link #RLIM_INFINITY} for unlimited
 * @param headerPage       the ELF header has a read-only page of its own below the text (binutils
 *                         -z separate-code, the default since 2.31: every x86_64 binary here, and
 *                         ia32 binaries run on a 64-bit kernel); the text then starts one page higher
 */
public record ExecImage(FileRef file, long textBytes, long dataBytes, long bssBytes, boolean is64,
        long stackRlimitBytes, boolean headerPage) {

    /** An image whose header page is separate on x86_64 only (the i386 kernels' recorded layout). */
    public ExecImage(FileRef file, long textBytes, long dataBytes, long bssBytes, boolean is64,
            long stackRlimitBytes) {
        this(file, textBytes, dataBytes, bssBytes, is64, stackRlimitBytes, is64);
    }

    public static final long RLIM_INFINITY = -1L;
    public static final long DEFAULT_STACK_RLIMIT = 8L << 20;

    /** An image with the default 8 MiB stack limit. */
    public static ExecImage of(FileRef file, long textBytes, long dataBytes, long bssBytes, boolean is64) {
        return new ExecImage(file, textBytes, dataBytes, bssBytes, is64, DEFAULT_STACK_RLIMIT);
    }
}
