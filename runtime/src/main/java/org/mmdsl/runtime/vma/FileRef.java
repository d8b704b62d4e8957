package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.Fcntl;

/**
 * A file (its inode and address_space): one per path for the whole run, shared by every open and
 * every mapping of it, so its page cache holds one page per offset. How a file was opened (its
 * f_mode, which decides mmap's EACCES) is the {@link OpenFileDescription}'s. Holds the file's small page cache: the frame of each cached page
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
    /**
     * The mode of {@link OpenFileDescription#ofFixture}: how runtime tests that map a FileRef
     * directly have it opened (FMODE_READ / FMODE_WRITE). The language always maps through an
     * explicit open.
     */
    public final boolean readable;
    public final boolean writable;
    /** False for a directory or a file whose f_op has no mmap (ENODEV). */
    public final boolean mmapable;
    /** A shmem object (MAP_SHARED|MAP_ANONYMOUS: "/dev/zero (deleted)"). */
    public final boolean shmem;
    /** A directory: open() for writing is EISDIR, mmap() ENODEV (its f_op has no mmap). */
    public final boolean directory;

    /** F_SEAL_* bits (include/uapi/linux/fcntl.h); the words are uapi FileSeal. */
    public static final int F_SEAL_SEAL = Fcntl.F_SEAL_SEAL;
    public static final int F_SEAL_SHRINK = Fcntl.F_SEAL_SHRINK;
    public static final int F_SEAL_GROW = Fcntl.F_SEAL_GROW;
    public static final int F_SEAL_WRITE = Fcntl.F_SEAL_WRITE;
    public static final int F_SEAL_FUTURE_WRITE = Fcntl.F_SEAL_FUTURE_WRITE;
    public static final int F_SEAL_EXEC = Fcntl.F_SEAL_EXEC;

    /**
     * A memfd's seals (shmem_inode_info.seals); -1 for a file that has none to have (not a memfd:
     * F_ADD_SEALS is EINVAL, memfd_file_seals_ptr() is NULL).
     */
    private int seals = -1;

    public int seals() {
        return seals;
    }

    /** Sets the seals of a memfd (memfd_create(): F_SEAL_SEAL unless MFD_ALLOW_SEALING; memfd_add_seals()). */
    public void setSeals(int seals) {
        this.seals = seals;
    }

    /** F_SEAL_WRITE or F_SEAL_FUTURE_WRITE (mm/memfd.c is_write_sealed()). */
    public boolean writeSealed() {
        return seals > 0 && (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) != 0;
    }

    private final PageCache cache = new PageCache();
    /**
     * The file's data as written back (pageout() of a dirty page): page index → its 512 words. The
     * model keeps no other data for a file, so a page written back and reclaimed refaults with these.
     */
    private final java.util.Map<Long, long[]> written = new java.util.HashMap<>();
    /**
     * Shadow entries (mm/workingset.c): for each index whose page reclaim evicted, until it refaults,
     * the node's nonresident age at the eviction.
     */
    private final java.util.Map<Long, Long> shadows = new java.util.HashMap<>();
    /** Bytes from here on read as 0: a truncate cut the file there before it grew again. */
    private long zeroFrom = Long.MAX_VALUE;
    /** VMAs mapping this file, in every mm (each holds a file reference: get_file() / fput()). */
    private int vmaRefs;

    public FileRef(String path, int devMajor, int devMinor, long inode, long sizeBytes, int fillByte,
            boolean letterPerPage, boolean readable, boolean writable, boolean mmapable, boolean shmem) {
        this(path, devMajor, devMinor, inode, sizeBytes, fillByte, letterPerPage, readable, writable, mmapable, shmem,
                false);
    }

    public FileRef(String path, int devMajor, int devMinor, long inode, long sizeBytes, int fillByte,
            boolean letterPerPage, boolean readable, boolean writable, boolean mmapable, boolean shmem,
            boolean directory) {
        this.directory = directory;
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

    /**
     * The hugetlbfs file behind a MAP_HUGETLB|MAP_ANONYMOUS map (hugetlb_file_setup(): "anon_hugepage"
     * on the kernel's internal hugetlbfs mount, unlinked), dev 00:10 here. Its pages come from the
     * HugetlbPool, never from a page cache.
     */
    public static FileRef hugetlbAnon(long inode, long sizeBytes) {
        return new FileRef("/anon_hugepage (deleted)", 0, 0x10, inode, sizeBytes, 0, false, true, true, true, false);
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
        long[] w = written.isEmpty() ? null : written.get(offset >>> 12);
        if (w != null) {
            return (int) (w[(int) ((offset & 0xfff) >>> 3)] >>> (8 * (offset & 7))) & 0xff;
        }
        return letterPerPage ? 'A' + (int) (offset >>> 12) : fillByte;
    }

    /** The cached frame of page {@code index}, or -1. */
    public long cachedPfn(long index) {
        return cache.get(index);
    }

    /** Records page {@code index} as cached in {@code pfn}. */
    public void setCachedPfn(long index, long pfn) {
        cache.set(index, pfn);
    }

    /**
     * The lowest page index at or above {@code from} that is in the page cache, or -1: walks only the
     * cache's existing nodes, so a loop over a huge, mostly empty object costs what it holds.
     */
    public long nextCachedIndex(long from) {
        return cache.next(from);
    }

    /** Mirrors a completed writeback of page {@code index}: the file now holds these 512 words. */
    public void writeback(long index, long[] words) {
        written.put(index, words);
    }

    /** The written-back words of page {@code index}, or null when it was never written back. */
    public long[] writtenPage(long index) {
        return written.isEmpty() ? null : written.get(index); // no boxing on the fault path of a file never written back
    }

    /**
     * Reclaim evicted page {@code index}: its i_pages slot keeps a shadow entry with the eviction's
     * nonresident age (workingset_eviction()).
     */
    public void leaveShadow(long index, long evictionAge) {
        shadows.put(index, evictionAge);
    }

    /** True while page {@code index} is evicted with a shadow entry. */
    public boolean hasShadow(long index) {
        return !shadows.isEmpty() && shadows.containsKey(index);
    }

    /**
     * Takes the shadow entry of page {@code index} as the page comes back: the eviction age, or -1
     * when there was none (not a refault).
     */
    public long takeShadow(long index) {
        if (shadows.isEmpty()) {
            return -1;
        }
        Long age = shadows.remove(index);
        return age == null ? -1 : age;
    }

    /** The pages in the page cache now (a shmem object: the pages it has allocated). */
    public long cachedPages() {
        return cache.count();
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

    /**
     * An open file descriptor holds the file too (fget() at open, fput() at close): a shmem object (a
     * memfd) keeps its pages while an fd is open on it, even with no mapping left.
     */
    public void fdGet() {
        vmaRefs++;
    }

    /** close(): the descriptor's reference goes (the pages of an unmapped, closed memfd are not freed: not modelled). */
    public void fdPut() {
        if (vmaRefs > 0) {
            vmaRefs--;
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
