package org.mmdsl.runtime.uapi;

/**
 * The mmap() flags a scenario writes after the mapping's kind ({@code mmap buf 16KB rw- private anon
 * fixed populate}), in the grammar's order, and {@code anon} (MAP_ANONYMOUS); the sharing type is
 * {@link MapType}. Values: {@link Mman}; releases from the kernel's git history.
 */
public enum MapFlag implements KernelWord {
    FIXED("fixed", Mman.MAP_FIXED, null,
            "map exactly at the address, replacing what was there (mm/mmap.c)"),
    FIXED_NOREPLACE("fixed_noreplace", Mman.MAP_FIXED_NOREPLACE, "4.17",
            "map exactly at the address, or fail with EEXIST"),
    NORESERVE("noreserve", Mman.MAP_NORESERVE, null,
            "no swap space is reserved (no VM_ACCOUNT)"),
    POPULATE("populate", Mman.MAP_POPULATE, null,
            "fault every page in at mmap time (mm/gup.c populate_vma_page_range())"),
    GROWSDOWN("growsdown", Mman.MAP_GROWSDOWN, null,
            "a stack-like VMA that expands downwards on a fault below it"),
    LOCKED("locked", Mman.MAP_LOCKED, null,
            "VM_LOCKED, pages stay resident (mm/mlock.c)"),
    STACK("stack", Mman.MAP_STACK, "2.6.27",
            "the mapping is a thread stack; since 6.7 it also sets VM_NOHUGEPAGE"),
    NONBLOCK("nonblock", Mman.MAP_NONBLOCK, null,
            "with MAP_POPULATE: do not read ahead; since 2.6.23 it makes MAP_POPULATE do nothing"),
    HUGETLB("hugetlb", Mman.MAP_HUGETLB, "2.6.32",
            "back the mapping with huge pages from the hugetlbfs pool"),
    SYNC("sync", Mman.MAP_SYNC, "4.15",
            "with MAP_SHARED_VALIDATE on a DAX file: metadata is synchronous, writes are durable without fsync"),
    MAP_32BIT("32bit", Mman.MAP_32BIT, null,
            "x86_64: put the mapping in the first 2 GB of the address space"),
    ANONYMOUS("anon", Mman.MAP_ANONYMOUS, null,
            "zero-filled memory backed by no file");

    private final String word;
    private final long value;
    private final String since;
    private final String doc;

    MapFlag(String word, long value, String since, String doc) {
        this.word = word;
        this.value = value;
        this.since = since;
        this.doc = doc;
    }

    private static final MapFlag[] VALUES = values();

    /**
     * The bits of the flags here that {@code version} does not have yet (MAP_FIXED_NOREPLACE, MAP_SYNC,
     * MAP_HUGETLB and MAP_STACK under 2.6.24): that release's mmap() ignores them, as it ignores every
     * bit it does not know (only MAP_SHARED_VALIDATE, 4.15, refuses one). Allocates nothing.
     */
    public static int unknownTo(KernelVersion version) {
        int bits = 0;
        for (MapFlag f : VALUES) {
            if (!version.has(f)) {
                bits |= (int) f.value;
            }
        }
        return bits;
    }

    /** The flag a scenario spells {@code word}, or null. */
    public static MapFlag byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return name().startsWith("MAP_") ? name() : "MAP_" + name();
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
