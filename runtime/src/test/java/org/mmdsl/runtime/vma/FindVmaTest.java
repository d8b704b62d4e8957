package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.uapi.Mman;

/**
 * mm/mmap.c's lookups (FindVma) and the views of the VMA and the mm (ShowVma, ShowMm, proc.Pmap) on
 * i386 and x86_64, 2.6.24 and 6.1. The address space of each test (i386 6.1):
 * <pre>
 *   08048000 [text 40K) [data 8K) [heap] ...... b7ff0000 [anon 64K) ...... [stack]
 * </pre>
 */
class FindVmaTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private static Task exec(KernelModel model, Arch arch) {
        BootParams p = new BootParams();
        p.model = model;
        p.arch = arch;
        Kernel k = Kernel.boot(p, EventSink.NONE);
        Task t = k.spawn("init");
        t.execve("/sbin/init", 40 << 10, 8 << 10, 12 << 10, ExecImage.DEFAULT_STACK_RLIMIT);
        return t;
    }

    @Test
    void findVmaReturnsTheFirstVmaEndingAboveTheAddressEvenWhenItDoesNotContainIt() {
        Task t = exec(KernelModel.V6_1, Arch.I386);
        long anon = t.mmap(0, 64 << 10, RW, ANON, (String) null, 0);
        MmStruct mm = t.mm();
        Vma v = FindVma.findVma(mm, 0x10000000L);
        assertEquals(anon, v.vmStart()); // the classic surprise: 0x10000000 lies in the gap below it
        assertSame(v, FindVma.findVma(mm, anon));
        assertEquals(0x08048000L, FindVma.findVma(mm, 0).vmStart());
        assertNull(FindVma.findVma(mm, 0xc0000000L)); // above the last VMA ([stack] ends at TASK_SIZE)
    }

    @Test
    void findVmaPrevGivesTheVmaBeforeTheOneFindVmaReturns() {
        Task t = exec(KernelModel.V6_1, Arch.I386);
        long anon = t.mmap(0, 64 << 10, RW, ANON, (String) null, 0);
        MmStruct mm = t.mm();
        FindVma.WithPrev inGap = FindVma.findVmaPrev(mm, 0x10000000L);
        assertEquals(anon, inGap.vma().vmStart());
        assertEquals("[heap]", mm.vmaName(inGap.prev()));
        FindVma.WithPrev inside = FindVma.findVmaPrev(mm, anon + 4096);
        assertEquals(anon, inside.vma().vmStart());
        assertEquals("[heap]", mm.vmaName(inside.prev()));
        FindVma.WithPrev below = FindVma.findVmaPrev(mm, 0x1000);
        assertEquals(0x08048000L, below.vma().vmStart());
        assertNull(below.prev());
        FindVma.WithPrev above = FindVma.findVmaPrev(mm, 0xc0000000L);
        assertNull(above.vma());
        assertEquals("[stack]", mm.vmaName(above.prev()));
    }

    @Test
    void anEmptyIntersectionFindsTheVmaOn26AndNothingOn61() {
        for (KernelModel model : new KernelModel[] {KernelModel.V2_6, KernelModel.V6_1}) {
            Task t = exec(model, Arch.I386);
            long anon = t.mmap(0, 64 << 10, RW, ANON, (String) null, 0);
            MmStruct mm = t.mm();
            assertEquals(anon, FindVma.findVmaIntersection(mm, anon - 4096, anon + 4096).vmStart());
            assertNull(FindVma.findVmaIntersection(mm, anon - 8192, anon)); // [start, end) ends where the VMA starts
            Vma empty = FindVma.findVmaIntersection(mm, anon + 4096, anon + 4096);
            if (model == KernelModel.V2_6) {
                assertEquals(anon, empty.vmStart()); // include/linux/mm.h: find_vma(), then end_addr <= vm_start
            } else {
                assertNull(empty); // mt_find(): *index > max
            }
        }
    }

    @Test
    void on26FindVmaFillsTheMmapCacheAndFindVmaPrevLeavesItAlone() {
        Task t = exec(KernelModel.V2_6, Arch.I386);
        long anon = t.mmap(0, 64 << 10, RW, ANON, (String) null, 0);
        MmStruct mm = t.mm();
        FindVma.findVma(mm, 0x10000000L);
        assertEquals(anon, mm.mmapCache().vmStart()); // cached although it does not contain 0x10000000
        FindVma.findVmaPrev(mm, 0x08048000L);
        assertEquals(anon, mm.mmapCache().vmStart());
    }

    @Test
    void showVmaDecodesTheFlagsAndProtectionOfTheModel() {
        Task t = exec(KernelModel.V2_6, Arch.I386);
        long anon = t.mmap(0, 64 << 10, RW, ANON, (String) null, 0);
        assertEquals("""
                vm_start      0x08048000
                vm_end        0x08052000
                vm_page_prot  0x25 _PAGE_PRESENT|_PAGE_USER|_PAGE_ACCESSED
                vm_flags      0x00000075 VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
                anon_vma      none
                vm_pgoff      0x0
                vm_file       /sbin/init
                """, t.showVma(0x08049000L));
        t.write(anon, 1, new org.mmdsl.runtime.fault.AccessResult());
        assertEquals("""
                vm_start      0xb7ff0000
                vm_end        0xb8000000
                vm_page_prot  0x25 _PAGE_PRESENT|_PAGE_USER|_PAGE_ACCESSED
                vm_flags      0x00100073 VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT
                anon_vma      present
                vm_pgoff      0xb7ff0
                vm_file       none
                """, t.showVma(anon)); // 2.6 i386 without PAE has no NX bit: PAGE_COPY is 0x25
        assertEquals("no VMA contains 0x10000: find_vma() returns 08048000-08052000 r-xp, which starts above it\n",
                t.showVma(0x10000));
        Task pae = exec(KernelModel.V6_1, Arch.I386_PAE);
        long none = pae.mmap(0, 4096, Mman.PROT_NONE, ANON, (String) null, 0);
        assertEquals("""
                vm_start      0xb7ff9000
                vm_end        0xb7ffa000
                vm_page_prot  0x120 _PAGE_ACCESSED|_PAGE_PROTNONE
                vm_flags      0x00000070 VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
                anon_vma      none
                vm_pgoff      0xb7ff9
                vm_file       none
                """, pae.showVma(none)); // PAGE_NONE; PROT_NONE private memory is not accounted (no VM_ACCOUNT)
    }

    @Test
    void showMmListsLovesFieldsAsEachModelHasThem() {
        Task t = exec(KernelModel.V2_6, Arch.I386);
        assertEquals("""
                mmap          08048000-08052000 r-xp (the first VMA of the vm_next list)
                mm_rb         4 VMAs in the red-black tree
                mmap_cache    bffeb000-c0000000 rw-p
                map_count     4
                mm_users      1
                mm_count      1
                pgd           0xc1402000 (pfn 0x1402)
                total_vm      36 pages
                locked_vm     0 pages
                start_code    0x08048000
                end_code      0x08052000
                start_data    0x08052000
                end_data      0x08054000
                start_brk     0x08057000
                brk           0x08057000
                start_stack   0xbffff000
                arg_start     0 (argv and envp are not modelled), arg_end, env_start, env_end likewise
                rss           0 pages: _file_rss 0, _anon_rss 0
                """, t.showMm());
        Task x = exec(KernelModel.V6_1, Arch.X86_64);
        String mm = x.showMm();
        assertEquals("""
                mm_mt         7 VMAs in the maple tree, the first 00400000-00401000 r--p (no mmap list, vm_next or mm_rb since 6.1)
                map_count     7
                mm_users      1
                mm_count      1
                pgd           0xffff888004006000 (pfn 0x4006)
                """, mm.substring(0, mm.indexOf("total_vm")));
        assertEquals("rss           0 pages: rss_stat MM_FILEPAGES 0, MM_ANONPAGES 0, MM_SWAPENTS 0, MM_SHMEMPAGES 0\n",
                mm.substring(mm.indexOf("rss ")));
    }

    @Test
    void pmapPrintsProcps327On26AndProcpsNgOn61WithLovesSummaryLineUnderD() {
        Task t = exec(KernelModel.V2_6, Arch.I386);
        t.mmap(0, 64 << 10, RW, ANON, (String) null, 0);
        assertEquals("""
                1:   init
                08048000     40K r-x--  /sbin/init
                08052000      8K rw---  /sbin/init
                08054000     12K rw---    [ anon ]
                b7ff0000     64K rw---    [ anon ]
                bffeb000     84K rw---    [ stack ]
                ffffe000      4K r-x--    [ anon ]
                 total      212K
                """, t.pmapDefault(false));
        assertEquals("""
                1:   init
                Address   Kbytes Mode  Offset           Device    Mapping
                08048000      40 r-x-- 0000000000000000 0fe:00000 init
                08052000       8 rw--- 000000000000a000 0fe:00000 init
                08054000      12 rw--- 0000000008054000 000:00000   [ anon ]
                b7ff0000      64 rw--- 00000000b7ff0000 000:00000   [ anon ]
                bffeb000      84 rw--- 00000000bffeb000 000:00000   [ stack ]
                ffffe000       4 r-x-- 0000000000000000 000:00000   [ anon ]
                mapped: 212K    writeable/private: 168K    shared: 0K
                """, t.pmapDefault(true));
        Task x = exec(KernelModel.V6_1, Arch.X86_64);
        x.mmap(0, 64 << 10, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, (String) null, 0);
        assertEquals("""
                1:   init
                0000000000400000      4K r---- init
                0000000000401000     40K r-x-- init
                000000000040b000      8K rw--- init
                000000000040d000     12K rw---   [ anon ]
                00007ffff7fe9000     64K rw-s- zero (deleted)
                00007ffff7ff9000     16K r----   [ anon ]
                00007ffff7ffd000      8K r-x--   [ anon ]
                00007ffffffde000    132K rw---   [ stack ]
                ffffffffff600000      4K --x--   [ anon ]
                 total              288K
                """, x.pmapDefault(false));
        String d = x.pmapDefault(true);
        assertEquals("mapped: 288K    writeable/private: 152K    shared: 64K\n", d.substring(d.indexOf("mapped:")));
    }
}
