package org.mmdsl.runtime.uapi;

/**
 * The resource limits a scenario can set ({@code setrlimit RLIMIT_STACK 16MB}), with their numbers in
 * include/uapi/asm-generic/resource.h (which x86 uses) and its comments as the doc lines, in the
 * language's order. The rules that read the limits are in vma (may_expand_vm(), brk, mlock's
 * can_do_mlock(), the stack's acct_stack_growth()).
 *
 * <p>Does not hold the limits nothing in mm/ reads (RLIMIT_CPU, RLIMIT_NOFILE, RLIMIT_NPROC ...).
 */
public enum Rlimit implements KernelWord {
    STACK(3, "max stack size: stack growth from now on (mmap_base was placed by exec from the limit then)"),
    AS(9, "address space limit: mmap, mremap and brk fail with ENOMEM beyond it (may_expand_vm())"),
    DATA(2, "max data size: brk, and private writable mappings (may_expand_vm()'s data_vm)"),
    MEMLOCK(8, "max locked-in-memory address space: mlock and MAP_LOCKED without CAP_IPC_LOCK");

    private final int value;
    private final String doc;

    Rlimit(int value, String doc) {
        this.value = value;
        this.doc = doc;
    }

    /** The limit a scenario spells {@code word} ("RLIMIT_STACK"), or null. */
    public static Rlimit byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    /** The word as the kernel spells it: a scenario writes the kernel's name. */
    @Override
    public String word() {
        return kernelName();
    }

    @Override
    public String kernelName() {
        return "RLIMIT_" + name();
    }

    @Override
    public long value() {
        return value;
    }

    /** Every limit here is older than 2.6.24. */
    @Override
    public String since() {
        return null;
    }

    @Override
    public String doc() {
        return doc;
    }
}
