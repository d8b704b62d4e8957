package org.mmdsl.runtime.vma;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.function.LongSupplier;

import org.mmdsl.runtime.uapi.KernelVersion;

/**
 * The system's overcommit policy and commit charge, after mm/util.c (__vm_enough_memory(),
 * vm_commit_limit(), the vm.overcommit_* sysctls) and mm/mmap.c/mm/util.c's init_admin_reserve()
 * and init_user_reserve(); 2.6.24 keeps the same in mm/mmap.c. It lives next to {@link MmStruct}
 * because every caller (mmap, mprotect, mremap, brk, stack growth, fork) is there.
 *
 * <p>The commit charge (vm_committed_as, meminfo's Committed_AS) is not a counter here but the
 * sum the kernel's counter always equals at a system-call boundary: the pages of every VM_ACCOUNT
 * VMA of every live mm, plus each shared anonymous (shmem) object once at its size
 * (shmem_acct_size()); {@link #committedPages} computes it. Charging therefore means setting
 * VM_ACCOUNT, uncharging (vm_unacct_memory()) removing the VMA or the flag.
 *
 * <pre>
 *   mode 0 GUESS   6.1/6.18: one request larger than totalram + swap is ENOMEM
 *   mode 1 ALWAYS  never ENOMEM
 *   mode 2 NEVER   committed + request must stay below CommitLimit
 *                  - admin reserve (no CAP_SYS_ADMIN)  - min(total_vm / 32, user reserve)
 *   CommitLimit = overcommit_kbytes / 4 if set, else totalram * overcommit_ratio / 100; + swap
 * </pre>
 *
 * Not modelled: hugetlb pages (none exist here), the percpu counter's batching (the sum is
 * exact), 2.6.24's mode-0 guess from free and page-cache pages (under {@code kernel 2.6} mode 0
 * refuses nothing).
 */
public final class Overcommit {
    public static final int OVERCOMMIT_GUESS = 0;
    public static final int OVERCOMMIT_ALWAYS = 1;
    public static final int OVERCOMMIT_NEVER = 2;

    private final KernelVersion version;
    private final long totalramPages;
    private final LongSupplier totalSwapPages;
    private final LongSupplier committed;
    /** vm.overcommit_memory. */
    public int mode = OVERCOMMIT_GUESS;
    /** vm.overcommit_ratio (percent of RAM), 50 by default. */
    public long ratio = 50;
    /** vm.overcommit_kbytes (3.14+); 0: the ratio applies. Writing one zeroes the other. */
    public long kbytes;
    /** vm.admin_reserve_kbytes: init_admin_reserve(): min(free at boot / 32, 8 MiB). */
    public long adminReserveKbytes;
    /** vm.user_reserve_kbytes: init_user_reserve(): min(free at boot / 32, 128 MiB). */
    public long userReserveKbytes;

    /**
     * @param freePagesAtBoot NR_FREE_PAGES when the reserves are set (subsys_initcall)
     * @param totalSwapPages  total_swap_pages now
     * @param committed       vm_committed_as now ({@link #committedPages} over the live mms)
     */
    public Overcommit(KernelVersion version, long totalramPages, long freePagesAtBoot, LongSupplier totalSwapPages,
            LongSupplier committed) {
        this.version = version;
        this.totalramPages = totalramPages;
        this.totalSwapPages = totalSwapPages;
        this.committed = committed;
        long freeKbytes = freePagesAtBoot << 2;
        this.adminReserveKbytes = Math.min(freeKbytes / 32, 1L << 13);
        this.userReserveKbytes = Math.min(freeKbytes / 32, 1L << 17);
    }

    /** The /proc/sys/vm files modelled here, in the order the messages list them. */
    /** The sysctl names mmdsl models, read from {@link OvercommitSysctl} (the vocabulary's set). */
    public static final java.util.List<String> SYSCTLS = java.util.Arrays.stream(OvercommitSysctl.values())
            .map(OvercommitSysctl::word).toList();

    /**
     * What writing {@code value} to sysctl {@code name} gets (under the 2.6.24 model when {@code kernel26}), as the kernel's
     * tables decide it (kernel/sysctl.c, mm/util.c): null when the write is taken, else why not.
     * overcommit_memory is proc_dointvec_minmax over 0..2 (EINVAL otherwise); the others take any
     * unsigned long; which releases have which (overcommit_kbytes 3.14, the two reserves 3.10) is
     * {@link OvercommitSysctl}'s. Checks only.
     */
    public static String checkSysctl(String name, long value, boolean kernel26) {
        if (!SYSCTLS.contains(name)) {
            return "'" + name + "' is not a sysctl mmdsl models: " + String.join(", ", SYSCTLS.subList(0, SYSCTLS.size() - 1))
                    + " or " + SYSCTLS.get(SYSCTLS.size() - 1);
        }
        if (name.equals("vm.overcommit_memory") && (value < 0 || value > 2)) {
            return "vm.overcommit_memory is 0 (heuristic), 1 (always) or 2 (strict): the kernel refuses " + value
                    + " with EINVAL";
        }
        if (value < 0) {
            return name + " takes an unsigned number";
        }
        OvercommitSysctl sysctl = OvercommitSysctl.byWord(name);
        if (kernel26 && !KernelVersion.V2_6.has(sysctl)) {
            java.util.List<String> old = java.util.Arrays.stream(OvercommitSysctl.values()).filter(KernelVersion.V2_6::has)
                    .map(OvercommitSysctl::word).toList();
            return "kernel 2.6: " + name + " arrived in " + sysctl.since() + ": under kernel 2.6 only "
                    + String.join(" and ", old) + " exist";
        }
        return null;
    }

