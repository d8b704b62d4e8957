package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Issue 11: the page cache is one copy per (file, offset). MAP_SHARED mappings in two processes, a
 * MAP_PRIVATE mapping until it writes, and pread(2)/pwrite(2) through descriptors meet in the same
 * frame (filemap_read() / generic_perform_write() use the page a fault maps). i386 6.1: a word is 4
 * bytes.
 *
 * <pre>
 *   a: 0x40000000 [s: rw-s /srv/x 0..16K]   0x50000000 [p: rw-p /srv/x 0..16K]
 *   b: 0x60000000 [v: r--s /srv/x 0..16K]
 *   page cache of /srv/x: 'A'x4096 'B'x4096 'C'x4096 'D'x4096 (letters)
 * </pre>
 */
class Issue11PageCacheIoTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    private static long read(Task t, long vaddr) {
        AccessResult r = new AccessResult();
        assertTrue(t.read(vaddr, r), "read 0x" + Long.toHexString(vaddr));
        return r.value;
    }

    private static void write(Task t, long vaddr, long value) {
        assertTrue(t.write(vaddr, value, new AccessResult()), "write 0x" + Long.toHexString(vaddr));
    }

    @Test
    void mappingsAndDescriptorsSeeOnePageCacheCopy() {
        Kernel k = Kernel.boot(new BootParams(), EventSink.NONE);
        k.createFile("/srv/x", 16384, 0, true);
        Task a = k.spawn("a");
        OpenFileDescription rw = k.open("/srv/x", OpenFileDescription.FMODE_READ | OpenFileDescription.FMODE_WRITE);
        long s = a.mmap(0x40000000L, 16384, RW, Mman.MAP_SHARED | Mman.MAP_FIXED, rw, 3, 0);
        long p = a.mmap(0x50000000L, 16384, RW, Mman.MAP_PRIVATE | Mman.MAP_FIXED, rw, 3, 0);
        assertEquals(0x40000000L, s);
        assertEquals(0x50000000L, p);
        long[] word = new long[1];

        write(a, s, 7); // do_shared_fault(): into the cache page
        assertEquals(7, read(a, p)); // the private map reads the cache page until it writes
        assertEquals(4, a.pread(rw, 3, 0, word));
        assertEquals(7, word[0]);

        assertEquals(4, a.pwrite(rw, 3, 4096, 42)); // seen by both maps
        assertEquals(42, read(a, s + 4096));
        assertEquals(42, read(a, p + 4096));

        write(a, p + 8192, 5); // do_wp_page(): the private map gets its own copy
        assertEquals(4, a.pwrite(rw, 3, 8192, 6));
        assertEquals(5, read(a, p + 8192));
        assertEquals(6, read(a, s + 8192));

        Task b = k.spawn("b");
        OpenFileDescription ro = k.open("/srv/x", OpenFileDescription.FMODE_READ);
        assertEquals(4, b.pread(ro, 3, 8192, word));
        assertEquals(6, word[0]);
        assertEquals(4, b.pread(ro, 3, 12288, word));
        assertEquals(0x44444444L, word[0]); // page 3 untouched: 'D'
        assertEquals(Errno.EBADF.asResult(), b.pwrite(ro, 3, 0, 1)); // vfs_write(): no FMODE_WRITE
        assertEquals(0, b.pread(ro, 3, 16384, word)); // at EOF
        long v = b.mmap(0x60000000L, 16384, Mman.PROT_READ, Mman.MAP_SHARED | Mman.MAP_FIXED, ro, 3, 0);
        assertEquals(7, read(b, v));
        assertEquals(42, read(b, v + 4096));
    }

    @Test
    void writeSealedMemfdRefusesPwriteAndOPathIsEbadf() {
        Kernel k = Kernel.boot(new BootParams(), EventSink.NONE);
        Task a = k.spawn("a");
        FileRef m = k.memfd("m", 8192, true);
        OpenFileDescription rw = new OpenFileDescription(m, OpenFileDescription.FMODE_READ | OpenFileDescription.FMODE_WRITE);
        assertEquals(4, a.pwrite(rw, 3, 0, 9));
        assertEquals(0, a.addSeals(rw, 3, FileRef.F_SEAL_WRITE));
        assertEquals(Errno.EPERM.asResult(), a.pwrite(rw, 3, 0, 1)); // shmem_write_begin()
        long[] word = new long[1];
        assertEquals(4, a.pread(rw, 3, 0, word));
        assertEquals(9, word[0]);
        OpenFileDescription path = k.open("/srv/y", OpenFileDescription.FMODE_PATH);
        assertEquals(Errno.EBADF.asResult(), a.pread(path, 4, 0, word));
        assertEquals(Errno.EISDIR.asResult(), a.pread(k.open("/srv", OpenFileDescription.FMODE_READ), 5, 0, word));
    }
}
