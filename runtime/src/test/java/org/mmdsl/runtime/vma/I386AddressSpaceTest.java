package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

class I386AddressSpaceTest {
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private final Machine m = Machine.i386();
    private final MmStruct mm = m.i386Task();

    private void expectMaps(String expected) {
        MmValidator.validate(mm);
        assertEquals(expected, ProcMaps.render(mm, false));
    }

    @Test
    void execLayoutAndTopDownMmap() {
        // 08048000 text | data | bss (6.1 labels it [heap]: vm_end >= start_brk) ... vvar vdso | mmap_base b8000000 ... stack c0000000
        assertEquals(0xb8000000L, mm.mmapBase);
        assertEquals(0x804e000L, mm.startBrk);
        expectMaps("""
                08048000-0804a000 r-xp 00000000 fe:00 1234       /bin/prog
                0804a000-0804b000 rw-p 00002000 fe:00 1234       /bin/prog
                0804b000-0804e000 rw-p 00000000 00:00 0          [heap]
                b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]
                """);
        // [A rw- 3p][vvar] : hint-less maps stack below [vvar]
        long a = mm.mmap(0, 0x3000, Mman.PROT_READ | Mman.PROT_WRITE, ANON, null, 0);
        assertEquals(0xb7ff7000L, a);
        // [B r-- 1p][A rw- 3p][vvar]
        long b = mm.mmap(0, 0x1000, Mman.PROT_READ, ANON, null, 0);
        assertEquals(0xb7ff6000L, b);
        // [B r--][A rw-][C rw-][A rw-] -> mprotect middle of A to r-- merges nothing, splits A into 3
        assertEquals(0, mm.mprotect(a + 0x1000, 0x1000, Mman.PROT_READ));
        expectMaps("""
                08048000-0804a000 r-xp 00000000 fe:00 1234       /bin/prog
                0804a000-0804b000 rw-p 00002000 fe:00 1234       /bin/prog
                0804b000-0804e000 rw-p 00000000 00:00 0          [heap]
                b7ff6000-b7ff7000 r--p 00000000 00:00 0\s
                b7ff7000-b7ff8000 rw-p 00000000 00:00 0\s
                b7ff8000-b7ff9000 r--p 00000000 00:00 0\s
                b7ff9000-b7ffa000 rw-p 00000000 00:00 0\s
                b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]
                """);
        // back to rw-: the three pieces and nothing else merge again (B stays r--)
        assertEquals(0, mm.mprotect(a + 0x1000, 0x1000, Mman.PROT_READ | Mman.PROT_WRITE));
        // B r-- -> rw-: private map made writable gains VM_ACCOUNT and then merges with A
        assertEquals(0, mm.mprotect(b, 0x1000, Mman.PROT_READ | Mman.PROT_WRITE));
        expectMaps("""
                08048000-0804a000 r-xp 00000000 fe:00 1234       /bin/prog
                0804a000-0804b000 rw-p 00002000 fe:00 1234       /bin/prog
                0804b000-0804e000 rw-p 00000000 00:00 0          [heap]
                b7ff6000-b7ffa000 rw-p 00000000 00:00 0\s
                b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
                b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
                bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]
                """);
        // [rw- 1p][hole][rw- 2p]: munmap of the middle splits
        assertEquals(0, mm.munmap(b + 0x1000, 0x1000));
        assertEquals(8, mm.mapCount());
        MmValidator.validate(mm);
        // munmap errors: unaligned, zero length
        assertEquals(Errno.EINVAL.asResult(), mm.munmap(b + 1, 0x1000));
        assertEquals(Errno.EINVAL.asResult(), mm.munmap(b, 0));
        // special mappings refuse partial unmap
        assertEquals(Errno.EINVAL.asResult(), mm.munmap(0xb7ffb000L, 0x1000));
    }

