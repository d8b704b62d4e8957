package org.mmdsl.runtime.uapi;

/**
 * madvise() advice (include/uapi/asm-generic/mman-common.h), as a scenario writes it without MADV_
 * ({@code madvise buf 8KB dontneed}). Values: {@link Mman}; {@link Mman#MADV_NAMES} is read from here.
 */
public enum Madv implements KernelWord {
    NORMAL("normal", Mman.MADV_NORMAL, null,
            "no special treatment (the default read-ahead)"),
    RANDOM("random", Mman.MADV_RANDOM, null,
            "expect random access: no read-ahead (VM_RAND_READ)"),
    SEQUENTIAL("sequential", Mman.MADV_SEQUENTIAL, null,
            "expect sequential access: aggressive read-ahead (VM_SEQ_READ)"),
    WILLNEED("willneed", Mman.MADV_WILLNEED, null,
            "the pages will be needed soon: start reading them in"),
    DONTNEED("dontneed", Mman.MADV_DONTNEED, null,
            "the pages are not needed: drop them; the next access reads the file or a zero page"),
    FREE("free", Mman.MADV_FREE, "4.5",
            "the pages may be freed lazily, when memory is short, unless written again first"),
    REMOVE("remove", Mman.MADV_REMOVE, "2.6.16",
            "free the range and its backing store (a hole punched in the shmem or file)"),
    DONTFORK("dontfork", Mman.MADV_DONTFORK, "2.6.16",
            "do not copy the range into a child at fork() (VM_DONTCOPY)"),
    DOFORK("dofork", Mman.MADV_DOFORK, "2.6.16",
            "undo DONTFORK"),
    MERGEABLE("mergeable", Mman.MADV_MERGEABLE, "2.6.32",
            "let KSM merge identical pages of the range (VM_MERGEABLE)"),
    UNMERGEABLE("unmergeable", Mman.MADV_UNMERGEABLE, "2.6.32",
            "undo MERGEABLE, unsharing pages KSM merged"),
    HUGEPAGE("hugepage", Mman.MADV_HUGEPAGE, "2.6.38",
            "back the range with transparent huge pages where possible (VM_HUGEPAGE)"),
    NOHUGEPAGE("nohugepage", Mman.MADV_NOHUGEPAGE, "2.6.38",
            "never back the range with transparent huge pages (VM_NOHUGEPAGE)"),
    DONTDUMP("dontdump", Mman.MADV_DONTDUMP, "3.4",
            "leave the range out of a core dump (VM_DONTDUMP)"),
    DODUMP("dodump", Mman.MADV_DODUMP, "3.4",
            "undo DONTDUMP"),
    WIPEONFORK("wipeonfork", Mman.MADV_WIPEONFORK, "4.14",
            "a child sees the range zero-filled after fork() (VM_WIPEONFORK)"),
    KEEPONFORK("keeponfork", Mman.MADV_KEEPONFORK, "4.14",
            "undo WIPEONFORK"),
    COLD("cold", Mman.MADV_COLD, "5.4",
            "deactivate the pages: they are reclaimed first"),
    PAGEOUT("pageout", Mman.MADV_PAGEOUT, "5.4",
            "reclaim the pages now"),
    POPULATE_READ("populate_read", Mman.MADV_POPULATE_READ, "5.14",
            "fault the pages in readable, as reads would (EFAULT where a read would fault)"),
    POPULATE_WRITE("populate_write", Mman.MADV_POPULATE_WRITE, "5.14",
            "fault the pages in writable, as writes would (EFAULT where a write would fault)"),
    DONTNEED_LOCKED("dontneed_locked", Mman.MADV_DONTNEED_LOCKED, "5.18",
            "DONTNEED that also drops mlocked pages"),
    GUARD_INSTALL("guard_install", Mman.MADV_GUARD_INSTALL, "6.13",
            "install guard markers: an access to the pages is SIGSEGV, without a VMA of its own"),
    GUARD_REMOVE("guard_remove", Mman.MADV_GUARD_REMOVE, "6.13",
            "remove the guard markers of the range");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    Madv(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    /** The advice a scenario spells {@code word}, or null. */
    public static Madv byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "MADV_" + name();
    }

    @Override
    public long value() {
        return value;
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
