package org.mmdsl.runtime.event;

/**
 * A call into a kernel service made by a scenario's kernel code (kmalloc, alloc_pages, vmalloc…),
 * with its arguments resolved and its result as the kernel would print it ("0xc1a2b000", "NULL",
 * "pfn 0x3a000"). {@code failed} marks a NULL or error return.
 */
public record KernelCall(String call, String result, boolean failed) implements Event {

    @Override
    public Kind kind() {
        return failed ? Kind.PROBLEM : Kind.INFO;
    }

    @Override
    public String message() {
        return call + " = " + result;
    }
}