    @Test
    void brkCreatesHeapAndKeepsOnePageGap() {
        long start = mm.startBrk;
        assertEquals(start, mm.brk(0));
        assertEquals(start + 0x10, mm.brk(start + 0x10));
        // heap VMA ends at PAGE_ALIGN(brk), separate from the bss
        Vma heap = mm.vmaLookup(start);
        assertEquals(start, heap.vmStart());
        assertEquals(start + 0x1000, heap.vmEnd());
        assertEquals("[heap]", mm.vmaName(heap));
        // below start_brk: refused, old break returned
        assertEquals(start + 0x10, mm.brk(start - 0x1000));
        // a map 3 pages above the heap end: brk may reach next - 0x1000, not next
        long next = mm.mmap(start + 0x4000, 0x1000, Mman.PROT_READ, ANON | Mman.MAP_FIXED, null, 0);
        assertEquals(start + 0x4000, next);
        assertEquals(start + 0x3000, mm.brk(start + 0x3000));
        assertEquals(start + 0x3000, mm.brk(start + 0x4000));
        // shrink unmaps
        assertEquals(start + 0x1000, mm.brk(start + 0x1000));
        assertEquals(start + 0x1000, mm.vmaLookup(start).vmEnd());
        MmValidator.validate(mm);
    }

    @Test
    void mmapErrors() {
        assertEquals(Errno.EINVAL.asResult(), mm.mmap(0, 0, Mman.PROT_READ, ANON, null, 0));
        assertEquals(Errno.EINVAL.asResult(), mm.mmap(0, 0x1000, Mman.PROT_READ, Mman.MAP_ANONYMOUS, null, 0));
        assertEquals(Errno.EINVAL.asResult(), mm.mmap(0x10000001L, 0x1000, Mman.PROT_READ, ANON | Mman.MAP_FIXED,
                null, 0));
        assertEquals(Errno.ENOMEM.asResult(), mm.mmap(0, 0xfffff000L, Mman.PROT_READ, ANON, null, 0));
        assertEquals(Errno.ENOMEM.asResult(), mm.mmap(0xbffff000L, 0x2000, Mman.PROT_READ, ANON | Mman.MAP_FIXED,
                null, 0));
        assertEquals(Errno.EEXIST.asResult(), mm.mmap(0x08048000L, 0x1000, Mman.PROT_READ,
                ANON | Mman.MAP_FIXED_NOREPLACE, null, 0));
        assertEquals(Errno.EINVAL.asResult(), mm.mmap(0, 0x1000, Mman.PROT_READ,
                Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_GROWSDOWN, null, 0));
        assertEquals(Errno.EBADF.asResult(), mm.mmap(0, 0x1000, Mman.PROT_READ, Mman.MAP_PRIVATE, null, 0));
        FileRef ro = new FileRef("/ro", 0xfe, 0, 7, 8192, 0, false, true, false, true, false);
        assertEquals(Errno.EACCES.asResult(), mm.mmap(0, 0x1000, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_SHARED, ro, 0));
        assertEquals(Errno.EINVAL.asResult(), mm.mmap(0, 0x1000, Mman.PROT_READ, Mman.MAP_PRIVATE, ro, 0x123));
        assertEquals(Errno.EINVAL.asResult(), mm.mprotect(0x08048000L, 0x1000, 0x10));
        assertEquals(Errno.ENOMEM.asResult(), mm.mprotect(0x10000000L, 0x1000, Mman.PROT_READ));
        MmValidator.validate(mm);
    }

    @Test
    void maxMapCountOffByOne() {
        mm.maxMapCount = mm.mapCount() + 1;
        long a = mm.mmap(0, 0x3000, Mman.PROT_READ, ANON, null, 0);
        // map_count == max: a split is refused, a new VMA (count > max only) is still allowed
        assertEquals(Errno.ENOMEM.asResult(), mm.mprotect(a + 0x1000, 0x1000, Mman.PROT_NONE));
        assertEquals(Errno.ENOMEM.asResult(), mm.munmap(a + 0x1000, 0x1000));
        long b = mm.mmap(0x20000000L, 0x1000, Mman.PROT_READ | Mman.PROT_WRITE, ANON, null, 0);
        assertEquals(0x20000000L, b);
        assertEquals(Errno.ENOMEM.asResult(), mm.mmap(0, 0x1000, Mman.PROT_EXEC, ANON, null, 0));
        MmValidator.validate(mm);
    }
}
