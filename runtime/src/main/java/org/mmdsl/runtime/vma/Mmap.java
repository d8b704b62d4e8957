package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelFeature;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.MapFlag;
import org.mmdsl.runtime.uapi.Mman;

/**
 * mmap() and munmap() as mm/mmap.c does them: do_mmap() (with ksys_mmap_pgoff()'s offset check),
 * mmap_region(), may_expand_vm(), mlock_future_ok(), the munmap path (__vm_munmap(),
 * do_vmi_munmap(), do_vmi_align_munmap(): mm/vma.c in 6.x), expand_downwards() for stack growth
 * and exit_mmap(). {@link #checkMmap} and {@link #checkMunmap} are the argument checks the kernel
 * makes before it touches the address space, callable without an mm.
 *
 * <p>Neighbours: where a new map goes is {@link UnmappedArea}; split and merge are
 * {@link VmaMerge}; sealing is {@link Mseal}; the ptes a munmap clears are {@link Zap}; the
 * overcommit charge is {@link Overcommit}.
 *
 * <pre>
 *   mmap(0, 2p, rw-, PRIVATE|ANON)  [B 4p]      -&gt;  [new 2p][B 4p]   (top-down, below B)
 *   munmap(B+1p, 2p)                [B 4p]      -&gt;  [B 1p]  [B 1p]   (split at both edges)
 * </pre>
 */
public final class Mmap {
    /** The x86 MAP_ flags the kernel accepts under MAP_SHARED_VALIDATE (LEGACY_MAP_MASK). */
    private static final int LEGACY_MAP_MASK = Mman.MAP_SHARED | Mman.MAP_PRIVATE | Mman.MAP_FIXED
            | Mman.MAP_ANONYMOUS | Mman.MAP_DENYWRITE | Mman.MAP_EXECUTABLE | 0x4000000 /* MAP_UNINITIALIZED */
            | Mman.MAP_GROWSDOWN | Mman.MAP_LOCKED | Mman.MAP_NORESERVE | Mman.MAP_POPULATE | Mman.MAP_NONBLOCK
            | Mman.MAP_STACK | Mman.MAP_HUGETLB;

    private Mmap() {
    }

    // ---------------------------------------------------------------- argument checks
    // The checks mmap() and munmap() make on their arguments alone, in the kernel's order: pure
    // functions of plain values, 0 or -errno. The system calls below call each at its place
    // (between them the kernel looks at the fd, map_count, mmap_min_addr, the mlock limit and the
    // file's open mode); checkMmap() runs them all for a caller without an mm.

    /**
     * All of mmap()'s argument checks in the kernel's order, as if every check between them that
     * needs the address space, the fd or the file passed: the fd is valid and open for what the
     * map needs, map_count is below its limit, the address is allowed (mmap_min_addr, nothing in
     * the way of MAP_FIXED_NOREPLACE), the mlock limits hold and the file has an ->mmap.
     *
     * @param shmem the file is on shmem (a memfd, /dev/shm): MAP_SYNC is not a flag it knows;
     *     ignored for MAP_ANONYMOUS
     * @return 0, or -EINVAL, -ENOMEM, -EOVERFLOW, -EOPNOTSUPP
     */
    public static long checkMmap(long addr, long len, int flags, long offset, long taskSize, boolean shmem) {
        long r = checkMmapOffset(offset);
        if (r == 0) {
            r = checkDoMmap(flags, len, offset, taskSize);
        }
        long alen = MmStruct.pageAlign(len);
        if (r == 0) {
            int fixed = (flags & Mman.MAP_FIXED_NOREPLACE) != 0 ? flags | Mman.MAP_FIXED : flags;
            r = UnmappedArea.checkGetUnmappedArea(addr, alen, fixed, taskSize);
        }
        boolean fileMap = (flags & Mman.MAP_ANONYMOUS) == 0;
        if (r == 0) {
            r = checkMapType(flags, alen, offset, fileMap, shmem);
        }
        if (r == 0 && fileMap) {
            r = checkFileMapFlags(flags, shmem);
        }
        return r;
    }

