package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Issue 12 point 1: a word newer than the model's release does what that release does with it, read
 * from the word's release: 2.6.24's mmap() ignores the MAP_ bits it does not know (MAP_FIXED_NOREPLACE
 * is then a hint), its madvise() refuses the advice it does not know with EINVAL.
 */
class Issue12NewerWordsTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private static Task exec(KernelModel model) {
        BootParams p = new BootParams();
        p.model = model;
        p.arch = Arch.I386;
        Kernel k = Kernel.boot(p, EventSink.NONE);
        Task t = k.spawn("init");
        t.execve("/sbin/init", 40 << 10, 8 << 10, 12 << 10, ExecImage.DEFAULT_STACK_RLIMIT);
        return t;
    }

    /*
     *   0x40000000  [buf 64 KB]                 mmap at 0x40000000, then again with FIXED_NOREPLACE:
     *   2.6.24: the bit is unknown, the address a hint that is taken -> a new place, top-down
     *   6.1:    MAP_FIXED_NOREPLACE over buf                          -> EEXIST
     */
    @Test
    void mapFixedNoreplaceIsAHintUnder26AndEexistUnder61() {
        for (KernelModel model : new KernelModel[] {KernelModel.V2_6, KernelModel.V6_1}) {
            Task t = exec(model);
            assertEquals(0x40000000L, t.mmap(0x40000000L, 64 << 10, RW, ANON | Mman.MAP_FIXED, (String) null, 0));
            long r = t.mmap(0x40000000L, 4 << 10, RW, ANON | Mman.MAP_FIXED_NOREPLACE, (String) null, 0);
            if (model == KernelModel.V2_6) {
                assertEquals(true, r > 0 && r != 0x40000000L, Long.toHexString(r));
            } else {
                assertEquals(Errno.EEXIST.asResult(), r);
            }
        }
    }

    @Test
    void adviceNewerThanTheReleaseIsEinval() {
        Task t26 = exec(KernelModel.V2_6);
        long a = t26.mmap(0, 16 << 10, RW, ANON, (String) null, 0);
        assertEquals(Errno.EINVAL.asResult(), t26.madvise(a, 16 << 10, Mman.MADV_FREE)); // 4.5
        assertEquals(0, t26.madvise(a, 16 << 10, Mman.MADV_DONTNEED));
        Task t61 = exec(KernelModel.V6_1);
        long b = t61.mmap(0, 16 << 10, RW, ANON, (String) null, 0);
        assertEquals(0, t61.madvise(b, 16 << 10, Mman.MADV_FREE));
        assertEquals(Errno.EINVAL.asResult(), t61.madvise(b, 4 << 10, Mman.MADV_GUARD_INSTALL)); // 6.13
    }
}
