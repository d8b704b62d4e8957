/**
 * mm/highmem.c and arch/x86/include/asm/fixmap.h: the persistent kmap area (kmap()/kunmap(),
 * {@link org.mmdsl.runtime.highmem.Pkmap}) and the per-CPU fixmap slots of kmap_atomic: 6.1's
 * kmap_local stack ({@link org.mmdsl.runtime.highmem.KmapLocal}) and 2.6.24's km_type slots
 * (arch/x86/mm/highmem_32.c, {@link org.mmdsl.runtime.highmem.KmTypeSlots}); which one a machine
 * has is {@link org.mmdsl.runtime.highmem.HighmemApi}. Its addresses come from arch.KernelLayout;
 * the page table entries are written through {@link org.mmdsl.runtime.highmem.KernelPteWriter} by
 * pgtable. The atomic-context checks that use these slots live in runtime.KernelHighmem.
 */
package org.mmdsl.runtime.highmem;
