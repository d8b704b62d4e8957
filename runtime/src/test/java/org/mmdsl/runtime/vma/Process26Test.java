package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The process side of {@code kernel 2.6} (2.6.24 i386): what an exec'd process looks like in maps and
 * smaps, and 2.6.24's get_unmapped_area() with free_area_cache. Derived from the 2.6.24 sources
 * (arch/x86/kernel/sysenter_32.c, fs/exec.c, fs/proc/task_mmu.c, mm/mmap.c, arch/x86/mm/mmap_32.c).
 */
class Process26Test {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private static Task exec(KernelModel model, Arch arch, long stackRlimit) {
        BootParams p = new BootParams();
        p.model = model;
        p.arch = arch;
        Kernel k = Kernel.boot(p, EventSink.NONE);
        Task t = k.spawn("init");
        t.execve("/sbin/init", 40 << 10, 8 << 10, 12 << 10, stackRlimit);
        return t;
    }

    private static Task exec26() {
        return exec(KernelModel.V2_6, Arch.I386, ExecImage.DEFAULT_STACK_RLIMIT);
    }

    @Test
    void theCompatVdsoIsTheGateVmaAt0xffffe000AndTheStackIs84Kb() {
        Task t = exec26();
        t.brk(t.currentBrk() + (132 << 10));
        assertEquals(0xb7ff0000L, t.mmap(0, 64 << 10, RW, ANON, (String) null, 0));
        assertEquals("""
                08048000-08052000 r-xp 00000000 fe:00 1000000    /sbin/init
                08052000-08054000 rw-p 0000a000 fe:00 1000000    /sbin/init
                08054000-08078000 rw-p 08054000 00:00 0          [heap]
                b7ff0000-b8000000 rw-p b7ff0000 00:00 0 \n\
                bffeb000-c0000000 rw-p bffeb000 00:00 0          [stack]
                ffffe000-fffff000 r-xp 00000000 00:00 0          [vdso]
                """, t.maps());
        assertEquals(0xffffe000L, t.vmaBound("[vdso]", false));
    }

    @Test
    void userModeReadsTheVdsoElfMagicThroughTheFixmapButCannotWriteIt() {
        Task t = exec26();
        AccessResult r = new AccessResult();
        assertTrue(t.read(0xffffe000L, r));
        assertEquals(0x464c457fL, r.value);
        assertFalse(t.write(0xffffe000L, 1, r));
    }

    @Test
    void smapsHasTheSevenFieldsOf2624AndEndsWithTheGateVma() {
        Task t = exec26();
        String smaps = t.smaps();
        assertTrue(smaps.endsWith("""
                ffffe000-fffff000 r-xp 00000000 00:00 0          [vdso]
                Size:                  4 kB
                Rss:                   0 kB
                Shared_Clean:          0 kB
                Shared_Dirty:          0 kB
                Private_Clean:         0 kB
                Private_Dirty:         0 kB
                Referenced:            0 kB
                """), smaps);
        assertFalse(smaps.contains("VmFlags"), smaps);
        assertFalse(smaps.contains("Pss"), smaps);
    }

    @Test
    void anUnlimitedStackPicksTheLegacyLayout() {
        Task t = exec(KernelModel.V2_6, Arch.I386, ExecImage.RLIM_INFINITY);
        assertEquals(0x40000000L, t.mmField("mmap_base"));
        assertEquals(0x40000000L, t.mmap(0, 4096, RW, ANON, (String) null, 0));
        // 6.1 keeps the top-down layout and clamps the gap to TASK_SIZE/6*5
        Task t61 = exec(KernelModel.V6_1, Arch.I386, ExecImage.RLIM_INFINITY);
        assertEquals(0x20000000L, t61.mmField("mmap_base"));
    }

    @Test
    void mmapBaseHasNoStackGuardGap() {
        // 2.6.24: 0xc0000000 - 512 MB; 6.1 adds stack_guard_gap (1 MB) to the rlimit
        assertEquals(0xa0000000L, exec(KernelModel.V2_6, Arch.I386, 512L << 20).mmField("mmap_base"));
        assertEquals(0x9ff00000L, exec(KernelModel.V6_1, Arch.I386, 512L << 20).mmField("mmap_base"));
    }

