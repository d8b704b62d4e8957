package org.mmdsl.runtime.testing;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.FrameAllocator;
import org.mmdsl.runtime.pgtable.KernelPageTables;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.vma.ExecImage;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.vma.MmStruct;

import java.util.ArrayList;
import java.util.List;

/** Wiring of the pieces a test needs: memmap, allocator, physical memory, page tables, one task. */
public final class Machine {
    public final MemMap memMap;
    public final SimpleFrameAllocator frames;
    public final FrameAllocator alloc;
    public final PhysMem mem = new PhysMem();
    public final PageTables pt;
    public final KernelPageTables kpt;
    public final List<Event> events = new ArrayList<>();

    public Machine(PagingMode mode, int nrPfns, long maxLowPfn) {
        memMap = new MemMap(nrPfns);
        frames = new SimpleFrameAllocator(memMap, 0x100);
        alloc = mem.zeroing(frames);
        pt = new PageTables(mode, mem, alloc, memMap);
        long pageOffset = mode == PagingMode.TWO_LEVEL || mode == PagingMode.PAE ? 0xc0000000L : 0xffff888000000000L;
        kpt = new KernelPageTables(pt, pageOffset, maxLowPfn);
    }

    /** i386, 2-level paging, 64 MiB of RAM all lowmem. */
    public static Machine i386() {
        return new Machine(PagingMode.TWO_LEVEL, 0x4000, 0x4000);
    }

    public static Machine x8664() {
        return new Machine(PagingMode.FOUR_LEVEL, 0x4000, 0x4000);
    }

    public static final FileRef EXE32 = FileRef.of("/bin/prog", 1234, -1);

    /** An i386 task of the "prog" image: text 0x1800, data 0x100, bss 0x3000. */
    public MmStruct i386Task() {
        MmStruct mm = MmStruct.create(kpt, false);
        mm.execLayout(ExecImage.of(EXE32, 0x1800, 0x100, 0x3000, false));
        return mm;
    }

    /** A 64-bit task shaped like the oracle's driver64 (findings.md §1) on 6.18. */
    public MmStruct oracleTask64() {
        MmStruct mm = MmStruct.create(kpt, true, KernelVersion.V6_18);
        mm.execLayout(ExecImage.of(FileRef.of("/opt/oracle/bin/driver64", 5523708, -1), 0x9b000, 0x3000, 0xe1000,
                true));
        return mm;
    }

    public UserAccess access(MmStruct mm) {
        return new UserAccess(mm, 1, events::add);
    }
}
