package org.mmdsl.runtime.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.arch.Pte;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;
import org.mmdsl.runtime.vma.TestVmaFlags;

/**
 * fork() on the i386 test machine (2-level paging, simple allocator) and x86_64: COW set-up by
 * copy_page_range(), do_wp_page() copy and reuse afterwards, shared mappings, VMA copies, mm_users.
 */
class ForkTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private static final int SHARED_ANON = Mman.MAP_SHARED | Mman.MAP_ANONYMOUS;

    private final AccessResult r = new AccessResult();
    private final List<Event> events = new ArrayList<>();

    private UserAccess access(MmStruct mm, int pid) {
        return new UserAccess(mm, pid, events::add);
    }

    private static void validate(MmStruct... mms) {
        for (MmStruct mm : mms) {
            MmValidator.validate(mm);
        }
    }

    private static long pte(Machine m, MmStruct mm, long addr) {
        return m.pt.getPte(mm.pgd, addr);
    }

    private String lastFault() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).message().contains("do_")) {
                return events.get(i).message();
            }
        }
        return "";
    }

    @Test
    void childWriteCopiesParentKeepsItsValueThenParentReuses() {
        Machine m = Machine.i386();
        int free0 = m.frames.nrFree();
        MmStruct parent = m.i386Task();
        UserAccess pua = access(parent, 1);
        long a = parent.mmap(0, 0x2000, RW, ANON, null, 0);
        assertTrue(pua.write(a, 0x11, r));
        long f = r.pfn;
        assertTrue(pua.read(a + 0x1000, r)); // zero page
        assertEquals(m.kpt.zeroPfn(), r.pfn);
        validate(parent);

        //   parent a: F rw  a+0x1000: zero ro     --fork-->    parent a: F ro   child a: F ro
        MmStruct child = Fork.dupMm(parent);
        validate(parent, child);
        assertEquals(2, m.memMap.refcount(f));
        assertEquals(2, m.memMap.mapcount(f));
        assertEquals(f, Pte.pfn(pte(m, parent, a)));
        assertEquals(f, Pte.pfn(pte(m, child, a)));
        assertFalse(Pte.writable(pte(m, parent, a)));
        assertFalse(Pte.writable(pte(m, child, a)));
        assertEquals(0, pte(m, child, a) & Pte._PAGE_ACCESSED); // pte_mkold()
        assertEquals(m.kpt.zeroPfn(), Pte.pfn(pte(m, child, a + 0x1000)));
        assertEquals(1, child.mmUsers());

        // the child writes: do_wp_page() copies (refcount 2), the parent's frame keeps 0x11
        UserAccess cua = access(child, 2);
        assertTrue(cua.write(a, 0x22, r));
        assertNotEquals(f, r.pfn);
        assertTrue(lastFault().contains("do_wp_page: copy"), lastFault());
        long c = r.pfn;
        assertEquals(1, m.memMap.refcount(f));
        assertEquals(1, m.memMap.mapcount(f));
        assertEquals(1, m.memMap.refcount(c));
        assertTrue(cua.read(a, r));
        assertEquals(0x22, r.value);
        assertTrue(pua.read(a, r));
        assertEquals(0x11, r.value);
        validate(parent, child);

        // the parent writes: F is its alone now (page_count == 1), reused without a copy
        assertTrue(pua.write(a, 0x33, r));
        assertEquals(f, r.pfn);
        assertTrue(lastFault().contains("reuse"), lastFault());
        assertTrue(cua.read(a, r));
        assertEquals(0x22, r.value);
        // the zero page stays the zero page until a write
        assertTrue(cua.write(a + 0x1000, 0x44, r));
        assertNotEquals(m.kpt.zeroPfn(), r.pfn);
        assertTrue(pua.read(a + 0x1000, r));
        assertEquals(0, r.value);
        validate(parent, child);

        assertTrue(Fork.mmput(child));
        validate(parent);
        assertTrue(Fork.mmput(parent));
        assertEquals(free0, m.frames.nrFree());
    }

    @Test
    void parentWritesFirstThenChildReusesOnceParentExited() {
        Machine m = Machine.i386();
        int free0 = m.frames.nrFree();
        MmStruct parent = m.i386Task();
        UserAccess pua = access(parent, 1);
        long bss = parent.startBrk - 0x1000; // last bss page
        assertTrue(pua.write(bss, 0x5a, r));
        long f = r.pfn;
        MmStruct child = Fork.dupMm(parent);
        UserAccess cua = access(child, 2);
        validate(parent, child);

        assertTrue(pua.write(bss, 0x5b, r)); // parent copies
        assertNotEquals(f, r.pfn);
        assertTrue(cua.read(bss, r));
        assertEquals(0x5a, r.value);
        assertEquals(f, r.pfn);
        validate(parent, child);

        assertTrue(Fork.mmput(parent));
        validate(child);
        assertEquals(1, m.memMap.refcount(f));
        assertTrue(cua.write(bss, 0x5c, r)); // last owner: no copy
        assertEquals(f, r.pfn);
        assertTrue(lastFault().contains("reuse"), lastFault());
        assertTrue(cua.read(bss, r));
        assertEquals(0x5c, r.value);
        validate(child);
        assertTrue(Fork.mmput(child));
        assertEquals(free0, m.frames.nrFree());
    }

    @Test
    void sharedAnonymousMemoryStaysSharedAcrossForkAsCase04() {
        // S1 rw-s /dev/zero (deleted) | P rw-p: the child's write to S1 is seen by the parent, to P not.
        Machine m = Machine.i386();
        int free0 = m.frames.nrFree();
        MmStruct parent = m.i386Task();
        UserAccess pua = access(parent, 1);
        long s1 = parent.mmap(0, 0x2000, RW, SHARED_ANON, null, 0);
        long p = parent.mmap(0, 0x2000, RW, ANON, null, 0);
        assertTrue(pua.write(s1, 0x53, r));
        long shm = r.pfn;
        assertTrue(Pte.writable(pte(m, parent, s1)));

        MmStruct child = Fork.dupMm(parent);
        UserAccess cua = access(child, 2);
        validate(parent, child);
        assertEquals(0, pte(m, child, s1)); // no anon_vma: faults again from the shmem object
        assertTrue(Pte.writable(pte(m, parent, s1))); // shared: not write-protected
        assertTrue(cua.read(s1, r));
        assertEquals(0x53, r.value);
        assertEquals(shm, r.pfn);
        assertTrue(cua.write(s1, 0x54, r));
        assertEquals(shm, r.pfn);
        assertTrue(cua.write(p, 0x50, r));
        validate(parent, child);
        assertTrue(Fork.mmput(child));

        assertTrue(pua.read(s1, r));
        assertEquals(0x54, r.value);
        assertTrue(pua.read(p, r));
        assertEquals(0, r.value);
        validate(parent);
        assertTrue(Fork.mmput(parent));
        assertEquals(free0, m.frames.nrFree()); // the shmem object went with its last VMA
    }

    @Test
    void forkedMapsAreIdenticalToTheParents() {
        Machine m = Machine.x8664();
        MmStruct parent = m.oracleTask64();
        UserAccess pua = access(parent, 1);
        FileRef f8 = new FileRef("/srv/oracle/f8", 0xfe, 0, 2146371, 0x3000, 0, true, true, true, true, false);
        long a = parent.mmap(0, 0x2000, RW, ANON, null, 0);
        long p = parent.mmap(0, 0x3000, RW, Mman.MAP_PRIVATE, f8, 0);
        long s = parent.mmap(0, 0x2000, RW, SHARED_ANON, null, 0);
        assertEquals(0, parent.mprotect(s + 0x1000, 0x1000, Mman.PROT_READ));
        assertEquals(parent.startBrk + 0x22000, parent.brk(parent.startBrk + 0x22000));
        assertTrue(pua.write(a, 0x61, r));
        assertTrue(pua.write(p, 0x71, r));
        assertTrue(pua.read(p + 0x1000, r));
        assertTrue(pua.write(parent.startBrk, 1, r));
        assertTrue(pua.write(0x7ffffffff000L - 8, 2, r)); // stack
        validate(parent);
        MmStruct child = Fork.dupMm(parent);
        validate(parent, child);
        assertEquals(ProcMaps.render(parent, true), ProcMaps.render(child, true));
        assertEquals(parent.mapCount(), child.mapCount());
        assertEquals(parent.totalVm(), child.totalVm());
        assertEquals(parent.dataVm(), child.dataVm());
        assertEquals(parent.brk, child.brk);
        assertEquals(parent.mmapBase, child.mmapBase);
        // a private file VMA with an anon_vma copies all its ptes: the COW copy and the page-cache page
        assertEquals(Pte.pfn(pte(m, parent, p)), Pte.pfn(pte(m, child, p)));
        long cache = Pte.pfn(pte(m, parent, p + 0x1000));
        assertEquals(cache, Pte.pfn(pte(m, child, p + 0x1000)));
        assertEquals(2, m.memMap.mapcount(cache));
        assertEquals(3, m.memMap.refcount(cache)); // the page cache + two mappings
        // the executable's text has no anon_vma: no ptes in the child
        UserAccess cua = access(child, 2);
        assertTrue(pua.exec(0x401000L, r));
        Fork.mmput(child);
        child = Fork.dupMm(parent);
        assertTrue(Pte.present(pte(m, parent, 0x401000L)));
        assertEquals(0, pte(m, child, 0x401000L));
        cua = access(child, 2);
        assertTrue(cua.read(p, r));
        assertEquals(0x71, r.value);
        assertTrue(cua.read(p + 0x1000, r));
        assertEquals('B', r.value & 0xff);
        validate(parent, child);
        Fork.mmput(child);
        Fork.mmput(parent);
    }

    @Test
    void dontforkVmaIsNotCopiedAndWipeonforkStartsEmpty() {
        //   parent: [D rw-p dc] [W rw-p wf]      child: [W rw-p wf], reading 0
        Machine m = Machine.i386();
        MmStruct parent = m.i386Task();
        UserAccess pua = access(parent, 1);
        long d = parent.mmap(0, 0x1000, RW, ANON, null, 0);
        long w = parent.mmap(0x20000000L, 0x1000, RW, ANON, null, 0);
        assertTrue(pua.write(d, 1, r));
        assertTrue(pua.write(w, 2, r));
        long wpfn = r.pfn;
        TestVmaFlags.setFlag(parent, d, Vma.VM_DONTCOPY);
        TestVmaFlags.setFlag(parent, w, Vma.VM_WIPEONFORK);
        MmStruct child = Fork.dupMm(parent);
        validate(parent, child);
        assertEquals(parent.mapCount() - 1, child.mapCount());
        assertNull(child.vmaLookup(d));
        Vma cw = child.vmaLookup(w);
        assertEquals(0, cw.anonVma());
        assertEquals(0, pte(m, child, w));
        assertTrue(Pte.writable(pte(m, parent, w))); // the parent's pte was not touched
        assertEquals(1, m.memMap.refcount(wpfn));
        UserAccess cua = access(child, 2);
        assertTrue(cua.read(w, r));
        assertEquals(0, r.value);
        assertFalse(cua.read(d, r));
        Fork.mmput(child);
        Fork.mmput(parent);
    }

    @Test
    void mergeRulesInTheChildFollowTheInheritedAnonVmaChain() {
        Machine m = Machine.i386();
        MmStruct parent = m.i386Task();
        UserAccess pua = access(parent, 1);
        long a = parent.mmap(0x20000000L, 0x3000, RW, ANON, null, 0);
        assertTrue(pua.write(a, 1, r));
        MmStruct child = Fork.dupMm(parent);
        UserAccess cua = access(child, 2);
        Vma ca = child.vmaLookup(a);
        assertTrue(ca.hadUncowedParents());
        assertNotEquals(0, ca.anonVma());

        // a fresh VMA right above merges in the parent, not in the child (chain not singular)
        //   parent: 20000000-20004000 rw-p          child: 20000000-20003000 | 20003000-20004000
        assertEquals(a + 0x3000, parent.mmap(a + 0x3000, 0x1000, RW, ANON, null, 0));
        assertEquals(a + 0x3000, child.mmap(a + 0x3000, 0x1000, RW, ANON, null, 0));
        assertEquals(a + 0x4000, parent.vmaLookup(a).vmEnd());
        assertEquals(a + 0x3000, child.vmaLookup(a).vmEnd());
        validate(parent, child);

        // split pieces of an inherited VMA share its anon_vma and merge again
        assertEquals(0, child.mprotect(a + 0x1000, 0x1000, Mman.PROT_READ));
        assertEquals(3, countIn(child, a, a + 0x3000));
        assertEquals(0, child.mprotect(a + 0x1000, 0x1000, RW));
        assertEquals(1, countIn(child, a, a + 0x3000));
        validate(parent, child);

        // a faulted heap inherited through fork is not extended by brk: a new VMA follows it
        long heap = parent.startBrk;
        assertEquals(heap + 0x1000, parent.brk(heap + 0x1000));
        assertTrue(pua.write(heap, 7, r));
        Fork.mmput(child);
        child = Fork.dupMm(parent);
        assertEquals(heap + 0x2000, child.brk(heap + 0x2000));
        assertEquals(heap + 0x1000, child.vmaLookup(heap).vmEnd());
        assertEquals(heap + 0x2000, child.vmaLookup(heap + 0x1000).vmEnd());
        assertEquals(heap + 0x2000, parent.brk(heap + 0x2000));
        assertEquals(heap + 0x2000, parent.vmaLookup(heap).vmEnd());
        validate(parent, child);
        cua = access(child, 2);
        assertTrue(cua.read(heap, r));
        assertEquals(7, r.value);
        Fork.mmput(child);
        Fork.mmput(parent);
    }

    private static int countIn(MmStruct mm, long start, long end) {
        int n = 0;
        for (Vma v : mm.vmas()) {
            if (v.vmStart() >= start && v.vmEnd() <= end) {
                n++;
            }
        }
        return n;
    }

    @Test
    void protNonePtesAreCopiedAndFreed() {
        Machine m = Machine.i386();
        int free0 = m.frames.nrFree();
        MmStruct parent = m.i386Task();
        UserAccess pua = access(parent, 1);
        long a = parent.mmap(0, 0x1000, RW, ANON, null, 0);
        assertTrue(pua.write(a, 9, r));
        long f = r.pfn;
        assertEquals(0, parent.mprotect(a, 0x1000, Mman.PROT_NONE));
        MmStruct child = Fork.dupMm(parent);
        assertEquals(2, m.memMap.mapcount(f));
        assertEquals(0, child.mprotect(a, 0x1000, RW));
        UserAccess cua = access(child, 2);
        assertTrue(cua.read(a, r));
        assertEquals(9, r.value);
        assertEquals(f, r.pfn);
        validate(parent, child);
        Fork.mmput(parent);
        Fork.mmput(child);
        assertEquals(free0, m.frames.nrFree());
    }

    @Test
    void cloneVmThreadSharesTheMmUntilTheLastUserPuts() {
        Machine m = Machine.i386();
        int free0 = m.frames.nrFree();
        MmStruct mm = m.i386Task();
        UserAccess ua = access(mm, 1);
        long a = mm.mmap(0, 0x1000, RW, ANON, null, 0);
        assertTrue(ua.write(a, 0x77, r));
        long f = r.pfn;
        MmStruct thread = Fork.copyMm(Fork.CLONE_VM, mm);
        assertSame(mm, thread);
        assertEquals(2, mm.mmUsers());
        assertEquals(1, mm.mmCount());
        assertEquals(1, m.memMap.refcount(f)); // nothing copied, nothing write-protected
        assertTrue(Pte.writable(pte(m, mm, a)));

        assertFalse(Fork.mmput(thread));
        assertEquals(1, mm.mmUsers());
        assertTrue(ua.read(a, r));
        assertEquals(0x77, r.value);
        validate(mm);

        // a lazy-TLB borrower (mmgrab) keeps the pgd after the last user went
        Fork.mmgrab(mm);
        int tables = (int) m.pt.tablePages();
        assertTrue(Fork.mmput(mm));
        assertEquals(0, mm.mapCount());
        assertFalse(mm.pgdFreed());
        assertTrue(m.pt.tablePages() < tables);
        assertTrue(Fork.mmdrop(mm));
        assertTrue(mm.pgdFreed());
        assertEquals(free0, m.frames.nrFree());
    }

    @Test
    void outOfMemoryLeavesNothingAllocatedAndTheParentStillWorks() {
        Machine m = Machine.i386();
        MmStruct parent = m.i386Task();
        UserAccess pua = access(parent, 1);
        long a = parent.mmap(0, 0x1000, RW, ANON, null, 0);
        assertTrue(pua.write(a, 0x31, r));
        long f = r.pfn;
        List<Long> hog = new ArrayList<>();
        for (long pfn; (pfn = m.alloc.allocPages(Gfp.GFP_KERNEL, 0)) >= 0;) {
            hog.add(pfn);
        }
        m.alloc.freePages(hog.remove(hog.size() - 1), 0); // room for the pgd, none for a pte table
        assertEquals(1, m.frames.nrFree());
        assertNull(Fork.dupMm(parent));
        assertEquals(1, m.frames.nrFree());
        assertEquals(1, m.memMap.refcount(f));
        assertEquals(1, m.memMap.mapcount(f));
        validate(parent);
        assertTrue(pua.write(a, 0x32, r)); // write-protected by the failed fork, reused
        assertEquals(f, r.pfn);
        m.alloc.freePages(m.alloc.allocPages(Gfp.GFP_KERNEL, 0), 0);
        hog.forEach(pfn -> m.alloc.freePages(pfn, 0));
        Fork.mmput(parent);
    }
}
