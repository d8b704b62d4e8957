package org.mmdsl.ide.hover;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.mmdsl.parser.GrammarWords;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.uapi.KernelWord;

/**
 * One line of kernel documentation per keyword: where the kernel implements the statement and what it
 * does; for the words the language shares with the kernel (flags, sharing types, show targets, boot
 * options, GFP flags, zones) and the kernel functions kernel steps call (runtime KernelApi: kmalloc,
 * kmap_atomic, __va, ...), the vocabulary's line. Shown when hovering a keyword; completion uses it as the item's detail.
 */
public final class KernelDocs {
    private KernelDocs() {
    }

    private static final Map<String, String> DOCS = Map.ofEntries(
            Map.entry("boot", "arch/x86/kernel/setup.c setup_arch(): e820 map, memblock, zones, then mem_init() hands memory to the buddy allocator"),
            Map.entry("process", "kernel/fork.c: a new task with its own mm_struct (mm_alloc() + pgd_alloc())"),
            Map.entry("thread", "kernel/fork.c copy_process() with CLONE_VM: a task sharing its parent's mm_struct"),
            Map.entry("fork", "kernel/fork.c dup_mm(): copies the VMAs and write-protects private pages for copy-on-write"),
            Map.entry("clone", "kernel/fork.c copy_mm(): with CLONE_VM the child takes a reference on the parent's mm (mm_users + 1)"),
            Map.entry("exec", "fs/exec.c + fs/binfmt_elf.c load_elf_binary(): a fresh mm with text, data, bss, [stack]; as a step: an instruction fetch"),
            Map.entry("mmap", "mm/mmap.c do_mmap(): finds a free range (get_unmapped_area) and creates or merges a VMA; no frame until the first fault"),
            Map.entry("munmap", "mm/mmap.c do_vmi_munmap(): splits VMAs at the edges, removes the range and frees its frames"),
            Map.entry("set_mempolicy", "mm/mempolicy.c do_set_mempolicy(): the task's NUMA policy (default, preferred, bind, interleave, local) for its next pages"),
            Map.entry("mbind", "mm/mempolicy.c do_mbind() -> mbind_range(): the NUMA policy of a range's VMAs, split at the edges"),
            Map.entry("mprotect", "mm/mprotect.c mprotect_fixup(): changes VM_READ/WRITE/EXEC, splitting or merging VMAs, and rewrites the PTEs"),
            Map.entry("brk", "mm/mmap.c sys_brk(): grows or shrinks the heap VMA that starts at start_brk"),
            Map.entry("find_vma", "mm/mmap.c find_vma(): the first VMA with vm_end > addr, which need not contain addr; NULL above the last (2.6: through mm->mmap_cache)"),
            Map.entry("find_vma_prev", "mm/mmap.c find_vma_prev(): find_vma()'s VMA and, in *pprev, the VMA before it"),
            Map.entry("find_vma_intersection", "find_vma_intersection(mm, start, end): the first VMA overlapping [start, end), or NULL (6.1 mm/mmap.c mt_find(); 2.6 include/linux/mm.h)"),
            Map.entry("read", "a load through the MMU; a missing or forbidden page goes to arch/x86/mm/fault.c do_user_addr_fault()"),
            Map.entry("write", "a store through the MMU: a first write faults in a zeroed frame (do_anonymous_page) or copies (do_wp_page)"),
            Map.entry("translate", "the page walk of an address: its bit split, each level's index, entry, flags and next pfn, then the physical address or the fault (mm/pgtable-generic.c, arch/x86/mm/pgtable.c)"),
            Map.entry("kmap", "mm/highmem.c kmap(): a lowmem page's direct-map address, or a pkmap slot for a highmem page (may sleep)"),
            Map.entry("kunmap", "mm/highmem.c kunmap(): drops the pkmap reference; the slot is reused after the next flush_all_zero_pkmaps()"),
            Map.entry("kernel", "kernel context: steps that call kernel services directly"),
            Map.entry("in", "kernel in TASK: the block runs with TASK current, its page tables in CR3 (switch_mm()); "
                    + "2.6 i386 takes vmalloc faults there (arch/x86/mm/fault_32.c)"),
            Map.entry("show", "reads a /proc file or the boot log at this point of the run"),
            Map.entry("walk", "show picture walk ADDR: the page walk of ADDR drawn: index bits, CR3, each level's entry and flags, the page and byte or where it stops (Intel SDM vol. 3 ch. 4, docs/pictures.md)"),
            Map.entry("physical", "show picture physical: physical memory drawn from the e820 map, memblock's reservations, the zones and what each frame's struct page holds (docs/pictures.md)"),
            Map.entry("buddy", "show picture buddy: each zone's free_area[order].nr_free drawn as bars (mm/page_alloc.c, /proc/buddyinfo; docs/pictures.md)"),
            Map.entry("exit", "kernel/exit.c do_exit() → exit_mm(): mmput() frees the mm when its last user goes"),
            Map.entry("expect", "a check of the run: the statement's outcome (fault, errno, value, address) or the state at this point"),
            Map.entry("fault", "the signal arch/x86/mm/fault.c sends: SIGSEGV (SEGV_MAPERR, SEGV_ACCERR) or SIGBUS; in a device mmap, the driver's vm_operations_struct.fault (2.6: nopage) that mm/memory.c __do_fault() calls for each page"),
            Map.entry("errno", "the error a system call returned (include/uapi/asm-generic/errno-base.h)"),
            Map.entry("zone", "include/linux/mmzone.h struct zone: DMA, DMA32, Normal, HighMem"),
            Map.entry("file", "a file mapping: pages come from the file's page cache (mm/filemap.c filemap_fault())"),
            Map.entry("stack", "MAP_STACK, or for exec: RLIMIT_STACK, which sets mmap_base below the stack gap"),
            Map.entry("page", "one 4 KB page; after kmap/kunmap: the frame by its pfn"),
            Map.entry("pages", "4 KB pages"),
            Map.entry("pte", "expect pte ADDR flags|pfn: the leaf entry that maps ADDR (arch/x86/include/asm/pgtable_types.h _PAGE_* bits, pte_pfn()), by a software walk"),
            Map.entry("pfn", "a page frame number: the physical address >> PAGE_SHIFT (pte_pfn(), page_to_pfn())"),
            Map.entry("refcount", "page_ref_count(): the references held on struct page (include/linux/page_ref.h)"),
            Map.entry("mapcount", "page_mapcount(): how many page-table entries map the page (include/linux/mm.h)"),
            Map.entry("tlb", "the dTLB (arch/x86/mm/tlb.c): expect tlb hit|miss after an access; show tlb lists its entries"),
            Map.entry("notpresent", "the walk stopped at an entry without _PAGE_PRESENT: an access there raises #PF (arch/x86/mm/fault.c)"),
            Map.entry("vmas", "mm->map_count: the VMAs of the mm (include/linux/mm_types.h); the gate VMA is none of them"),
            Map.entry("rss", "the mm's rss_stat counters in pages (include/linux/mm_types_task.h); get_mm_rss() = file + anon + shmem"),
            Map.entry("has", "expect maps has \"LINE\": one line of /proc/PID/maps (fs/proc/task_mmu.c show_map_vma()) is LINE"),
            Map.entry("opens", "expect device PATH opens N: calls of the mappings' vm_operations_struct.open (the driver's mmap as LDD3's do, kernel/fork.c dup_mmap(), mm/mmap.c __split_vma(), copy_vma())"),
            Map.entry("closes", "expect device PATH closes N: calls of vm_operations_struct.close (mm/mmap.c remove_vma(): munmap, exit_mmap(), a split's removed part)"),
            Map.entry("faults", "expect device PATH faults N: calls of the driver's vm_operations_struct.fault (2.6: nopage, nopfn) from mm/memory.c __do_fault()"));

