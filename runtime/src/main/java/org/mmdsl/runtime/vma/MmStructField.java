package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The fields of struct mm_struct (include/linux/mm_types.h) a scenario reads as {@code mm->FIELD}
 * ({@code let top = mm->brk}) or checks ({@code expect mm total_vm 42}), in mm_types.h's order; {@link MmStruct}
 * holds them and Task.mmField() reads one. The addresses say what each bounds in the layout exec and brk give a
 * task; the counters ({@link #pages()}: map_count and vm_stat_account()'s page counts) what they count.
 */
public enum MmStructField implements KernelWord {
    BRK("brk", "the program break: where the heap ends (sys_brk() moves it)"),
    START_BRK("start_brk", "where the heap starts: after bss, randomised with ASLR"),
    START_STACK("start_stack", "the initial stack pointer's page: argc, argv and envp are above it"),
    START_CODE("start_code", "the start of the text segment"),
    END_CODE("end_code", "the end of the text segment"),
    START_DATA("start_data", "the start of the data segment"),
    END_DATA("end_data", "the end of the data segment"),
    MMAP_BASE("mmap_base", "base of mmap area: the top-down layout maps below it"),
    TASK_SIZE("task_size", "size of task vm space (TASK_SIZE of the task: 3 GB on i386 3G/1G, 128 TB on x86_64)"),
    MAP_COUNT("map_count", null, true, "number of VMAs (the gate VMA, [vsyscall] or 2.6's [vdso], is none of them)"),
    TOTAL_VM("total_vm", null, true, "total pages mapped (VmSize)"),
    LOCKED_VM("locked_vm", null, true, "pages that have PG_mlocked set: the VM_LOCKED VMAs' pages (VmLck)"),
    PINNED_VM("pinned_vm", "3.2", true, "refcount permanently increased (VmPin): long-term pins, none in the model"),
    DATA_VM("data_vm", "4.5", true, "VM_WRITE & ~VM_SHARED & ~VM_STACK (VmData)"),
    EXEC_VM("exec_vm", null, true, "VM_EXEC & ~VM_WRITE & ~VM_STACK (2.6.24: file-backed VM_EXEC & ~VM_WRITE)"),
    STACK_VM("stack_vm", null, true, "VM_STACK (2.6.24: anonymous VM_GROWSDOWN) (VmStk)");

    private final String word;
    private final String since;
    private final boolean pages;
    private final String doc;

    MmStructField(String word, String doc) {
        this(word, null, false, doc);
    }

    MmStructField(String word, String since, boolean pages, String doc) {
        this.word = word;
        this.since = since;
        this.pages = pages;
        this.doc = doc;
    }

    /** Whether the field is a count (of pages, or of VMAs for map_count), not an address. */
    public boolean pages() {
        return pages;
    }

    /** The field a scenario spells {@code word} ("start_brk"), or null. */
    public static MmStructField byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return "mm->" + word;
    }

    /** Its position: a field has no number. */
    @Override
    public long value() {
        return ordinal();
    }

    /** pinned_vm arrived in 3.2 (mm: distinguish between mlocked and pinned pages), data_vm in 4.5; the rest is older. */
    @Override
    public String since() {
        return since;
    }

    @Override
    public String doc() {
        return doc;
    }
}
