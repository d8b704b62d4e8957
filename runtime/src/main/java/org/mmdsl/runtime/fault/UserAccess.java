package org.mmdsl.runtime.fault;

import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.mmu.Mmu;
import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * A task's loads, stores and instruction fetches, as the interpreter issues them: each goes
 * through the MMU; a fault goes to the kernel's fault path and the access is retried, like the
 * hardware restarting the instruction. Results go into a caller-owned {@link AccessResult}.
 *
 * <p>A value is the task's word (4 bytes for a 32-bit task, 8 for a 64-bit one), little-endian;
 * one crossing a page boundary needs both pages (both are translated before anything is stored).
 * MAP_POPULATE and mlock reach the fault path through the populator this class gives the mm
 * ({@link MmStruct#setPopulator}); this class has no populate call of its own.
 */
public final class UserAccess {
    /** More consecutive faults than this on one access means the fault path made no progress. */
    private static final int MAX_RETRIES = 4;

    private final MmStruct mm;
    private final FaultHandler handler;
    private final Mmu mmu;
    private final PhysMem mem;

    public UserAccess(MmStruct mm, int pid, EventSink sink) {
        this.mm = mm;
        this.handler = new FaultHandler(mm, pid, sink);
        this.mem = mm.pageTables().mem();
        this.mmu = new Mmu(mm.pageTables().mode(), mem, mm.pageTables().tlb());
        AccessResult scratch = new AccessResult();
        mm.setPopulator(new MmStruct.Populator() {
            @Override
            public void populate(long start, long end) {
                handler.populate(start, end, scratch);
            }

            @Override
            public void writeFault(long addr) {
                Vma v = mm.vmaLookup(addr);
                if (v != null) {
                    scratch.reset();
                    handler.handleMmFault(v, addr, Access.WRITE, scratch);
                }
            }
        });
    }

    public FaultHandler faultHandler() {
        return handler;
    }

    /** Loads a word. */
    public boolean read(long vaddr, AccessResult out) {
        return access(vaddr, Access.READ, 0, mm.wordSize(), out);
    }

    /** Stores the low word-size bytes of {@code value}. */
    public boolean write(long vaddr, long value, AccessResult out) {
        return access(vaddr, Access.WRITE, value, mm.wordSize(), out);
    }

    /** Fetches an instruction byte at vaddr (the value is that byte). */
    public boolean exec(long vaddr, AccessResult out) {
        return access(vaddr, Access.EXEC, 0, 1, out);
    }

    /** Loads or stores {@code size} (1..8) bytes. */
    public boolean access(long vaddr, Access access, long value, int size, AccessResult out) {
        out.reset();
        long first = translate(vaddr, access, out);
        if (first < 0) {
            return false;
        }
        int inFirst = (int) Math.min(size, 4096 - (vaddr & 0xfff));
        long second = -1;
        if (inFirst < size) {
            second = translate(vaddr + inFirst, access, out);
            if (second < 0) {
                return false;
            }
            // The first page may have been changed by the second fault (not in this model): re-walk.
            first = translate(vaddr, access, out);
            if (first < 0) {
                return false;
            }
        }
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        if (access == Access.WRITE) {
            value &= mask;
            mem.write(first, inFirst, value);
            if (second >= 0) {
                mem.write(second, size - inFirst, value >>> (8 * inFirst));
            }
            out.value = value;
        } else {
            long v = mem.read(first, inFirst);
            if (second >= 0) {
                v |= mem.read(second, size - inFirst) << (8 * inFirst);
            }
            out.value = v & mask;
        }
        out.ok = true;
        out.paddr = first;
        out.pfn = first >>> 12;
        return true;
    }

    /**
     * Translates with fault handling; returns the paddr or -1 with {@code out} describing the signal.
     * The handler starts from where the MMU's walk stopped, and a retry after a fault that only wrote
     * the pte the walk stopped at resumes the walk there (Mmu.retryAfterFault): the same entries,
     * TLB fills and counts as walking from the root, one walk per fault instead of three.
     */
    private long translate(long vaddr, Access access, AccessResult out) {
        long installed = -1;
        for (int tries = 0; tries < MAX_RETRIES; tries++) {
            // user mode runs on the user pgd of the pair under page-table isolation (pgtable/Pti)
            long root = mm.pageTables().userPgd(mm.pgd);
            long r = installed >= 0 ? mmu.retryAfterFault(root, vaddr, access, true, installed)
                    : mmu.translate(root, vaddr, access, true);
            if (!Mmu.isFault(r)) {
                return r;
            }
            if (Mmu.isGeneralProtection(r)) {
                handler.generalProtection(vaddr, access, out);
                return -1;
            }
            // a pgd entry of the user pgd (PTI) is a copy: the handler allocates in the kernel pgd
            int level = mmu.missLevel(root, vaddr);
            if (level == 0 && root != mm.pgd) {
                level = -1;
            }
            if (!handler.doUserAddrFault(vaddr, access, Mmu.errorCode(r), level, mmu.missSlot(), out)) {
                return -1;
            }
            installed = handler.installedPte();
            out.faultsResolved++;
        }
        throw new IllegalStateException("fault loop at 0x" + Long.toHexString(vaddr));
    }
}