    /** The vocabulary set a rule's keywords come from, where two sets share a word (fixed, sync, onfault, growsdown, tlb). */
    private static final Map<String, Vocabulary.WordSet> RULE_SETS = Map.ofEntries(
            Map.entry("Mmap", Vocabulary.MAP_FLAGS), Map.entry("MapFlag", Vocabulary.MAP_FLAGS),
            Map.entry("Sharing", Vocabulary.MAP_TYPES), Map.entry("Mprotect", Vocabulary.PROT),
            Map.entry("Mremap", Vocabulary.MREMAP_FLAGS), Map.entry("MsyncFlag", Vocabulary.MSYNC_FLAGS),
            Map.entry("Mlock", Vocabulary.MLOCK_FLAGS), Map.entry("Mlockall", Vocabulary.MLOCKALL_FLAGS),
            Map.entry("TlbOption", Vocabulary.BOOT_PARAMS), Map.entry("RssCounter", Vocabulary.MM_COUNTERS));

    /**
     * The words of the vocabulary (runtime Vocabulary: mmap flags, show targets, ...) as "KERNEL_NAME: doc";
     * where two sets share a word, the first set's (MAP_FIXED before MREMAP_FIXED). A keyword above
     * (statements, boot options, `stack`, `page`) keeps its own line.
     */
    private static final Map<String, String> WORDS = new HashMap<>();

    static {
        for (KernelWord w : Vocabulary.KERNEL_API.words()) {
            WORDS.put(w.word(), line(w));
        }
        for (Vocabulary.WordSet set : Vocabulary.SETS) {
            for (KernelWord w : set.words()) {
                if (!DOCS.containsKey(w.word())) {
                    WORDS.putIfAbsent(w.word(), line(w));
                }
            }
        }
    }

    private static String line(KernelWord w) {
        return w.kernelName() + ": " + w.doc();
    }

    /** The line for {@code keyword}, or null. */
    public static String of(String keyword) {
        String doc = DOCS.get(keyword);
        return doc != null ? doc : WORDS.get(keyword);
    }

    /**
     * The line for a word of a vocabulary set that the grammar takes as a name ({@code GFP_KERNEL} of
     * kmalloc, {@code HighMem} of a zone check, {@code ENOMEM}: parser.GrammarWords.ID_SETS), or null.
     */
    public static String ofId(EObject element, Assignment assignment, String text) {
        if (assignment == null) {
            return null;
        }
        Vocabulary.WordSet set = GrammarWords.idSet(element.eClass().getName(), assignment.getFeature());
        KernelWord w = set == null ? null : set.byWord(text);
        return w == null ? null : "`" + text + "` — " + line(w);
    }

    /** The line for {@code keyword} written in grammar rule {@code rule} ("Msync" → MS_SYNC for `sync`), or null. */
    public static String of(String keyword, String rule) {
        Vocabulary.WordSet set = RULE_SETS.get(rule);
        KernelWord w = set == null || DOCS.containsKey(keyword) ? null : set.byWord(keyword);
        return w != null ? line(w) : of(keyword);
    }
}