    /** Mirrors arch/x86/kernel/sys_x86_64.c sys_mmap(): an offset that is not page aligned is EINVAL. */
    public static long checkMmapOffset(long offset) {
        return (offset & ~MmStruct.PAGE_MASK) != 0 ? Errno.EINVAL.asResult() : 0;
    }

    /**
     * Mirrors the argument checks of ksys_mmap_pgoff() once the fd is known good (MAP_HUGETLB on a
     * file that is not on hugetlbfs: EINVAL) and the first ones of do_mmap(): a zero length is
     * EINVAL, a length that PAGE_ALIGN() wraps to 0 or that exceeds TASK_SIZE ENOMEM, an offset
     * whose last page overflows EOVERFLOW. Does not check the fd (EBADF) or map_count.
     */
    public static long checkDoMmap(int flags, long len, long offset, long taskSize) {
        if ((flags & Mman.MAP_ANONYMOUS) == 0 && (flags & Mman.MAP_HUGETLB) != 0) {
            return Errno.EINVAL.asResult(); // MAP_HUGETLB on a file that is not on hugetlbfs
        }
        if (len == 0) {
            return Errno.EINVAL.asResult();
        }
        long alen = MmStruct.pageAlign(len);
        if (alen == 0 || Long.compareUnsigned(alen, taskSize) > 0) {
            return Errno.ENOMEM.asResult();
        }
        long pgoff = offset >>> 12;
        if (pgoff + (alen >>> 12) < pgoff) {
            return Errno.EOVERFLOW.asResult();
        }
        return 0;
    }

    /**
     * Mirrors the argument checks of do_mmap()'s switch on the map type, up to where it looks at
     * the file's open mode. A file map ({@code fileMap}): an offset + length beyond
     * MAX_LFS_FILESIZE is EOVERFLOW (file_mmap_ok()), a flag MAP_SHARED_VALIDATE does not know
     * EOPNOTSUPP (LEGACY_MAP_MASK, plus MAP_SYNC where the file's f_op has FOP_MMAP_SYNC: ext4,
     * not shmem), a map type other than PRIVATE, SHARED and SHARED_VALIDATE EINVAL. Anonymous
     * memory: MAP_SHARED with MAP_GROWSDOWN is EINVAL, a type other than PRIVATE and SHARED
     * (MAP_SHARED_VALIDATE too) EINVAL. MAP_HUGETLB's ENOMEM depends on the pool (mmap()).
     *
     * @param alen the page-aligned length
     */
    public static long checkMapType(int flags, long alen, long offset, boolean fileMap, boolean shmem) {
        int type = flags & Mman.MAP_TYPE;
        if (fileMap) {
            if (Long.compareUnsigned(offset >>> 12, (Long.MAX_VALUE - alen) >>> 12) > 0) {
                return Errno.EOVERFLOW.asResult();
            }
            if (type == Mman.MAP_SHARED_VALIDATE) {
                int mask = LEGACY_MAP_MASK | (shmem ? 0 : Mman.MAP_SYNC);
                if ((flags & ~mask) != 0) {
                    return Errno.EOPNOTSUPP.asResult();
                }
            } else if (type != Mman.MAP_PRIVATE && type != Mman.MAP_SHARED) {
                return Errno.EINVAL.asResult();
            }
            return 0;
        }
        if (type == Mman.MAP_SHARED) {
            if ((flags & Mman.MAP_GROWSDOWN) != 0) {
                return Errno.EINVAL.asResult();
            }
        } else if (type != Mman.MAP_PRIVATE) {
            return Errno.EINVAL.asResult(); // also MAP_SHARED_VALIDATE: anonymous memory has no such case
        }
        return 0;
    }

