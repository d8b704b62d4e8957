package org.mmdsl.bench;

import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.EventSink;

/**
 * The machines the benchmarks boot, and the event sinks they run with. Benchmarks measure the
 * runtime, not the language: they drive {@link Kernel} and {@link Task} as the interpreter does.
 */
final class Machines {
    private Machines() {
    }

    /** An x86_64 (4-level) machine with {@code ramBytes} of RAM. */
    static Kernel x86_64(long ramBytes, EventSink sink) {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64;
        p.ramBytes = ramBytes;
        return Kernel.boot(p, sink);
    }

    /** An x86_64 machine with 5-level paging (la57) and {@code ramBytes} of RAM. */
    static Kernel la57(long ramBytes, EventSink sink) {
        BootParams p = new BootParams();
        p.arch = Arch.X86_64_LA57;
        p.ramBytes = ramBytes;
        return Kernel.boot(p, sink);
    }

    /** An i386 machine with 2-level paging, 3G/1G and highmem on. */
    static Kernel i386(long ramBytes, EventSink sink) {
        BootParams p = new BootParams();
        p.arch = Arch.I386;
        p.ramBytes = ramBytes;
        p.highmem = true;
        return Kernel.boot(p, sink);
    }

    /** A process with the exec layout of a small static binary (text, data, bss, [stack], vDSO). */
    static Task process(Kernel k, String comm) {
        Task t = k.spawn(comm);
        t.execve("/bin/" + comm, 24 << 10, 4 << 10, 16 << 10, 0); // 0: the default 8 MB RLIMIT_STACK
        return t;
    }

    /**
     * A sink that receives every event, as the interpreter's does, counts them and keeps the last
     * one (so the event escapes, as it does into the interpreter's list, and the JIT cannot elide
     * its allocation); what a front end costs beyond that (storing, rendering) is not measured.
     */
    static class CountingSink implements EventSink {
        long events;
        Event last;

        @Override
        public void emit(Event event) {
            events++;
            last = event;
        }
    }

    /**
     * The interpreter's sink inside a range access (`write buf for 1GB`): faults are summed by kind
     * for one RangeSummary (EventSink#pageFault), every other event is received as above.
     */
    static final class RangeSummingSink extends CountingSink {
        final java.util.Map<String, long[]> faults = new java.util.TreeMap<>();

        @Override
        public void pageFault(int pid, long vaddr, Access access, String how, long pfn) {
            long[] n = faults.get(how);
            if (n == null) {
                faults.put(how, n = new long[1]);
            }
            n[0]++;
        }
    }

    static EventSink sink(String name) {
        return switch (name) {
            case "none" -> EventSink.NONE;
            case "events" -> new CountingSink();
            case "range" -> new RangeSummingSink();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
