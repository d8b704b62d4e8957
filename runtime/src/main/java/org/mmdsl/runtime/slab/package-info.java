/**
 * mm/slub.c and mm/slab_common.c: the kmalloc caches (kmalloc-8 … kmalloc-8k, kmalloc-96/-192 and
 * their dma-kmalloc twins), kmalloc/kzalloc/kfree and /proc/slabinfo. Slab pages come from the buddy
 * allocator in pagealloc; kvmalloc's vmalloc fallback lives in vmalloc; page_address() of a slab
 * page is the direct map of arch.KernelLayout.
 */
package org.mmdsl.runtime.slab;
