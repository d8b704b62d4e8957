package org.mmdsl.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.mmdsl.interpreter.Run;
import org.mmdsl.runtime.ZoneView;

/**
 * {@code generate buddy}: the buddy allocator on a small machine (32, 64 or 128 MB, so pfns stay short;
 * 64 or 128 MB on x86_64 and la57).
 * The exercise states the free blocks of each order of the zone GFP_KERNEL takes from (Normal on i386 and
 * PAE, DMA32 on x86_64 and la57, where 128 MB has no Normal zone) and of ZONE_DMA after boot, read from a
 * run of the boot (givens, not answers). Then two or three kernel blocks allocate blocks of orders 0 to 4
 * ({@code GFP_KERNEL}, sometimes {@code GFP_DMA}, on i386 sometimes {@code GFP_HIGHUSER}, which falls back
 * to Normal without HighMem) and free some of them. The blanks ask the pfn each allocation returns
 * (mm/page_alloc.c __rmqueue_smallest(): the first block of the smallest order that has one, expand()
 * putting the upper halves back one order down) and, between the blocks, the free blocks of drawn orders
 * ({@code expect zone Z free order K ?}: __free_one_page() merges a freed block with its buddy, pfn ^
 * (1 << order), while that is free too). The model has no per-cpu lists (PerCpuPages: only their sizes),
 * so an order-0 page goes straight back to the buddy lists, and the exercise says so. Does not compute any
 * answer: {@link Keys} takes them from a run.
 */
final class BuddyTopic implements Topic {
    private static final String[] RAM = {"32MB", "64MB", "128MB"};
    /** x86_64's boot leaves 32 MB's DMA32 no free block (the kernel image sits at 16 MB). */
    private static final String[] RAM_64 = {"64MB", "128MB"};

    @Override
    public String name() {
        return "buddy";
    }

    @Override
    public String task() {
        return "work out the pfn each alloc_pages returns and the zone's free blocks of each order as the buddy "
                + "allocator splits and merges them";
    }

    @Override
    public String body(SplittableRandom rng, GenArch arch) {
        GenArch a = arch != null ? arch : GenArch.draw(rng);
        String[] rams = a.is32() ? RAM : RAM_64;
        String boot = "boot ram " + rams[rng.nextInt(rams.length)] + "\n  arch " + a.bootWords + "\n";
        Run probe = Scenarios.run(boot);
        ZoneView normal = probe.kernel().zone("Normal");
        String zone = normal != null && normal.spanned() > 0 ? "Normal" : "DMA32";
        // the givens: the free blocks of each order after boot, read from a run of the boot
        StringBuilder given = new StringBuilder(boot).append('\n');
        for (String z : List.of(zone, "DMA")) {
            for (int k = 0; k <= 10; k++) {
                given.append("expect zone ").append(z).append(" free order ").append(k).append(" ?\n");
            }
        }
        List<String> free = Scenarios.blankAnswers(given.toString());

        StringBuilder s = new StringBuilder(boot).append('\n');
        s.append("// After boot, /proc/buddyinfo (free blocks of order 0 1 2 ... 10):\n");
        s.append("//   ").append(zone).append(pad(zone)).append(String.join(" ", free.subList(0, 11))).append('\n');
        s.append("//   DMA").append(pad("DMA")).append(String.join(" ", free.subList(11, 22))).append('\n');
        s.append("// The model keeps no per-cpu lists: an order-0 page is taken from and freed to the buddy lists.\n");
        s.append("// alloc_pages prints the first pfn of the block (expect address: the pfn in hex).\n");

        List<String> live = new ArrayList<>();
        int n = 0;
        int blocks = 2 + rng.nextInt(2);
        for (int b = 0; b < blocks; b++) {
            s.append("\nkernel <\n");
            int ops = 3 + rng.nextInt(3);
            for (int o = 0; o < ops; o++) {
                if (!live.isEmpty() && rng.nextInt(3) == 0) {
                    String h = live.remove(rng.nextInt(live.size()));
                    s.append("  free_pages ").append(h).append('\n');
                    continue;
                }
                String h = "p" + (++n);
                int order = rng.nextInt(4) == 0 ? rng.nextInt(5) : rng.nextInt(3);
                int g = rng.nextInt(6);
                String gfp = g == 0 ? "GFP_DMA" : g == 1 && a.is32() ? "GFP_HIGHUSER" : "GFP_KERNEL";
                s.append("  alloc_pages ").append(h).append(" order ").append(order).append(' ').append(gfp)
                        .append("\n    expect address ?\n");
                live.add(h);
            }
            // free some, so merges happen
            int frees = rng.nextInt(live.size() + 1);
            for (int f = 0; f < frees; f++) {
                String h = live.remove(rng.nextInt(live.size()));
                s.append("  free_pages ").append(h).append('\n');
            }
            s.append(">\n");
            int lo = rng.nextInt(3);
            int hi = lo + 2 + rng.nextInt(3);
            for (int k = lo; k <= hi; k++) {
                s.append("expect zone ").append(zone).append(" free order ").append(k).append(" ?\n");
            }
            if (rng.nextInt(3) == 0) {
                s.append("expect zone DMA free order ").append(rng.nextInt(4)).append(" ?\n");
            }
        }
        return s.toString();
    }

    private static String pad(String zone) {
        return " ".repeat(8 - zone.length());
    }
}
