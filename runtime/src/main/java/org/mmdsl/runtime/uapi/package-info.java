/**
 * The vocabulary the simulator shares with the language: each set of words is an enum of
 * {@link org.mmdsl.runtime.uapi.KernelWord} with its value, kernel spelling, first release and doc line
 * - errno values (include/uapi/asm-generic/errno-base.h, errno.h), signals and si_codes
 * (include/uapi/asm-generic/siginfo.h), PROT_*, MAP_*, MREMAP_*, MADV_*, MS_*, MLOCK_ and MCL_ bits
 * (include/uapi/asm-generic/mman-common.h, arch/x86/include/uapi/asm/mman.h), open flags and file seals
 * (include/uapi/asm-generic/fcntl.h, linux/fcntl.h), resource limits (asm-generic/resource.h), the show targets, and
 * the kernel versions with what each has ({@link org.mmdsl.runtime.uapi.KernelVersion#has},
 * {@link org.mmdsl.runtime.uapi.KernelFeature}). GFP flags live beside the allocator (pagealloc), zones
 * and watermarks in zone, km_types in highmem, the boot statement's words in arch; org.mmdsl.runtime.Vocabulary lists every set.
 *
 * <p>Nothing here has behaviour: the rules that use these numbers live in {@code vma} (mmap family,
 * open files, seals, limits) and {@code fault} (signals). The bottom layer: imports nothing of the runtime.
 */
package org.mmdsl.runtime.uapi;
