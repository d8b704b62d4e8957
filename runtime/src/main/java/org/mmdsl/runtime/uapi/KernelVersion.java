package org.mmdsl.runtime.uapi;

/**
 * The kernel whose address-space rules the simulator follows. 6.1 is the default; 6.18 is the
 * kernel the conformance oracle (shared/conformance/proc-maps) was recorded on; 2.6 is 2.6.24 i386,
 * the textbook kernel ({@code boot ... kernel 2.6}), derived from its sources, not recorded.
 *
 * <pre>
 *   rule                                    6.1                         6.18
 *   vDSO data pages                         [vvar] 4 pages              [vvar] 4 + [vvar_vclock] 2
 *   MAP_STACK                               no effect                   VM_NOHUGEPAGE (since 6.7)
 *   THP alignment of anon private maps      no (file/shmem only)        2 MiB multiples, 64-bit tasks
 *   [heap] label (task_mmu.c)               start <= brk && end >= start_brk  (inclusive)
 *                                                                       start < brk && end > start_brk
 * </pre>
 *
 * <p>2.6.24 i386 ({@link #V2_6}), where it differs from 6.1:
 * <pre>
 *   vDSO              CONFIG_COMPAT_VDSO (Kconfig default y): no VMA, the gate VMA at the fixmap
 *                     page FIX_VDSO = 0xffffe000 (arch/x86/kernel/sysenter_32.c
 *                     arch_setup_additional_pages(), get_gate_vma()); maps and smaps end with it
 *                     as [vdso] (fs/proc/task_mmu.c: a VMA without vm_mm); no [vvar]
 *   initial [stack]   argument page + EXTRA_STACK_VM_PAGES 20 = 0x15000 (fs/exec.c setup_arg_pages())
 *   stack growth      no stack_guard_gap (4.12) (mm/mmap.c expand_downwards(), acct_stack_growth())
 *   mmap_base         TASK_SIZE - clamp(rlimit, 128 MB, TASK_SIZE/6*5), no guard gap; an unlimited
 *                     stack picks the legacy layout (arch/x86/mm/mmap_32.c arch_pick_mmap_layout())
 *   maps offset       vm_pgoff &lt;&lt; PAGE_SHIFT for anonymous VMAs too (show_map_internal());
 *                     insert_vm_struct()/do_brk()/do_mmap_pgoff() set it to vm_start &gt;&gt; PAGE_SHIFT
 *   [heap] label      start &lt;= start_brk &amp;&amp; end &gt;= brk
 *   smaps             Size, Rss, Shared/Private Clean/Dirty, Referenced; no VmFlags
 *   mmap_min_addr     0 (security/security.c: "0 means no protection")
 * </pre>
 */
public enum KernelVersion implements KernelWord {
    V2_6("2.6", "2.6.24", "the course books' kernel, i386 (Mauerer, LDD3, Love, Understanding the Linux Kernel)"),
    V6_1("6.1", "6.1", "the kernel the boot conformance data was recorded on (the default)"),
    V6_18("6.18", "6.18", "the kernel the proc-maps oracle was recorded on (x86_64), on 6.1's kernel side");

    /** How a scenario names it: {@code kernel 2.6}. */
    public final String label;
    /** The release whose sources the model follows: "2.6.24". */
    public final String release;
    private final String doc;
    private final int code;

    KernelVersion(String label, String release, String doc) {
        this.label = label;
        this.release = release;
        this.doc = doc;
        this.code = code(release);
    }

    /**
     * Whether this kernel has {@code f}: released at or after {@code f.since()} and before
     * {@code f.removedIn()}. The one version gate of the simulator and the validators; allocates nothing.
     */
    public boolean has(KernelFact f) {
        return (f.since() == null || code >= code(f.since())) && (f.removedIn() == null || code < code(f.removedIn()));
    }

    /** The version a scenario names by {@code label} ("6.1"), or null. */
    public static KernelVersion byLabel(String label) {
        for (KernelVersion v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        return null;
    }

    /**
     * A release as one comparable number: "2.6.24" is 2_06_24, "6.13" is 6_13_00. Does not accept
     * release candidates or more than three parts.
     */
    static int code(String release) {
        int c = 0;
        int part = 0;
        int parts = 1;
        for (int i = 0; i < release.length(); i++) {
            char ch = release.charAt(i);
            if (ch == '.') {
                c = c * 100 + part;
                part = 0;
                parts++;
            } else if (ch >= '0' && ch <= '9') {
                part = part * 10 + (ch - '0');
            } else {
                throw new IllegalArgumentException("not a release: " + release);
            }
        }
        c = c * 100 + part;
        for (; parts < 3; parts++) {
            c *= 100;
        }
        return c;
    }

    @Override
    public String word() {
        return label;
    }

    @Override
    public String kernelName() {
        return "Linux " + release;
    }

    @Override
    public long value() {
        return code;
    }

    @Override
    public String since() {
        return release;
    }

    @Override
    public String doc() {
        return doc;
    }
}
