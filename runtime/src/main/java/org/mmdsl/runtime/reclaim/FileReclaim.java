package org.mmdsl.runtime.reclaim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import org.mmdsl.runtime.mmu.PhysMem;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.zone.Zone;

/**
 * Reclaim of page-cache pages (mm/vmscan.c on the file LRU lists). A page read into the page cache
 * starts on the inactive file list. A scan of an inactive page asks the reverse map
 * ({@link Rmap}) how many ptes referenced it since the last scan and follows
 * folio_check_references():
 * <pre>
 *   referenced by a pte: PG_referenced set; activated when it was already PG_referenced (the second
 *       scan that finds it used: the workingset promotion), when more than one pte referenced it, or
 *       when a VM_EXEC mapping did (executable code); else kept on the inactive list
 *   not referenced: reclaimed: try_to_unmap() clears every pte (a dirty pte makes the page dirty), a
 *       dirty page is written back (pageout()), the page leaves the page cache with a shadow entry and
 *       is freed; the next access refaults it from the file
 * </pre>
 * The active list is shrunk while the inactive list is the smaller (inactive_is_low(), ratio 1):
 * shrink_active_list() deactivates every page, except one a VM_EXEC pte referenced (it stays active).
 *
 * <p>Simplified: the lists are not kept in LRU order; a scan goes file by file (by inode) and page by page
 * (by index), resuming where the previous scan stopped, and passes over the lists give the
 * second-chance behaviour. 6.1 leaves the writeback of dirty pages
 * to the flusher threads and frees the page on a later scan; here the reclaimer writes the page back and
 * frees it in the same scan. A refault is activated by its refault distance ({@link #refault}); shmem
 * pages (swap-backed) are not reclaimed.
 */
final class FileReclaim {
    private final BuddyAllocator buddy;
    private final MemMap memMap;
    private Supplier<Collection<FileRef>> files = List::of;
    private PageTables pt;
    private PhysMem mem;
    long pgstealFile;
    long pgscanFile;
    long written;
    /** lruvec->nonresident_age: evictions and refault activations so far (mm/workingset.c). */
    long nonresidentAge;
    long workingsetRefault;
    long workingsetActivate;
    /** The file list sizes while a shrink runs. */
    private long active;
    private long inactive;

    FileReclaim(BuddyAllocator buddy, MemMap memMap) {
        this.buddy = buddy;
        this.memMap = memMap;
    }

    void setFiles(Supplier<Collection<FileRef>> files, PageTables pt, PhysMem mem) {
        this.files = files;
        this.pt = pt;
        this.mem = mem;
    }

    /** The regular files with pages in the page cache, by inode. */
    private List<FileRef> cachedFiles() {
        List<FileRef> out = new ArrayList<>();
        for (FileRef f : files.get()) {
            if (!f.shmem && f.cachedPages() > 0) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparingLong(f -> f.inode));
        return out;
    }

    /**
     * Mirrors workingset_refault() for a page that came back into the page cache with the shadow
     * entry's eviction age: the refault distance (evictions and activations since) is compared with
     * the workingset size (active file, plus all anon with swap space); a page that would have stayed
     * resident with that much more memory starts on the active list (PG_active). The list sizes are
     * those the last reclaim run counted and kept up to date.
     */
    void refault(long pfn, long evictionAge, long anonActive, long anonInactive, boolean swap) {
        workingsetRefault++;
        long distance = nonresidentAge - evictionAge;
        long workingsetSize = active + (swap ? anonActive + anonInactive : 0);
        if (distance > workingsetSize) {
            return;
        }
        memMap.set(pfn, MemMap.PG_active);
        active++;
        nonresidentAge++; // workingset_age_nonresident()
        workingsetActivate++;
    }

    /** Counts the lists again (at the start of a reclaim run; the scans keep the counts up to date). */
    void recount() {
        long[] lru = lruFile();
        active = lru[0];
        inactive = lru[1];
    }

    long active() {
        return active;
    }

    long inactive() {
        return inactive;
    }

    /** Active(file) and Inactive(file) in pages: {active, inactive}. */
    long[] lruFile() {
        long a = 0;
        long i = 0;
        for (FileRef f : cachedFiles()) {
            for (long index = f.nextCachedIndex(0); index >= 0; index = f.nextCachedIndex(index + 1)) {
                long pfn = f.cachedPfn(index);
                if (memMap.test(pfn, MemMap.PG_lru)) {
                    if (memMap.test(pfn, MemMap.PG_active)) {
                        a++;
                    } else {
                        i++;
                    }
                }
            }
        }
        return new long[] {a, i};
    }

