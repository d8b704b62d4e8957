package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The vm sysctls of the overcommit policy a scenario can write ({@code sysctl vm.overcommit_memory = 2}),
 * as kernel/sysctl.c's vm_table and mm/util.c name them, each with the release that added it. The rules
 * that take and apply a write are {@link Overcommit#checkSysctl} and {@link Overcommit#writeSysctl}.
 */
public enum OvercommitSysctl implements KernelWord {
    OVERCOMMIT_MEMORY("vm.overcommit_memory", null,
            "0 heuristic overcommit (refuse only the obviously impossible), 1 always, 2 strict (CommitLimit)"),
    OVERCOMMIT_RATIO("vm.overcommit_ratio", null,
            "under mode 2, the percentage of RAM (plus swap) that may be committed"),
    OVERCOMMIT_KBYTES("vm.overcommit_kbytes", "3.14",
            "under mode 2, the RAM that may be committed in kB, instead of the ratio (writing one zeroes the other)"),
    ADMIN_RESERVE_KBYTES("vm.admin_reserve_kbytes", "3.10",
            "memory kept back under mode 2 for a task with CAP_SYS_ADMIN to recover the system"),
    USER_RESERVE_KBYTES("vm.user_reserve_kbytes", "3.10",
            "under mode 2, the most a task's own size may hold back from its next commit (the 3% of total_vm cap)");

    private final String word;
    private final String since;
    private final String doc;

    OvercommitSysctl(String word, String since, String doc) {
        this.word = word;
        this.since = since;
        this.doc = doc;
    }

    /** The sysctl a scenario spells {@code word} ("vm.overcommit_ratio"), or null. */
    public static OvercommitSysctl byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    /** /proc/sys/vm/NAME. */
    @Override
    public String kernelName() {
        return "/proc/sys/" + word.replace('.', '/');
    }

    /** Its position: a sysctl has no number. */
    @Override
    public long value() {
        return ordinal();
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String doc() {
        return doc;
    }
}