    /**
     * Mirrors do_mmap()'s checks of a file map after the open mode and ->mmap: MAP_GROWSDOWN is
     * EINVAL; MAP_SYNC (VM_SYNC, which MAP_SHARED keeps too) on a file that is not DAX is
     * EOPNOTSUPP (ext4_file_mmap(): daxdev_mapping_supported() is false); shmem ignores MAP_SYNC.
     */
    public static long checkFileMapFlags(int flags, boolean shmem) {
        if ((flags & Mman.MAP_GROWSDOWN) != 0) {
            return Errno.EINVAL.asResult();
        }
        if ((flags & Mman.MAP_SYNC) != 0 && !shmem) {
            return Errno.EOPNOTSUPP.asResult();
        }
        return 0;
    }

    /**
     * Mirrors the argument checks of __vm_munmap() → do_vmi_munmap(): a start that is not page
     * aligned, a length that PAGE_ALIGN() makes 0 and a range beyond TASK_SIZE are EINVAL.
     */
    public static long checkMunmap(long start, long len, long taskSize) {
        if ((start & ~MmStruct.PAGE_MASK) != 0) {
            return Errno.EINVAL.asResult();
        }
        long alen = MmStruct.pageAlign(len);
        if (alen == 0 || Long.compareUnsigned(start, taskSize) > 0
                || Long.compareUnsigned(alen, taskSize - start) > 0) {
            return Errno.EINVAL.asResult();
        }
        return 0;
    }

    // ---------------------------------------------------------------- the system calls

    /** Mirrors calc_vm_prot_bits(). */
    static long calcVmProtBits(int prot) {
        return (prot & Mman.PROT_READ) | (prot & Mman.PROT_WRITE) | (prot & Mman.PROT_EXEC);
    }

    /**
     * Mirrors mm/mmap.c do_mmap() (with ksys_mmap_pgoff()'s offset check): maps len bytes of
     * {@code file} at {@code offset} (file null or MAP_ANONYMOUS: anonymous memory).
     * Unknown PROT bits are ignored, as the kernel does. Pages are not touched unless
     * MAP_POPULATE (then the caller's {@code populate} hook faults them in).
     *
     * @return the address, or -EINVAL, -ENOMEM, -EEXIST, -EACCES, -ENODEV, -EOVERFLOW, -EPERM,
     *     -EOPNOTSUPP, -EBADF
     */
    static long mmap(MmStruct mm, long addr, long len, int prot, int flags, FileRef file, long offset) {
        return mmapFile(mm, addr, len, prot, flags, file == null ? null : OpenFileDescription.ofFixture(file), offset);
    }

