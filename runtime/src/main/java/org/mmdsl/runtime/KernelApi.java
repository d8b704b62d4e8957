package org.mmdsl.runtime;

import org.mmdsl.runtime.uapi.KernelFeature;
import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The kernel functions a scenario's kernel steps call by name ({@code kmalloc}, {@code kmap_atomic},
 * {@code __va}, ...), each with the kernel file that implements it and one line of documentation: the
 * words editors explain on hover. The release comes from {@link KernelFeature} where the function is
 * younger than 2.6.24. {@code value()} is the position.
 *
 * <p>Not one of {@link Vocabulary#SETS}: those are constants the kernel defines and the docs tabulate
 * with their values; these are function names, and the facade classes ({@link KernelMemory},
 * {@link KernelHighmem}, {@link Kernel}) say how each is modelled.
 */
public enum KernelApi implements KernelWord {
    KMALLOC("kmalloc", "kmalloc()", null, "mm/slub.c: a small object from the kmalloc-N cache of its size (__kmalloc() → slab_alloc_node()); above two pages, straight from the buddy allocator"),
    KZALLOC("kzalloc", "kzalloc()", null, "include/linux/slab.h: kmalloc() with __GFP_ZERO, the object zeroed"),
    KVMALLOC("kvmalloc", "kvmalloc()", KernelFeature.KVMALLOC.since(), "mm/util.c kvmalloc_node(): kmalloc(), falling back to vmalloc() when that fails or the size is large"),
    KFREE("kfree", "kfree()", null, "mm/slub.c: gives an object back to its slab cache (or a large one to the buddy allocator)"),
    VFREE("vfree", "vfree()", null, "mm/vmalloc.c: unmaps a vmalloc area, frees its frames and its guard page's address range"),
    KVFREE("kvfree", "kvfree()", KernelFeature.KVFREE.since(), "mm/util.c: kfree() or vfree(), whichever allocated the address (is_vmalloc_addr())"),
    VMALLOC("vmalloc", "vmalloc()", null, "mm/vmalloc.c __vmalloc_node_range(): order-0 frames mapped contiguously between VMALLOC_START and VMALLOC_END, with a guard page after"),
    VMAP("vmap", "vmap()", null, "mm/vmalloc.c: the caller's pages mapped in order into a new vmalloc area (VM_MAP); no frame is allocated"),
    VUNMAP("vunmap", "vunmap()", null, "mm/vmalloc.c: removes a vmap() area's mapping; the frames stay the caller's"),
    IOREMAP("ioremap", "ioremap()", null, "arch/x86/mm/ioremap.c: a device's physical range mapped uncached in the vmalloc space; RAM in use is refused"),
    IOUNMAP("iounmap", "iounmap()", null, "arch/x86/mm/ioremap.c: removes an ioremap() mapping"),
    VMALLOC_TO_PAGE("vmalloc_to_page", "vmalloc_to_page()", null, "mm/vmalloc.c: the struct page behind a vmalloc address, by a walk of the kernel page tables"),
    ALLOC_PAGES("alloc_pages", "alloc_pages()", null, "mm/page_alloc.c __alloc_pages(): 2^order contiguous frames from the buddy allocator, zone chosen by the GFP flags"),
    FREE_PAGES("free_pages", "free_pages()", null, "mm/page_alloc.c: gives 2^order frames back to the buddy allocator, merging buddies"),
    KMAP_ATOMIC("kmap_atomic", "kmap_atomic()", null, "mm/highmem.c (2.6: arch/x86/mm/highmem_32.c): a per-CPU fixmap slot for a page, without sleeping; lowmem pages get page_address()"),
    KUNMAP_ATOMIC("kunmap_atomic", "kunmap_atomic()", null, "releases the last kmap_atomic() slot of this CPU (the slots are a stack)"),
    KMAP_LOCAL_PAGE("kmap_local_page", "kmap_local_page()", KernelFeature.KMAP_LOCAL.since(), "mm/highmem.c __kmap_local_pfn_prot(): a CPU-local temporary mapping that may be preempted and nested"),
    KUNMAP_LOCAL("kunmap_local", "kunmap_local()", KernelFeature.KMAP_LOCAL.since(), "mm/highmem.c kunmap_local_indexed(): releases the newest kmap_local_page() slot"),
    PA("__pa", "__pa()", null, "arch/x86/include/asm/page.h: a direct-map (lowmem) kernel address minus PAGE_OFFSET; wrong, silently, for any other address"),
    VA("__va", "__va()", null, "arch/x86/include/asm/page.h: a physical address plus PAGE_OFFSET, its direct-map address; meaningless above lowmem"),
    VIRT_TO_PAGE("virt_to_page", "virt_to_page()", null, "the struct page of a direct-map address: pfn_to_page(__pa(addr) >> PAGE_SHIFT)"),
    PFN_TO_PAGE("pfn_to_page", "pfn_to_page()", null, "the struct page of a frame: mem_map + pfn (include/asm-generic/memory_model.h)"),
    PAGE_TO_PFN("page_to_pfn", "page_to_pfn()", null, "the frame of a struct page: its index in mem_map"),
    PAGE_ADDRESS("page_address", "page_address()", null, "mm/highmem.c: a page's kernel address: the direct map for lowmem, its kmap() slot for a mapped highmem page, else NULL"),
    PFN_VALID("pfn_valid", "pfn_valid()", null, "whether a frame number has a struct page (below max_pfn and in a present section)"),
    SET_PTE("set_pte", "set_pte()", null, "arch/x86/include/asm/pgtable.h: writes a page-table entry; the TLB is not flushed (flush_tlb_page() is the caller's job)"),
    INVLPG("invlpg", "invlpg", null, "the x86 instruction (__flush_tlb_one_user()): drops one address's TLB entry"),
    FLUSH_TLB_ALL("flush_tlb_all", "flush_tlb_all()", null, "arch/x86/mm/tlb.c: drops every TLB entry, global ones included");

    private final String word;
    private final String kernelName;
    private final String since;
    private final String doc;

    KernelApi(String word, String kernelName, String since, String doc) {
        this.word = word;
        this.kernelName = kernelName;
        this.since = since;
        this.doc = doc;
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    @Override
    public long value() {
        return ordinal();
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String doc() {
        return doc;
    }
}
