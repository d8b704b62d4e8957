package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The address space a fresh exec leaves, as fs/binfmt_elf.c load_elf_binary() lays it out for a
 * static binary under ADDR_NO_RANDOMIZE: setup_arg_pages()'s [stack], elf_map() of each
 * PT_LOAD, set_brk() for the bss, mmap_base (arch/x86/mm/mmap.c mmap_base(),
 * arch_pick_mmap_layout()) and the vDSO's special mappings (arch/x86/entry/vdso/vma.c
 * map_vdso(), _install_special_mapping()).
 *
 * <p>Neighbours: the segments are mapped with the rules of {@link Mmap} (MAP_FIXED,
 * MAP_FIXED_NOREPLACE) and placed by {@link UnmappedArea}; the binary's sizes are an
 * {@link ExecImage}; the 2.6.24 compat vDSO and [vsyscall] are not VMAs
 * ({@link MmStruct#hasGateVdso}).
 */
final class ExecLayout {
    private static final long SIZE_128M = 128L << 20;

    private ExecLayout() {
    }

    /** Installs a special mapping ([vvar], [vdso]) as _install_special_mapping() does. */
    private static void installSpecialMapping(MmStruct mm, long addr, long len, long vmFlags, Vma.Special which) {
        mm.insert(new Vma(addr, addr + len, vmFlags, 0, null, 0, which));
    }

    /**
     * Lays out a freshly exec'd static binary as fs/binfmt_elf.c load_elf_binary() does under
     * ADDR_NO_RANDOMIZE: stack (setup_arg_pages()), text, data, bss, start_brk = brk =
     * PAGE_ALIGN(end of bss) with no [heap] yet, mmap_base, then the vDSO.
     *
     * <pre>
     *   i386 (3G/1G, 8 MiB stack rlimit)        x86_64 (4-level)
     *   08048000 text r-xp off 0                00400000 ELF header r--p off 0
     *   ........ data rw-p (file)               00401000 text r-xp off 0x1000
     *   ........ bss  rw-p (anon)               ........ data rw-p, bss rw-p
     *   b7ffa000 [vvar] 4 pages                 7ffff7ff7000 [vvar] (6.18: + [vvar_vclock])
     *   b7ffe000 [vdso] 2 pages → mmap_base     7ffff7ffd000 [vdso] → mmap_base 7ffff7fff000
     *   bffdf000 [stack] 0x21000 → c0000000     7ffffffde000 [stack] → 7ffffffff000
     * </pre>
     * vDSO sizes (6.1, arch/x86/entry/vdso): vdso-layout.lds.S reserves 4 vvar pages (vvar data,
     * pvclock, hvclock, timens) before the text; the vdso text images (vdso64.so and vdso32.so)
     * are 2 pages each in 6.1 builds, so [vdso] is 0x2000 for both task kinds. 6.18 splits the
     * clock pages into [vvar_vclock] (2 pages). Both are mapped by one top-down
     * get_unmapped_area() (map_vdso(image, 0) under ADDR_NO_RANDOMIZE), so they end at mmap_base.
     * The bss inside the data segment's last file page stays in the data VMA.
     *
     * <p>{@link KernelVersion#V2_6} (2.6.24 i386): a [stack] of 0x15000 at bffeb000, mmap_base without
     * the guard gap (or TASK_UNMAPPED_BASE for an unlimited stack), and no vDSO VMA: the compat
     * vDSO is the fixmap page at 0xffffe000 ({@link MmStruct#hasGateVdso()}).
     */
    static long execLayout(MmStruct mm, ExecImage img) {
        mm.exeFile = img.file(); // set_mm_exe_file() in begin_new_exec(), before the segments are mapped
        if (mm.mapCount() != 0) {
            throw new IllegalStateException("execLayout on a non-empty mm");
        }
        mm.execFailure = null;
        long stackTop = mm.taskSize;
        mm.stackRlimit = img.stackRlimitBytes();
        // An unlimited stack does not pick the legacy layout on x86: arch/x86/mm/mmap.c mmap_is_legacy()
        // looks only at ADDR_COMPAT_LAYOUT and vm.legacy_va_layout (unlike mm/util.c's generic one);
        // mmap_base() clamps the gap to TASK_SIZE/6*5 instead (findings.md §2, cases 39-42).
        if (mm.version == KernelVersion.V2_6 && img.stackRlimitBytes() == ExecImage.RLIM_INFINITY) {
            // 2.6.24 arch/x86/mm/mmap_32.c arch_pick_mmap_layout(): "Fall back to the standard layout
            // if the personality bit is set, or if the expected stack growth is unlimited"
            mm.legacyLayout = true;
        }
        mm.mmapBase = mm.legacyLayout ? UnmappedArea.taskUnmappedBase(mm)
                : mmapBaseFor(mm, img.stackRlimitBytes());
        long stackFlags = Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_STACK | Vma.VM_ACCOUNT;
        long stackStart = stackTop
                - (mm.version == KernelVersion.V2_6 ? MmStruct.INITIAL_STACK_SIZE_2_6 : MmStruct.INITIAL_STACK_SIZE);
        mm.insert(new Vma(stackStart, stackTop, stackFlags, stackStart >>> 12, null, 0, Vma.Special.NONE));
        mm.startStack = stackTop - MmStruct.PAGE_SIZE; // argv/envp are not modelled: the top page holds them
        FileRef exe = img.file();
        long textStart;
        long textFileOff;
        long base = img.is64() ? 0x400000L : 0x08048000L;
        long exeFlags = Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC;
        boolean first = true;
        if (img.headerPage()) {
            long r = elfMap(mm, "the ELF header", base, MmStruct.PAGE_SIZE, MmStruct.PAGE_SIZE,
                    Vma.VM_READ | exeFlags, 0, exe, first);
            if (r != 0) {
                return r;
            }
            first = false;
            textStart = base + MmStruct.PAGE_SIZE;
            textFileOff = MmStruct.PAGE_SIZE;
        } else {
            textStart = base;
            textFileOff = 0;
        }
        long textEnd = MmStruct.pageAlign(textStart + img.textBytes());
        if (img.textBytes() > 0) {
            long r = elfMap(mm, "the text segment", textStart, img.textBytes(), img.textBytes(),
                    Vma.VM_READ | Vma.VM_EXEC | exeFlags, textFileOff >>> 12, exe, first);
            if (r != 0) {
                return r;
            }
            first = false;
        }
        mm.startCode = textStart;
        mm.endCode = textStart + img.textBytes();
        long dataStart = textEnd;
        long dataFileOff = textFileOff + (textEnd - textStart);
        long dataEnd = dataStart + img.dataBytes();
        long fileEnd = MmStruct.pageAlign(dataEnd);
        long dataFlags = Vma.VM_READ | Vma.VM_WRITE | exeFlags | Vma.VM_ACCOUNT;
        if (img.dataBytes() > 0 || img.bssBytes() > 0) {
            long r = elfMap(mm, "the data segment", dataStart, img.dataBytes(), img.dataBytes() + img.bssBytes(),
                    dataFlags, dataFileOff >>> 12, exe, first);
            if (r != 0) {
                return r;
            }
        }
        mm.startData = dataStart;
        mm.endData = dataEnd;
        long bssEnd = MmStruct.pageAlign(dataEnd + img.bssBytes());
        if (bssEnd > fileEnd) {
            // set_brk() -> vm_brk_flags(): do_vmi_munmap() of what lies there first (the p_memsz
            // check above keeps it below TASK_SIZE, but it may reach into [stack])
            long r = Mmap.doMunmap(mm, fileEnd, bssEnd);
            if (r != 0) {
                mm.execFailure = "set_brk() of the bss at 0x" + Long.toHexString(fileEnd);
                return r;
            }
            mm.insert(new Vma(fileEnd, bssEnd, Vma.VM_DATA_DEFAULT_FLAGS | Vma.VM_ACCOUNT, fileEnd >>> 12, null, 0,
                    Vma.Special.NONE));
        }
        mm.startBrk = bssEnd;
        mm.brk = bssEnd;
        mapVdso(mm);
        return 0;
    }

    /**
     * Mirrors fs/binfmt_elf.c elf_map() -> vm_mmap() -> do_mmap() for one PT_LOAD segment of a
     * static ET_EXEC binary at {@code vaddr} (page aligned), {@code filesz} bytes of the file
     * mapped, then load_elf_binary()'s p_memsz check. The rules, in the kernel's order:
     * <ul>
     * <li>get_unmapped_area() with MAP_FIXED: a length above TASK_SIZE, or an end above TASK_SIZE
     * ({@code addr > TASK_SIZE - len}), is -ENOMEM (2.6.24 do_mmap_pgoff() and mm/mmap.c
     * get_unmapped_area() say the same);</li>
     * <li>the first PT_LOAD of 5.10+ (6.1, 6.18) is mapped MAP_FIXED_NOREPLACE: a VMA already
     * there (the [stack] setup_arg_pages() made first) is -EEXIST, and elf_map() prints "Uhuuh";
     * the later ones, and every one under 2.6.24, are MAP_FIXED: what lies there is unmapped;</li>
     * <li>after the map, "set_brk can never work": p_memsz &gt; TASK_SIZE or TASK_SIZE - p_memsz
     * &lt; p_vaddr is -EINVAL.</li>
     * </ul>
     * A failure here is past the point of no return (begin_new_exec()/flush_old_exec()): the
     * caller kills the task. Does not charge RLIMIT_AS or the overcommit limit; does not merge.
     *
     * @return 0, or -errno with {@link MmStruct#execFailure} set
     */
    private static long elfMap(MmStruct mm, String what, long vaddr, long filesz, long memsz, long vmFlags, long pgoff,
            FileRef exe, boolean firstPtLoad) {
        long len = MmStruct.pageAlign(filesz);
        String where = what + " at 0x" + Long.toHexString(vaddr) + " (0x" + Long.toHexString(memsz) + " bytes)";
        mm.execFailureAddr = vaddr;
        if (len != 0) {
            if (Long.compareUnsigned(len, mm.taskSize) > 0 || Long.compareUnsigned(vaddr, mm.taskSize - len) > 0) {
                mm.execFailure = "elf_map() of " + where;
                return Errno.ENOMEM.asResult();
            }
            if (firstPtLoad && mm.version != KernelVersion.V2_6) {
                if (mm.findVmaIntersection(vaddr, vaddr + len) != null) {
                    mm.execFailure = "elf_map() of " + where;
                    return Errno.EEXIST.asResult();
                }
            } else {
                long r = Mmap.doMunmap(mm, vaddr, vaddr + len);
                if (r != 0) {
                    mm.execFailure = "elf_map() of " + where;
                    return r;
                }
            }
            mm.insert(new Vma(vaddr, vaddr + len, vmFlags, pgoff, exe, 0, Vma.Special.NONE));
        }
        if (Long.compareUnsigned(memsz, mm.taskSize) > 0 || Long.compareUnsigned(mm.taskSize - memsz, vaddr) < 0) {
            mm.execFailure = "load_elf_binary() of " + where + ": set_brk can never work";
            return Errno.EINVAL.asResult();
        }
        return 0;
    }

    /**
     * Mirrors arch/x86/mm/mmap.c mmap_base(): PAGE_ALIGN(TASK_SIZE - gap), gap = rlimit +
     * stack_guard_gap clamped to [128 MiB, TASK_SIZE / 6 * 5] (no randomisation).
     */
    static long mmapBaseFor(MmStruct mm, long stackRlimitBytes) {
        long gap = stackRlimitBytes;
        // 2.6.24 mmap_32.c: the rlimit alone
        long pad = mm.version == KernelVersion.V2_6 ? 0 : MmStruct.STACK_GUARD_GAP;
        if (gap != ExecImage.RLIM_INFINITY && gap + pad > gap) {
            gap += pad;
        }
        long gapMax = (mm.taskSize / 6) * 5;
        if (gap == ExecImage.RLIM_INFINITY || Long.compareUnsigned(gap, gapMax) > 0) {
            gap = gapMax;
        } else if (gap < SIZE_128M) {
            gap = SIZE_128M;
        }
        return MmStruct.pageAlign(mm.taskSize - gap);
    }

    private static void mapVdso(MmStruct mm) {
        if (mm.hasGateVdso()) {
            // 2.6.24 arch_setup_additional_pages(), compat: map_compat_vdso(1) sets the FIX_VDSO pte,
            // mm->context.vdso = VDSO_HIGH_BASE, no VMA
            mm.kpt.mapCompatVdso(mm.kpt.compatVdsoAddr());
            return;
        }
        long vvar = 4 * MmStruct.PAGE_SIZE;
        long vclock = mm.version == KernelVersion.V6_18 ? 2 * MmStruct.PAGE_SIZE : 0;
        long vdso = 2 * MmStruct.PAGE_SIZE;
        long addr = UnmappedArea.getUnmappedArea(mm, null, 0, vvar + vclock + vdso, 0, Mman.MAP_SHARED);
        long vvarFlags = Vma.VM_READ | Vma.VM_MAYREAD | Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP | Vma.VM_PFNMAP
                | Vma.VM_IO;
        installSpecialMapping(mm, addr, vvar, vvarFlags, Vma.Special.VVAR);
        if (vclock != 0) {
            installSpecialMapping(mm, addr + vvar, vclock, vvarFlags, Vma.Special.VVAR_VCLOCK);
        }
        installSpecialMapping(mm, addr + vvar + vclock, vdso, Vma.VM_READ | Vma.VM_EXEC | Vma.VM_MAYREAD
                | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC | Vma.VM_DONTEXPAND, Vma.Special.VDSO);
    }
}