    /**
     * {@link #mmap(MmStruct, long, long, int, int, FileRef, long)} through an open file description: its f_mode
     * decides, as in do_mmap(), EACCES (a write-only file; MAP_SHARED with PROT_WRITE of a file not
     * open for writing) and whether the VMA may later become writable (VM_MAYWRITE, checked by
     * mprotect). An O_PATH description is EBADF (fget() does not return it).
     */
    static long mmapFile(MmStruct mm, long addr, long len, int prot, int flags, OpenFileDescription open, long offset) {
        // arch/x86/kernel/sys_x86_64.c sys_mmap(), then ksys_mmap_pgoff()
        long bad = checkMmapOffset(offset);
        if (bad != 0) {
            return bad;
        }
        if ((flags & Mman.MAP_TYPE) != Mman.MAP_SHARED_VALIDATE) {
            flags &= ~MapFlag.unknownTo(mm.version); // a bit this release does not know is ignored
        }
        FileRef file = open == null ? null : open.file;
        if ((flags & Mman.MAP_ANONYMOUS) != 0) {
            file = null;
        } else if (file == null || open.pathOnly()) {
            return Errno.EBADF.asResult();
        }
        // do_mmap()
        bad = checkDoMmap(flags, len, offset, mm.taskSize);
        if (bad != 0) {
            return bad;
        }
        if ((flags & Mman.MAP_FIXED_NOREPLACE) != 0) {
            flags |= Mman.MAP_FIXED;
        }
        if ((flags & Mman.MAP_FIXED) == 0) {
            addr = roundHintToMin(mm, addr);
        }
        long alen = MmStruct.pageAlign(len);
        long pgoff = offset >>> 12;
        // ksys_mmap_pgoff(): MAP_HUGETLB|MAP_ANONYMOUS maps a hugetlbfs file (hugetlb_file_setup()) of
        // len rounded up to the huge page size; without a pool (32-bit here) hugetlb_reserve_pages() finds none
        boolean hugetlb = (flags & (Mman.MAP_HUGETLB | Mman.MAP_ANONYMOUS)) == (Mman.MAP_HUGETLB | Mman.MAP_ANONYMOUS);
        if (hugetlb && mm.hugetlb == null) {
            return Errno.ENOMEM.asResult();
        }
        if (hugetlb) {
            long hsize = mm.hugetlb.sizeBytes();
            alen = (len + hsize - 1) & -hsize;
            if ((flags & Mman.MAP_FIXED) != 0 && (addr & (hsize - 1)) != 0) {
                return Errno.EINVAL.asResult(); // prepare_hugepage_range()
            }
        }
        if (mm.mapCount() > mm.maxMapCount) {
            return Errno.ENOMEM.asResult();
        }
        // calc_vm_prot_bits() | calc_vm_flag_bits() | mm->def_flags
        long vmFlags = calcVmProtBits(prot) | Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC;
        if ((flags & Mman.MAP_GROWSDOWN) != 0) {
            vmFlags |= Vma.VM_GROWSDOWN;
        }
        vmFlags |= mm.defFlags;
        if ((flags & Mman.MAP_LOCKED) != 0) {
            vmFlags |= Vma.VM_LOCKED;
        }
        if ((flags & Mman.MAP_STACK) != 0 && mm.version.has(KernelFeature.MAP_STACK_NOHUGEPAGE)) {
            vmFlags |= Vma.VM_NOHUGEPAGE;
        }
        long start = hugetlb ? UnmappedArea.hugetlbGetUnmappedArea(mm, addr, alen, flags, mm.hugetlb.sizeBytes())
                : UnmappedArea.getUnmappedArea(mm, file, addr, alen, pgoff, flags);
        if (Errno.isError(start)) {
            return start;
        }
        // __get_unmapped_area() → security_mmap_addr(): below vm.mmap_min_addr needs CAP_SYS_RAWIO
        // (no LSM enforces CONFIG_LSM_MMAP_MIN_ADDR here, so only the DAC value counts)
        if (!mm.capSysRawio && Long.compareUnsigned(start, MmStruct.DAC_MMAP_MIN_ADDR) < 0) {
            return Errno.EPERM.asResult();
        }
        if ((flags & Mman.MAP_FIXED_NOREPLACE) != 0 && mm.findVmaIntersection(start, start + alen) != null) {
            return Errno.EEXIST.asResult();
        }
        if ((flags & Mman.MAP_LOCKED) != 0 && !Mlock.canDoMlock(mm)) {
            return Errno.EPERM.asResult(); // can_do_mlock() (mm/mlock.c)
        }
        if (!mlockFutureOk(mm, vmFlags, alen)) {
            return Errno.EAGAIN.asResult(); // mlock_future_ok() (mm/mmap.c)
        }
        int type = flags & Mman.MAP_TYPE;
        boolean shared = type == Mman.MAP_SHARED || type == Mman.MAP_SHARED_VALIDATE;
        bad = checkMapType(flags, alen, offset, file != null, file != null && file.shmem);
        if (bad != 0) {
            return bad;
        }
        if (file != null) {
            // do_mmap()'s switch on the map type, in its order: a shared map writable only through a
            // file open for writing (EACCES), and without FMODE_WRITE it loses VM_MAYWRITE (mprotect may
            // never add PROT_WRITE: EACCES there) and VM_SHARED (the maps line still prints 's' from
            // VM_MAYSHARE); any map needs FMODE_READ (EACCES, so a write-only fd maps nothing); then
            // a file whose f_op has no ->mmap (a directory, procfs and most sysfs files) is ENODEV.
            // IS_APPEND (chattr +a) and IS_SWAPFILE (ETXTBSY) inodes are not modelled.
            if (shared) {
                if ((prot & Mman.PROT_WRITE) != 0 && !open.writable()) {
                    return Errno.EACCES.asResult();
                }
                vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
                if (!open.writable()) {
                    vmFlags &= ~(Vma.VM_MAYWRITE | Vma.VM_SHARED);
                }
            }
            if (!open.readable()) {
                return Errno.EACCES.asResult();
            }
            if (!file.mmapable) {
                return Errno.ENODEV.asResult();
            }
            bad = checkFileMapFlags(flags, file.shmem); // VM_GROWSDOWN, VM_SYNC
            if (bad != 0) {
                return bad;
            }
            long sealed = memfdCheckSealsMmap(mm, file, vmFlags);
            if (Errno.isError(sealed)) {
                return sealed;
            }
            vmFlags = sealed;
        } else if (type == Mman.MAP_SHARED) {
            vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
            pgoff = 0;
        } else {
            pgoff = start >>> 12; // MAP_PRIVATE: checkMapType() refused the rest, and MAP_HUGETLB
        }
        if ((flags & Mman.MAP_NORESERVE) != 0) {
            vmFlags |= Vma.VM_NORESERVE;
        }
        if (hugetlb) {
            // hugetlbfs_file_mmap(): VM_HUGETLB | VM_DONTEXPAND, then hugetlb_reserve_pages() for the
            // whole length unless MAP_NORESERVE: too few free unreserved pages is ENOMEM now, not at the fault
            vmFlags |= Vma.VM_HUGETLB | Vma.VM_DONTEXPAND;
            long pages = alen / mm.hugetlb.sizeBytes();
            if ((vmFlags & Vma.VM_NORESERVE) == 0 && !mm.hugetlb.reserve(pages)) {
                return Errno.ENOMEM.asResult();
            }
            file = FileRef.hugetlbAnon(mm.nextShmemIno++, alen);
            pgoff = 0;
            if (type == Mman.MAP_SHARED) {
                vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
            }
            long r = mmapRegion(mm, file, start, alen, vmFlags, pgoff);
            if (Errno.isError(r) && (vmFlags & Vma.VM_NORESERVE) == 0) {
                mm.hugetlb.unreserve(pages);
            }
            return r;
        }
        long r = mmapRegion(mm, file, start, alen, vmFlags, pgoff);
        // vm_mmap_pgoff(): populate when MAP_POPULATE without MAP_NONBLOCK, or VM_LOCKED without LOCKONFAULT
        boolean populate = ((flags & (Mman.MAP_POPULATE | Mman.MAP_NONBLOCK)) == Mman.MAP_POPULATE)
                || (vmFlags & (Vma.VM_LOCKED | Vma.VM_LOCKONFAULT)) == Vma.VM_LOCKED;
        if (!Errno.isError(r) && populate) {
            mm.mmPopulate(r, r + alen);
        }
        return r;
    }

