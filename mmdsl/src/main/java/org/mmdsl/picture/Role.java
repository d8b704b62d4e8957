package org.mmdsl.picture;

/**
 * What a drawn element stands for; the renderer picks its colour. Kinds of VMA (procmap's colouring),
 * kinds of frame (what the struct page says the frame holds), regions of the kernel's address space,
 * and the parts of a page walk. Naming roles, not colours, lets another renderer (HTML, an editor's
 * theme) choose its own palette.
 */
public enum Role {
    /** Text and lines. */
    INK, MUTED, BORDER,
    /** VMAs by kind. */
    TEXT_SEGMENT, DATA, HEAP, ANON, FILE, STACK, VDSO, DEVICE,
    /** Unmapped space, the stack guard gap, guard pages. */
    GAP, GUARD,
    /** Frames and physical ranges. */
    RAM, FREE, USER, PAGE_CACHE, SLAB, PAGE_TABLE, KERNEL, KERNEL_IMAGE, MEMMAP, RESERVED, HOLE,
    /** Zones. */
    ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_HIGHMEM,
    /** Kernel virtual regions. */
    USER_SPACE, DIRECT_MAP, VMALLOC, VMALLOC_AREA, PKMAP, PKMAP_SLOT, FIXMAP, KMAP_LOCAL_SLOT, KERNEL_REGION,
    /** A page walk: the highlighted index bits, a table, the entry followed, the page reached, a fault. */
    INDEX, TABLE, ENTRY, PAGE, FAULT,
    /** Buddy bars. */
    BAR;

    /** The role's word in CSS classes and the text form ("text-segment", "page-cache"). */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
