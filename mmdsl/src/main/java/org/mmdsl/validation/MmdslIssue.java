package org.mmdsl.validation;

import org.eclipse.xtext.diagnostics.Severity;

/**
 * The one registry of diagnostics mmdsl reports: every validator check, every simulated outcome shown
 * in an editor and every CLI message carries one of these codes. An id is kebab-case and stable (quick
 * fixes and tests key on it); the doc line is what `mmdsl codes` prints and what a hover may show.
 */
public enum MmdslIssue {
    // ---- syntax and names
    SYNTAX("syntax", Severity.ERROR, "The text does not follow the scenario grammar."),
    BAD_NUMBER("bad-number", Severity.ERROR, "A number or size is malformed or does not fit in 64 bits."),
    UNKNOWN_NAME("unknown-name", Severity.ERROR,
            "A handle or process name is used that no earlier statement defined."),
    DUPLICATE_NAME("duplicate-name", Severity.ERROR, "Two handles or processes share a name where one is visible."),
    UNDEFINED_ARITHMETIC("undefined-arithmetic", Severity.ERROR,
            "A division by zero or a shift by 64 or more in an expression: C leaves it undefined."),
    OPERATOR_NEEDS_PARENTHESES("operator-needs-parentheses", Severity.ERROR,
            "An `&` or `|` beside `==`, where C would compare first: the expression goes in parentheses."),

    // ---- boot
    BOOT_OPTION_CONFLICT("boot-option-conflict", Severity.ERROR,
            "A boot option contradicts the architecture or another option (e.g. more than 4 GB without PAE)."),
    RAM_NOT_ADDRESSABLE("ram-not-addressable", Severity.WARNING,
            "The kernel boots but cannot use all of the RAM given (a non-PAE kernel above 4 GB)."),
    BOOT_OPTION_DUPLICATE("boot-option-duplicate", Severity.ERROR, "A boot option is given twice."),
    UNKNOWN_SYSCTL("unknown-sysctl", Severity.ERROR,
            "A `sysctl` mmdsl does not model, one the kernel model lacks, or a value its handler refuses with EINVAL."),
    UNKNOWN_KERNEL_MODEL("unknown-kernel-model", Severity.ERROR,
            "A `kernel` boot option names a version mmdsl does not model (it models 2.6 and 6.1)."),
    NOT_IN_KERNEL_MODEL("not-in-kernel-model", Severity.ERROR,
            "A statement, flag or advice that the chosen kernel model (2.6 or 6.1) does not have; the message names the replacement."),
    IGNORED_BY_KERNEL_MODEL("ignored-by-kernel-model", Severity.WARNING,
            "An mmap or open flag newer than the chosen kernel model: that kernel's call ignores the bit it does not know."),

    // ---- process address space
    UNALIGNED_ADDRESS("unaligned-address", Severity.ERROR,
            "An address the kernel requires page-aligned (MAP_FIXED, munmap, mprotect) is not; the call would fail with EINVAL."),
    SIZE_ZERO("size-zero", Severity.ERROR, "A length of 0, which the kernel rejects with EINVAL."),
    SIZE_OVERFLOW("size-overflow", Severity.ERROR,
            "A length or address beyond the task's address space (TASK_SIZE); the call would fail."),
    BAD_FLAGS("bad-flags", Severity.ERROR, "A combination of mmap flags the kernel rejects or that makes no sense."),
    UNKNOWN_OPTION("unknown-option", Severity.ERROR,
            "An option of `show` that the tool does not have or mmdsl does not model (pmap takes -x and -d)."),
    UNKNOWN_MM_FIELD("unknown-mm-field", Severity.ERROR,
            "An `mm->FIELD` that is not one of the mm_struct fields mmdsl models (brk, start_brk, ..., task_size)."),
    UNKNOWN_ADVICE("unknown-advice", Severity.ERROR,
            "A madvise advice the kernel does not know (madvise_behavior_valid()); the call would fail with EINVAL."),
    UNKNOWN_OPEN_FLAG("unknown-open-flag", Severity.ERROR,
            "An open(2) flag that is none of the vocabulary's open flags (an access mode or O_PATH); the message lists them."),
    UNKNOWN_FILE_SEAL("unknown-file-seal", Severity.ERROR,
            "An F_ADD_SEALS seal that include/uapi/linux/fcntl.h does not define; the message lists the F_SEAL_* words."),
    UNKNOWN_RLIMIT("unknown-rlimit", Severity.ERROR,
            "A setrlimit resource that is none of the limits mmdsl models (the ones mm/ reads); the message lists them."),
    TASK_EXITED("task-exited", Severity.WARNING,
            "`kernel in TASK` names a task that exits in its own block: it cannot be current, and the kernel block does not run."),
    ADDRESS_TOO_WIDE("address-too-wide", Severity.ERROR,
            "An address that does not fit the machine's virtual address width (32 bits on i386, PAE included)."),
    TLB_FLUSH_ARGUMENT("tlb-flush-argument", Severity.ERROR,
            "`invlpg` without an address, or `flush_tlb_all` with one (it flushes everything and takes none)."),
    STATEMENT_OUTSIDE_TASK("statement-outside-task", Severity.ERROR,
            "A step that needs a process (its address space) is used where no process is named."),

