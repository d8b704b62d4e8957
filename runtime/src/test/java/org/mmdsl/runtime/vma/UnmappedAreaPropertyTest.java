package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Issue 17 point 3: get_unmapped_area() through the {@link VmaTree} gives the answers of the linear
 * search it replaced ({@link LinearUnmappedArea}) on random sequences of mmap (no hint, a hint, a
 * hint next to a VMA, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN with its stack_guard_gap,
 * MAP_32BIT, lengths of 2 MiB multiples for 6.18's THP alignment, lengths too large to fit), munmap
 * of pieces of VMAs, brk, mremap, mprotect, stack growth, fork (the child goes on), and hugetlb's
 * aligned top-down search, under 6.1, 6.18 and 2.6 (free_area_cache
 * and cached_hole_size compared too), top-down and legacy bottom-up, 64-bit, i386 and ia32 tasks,
 * with several mmap_min_addr values. After every step the tree passes its validate_mm() check.
 */
class UnmappedAreaPropertyTest {
    private static final long PAGE = 4096;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    /** The machines and layouts a sequence runs on. */
    enum Setup {
        X86_64_6_1(KernelModel.V6_1, Arch.X86_64, false, false),
        X86_64_6_18(KernelModel.V6_18, Arch.X86_64, false, false),
        X86_64_LEGACY(KernelModel.V6_1, Arch.X86_64, true, false),
        IA32_ON_X86_64(KernelModel.V6_1, Arch.X86_64, false, true),
        I386_6_1(KernelModel.V6_1, Arch.I386, false, false),
        I386_2_6(KernelModel.V2_6, Arch.I386, false, false),
        I386_2_6_LEGACY(KernelModel.V2_6, Arch.I386, true, false);

        final KernelModel model;
        final Arch arch;
        final boolean legacy;
        final boolean ia32;

        Setup(KernelModel model, Arch arch, boolean legacy, boolean ia32) {
            this.model = model;
            this.arch = arch;
            this.legacy = legacy;
            this.ia32 = ia32;
        }
    }

    /** One step; its numbers are read against the address space of the moment (see {@link #apply}). */
    record Op(int kind, int a, int b, int c) {
    }

    private static final Map<Setup, Kernel> KERNELS = new EnumMap<>(Setup.class);

    private static Task freshProcess(Setup s, long mmapMinAddr) {
        Kernel k = KERNELS.computeIfAbsent(s, x -> {
            BootParams p = new BootParams();
            p.model = x.model;
            p.arch = x.arch;
            p.ramBytes = 256L << 20;
            return Kernel.boot(p, EventSink.NONE);
        });
        Task t = k.spawn("prop");
        assertEquals(0, t.execve("/bin/prop", 40 << 10, 8 << 10, 12 << 10, 0, s.legacy, s.ia32));
        t.mm().mmapMinAddr = mmapMinAddr;
        return t;
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 16),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 15)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 150)
    void theTreeFindsWhatTheLinearSearchFound(@ForAll Setup setup, @ForAll @IntRange(min = 0, max = 3) int minAddr,
            @ForAll("ops") List<Op> ops) {
        long[] minAddrs = {0, PAGE, 65536, 1 << 20};
        Task task = freshProcess(setup, minAddrs[minAddr]);
        for (Op op : ops) {
            if (op.kind == 16) { // fork: the child's VMAs are appended in order, its tree built on first use
                task = KERNELS.get(setup).fork(task, "child");
            } else {
                apply(task.mm(), op);
            }
            MmStruct mm = task.mm();
            assertNull(mm.tree.validate(), () -> "after " + op);
        }
    }

    /** The length of a map: mostly a few pages, sometimes 2 MiB multiples, now and then more than fits. */
    private static long length(MmStruct mm, int a, int c) {
        return switch (c % 8) {
            case 0 -> (1 + a % 4) * (2L << 20);
            case 1 -> mm.taskSize - (a % 3) * PAGE; // does not fit: bottom-up fallback, then ENOMEM
            case 2 -> (1 + a % 64) * (1L << 20) + (a % 7) * PAGE;
            default -> (1 + a % 16) * PAGE;
        };
    }

    private static long hint(MmStruct mm, int b, int c) {
        if (mm.mapCount() > 0 && c % 2 == 0) {
            Vma v = mm.vmaAt(b % mm.mapCount());
            return switch (c % 6) {
                case 0 -> v.vmEnd;
                case 2 -> v.vmStart - (1 + b % 300) * PAGE; // inside or near a stack guard gap
                default -> v.vmStart + (b % 5) * PAGE; // inside it: the hint is not free
            };
        }
        return (mm.taskSize / (1 << 20)) * (b % (1 << 20)) + (c % 3) * 17; // anywhere, not aligned
    }

    private static void apply(MmStruct mm, Op op) {
        int prot = switch (op.c % 3) {
            case 0 -> Mman.PROT_READ;
            case 1 -> Mman.PROT_READ | Mman.PROT_WRITE;
            default -> Mman.PROT_NONE;
        };
        switch (op.kind) {
            case 0, 1, 2 -> map(mm, 0, length(mm, op.a, op.c), prot, ANON);
            case 3, 4 -> map(mm, hint(mm, op.b, op.c), length(mm, op.a, op.c), prot, ANON);
            case 5 -> map(mm, hint(mm, op.b, op.c), length(mm, op.a, 3), prot, ANON | Mman.MAP_FIXED_NOREPLACE);
            case 6 -> map(mm, hint(mm, op.b, op.c) & MmStruct.PAGE_MASK, length(mm, op.a, 3), prot,
                    ANON | Mman.MAP_FIXED);
            case 7 -> map(mm, op.c % 2 == 0 ? 0 : hint(mm, op.b, op.c), length(mm, op.a, op.c), prot,
                    ANON | (op.b % 2 == 0 ? Mman.MAP_GROWSDOWN : Mman.MAP_32BIT));
            case 10, 11 -> { // holes of a few MiB where the searches look: below mmap_base, above TASK_UNMAPPED_BASE
                long base = mm.legacyLayout ? LinearUnmappedArea.taskUnmappedBase(mm) : mm.mmapBase - (64L << 20);
                long at = base + (op.b % 64) * (1L << 20) + (op.c % 4) * PAGE;
                map(mm, at, (1 + op.a % 32) * (256 * PAGE) + (op.a % 3) * PAGE, prot,
                        ANON | (op.kind == 10 ? Mman.MAP_FIXED : 0));
            }
            case 12 -> mm.brk(mm.brk + (op.a % 64) * PAGE - 16 * PAGE); // the heap grows or shrinks in place
            case 13, 14, 15 -> {
                if (mm.mapCount() > 0) {
                    Vma v = mm.vmaAt(op.a % mm.mapCount());
                    long pages = 1 + op.c;
                    if (op.kind == 13) { // grows in place when free above, else moves
                        mm.mremap(v.vmStart, v.vmEnd - v.vmStart, v.vmEnd - v.vmStart + pages * PAGE,
                                op.b % 2 == 0 ? Mman.MREMAP_MAYMOVE : 0, 0);
                    } else if (op.kind == 14) { // splits, then merges back when the protections agree again
                        mm.mprotect(v.vmStart + (op.b % Math.max(1, v.pages())) * PAGE, pages * PAGE, prot);
                    } else if (v.has(Vma.VM_GROWSDOWN)) { // stack growth: vm_start moves down
                        mm.expandDownwards(v, v.vmStart - pages * PAGE);
                    }
                }
            }
            case 8 -> {
                if (mm.mapCount() > 0) {
                    Vma v = mm.vmaAt(op.a % mm.mapCount());
                    long start = v.vmStart + (op.b % Math.max(1, v.pages())) * PAGE;
                    mm.munmap(start, (1 + op.c) * (op.a % 2 == 0 ? PAGE : 64 * PAGE));
                }
            }
            default -> {
                long hsize = op.c % 2 == 0 ? 2L << 20 : 4L << 20;
                long hint = op.b % 2 == 0 ? 0 : hint(mm, op.b, op.c);
                long len = (1 + op.a % 3) * hsize;
                assertEquals(LinearUnmappedArea.hugetlbGetUnmappedArea(mm, hint, len, 0, hsize),
                        UnmappedArea.hugetlbGetUnmappedArea(mm, hint, len, 0, hsize),
                        () -> "hugetlb search, len " + Long.toHexString(len) + " hint " + Long.toHexString(hint)
                                + " in\n" + maps(mm));
            }
        }
    }

    /** Compares the two searches as do_mmap() would call them, then maps for real. */
    private static void map(MmStruct mm, long hint, long len, int prot, int flags) {
        long addr = hint;
        int f = flags;
        if ((f & Mman.MAP_FIXED_NOREPLACE) != 0) {
            f |= Mman.MAP_FIXED;
        }
        if ((f & Mman.MAP_FIXED) == 0) { // round_hint_to_min()
            addr &= MmStruct.PAGE_MASK;
            if (addr != 0 && Long.compareUnsigned(addr, mm.mmapMinAddr) < 0) {
                addr = MmStruct.pageAlign(mm.mmapMinAddr);
            }
        }
        long alen = MmStruct.pageAlign(len);
        long cache = mm.freeAreaCache;
        long hole = mm.cachedHoleSize;
        long expected = LinearUnmappedArea.getUnmappedArea(mm, null, addr, alen, 0, f);
        long expectedCache = mm.freeAreaCache;
        long expectedHole = mm.cachedHoleSize;
        mm.freeAreaCache = cache;
        mm.cachedHoleSize = hole;
        String before = maps(mm);
        long actual = UnmappedArea.getUnmappedArea(mm, null, addr, alen, 0, f);
        String call = "len " + Long.toHexString(alen) + " hint " + Long.toHexString(addr) + " flags "
                + Integer.toHexString(f) + " in\n" + before;
        assertEquals(hex(expected), hex(actual), () -> call);
        assertEquals(hex(expectedCache), hex(mm.freeAreaCache), () -> "free_area_cache after " + call);
        assertEquals(hex(expectedHole), hex(mm.cachedHoleSize), () -> "cached_hole_size after " + call);
        mm.freeAreaCache = cache;
        mm.cachedHoleSize = hole;
        long r = mm.mmap(hint, len, prot, flags, null, 0);
        // (2.6 does not know MAP_FIXED_NOREPLACE: its mmap() takes the address as a hint)
        if (!Errno.isError(r) && (flags & (Mman.MAP_FIXED | Mman.MAP_FIXED_NOREPLACE)) == 0) {
            assertEquals(hex(actual), hex(r), () -> "mmap() placed the map elsewhere: " + call);
        }
    }

    private static String hex(long x) {
        return Errno.isError(x) ? "-" + Errno.fromResult(x) : Long.toHexString(x);
    }

    private static String maps(MmStruct mm) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : mm.vmas()) {
            sb.append(v).append(v.has(Vma.VM_GROWSDOWN) ? " growsdown" : "").append('\n');
        }
        return sb.toString();
    }
}
