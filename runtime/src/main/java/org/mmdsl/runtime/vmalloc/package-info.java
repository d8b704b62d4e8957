/**
 * mm/vmalloc.c: vmap areas in VMALLOC_START..VMALLOC_END with a guard page each, vmalloc/vfree,
 * lazy purging, vmalloc_to_page() and /proc/vmallocinfo. Addresses come from arch.KernelLayout,
 * the ptes are written in swapper_pg_dir by pgtable.KernelPageTables, pages come from pagealloc;
 * kmalloc lives in slab.
 */
package org.mmdsl.runtime.vmalloc;