    /**
     * A write-sealed memfd's mmap check; returns the VMA flags or -EPERM. 6.18 mirrors mm/memfd.c
     * memfd_check_seals_mmap() (called from mmap_region()): under F_SEAL_WRITE or F_SEAL_FUTURE_WRITE a
     * shared writable map is EPERM and a shared read-only one loses VM_MAYWRITE (mprotect cannot
     * add PROT_WRITE: EACCES). 6.1 had two older checks: shmem_mmap()'s seal_check_future_write()
     * (the same rule for F_SEAL_FUTURE_WRITE) and mmap_region()'s mapping_map_writable(), which refuses
     * every VM_SHARED map of an F_SEAL_WRITE file, even a read-only one (EPERM; 6.7 allowed those).
     * A map of a file opened read-only has no VM_SHARED and passes. F_SEAL_EXEC is not checked here.
     */
    private static long memfdCheckSealsMmap(MmStruct mm, FileRef file, long vmFlags) {
        if (!file.writeSealed() || (vmFlags & Vma.VM_SHARED) == 0) {
            return vmFlags;
        }
        if (!mm.version.has(KernelFeature.SEAL_WRITE_READONLY_SHARED_MAP)
                && (file.seals() & FileRef.F_SEAL_WRITE) != 0) {
            return Errno.EPERM.asResult();
        }
        if ((vmFlags & Vma.VM_WRITE) != 0) {
            return Errno.EPERM.asResult();
        }
        return vmFlags & ~Vma.VM_MAYWRITE;
    }