    // ---- expectations
    UNKNOWN_SIGNAL("unknown-signal", Severity.ERROR, "A signal name the memory fault path cannot raise."),
    UNKNOWN_SI_CODE("unknown-si-code", Severity.ERROR, "An si_code name that does not exist or does not go with the signal."),
    UNKNOWN_ERRNO("unknown-errno", Severity.ERROR, "An errno name the simulator does not know."),
    UNKNOWN_GFP_FLAG("unknown-gfp-flag", Severity.ERROR, "A GFP flag name that include/linux/gfp_types.h does not define."),
    UNKNOWN_ZONE("unknown-zone", Severity.ERROR, "A zone name that the architecture does not have."),
    NODE_NOT_ON_MACHINE("node-not-on-machine", Severity.WARNING,
            "A memory policy names a NUMA node the machine does not have: the kernel drops it from the mask (mpol_set_nodemask()), and a mask of such nodes only is EINVAL."),
    UNKNOWN_PTE_FLAG("unknown-pte-flag", Severity.ERROR,
            "A pte flag or page-table level name that arch/x86/include/asm/pgtable_types.h does not define."),
    BAD_ORDER("bad-order", Severity.ERROR, "A buddy order outside 0..MAX_ORDER-1 (free_area[] has 11 lists)."),
    UNKNOWN_MIGRATETYPE("unknown-migratetype", Severity.ERROR,
            "A migrate type that the kernel model's /proc/pagetypeinfo does not list (6.1: Unmovable, Movable, ...)."),
    EXPECTATION_MISPLACED("expectation-misplaced", Severity.ERROR,
            "An expectation that the statement it follows cannot meet (e.g. an address after a write)."),
    MISSING_ANSWER("missing-answer", Severity.ERROR,
            "An expectation with neither its answer nor `?` (a blank): `expect address` alone says nothing."),
    BAD_POINTS("bad-points", Severity.ERROR, "`worth 0`: a question is worth at least 1 point."),
    COUNT_IN_PAGES("count-in-pages", Severity.ERROR,
            "A count the kernel keeps in pages (rss, vmas, mm->total_vm, ...) written with a unit: write the bare number."),
    NO_BLANK_FORM("no-blank-form", Severity.ERROR,
            "A `?` where a check has no blank form (`expect maps has ?`): `expect maps ?` asks for the whole maps."),

    // ---- kernel API (issue 3)
    DEPRECATED_API("deprecated-api", Severity.WARNING,
            "A kernel API the chosen kernel version deprecates (e.g. kmap_atomic in 6.1: use kmap_local_page)."),
    KM_TYPE("km-type", Severity.ERROR,
            "Under kernel 2.6, kmap_atomic/kunmap_atomic without a km_type slot or with a name 2.6.24's enum km_type lacks."),
    NO_SUCH_CPU("no-such-cpu", Severity.ERROR, "A CPU number the machine did not boot (`cpus N` gives 0..N-1)."),

    // ---- simulated outcomes (reported on the statement that caused them)
    FAULT_UNEXPECTED("fault-unexpected", Severity.WARNING, "The statement faulted and no `expect fault` said it would."),
    FAULT_EXPECTED("fault-expected", Severity.INFO, "The statement faulted as its `expect fault` said."),
    ERRNO_UNEXPECTED("errno-unexpected", Severity.WARNING, "A call failed with an errno no expectation announced."),
    ERRNO_EXPECTED("errno-expected", Severity.INFO, "A call failed with the errno its expectation announced."),
    EXPECTATION_FAILED("expectation-failed", Severity.ERROR, "An expectation did not hold."),
    KMAP_NOT_UNMAPPED("kmap-not-unmapped", Severity.WARNING,
            "A kmap that no kunmap of the same page follows: a highmem page's pkmap slot stays taken (a lowmem page holds none)."),
    VMALLOC_FAULT("vmalloc-fault", Severity.INFO,
            "A kernel access copied a missing vmalloc page-directory entry from swapper_pg_dir into the current task's (2.6 i386 vmalloc_fault())."),
    KERNEL_WARNING("kernel-warning", Severity.WARNING,
            "The kernel would warn here, or be silently wrong (misuse of a kernel API)."),
    KERNEL_WARNING_EXPECTED("kernel-warning-expected", Severity.INFO,
            "The kernel warned here as the statement's `expect fail` said (e.g. a page allocation failure)."),
    STATEMENT_SKIPPED("statement-skipped", Severity.WARNING,
            "A statement could not run: it uses a handle whose mmap failed."),
    FILE_TOO_LARGE("file-too-large", Severity.WARNING,
            "An editor does not parse or simulate a file this large; the command line does."),
    RUN_ABORTED("run-aborted", Severity.ERROR,
            "The simulation stopped before the end: step budget or time limit exhausted, or an internal error.");

    /** Stable kebab-case id, e.g. "unaligned-address". */
    public final String id;
    public final Severity severity;
    /** One line of documentation. */
    public final String doc;

    MmdslIssue(String id, Severity severity, String doc) {
        this.id = id;
        this.severity = severity;
        this.doc = doc;
    }

    /** The issue with this id, or {@code null}. */
    public static MmdslIssue byId(String id) {
        for (MmdslIssue i : values()) {
            if (i.id.equals(id)) {
                return i;
            }
        }
        return null;
    }
}
