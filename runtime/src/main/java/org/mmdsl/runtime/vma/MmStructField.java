package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The fields of struct mm_struct (include/linux/mm_types.h) a scenario reads as {@code mm->FIELD}
 * ({@code let top = mm->brk}), in mm_types.h's order; {@link MmStruct} holds them and Task.mmField()
 * reads one. The doc lines say what each bounds in the layout exec and brk give a task.
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
    TASK_SIZE("task_size", "size of task vm space (TASK_SIZE of the task: 3 GB on i386 3G/1G, 128 TB on x86_64)");

    private final String word;
    private final String doc;

    MmStructField(String word, String doc) {
        this.word = word;
        this.doc = doc;
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

    /** Each is older than 2.6.24. */
    @Override
    public String since() {
        return null;
    }

    @Override
    public String doc() {
        return doc;
    }
}