    /**
     * Mirrors mm/mmap.c may_expand_vm(): total_vm within RLIMIT_AS, and for a data mapping
     * (private writable, not stack) data_vm within RLIMIT_DATA (ignore_rlimit_data is off).
     */
    static boolean mayExpandVm(MmStruct mm, long vmFlags, long npages) {
        if (mm.rlimitAs != ExecImage.RLIM_INFINITY
                && Long.compareUnsigned((mm.totalVm() + npages) << 12, mm.rlimitAs) > 0) {
            return false;
        }
        boolean data = (vmFlags & (Vma.VM_WRITE | Vma.VM_SHARED | Vma.VM_STACK)) == Vma.VM_WRITE;
        return !(data && mm.rlimitData != ExecImage.RLIM_INFINITY
                && Long.compareUnsigned((mm.dataVm() + npages) << 12, mm.rlimitData) > 0);
    }

    /** The pages of VM_ACCOUNT VMAs inside [start, end) (vms->nr_accounted). */
    private static long accountedPages(MmStruct mm, long start, long end) {
        long n = 0;
        for (int i = mm.findIndex(start); i < mm.mapCount() && Long.compareUnsigned(mm.vmaAt(i).vmStart, end) < 0; i++) {
            Vma v = mm.vmaAt(i);
            if (v.has(Vma.VM_ACCOUNT)) {
                n += (Math.min(v.vmEnd, end) - Math.max(v.vmStart, start)) >>> 12;
            }
        }
        return n;
    }

    /** Mirrors mm/mmap.c mlock_future_ok(): locked_vm + bytes stays within RLIMIT_MEMLOCK. */
    static boolean mlockFutureOk(MmStruct mm, long vmFlags, long bytes) {
        if ((vmFlags & Vma.VM_LOCKED) == 0 || mm.capIpcLock || mm.memlockRlimit == ExecImage.RLIM_INFINITY) {
            return true;
        }
        return Long.compareUnsigned((mm.lockedVm() << 12) + bytes, mm.memlockRlimit) <= 0;
    }

    /** Mirrors round_hint_to_min(): a hint is rounded down to a page and raised to mmap_min_addr. */
    private static long roundHintToMin(MmStruct mm, long hint) {
        hint &= MmStruct.PAGE_MASK;
        if (hint != 0 && Long.compareUnsigned(hint, mm.mmapMinAddr) < 0) {
            return MmStruct.pageAlign(mm.mmapMinAddr);
        }
        return hint;
    }

    /** Mirrors accountable_mapping(): private writable maps without MAP_NORESERVE are charged. */
    private static boolean accountable(long vmFlags) {
        // a hugetlbfs file is never charged (is_file_hugepages()): its pool reservation is the charge
        return (vmFlags & (Vma.VM_NORESERVE | Vma.VM_SHARED | Vma.VM_WRITE | Vma.VM_HUGETLB)) == Vma.VM_WRITE;
    }

