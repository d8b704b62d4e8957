package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * Issue 17 point 3: the VMAs in a {@link VmaTree}. What the property test found on the way (an
 * mprotect whose range a neighbour absorbs left an empty VMA), max_map_count's ENOMEM with the tree
 * full, and the gaps the tree keeps, drawn:
 * <pre>
 *   x86_64 6.1 after exec:  400000 [hdr][text][data][bss] ... 7ffff7ff9000 [vvar][vdso] ... [stack]
 * </pre>
 */
class Issue17VmaTreeTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private static MmStruct process() {
        BootParams p = new BootParams();
        p.model = KernelModel.V6_1;
        p.arch = Arch.X86_64;
        p.ramBytes = 256L << 20;
        Task t = Kernel.boot(p, EventSink.NONE).spawn("init");
        assertEquals(0, t.execve("/sbin/init", 40 << 10, 8 << 10, 12 << 10, 0));
        return t.mm();
    }

    /**
     * mprotect(0x400000, 2 pages, RW): the ELF header page becomes rw-p, and the first text page,
     * which vma_merge() hands to it (case 4), too. Before, the edge split ran as well as the merge's
     * split and left "402000-402000 r-xp" in maps.
     * <pre>
     *   before: 400000 [hdr r--) 401000 [text r-x ............) 40b000
     *   after:  400000 [hdr+1 page rw-      ) 402000 [text r-x ) 40b000
     * </pre>
     */
    @Test
    void mprotectOfAVmaHeadThatThePreviousVmaAbsorbsLeavesNoEmptyVma() {
        MmStruct mm = process();
        assertEquals(0, mm.mprotect(0x400000, 2 * 4096, RW));
        assertEquals("[400000-402000 rw-p, 402000-40b000 r-xp, 40b000-40d000 rw-p, 40d000-410000 rw-p, "
                + "7ffff7ff9000-7ffff7ffd000 r--p, 7ffff7ffd000-7ffff7fff000 r-xp, 7ffffffde000-7ffffffff000 rw-p]",
                mm.vmas().toString());
        assertNull(mm.tree.validate());
        // and the tail of a VMA that the next one absorbs (case 5): 40a000 joins [data]
        assertEquals(0, mm.mprotect(0x40a000, 4096, RW));
        assertEquals("[400000-402000 rw-p, 402000-40a000 r-xp, 40a000-40d000 rw-p, 40d000-410000 rw-p, "
                + "7ffff7ff9000-7ffff7ffd000 r--p, 7ffff7ffd000-7ffff7fff000 r-xp, 7ffffffde000-7ffffffff000 rw-p]",
                mm.vmas().toString());
        assertNull(mm.tree.validate());
    }

    /**
     * vm.max_map_count (65530): do_mmap() refuses only when map_count is already above it ("if
     * (mm->map_count > sysctl_max_map_count)"), so the map made at 65,530 VMAs is the 65,531st and
     * the next is ENOMEM; unmapping a page in the middle makes room, and the hole is the only place left.
     */
    @Test
    void theTreeHoldsMaxMapCountVmasAndTheNextMapIsEnomem() {
        MmStruct mm = process();
        long last = 0;
        for (int i = mm.mapCount(); i < MmStruct.DEFAULT_MAX_MAP_COUNT; i++) {
            last = mm.mmap(0, 4096, i % 2 == 0 ? Mman.PROT_READ : RW, ANON, null, 0); // alternate: no merge
        }
        assertEquals(65530, mm.mapCount());
        assertEquals("7fffe8006000", Long.toHexString(last)); // 65,523 pages right below [vvar], top-down
        assertEquals("7fffe8005000", Long.toHexString(mm.mmap(0, 4096, Mman.PROT_EXEC, ANON, null, 0)));
        assertEquals(65531, mm.mapCount());
        assertEquals(Errno.ENOMEM.asResult(), mm.mmap(0, 4096, Mman.PROT_EXEC, ANON, null, 0));
        assertNull(mm.tree.validate());
        assertEquals(0, mm.munmap(0x7ffff0000000L, 4096));
        assertEquals(0x7ffff0000000L, mm.mmap(0, 4096, Mman.PROT_EXEC, ANON, null, 0)); // the highest hole below mmap_base
        assertNull(mm.tree.validate());
    }
}