    /**
     * <pre>
     *   a 16K, b 4K, c 16K top-down     b7ffc000 a, b7ffb000 b, b7ff7000 c
     *   munmap b                        free_area_cache = a's start (arch_unmap_area_topdown())
     *   mmap 8K                         below the cache it overlaps c; the walk from mmap_base
     *                                   skips b's 4K hole (too small, and not recorded in
     *                                   cached_hole_size): b7ff5000, the new free_area_cache
     *   mmap 4K                         right below the cache: b7ff4000 (6.1: b's hole, b7ffb000)
     * </pre>
     */
    @Test
    void topDownSearchGoesOnFromFreeAreaCache() {
        for (KernelModel m : new KernelModel[] {KernelModel.V2_6, KernelModel.V6_1}) {
            Task t = exec(m, Arch.I386, ExecImage.DEFAULT_STACK_RLIMIT);
            long a = t.mmap(0, 16 << 10, RW, ANON, (String) null, 0);
            long b = t.mmap(0, 4 << 10, RW, ANON, (String) null, 0);
            long c = t.mmap(0, 16 << 10, RW, ANON, (String) null, 0);
            // 6.1's a sits below [vvar] + [vdso] (6 pages); 2.6 has no vDSO VMA
            assertEquals(m == KernelModel.V2_6 ? 0xb7ffc000L : 0xb7ff6000L, a, m.label);
            assertEquals(a - 0x1000, b, m.label);
            assertEquals(b - 0x4000, c, m.label);
            t.munmap(b, 4 << 10);
            assertEquals(c - 0x2000, t.mmap(0, 8 << 10, RW, ANON, (String) null, 0), m.label);
            assertEquals(m == KernelModel.V2_6 ? c - 0x3000 : b, t.mmap(0, 4 << 10, RW, ANON, (String) null, 0), m.label);
        }
    }

    /**
     * remap_pfn_range() sets VM_IO | VM_RESERVED | VM_PFNMAP in 2.6.24, and vm_stat_account() counts
     * such a VMA in reserved_vm, which task_mem() takes off VmSize; VmData is total_vm - shared_vm
     * (file-backed, the device file too) - stack_vm. 152 KB mapped: text 40, data 8, bss 12, device 8,
     * stack 84.
     */
    @Test
    void statusLeavesTheReservedDeviceMappingOutOfVmSize() {
        BootParams p = new BootParams();
        p.model = KernelModel.V2_6;
        Kernel k = Kernel.boot(p, EventSink.NONE);
        long obj = k.kmem().kmalloc(8192, org.mmdsl.runtime.pagealloc.Gfp.GFP_KERNEL, true);
        Task t = k.spawn("init");
        t.execve("/sbin/init", 40 << 10, 8 << 10, 12 << 10, 0);
        long dev = t.mmapDevice(0, 8192, RW, Mman.MAP_SHARED, "/dev/mmdsl0", 0, k.kmem().bufferPfns(obj, 8192),
                DeviceMap.How.REMAP_PFN_RANGE, null);
        long want = Vma.VM_RESERVED | Vma.VM_IO | Vma.VM_PFNMAP;
        assertEquals(want, t.mm().vmaLookup(dev).vmFlags() & want);
        String status = t.status();
        assertTrue(status.startsWith("VmPeak:\t     152 kB\nVmSize:\t     144 kB\nVmLck:\t       0 kB\n"), status);
        assertTrue(status.contains("VmData:\t      12 kB\nVmStk:\t      84 kB\nVmExe:\t      40 kB\nVmLib:\t       0 kB\n"),
                status);
        assertFalse(status.contains("VmSwap"), status);
    }

    /** 2.6.24's do_anonymous_page() has no zero page: a read fault allocates a dirty page of its own. */
    @Test
    void anAnonymousReadFaultAllocatesAPage() {
        for (KernelModel m : new KernelModel[] {KernelModel.V2_6, KernelModel.V6_1}) {
            Task t = exec(m, Arch.I386, ExecImage.DEFAULT_STACK_RLIMIT);
            long buf = t.mmap(0, 8192, Mman.PROT_READ, ANON, (String) null, 0);
            AccessResult r = new AccessResult();
            assertTrue(t.read(buf, r));
            assertEquals(0, r.value);
            String smaps = t.smaps();
            String block = smaps.substring(smaps.indexOf(String.format("%08x-", buf)));
            assertTrue(block.contains(m == KernelModel.V2_6 ? "Rss:                   4 kB\n" : "Rss:                   0 kB\n"),
                    m.label + "\n" + block);
            if (m == KernelModel.V2_6) {
                assertTrue(block.contains("Private_Dirty:         4 kB\n"), block);
            }
        }
    }

    @Test
    void brkBelowStartBrkUnmapsTheBssAs2624Does() {
        Task t = exec26();
        long startBrk = t.mmField("start_brk");
        long endCode = t.mmField("end_code");
        assertEquals(endCode + (8 << 10), t.brk(endCode + (8 << 10))); // down to the end of the data
        assertEquals("""
                08048000-08052000 r-xp 00000000 fe:00 1000000    /sbin/init
                08052000-08054000 rw-p 0000a000 fe:00 1000000    /sbin/init
                bffeb000-c0000000 rw-p bffeb000 00:00 0          [stack]
                ffffe000-fffff000 r-xp 00000000 00:00 0          [vdso]
                """, t.maps());
        assertEquals(endCode + (8 << 10), t.brk(endCode - 4096)); // below end_code: refused
        assertTrue(startBrk > endCode);
    }
}