    /**
     * Mirrors mm/mmap.c mmap_region(): unmaps what lies in [addr, addr+len), then extends a
     * compatible neighbour or inserts a new VMA.
     */
    private static long mmapRegion(MmStruct mm, FileRef file, long addr, long len, long vmFlags, long pgoff) {
        long already = 0;
        for (Vma v = mm.findVmaIntersection(addr, addr + len);
                v != null && Long.compareUnsigned(v.vmStart, addr + len) < 0;
                v = mm.findVma(v.vmEnd)) {
            already += (Math.min(v.vmEnd, addr + len) - Math.max(v.vmStart, addr)) >>> 12;
        }
        long sealed = Mseal.gatherSealCheck(mm, addr, addr + len); // __mmap_prepare(): gather first
        if (sealed != 0) {
            return sealed;
        }
        if (!mayExpandVm(mm, vmFlags, (len >>> 12) - already)) {
            return Errno.ENOMEM.asResult();
        }
        // accountable_mapping() charges private writable maps; shmem_acct_size() a shared
        // anonymous object without VM_NORESERVE. 6.18 __mmap_region() checks before anything is
        // unmapped and charges only what the replaced VM_ACCOUNT VMAs did not hold; 6.1 and
        // 2.6.24 mmap_region() unmap first, so an ENOMEM leaves the old mapping gone
        boolean shmemAcct = file == null && (vmFlags & (Vma.VM_SHARED | Vma.VM_NORESERVE)) == Vma.VM_SHARED;
        boolean charge = accountable(vmFlags) || shmemAcct;
        if (charge && mm.version == KernelVersion.V6_18) {
            long replaced = accountable(vmFlags) ? accountedPages(mm, addr, addr + len) : 0;
            if (!mm.vmEnoughMemory((len >>> 12) - replaced, -replaced)) {
                return Errno.ENOMEM.asResult();
            }
        }
        long r = doMunmap(mm, addr, addr + len);
        if (r != 0) {
            return r;
        }
        if (charge && mm.version != KernelVersion.V6_18 && !mm.vmEnoughMemory(len >>> 12)) {
            return Errno.ENOMEM.asResult();
        }
        if (accountable(vmFlags)) {
            vmFlags |= Vma.VM_ACCOUNT;
        }
        if (file == null && (vmFlags & Vma.VM_SHARED) != 0) {
            file = FileRef.sharedAnon(mm.nextShmemIno++, len); // shmem_zero_setup()
        }
        Vma v = new Vma(addr, addr + len, vmFlags, pgoff, file, 0, Vma.Special.NONE);
        mm.insert(v);
        VmaMerge.mergeAround(mm, mm.indexOf(v));
        return addr;
    }

    /**
     * Mirrors the munmap() system call (__vm_munmap()).
     *
     * @return 0, -EINVAL (unaligned, zero or out-of-range length, split of a special mapping) or
     *     -ENOMEM (a split would exceed max_map_count)
     */
    static long munmap(MmStruct mm, long start, long len) {
        long bad = checkMunmap(start, len, mm.taskSize);
        if (bad != 0) {
            return bad;
        }
        len = MmStruct.pageAlign(len);
        long sealed = Mseal.gatherSealCheck(mm, start, start + len);
        if (sealed != 0) {
            return sealed;
        }
        return doMunmap(mm, start, start + len);
    }

    /**
     * Mirrors do_mas_munmap()/do_vmi_align_munmap(): split the VMAs at the edges, zap their pages,
     * remove every VMA inside [start, end). Does not flush a TLB.
     */
    static long doMunmap(MmStruct mm, long start, long end) {
        return doMunmap(mm, start, end, true);
    }

    /**
     * Mirrors mmap_region()'s error path after a driver's mmap failed (unmap_and_free_vma:
     * unmap_region(), 2.6.24 and 6.x alike): the new VMA's ptes go (update_hiwater_rss()) and so
     * does the VMA, which was never counted in total_vm (vm_stat_account() runs only on success),
     * so VmPeak does not see it. Does not update 2.6.24's free_area_cache (unmap_area() is
     * remove_vma_list()'s).
     */
    static void unmapAndFreeVma(MmStruct mm, Vma vma) {
        long start = vma.vmStart;
        long end = vma.vmEnd;
        doMunmap(mm, start, end, false);
    }

