/**
 * The user-visible ABI numbers the simulator shares with the language: errno values
 * (include/uapi/asm-generic/errno-base.h, errno.h), signals and si_codes
 * (include/uapi/asm-generic/siginfo.h), PROT_* and MAP_* bits (include/uapi/asm-generic/mman-common.h,
 * arch/x86/include/uapi/asm/mman.h).
 *
 * <p>Nothing here has behaviour: the rules that use these numbers live in {@code vma} (mmap family)
 * and {@code fault} (signals).
 */
package org.mmdsl.runtime.uapi;
