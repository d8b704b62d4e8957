/**
 * The hardware: physical memory contents ({@link org.mmdsl.runtime.mmu.PhysMem}) and the MMU's
 * page walk with the x86 permission checks and accessed/dirty updates
 * ({@link org.mmdsl.runtime.mmu.Mmu}); no kernel file mirrors these, the Intel SDM vol. 3 ch. 4 does.
 *
 * <p>Neighbours: page-table construction is in {@code pgtable}; what the kernel does with a fault
 * is in {@code fault} (mm/memory.c, arch/x86/mm/fault.c); the kind of an access (the fault error
 * code's write/instruction bits) is {@code arch.Access}, below, as events report it too. The TLB
 * ({@code Tlb}) sits in front of {@code Mmu.translate} here.
 */
package org.mmdsl.runtime.mmu;