    private static long doMunmap(MmStruct mm, long start, long end, boolean removeVmaList) {
        Vma v = mm.findVma(start);
        if (v == null || Long.compareUnsigned(v.vmStart, end) >= 0) {
            return 0;
        }
        if (Long.compareUnsigned(start, v.vmStart) > 0) {
            if (Long.compareUnsigned(end, v.vmEnd) < 0 && mm.mapCount() >= mm.maxMapCount) {
                return Errno.ENOMEM.asResult();
            }
            if (VmaMerge.splitVmaUnchecked(mm, v, start) == null) {
                return Errno.EINVAL.asResult();
            }
        }
        Vma last = mm.findVma(end - 1);
        if (last != null && Long.compareUnsigned(last.vmStart, end) < 0
                && Long.compareUnsigned(last.vmEnd, end) > 0) {
            if (VmaMerge.splitVmaUnchecked(mm, last, end) == null) {
                if (Long.compareUnsigned(start, v.vmStart) > 0) {
                    mm.keptSplit(start); // the first split stays (vms_gather_munmap_vmas())
                }
                return Errno.EINVAL.asResult();
            }
        }
        if (removeVmaList) {
            mm.updateHiwater();
        } else {
            mm.updateHiwaterRss();
        }
        int i = mm.findIndex(start);
        while (i < mm.mapCount() && Long.compareUnsigned(mm.vmaAt(i).vmStart, end) < 0) {
            Vma d = mm.vmaAt(i);
            Zap.zapPageRange(mm, d, d.vmStart, d.vmEnd, true);
            mm.removeAt(i);
        }
        if (mm.version == KernelVersion.V2_6 && removeVmaList) {
            UnmappedArea.unmapArea26(mm, i);
        }
        return 0;
    }

    /**
     * Mirrors mm/mmap.c expand_downwards(): grows a VM_GROWSDOWN VMA down to the page of addr.
     * Refused below mmap_min_addr, when an accessible non-growsdown VMA ends less than
     * stack_guard_gap below the new start, or when the new size exceeds RLIMIT_STACK.
     *
     * @return 0, or -ENOMEM / -EPERM
     */
    static long expandDownwards(MmStruct mm, Vma v, long addr) {
        addr &= MmStruct.PAGE_MASK;
        if (Long.compareUnsigned(addr, mm.mmapMinAddr) < 0) {
            return Errno.EPERM.asResult();
        }
        Vma prev = mm.findVmaPrev(v.vmStart);
        if (prev != null && !prev.has(Vma.VM_GROWSDOWN) && prev.isAccessible() && mm.version != KernelVersion.V2_6
                && addr - prev.vmEnd < MmStruct.STACK_GUARD_GAP) { // 2.6.24 expand_downwards(): no guard gap
            return Errno.ENOMEM.asResult();
        }
        if (prev != null && Long.compareUnsigned(prev.vmEnd, addr) > 0) {
            return Errno.ENOMEM.asResult();
        }
        long size = v.vmEnd - addr;
        if (mm.stackRlimit != ExecImage.RLIM_INFINITY && Long.compareUnsigned(size, mm.stackRlimit) > 0) {
            return Errno.ENOMEM.asResult();
        }
        long grow = (v.vmStart - addr) >>> 12;
        if (!mayExpandVm(mm, v.vmFlags, grow)) {
            return Errno.ENOMEM.asResult(); // acct_stack_growth(): RLIMIT_AS
        }
        if (!mm.vmEnoughMemory(grow)) {
            // acct_stack_growth(): security_vm_enough_memory_mm(mm, grow), whatever the flags (a
            // growsdown VMA without VM_ACCOUNT keeps that charge forever in the kernel; here the
            // charge follows VM_ACCOUNT, see Overcommit)
            return Errno.ENOMEM.asResult();
        }
        v.vmStart = addr;
        v.vmPgoff -= grow;
        mm.vmaChanged(v); // expand_downwards(): vma_gap_update(vma)
        return 0;
    }

    /**
     * Mirrors mm/mmap.c exit_mmap(): unmap_vmas() over every VMA (pages and rmap dropped),
     * free_pgtables() for the whole user half, remove_vma() of each VMA. The page directory
     * itself stays until {@link MmStruct#freePgd()} (__mmdrop()). Does not flush a TLB.
     */
    static void exitMmapKeepPgd(MmStruct mm) {
        for (int i = mm.mapCount() - 1; i >= 0; i--) {
            Zap.zapPageRange(mm, mm.vmaAt(i), mm.vmaAt(i).vmStart, mm.vmaAt(i).vmEnd, true);
            mm.removeAt(i);
        }
        mm.pt.freeUserTables(mm.pgd, mm.kpt.kernelPgdBoundary());
    }
}
