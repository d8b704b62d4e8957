package org.mmdsl.runtime.uapi;

/**
 * The kernel features that are not words of their own set (a system call, a kernel API, a seal
 * command) with the first release that has each: with {@link KernelVersion#has(KernelFact)} the one
 * table of what each modelled kernel has, read by the runtime's version gates and by the language's
 * KernelModelValidator. Words (flags, advice, show targets) carry their release themselves.
 */
public enum KernelFeature implements KernelFact {
    MLOCK2("mlock2()", "4.4", null,
            "mlock() with flags: MLOCK_ONFAULT locks pages as they are faulted in (mm/mlock.c)"),
    KMAP_LOCAL("kmap_local_page()", "5.11", null,
            "a CPU-local temporary mapping that may be preempted and nested (mm/highmem.c), the successor of kmap_atomic()"),
    KM_TYPE("enum km_type", null, "2.6.37",
            "the named per-CPU kmap_atomic() slots (KM_USER0 ...), replaced by a per-CPU stack in 2.6.37"),
    KVMALLOC("kvmalloc()", "4.12", null,
            "kmalloc(), falling back to vmalloc() (mm/util.c kvmalloc_node())"),
    KVFREE("kvfree()", "3.15", null,
            "frees what kvmalloc() (or kmalloc() or vmalloc()) returned, by its address"),
    MEMFD_CREATE("memfd_create()", "3.17", null,
            "an anonymous shmem file with a descriptor (mm/memfd.c)"),
    FILE_SEALS("F_ADD_SEALS", "3.17", null,
            "fcntl() file seals of a memfd (mm/memfd.c memfd_add_seals()); the seals are FileSeal"),
    MSEAL("mseal()", "6.10", null,
            "seals VMAs: they can no longer be unmapped, moved or re-protected (mm/mseal.c)"),
    MAP_STACK_NOHUGEPAGE("MAP_STACK -> VM_NOHUGEPAGE", "6.7", null,
            "mmap()'s MAP_STACK sets VM_NOHUGEPAGE: no transparent huge pages for thread stacks (mm/mmap.c calc_vm_flag_bits())"),
    SEAL_WRITE_READONLY_SHARED_MAP("read-only shared map of an F_SEAL_WRITE memfd", "6.7", null,
            "only a VM_WRITE shared map counts as writable (mapping_map_writable()): a write-sealed memfd may be mapped shared read-only");

    private final String kernelName;
    private final String since;
    private final String removedIn;
    private final String doc;

    KernelFeature(String kernelName, String since, String removedIn, String doc) {
        this.kernelName = kernelName;
        this.since = since;
        this.removedIn = removedIn;
        this.doc = doc;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String removedIn() {
        return removedIn;
    }

    @Override
    public String doc() {
        return doc;
    }
}