    /**
     * Writes sysctl {@code name} (one {@link #checkSysctl} took): writing overcommit_ratio zeroes
     * overcommit_kbytes and the reverse (overcommit_ratio_handler(), overcommit_kbytes_handler()).
     */
    public void writeSysctl(String name, long value) {
        switch (name) {
            case "vm.overcommit_memory" -> mode = (int) value;
            case "vm.overcommit_ratio" -> {
                ratio = value;
                kbytes = 0;
            }
            case "vm.overcommit_kbytes" -> {
                kbytes = value;
                ratio = 0;
            }
            case "vm.admin_reserve_kbytes" -> adminReserveKbytes = value;
            case "vm.user_reserve_kbytes" -> userReserveKbytes = value;
            default -> throw new IllegalArgumentException("not a modelled sysctl: " + name);
        }
    }

    /** Mirrors vm_commit_limit() (2.6.24: the inline formula of __vm_enough_memory()), in pages. */
    public long commitLimit() {
        long allowed = kbytes != 0 ? kbytes >> 2 : totalramPages * ratio / 100;
        return allowed + totalSwapPages.getAsLong();
    }

    /** vm_committed_as in pages. */
    public long committed() {
        return committed.getAsLong();
    }

    /**
     * Mirrors __vm_enough_memory(mm, pages, cap_sys_admin): may {@code pages} more be committed?
     * {@code pending} pages charged earlier in the same call but not yet on a VMA (dup_mmap()
     * charges VMA by VMA) count as committed. Charges nothing itself (see the class comment).
     */
    public boolean vmEnoughMemory(MmStruct mm, long pages, long pending, boolean capSysAdmin) {
        if (mode == OVERCOMMIT_ALWAYS) {
            return true;
        }
        if (mode == OVERCOMMIT_GUESS) {
            // 6.1 __vm_enough_memory(): "if (pages > totalram_pages() + total_swap_pages) goto error"
            return version == KernelVersion.V2_6
                    || Long.compareUnsigned(pages, totalramPages + totalSwapPages.getAsLong()) <= 0;
        }
        long allowed;
        if (version == KernelVersion.V2_6) {
            // 2.6.24 mm/mmap.c: allowed = totalram * ratio / 100, less 3% without CAP_SYS_ADMIN,
            // plus swap, less 3% of this process's size
            allowed = totalramPages * ratio / 100;
            if (!capSysAdmin) {
                allowed -= allowed / 32;
            }
            allowed += totalSwapPages.getAsLong();
            if (mm != null) {
                allowed -= mm.totalVm() / 32;
            }
        } else {
            allowed = commitLimit();
            if (!capSysAdmin) {
                allowed -= adminReserveKbytes >> 2;
            }
            if (mm != null) {
                allowed -= Math.min(mm.totalVm() / 32, userReserveKbytes >> 2);
            }
        }
        // vm_acct_memory(pages) first, then "if (percpu_counter_read_positive(&vm_committed_as) < allowed)"
        return committed() + pending + pages < allowed;
    }

    /**
     * vm_committed_as as the VMAs say it: the pages of every VM_ACCOUNT VMA, plus each mapped shmem
     * object once: at its size (shmem_acct_size(), a shared anonymous map), or by its allocated
     * pages when it is VM_NORESERVE (shmem_acct_block(): a memfd, a MAP_NORESERVE shared map).
     * An object no VMA maps (an unmapped memfd still open) is not seen.
     */
    public static long committedPages(Collection<MmStruct> mms) {
        long committed = 0;
        IdentityHashMap<FileRef, Long> shmemObjects = new IdentityHashMap<>();
        for (MmStruct m : mms) {
            for (int i = 0; i < m.mapCount(); i++) {
                Vma v = m.vmaAt(i);
                if (v.has(Vma.VM_ACCOUNT)) {
                    committed += v.pages();
                }
                FileRef f = v.file;
                if (f != null && f.shmem) {
                    // shmem_acct_size() charges an object at its size, unless it is VM_NORESERVE
                    // (a memfd: memfd_create() passes VM_NORESERVE; a shared anonymous map with
                    // MAP_NORESERVE): then shmem_acct_block() charges each page as it is allocated
                    boolean noreserve = f.path.startsWith("/memfd:") || v.has(Vma.VM_NORESERVE);
                    long pages = noreserve ? f.cachedPages()
                            : f.sizeBytes() >= 0 ? (f.sizeBytes() + 4095) >>> 12 : v.pages();
                    shmemObjects.put(f, pages);
                }
            }
        }
        for (long pages : shmemObjects.values()) {
            committed += pages;
        }
        return committed;
    }
}