    /**
     * One scan over the file lists (pages in {@code zone}, or anywhere when null) that reclaims up to
     * {@code nrPages}, with the list sizes of the last {@link #recount}. Returns the pages freed.
     */
    long shrink(Zone zone, long nrPages, Rmap rmap) {
        if (pt == null || nrPages <= 0) {
            return 0;
        }
        List<FileRef> all = cachedFiles();
        if (all.isEmpty()) {
            return 0;
        }
        // resume where the last scan stopped (the LRU tail moves on), once around at most
        int first = 0;
        while (first < all.size() && all.get(first).inode < cursorInode) {
            first++;
        }
        long freed = 0;
        for (int n = 0; n <= all.size() && freed < nrPages; n++) {
            FileRef f = all.get((first + n) % all.size());
            boolean resumed = n == 0 && f.inode == cursorInode;
            long from = resumed ? cursorIndex : 0;
            long to = n == all.size() ? (f.inode == cursorInode ? cursorIndex : 0) : Long.MAX_VALUE;
            long index = from;
            while (index < to && freed < nrPages) {
                long next = f.nextCachedIndex(index);
                if (next < 0 || next >= to) {
                    index = to == Long.MAX_VALUE ? index : to;
                    break;
                }
                index = next + 1;
                long pfn = f.cachedPfn(next);
                if (!memMap.test(pfn, MemMap.PG_lru) || (zone != null && !zone.spans(pfn))) {
                    continue;
                }
                pgscanFile++;
                freed += scanPage(f, next, pfn, rmap);
            }
            cursorInode = f.inode;
            cursorIndex = index;
        }
        pgstealFile += freed;
        return freed;
    }

    /** Where the next scan starts: the file (by inode) and page index the last one stopped at. */
    private long cursorInode = -1;
    private long cursorIndex;

    /** One page: shrink_active_list() or shrink_folio_list(). Returns 1 when the page was freed. */
    private long scanPage(FileRef f, long index, long pfn, Rmap rmap) {
        List<long[]> maps = rmap.fileMappings(f, index, pfn);
        if (memMap.test(pfn, MemMap.PG_active)) {
            if (inactive >= active) {
                return 0; // inactive_is_low() is false: the active list is left alone
            }
            if (Rmap.referenced(pt, maps) > 0 && rmap.exec) {
                return 0; // shrink_active_list(): referenced executable file pages stay active
            }
            memMap.clear(pfn, MemMap.PG_active);
            active--;
            inactive++;
            return 0;
        }
        // folio_check_references()
        int refs = Rmap.referenced(pt, maps);
        boolean wasReferenced = memMap.test(pfn, MemMap.PG_referenced);
        memMap.clear(pfn, MemMap.PG_referenced);
        if (refs > 0) {
            memMap.set(pfn, MemMap.PG_referenced);
            if (wasReferenced || refs > 1 || rmap.exec) {
                memMap.set(pfn, MemMap.PG_active); // FOLIOREF_ACTIVATE
                active++;
                inactive--;
            }
            return 0; // FOLIOREF_KEEP
        }
        if (maps.size() != memMap.mapcount(pfn)) {
            return 0; // a mapping the walk did not find: try_to_unmap() would leave the page mapped
        }
        Rmap.unmapFile(pt, memMap, pfn, maps);
        if (memMap.refcount(pfn) != 1) {
            return 0; // someone else holds a reference: not freeable now
        }
        if (memMap.test(pfn, MemMap.PG_dirty)) {
            // pageout() → ->writepage(): the page's data goes to the file before the page is freed
            long[] words = new long[SwapArea.words()];
            for (int w = 0; w < words.length; w++) {
                words[w] = mem.read((pfn << 12) + 8L * w, 8);
            }
            f.writeback(index, words);
            memMap.clear(pfn, MemMap.PG_dirty);
            written++;
        }
        // __remove_mapping(): out of the page cache, a shadow entry stays; the cache's reference goes
        f.setCachedPfn(index, -1);
        f.leaveShadow(index, nonresidentAge++); // workingset_eviction(): the age, then workingset_age_nonresident()
        memMap.clear(pfn, MemMap.PG_uptodate | MemMap.PG_lru | MemMap.PG_active | MemMap.PG_referenced);
        buddy.freePages(pfn, 0);
        inactive--;
        return 1;
    }
}
