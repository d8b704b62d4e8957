package org.mmdsl.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.page.MemMap;
import org.mmdsl.runtime.pagealloc.BuddyAllocator;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Issue 3 point 2: simulator heap per simulated frame, measured — the heap in use after a full GC
 * with a booted 64 GB x86_64 machine held, minus the heap in use before, divided by the frames
 * that have a struct page. Issue 17 point 4: then per touched frame — 1 GB of order-0 GFP_KERNEL
 * pages (262,144 frames) allocated, the heap's growth divided by them. Also prints the per-frame
 * array bytes the classes declare.
 *
 * <pre>java -cp mmdsl.bench/target/benchmarks.jar org.mmdsl.bench.BytesPerFrame [GB]</pre>
 */
public final class BytesPerFrame {
    private BytesPerFrame() {
    }

    public static void main(String[] args) {
        long gb = args.length > 0 ? Long.parseLong(args[0]) : 64;
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        Machines.x86_64(1L << 30, EventSink.NONE); // load and initialise the classes first
        long before = used(mx);
        Kernel k = Machines.x86_64(gb << 30, EventSink.NONE);
        long after = used(mx);
        long frames = k.memory().memMap().size();
        System.out.printf("x86_64 %d GB: %d frames with a struct page; heap held by the machine %d bytes = %.2f B/frame%n",
                gb, frames, after - before, (after - before) / (double) frames);
        int touched = 1 << 18;
        long[] pfns = new long[touched];
        long beforeTouch = used(mx);
        BuddyAllocator buddy = k.memory().allocator();
        for (int i = 0; i < touched; i++) {
            pfns[i] = buddy.allocPages(Gfp.GFP_KERNEL, 0);
        }
        long afterTouch = used(mx);
        System.out.printf("touched: %d frames allocated (order 0, GFP_KERNEL); heap grew %d bytes = %.2f B/touched frame"
                + " (%d memmap chunks of %d frames hold words)%n", touched, afterTouch - beforeTouch,
                (afterTouch - beforeTouch) / (double) touched, k.memory().memMap().materialisedChunks(),
                MemMap.chunkFrames());
        System.out.printf("declared per-frame arrays: MemMap %d B per frame of a touched chunk + BuddyAllocator %d B%n",
                MemMap.bytesPerFrame(), BuddyAllocator.bytesPerFrame());
        if (pfns[touched - 1] < 0) {
            System.out.println("an allocation failed");
        }
        if (k.memory().totalPages() < 0) {
            System.out.println(); // keeps k reachable until here
        }
    }

    private static long used(MemoryMXBean mx) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}
