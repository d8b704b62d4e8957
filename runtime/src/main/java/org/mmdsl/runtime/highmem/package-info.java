/**
 * mm/highmem.c and arch/x86/include/asm/fixmap.h: the persistent kmap area (kmap()/kunmap(),
 * {@link org.mmdsl.runtime.highmem.Pkmap}). Its addresses come from arch.KernelLayout; the page
 * table entries are written through {@link org.mmdsl.runtime.highmem.KernelPteWriter} by pgtable.
 */
package org.mmdsl.runtime.highmem;
