package org.mmdsl.bench;

import java.util.concurrent.TimeUnit;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.event.EventSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3 point 10: boot of a 64 GB x86_64 machine (e820, memblock, zones, the memmap of 16.8M
 * frames, memblock_free_all() into the buddy lists, kernel page tables); issue 17 point 4: the
 * same for 1 TB x86_64 and 4 TB with 5-level paging (la57), whose memmap holds words only for the
 * chunks the boot touched. gc.alloc.rate.norm is the bytes allocated per boot; {@link BytesPerFrame}
 * measures what stays on the heap per frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class BootBench {
    @Benchmark
    public Kernel boot64G() {
        return Machines.x86_64(64L << 30, EventSink.NONE);
    }

    @Benchmark
    public Kernel boot1T() {
        return Machines.x86_64(1L << 40, EventSink.NONE);
    }

    @Benchmark
    public Kernel boot4TLa57() {
        return Machines.la57(4L << 40, EventSink.NONE);
    }
}
