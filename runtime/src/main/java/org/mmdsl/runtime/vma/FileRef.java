package org.mmdsl.runtime.vma;

import java.util.Arrays;

/**
 * A file a VMA maps, standing also for the open file description it was mapped through (its
 * access mode decides EACCES). Holds the file's small page cache: the frame of each cached page
 * (address_space i_pages), as a growing primitive array.
 *
 * <p>Contents: every byte below EOF reads as {@link #fillByte}, or, with {@code letterPerPage},
 * page i of the file is filled with the letter 'A' + i (the oracle's f8 fixture); bytes of the
 * last page past EOF read as 0.
 */
public final class FileRef {
    public final String path;
    public final int devMajor;
    public final int devMinor;
    public final long inode;
    /** i_size in bytes, or -1 when unknown (then no SIGBUS beyond EOF). */
    private long sizeBytes;
    public final int fillByte;
    public final boolean letterPerPage;
    /** The fd was opened for reading / writing (FMODE_READ / FMODE_WRITE). */
    public final boolean readable;
    public final boolean writable;
    /** False for a directory or a file whose f_op has no mmap (ENODEV). */
    public final boolean mmapable;
    /** A shmem object (MAP_SHARED|MAP_ANONYMOUS: "/dev/zero (deleted)"). */
    public final boolean shmem;

    private long[] cache = new long[0];
    /** Bytes from here on read as 0: a truncate cut the file there before it grew again. */
    private long zeroFrom = Long.MAX_VALUE;
    /** VMAs mapping this file, in every mm (each holds a file reference: get_file() / fput()). */
    private int vmaRefs;

    public FileRef(String path, int devMajor, int devMinor, long inode, long sizeBytes, int fillByte,
            boolean letterPerPage, boolean readable, boolean writable, boolean mmapable, boolean shmem) {
        this.path = path;
        this.devMajor = devMajor;
        this.devMinor = devMinor;
        this.inode = inode;
        this.sizeBytes = sizeBytes;
        this.fillByte = fillByte;
        this.letterPerPage = letterPerPage;
        this.readable = readable;
        this.writable = writable;
        this.mmapable = mmapable;
        this.shmem = shmem;
    }

    /** A regular file on device fe:00 opened read-write, contents zero. */
    public static FileRef of(String path, long inode, long sizeBytes) {
        return new FileRef(path, 0xfe, 0, inode, sizeBytes, 0, false, true, true, true, false);
    }

    /**
     * A memfd_create(NAME) object after ftruncate(SIZE): shmem on dev 00:01, named
     * "/memfd:NAME (deleted)" in maps, opened read-write. Contents zero; never THP-aligned
     * (shmem_enabled=never); maps of it with contiguous offsets merge.
     */
    public static FileRef memfd(String name, long inode, long sizeBytes) {
        return new FileRef("/memfd:" + name + " (deleted)", 0, 1, inode, sizeBytes, 0, false, true, true, true, true);
    }

    /** The shmem object behind a MAP_SHARED|MAP_ANONYMOUS map (shmem_zero_setup()), dev 00:01. */
    public static FileRef sharedAnon(long inode, long sizeBytes) {
        return new FileRef("/dev/zero (deleted)", 0, 1, inode, sizeBytes, 0, false, true, true, true, true);
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /**
     * i_size_write() alone: changes i_size. A shrink also remembers where the data was cut, so the
     * file reads 0 there if it grows again. Pages and mappings are dropped by
     * {@link MmStruct#truncateFile}.
     */
    public void setSizeBytes(long sizeBytes) {
        if (this.sizeBytes >= 0 && sizeBytes < this.sizeBytes) {
            zeroFrom = Math.min(zeroFrom, sizeBytes);
        }
        this.sizeBytes = sizeBytes;
    }

    /** Where the file's data ends: i_size, or an earlier truncation point (-1: unknown size). */
    public long dataEnd() {
        return sizeBytes < 0 ? (zeroFrom == Long.MAX_VALUE ? -1 : zeroFrom) : Math.min(sizeBytes, zeroFrom);
    }

    /** The content byte at a file offset (0 past EOF). */
    public int byteAt(long offset) {
        if ((sizeBytes >= 0 && offset >= sizeBytes) || offset >= zeroFrom) {
            return 0;
        }
        return letterPerPage ? 'A' + (int) (offset >>> 12) : fillByte;
    }

    /** The cached frame of page {@code index}, or -1. */
    public long cachedPfn(long index) {
        return index < cache.length ? cache[(int) index] - 1 : -1;
    }

    /** Records page {@code index} as cached in {@code pfn}. */
    public void setCachedPfn(long index, long pfn) {
        if (index >= cache.length) {
            cache = Arrays.copyOf(cache, (int) Math.max(index + 1, cache.length * 2L));
        }
        cache[(int) index] = pfn + 1;
    }

    /** Number of page-cache slots ({@link #cachedPfn} answers -1 from here on). */
    long cacheSlots() {
        return cache.length;
    }

    /** A VMA starts referencing the file (get_file() in mmap_region() / vm_area_dup()). */
    void vmaGet() {
        vmaRefs++;
    }

    /** A VMA stops referencing the file (fput() in remove_vma()); returns the references left. */
    int vmaPut() {
        assert vmaRefs > 0 : "fput on " + path + " without a reference";
        return --vmaRefs;
    }

    /** VMAs mapping this file now. */
    public int vmaRefs() {
        return vmaRefs;
    }

    @Override
    public String toString() {
        return path;
    }
}
