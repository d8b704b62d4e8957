package org.mmdsl.bench;

import java.util.concurrent.TimeUnit;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3 point 10: an alloc_pages()/__free_pages() pair of the given order with GFP_KERNEL on a
 * booted 1 GB x86_64 machine (watermarks on): __rmqueue_smallest() with its expand() split, then
 * __free_one_page() merging the block back with its buddies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class BuddyBench {
    @Param({"0", "3"})
    public int order;

    private BuddyAllocator buddy;

    @Setup
    public void boot() {
        buddy = Machines.x86_64(1L << 30, EventSink.NONE).memory().allocator();
    }

    @Benchmark
    public long allocFree() {
        long pfn = buddy.allocPages(Gfp.GFP_KERNEL, order);
        buddy.freePages(pfn, order);
        return pfn;
    }
}
