/**
 * The boot sequence: the memory half of init/main.c start_kernel() (arch/x86/kernel/setup.c
 * setup_arch(), mm_core_init()/mm_init(), the initcalls that set the watermarks), in {@link
 * org.mmdsl.runtime.init.Setup}, with what each kernel model does differently in {@code Setup26}
 * (2.6.24) and {@code Setup61} (6.1, also the kernel side of 6.18), the SRAT's NUMA nodes in
 * {@code NumaInit} (arch/x86/mm/numa.c). The result is the booted physical machine, {@link
 * org.mmdsl.runtime.init.PhysicalMemory} (pglist_data of every node and the globals around it).
 *
 * <p>Layer: above everything boot builds (arch's parameters and e820, memblock, page, zone,
 * pagealloc, pgtable's early tables); below proc, which prints the machine, and the facade, which
 * boots it. Neighbours: the x86 facts it reads (BootParams, E820, KernelLayout, KernelModel) are in
 * {@code arch}; the rules it applies (watermarks, zone sizes) live with their structures in
 * {@code zone}, {@code pagealloc} and {@code memblock}.
 */
package org.mmdsl.runtime.init;
