package org.mmdsl.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.mmdsl.interpreter.Run;
import org.mmdsl.runtime.ZoneView;
import org.mmdsl.runtime.highmem.KmType;

/**
 * {@code generate kmap}: where the kernel maps a page it wants to touch, on an i386 machine with HighMem
 * (2-level or PAE, the split, the CPUs and the kernel model drawn: 6.1 or 2.6). A kernel block allocates
 * HighMem frames ({@code GFP_HIGHUSER}, {@code GFP_KERNEL|__GFP_HIGHMEM}) and one lowmem frame
 * ({@code GFP_KERNEL}); the exercise states their pfns (read from a run of the allocations: givens, not
 * answers). The blanks ask:
 * <ul>
 * <li>the pkmap slot of each {@code kmap} (mm/highmem.c kmap_high() → map_new_virtual(): the ring's next
 * free slot after last_pkmap_nr, from slot 1); after a {@code kunmap} the slot is not reused before the
 * ring wraps (flush_all_zero_pkmaps()), so a new page takes the next one, while the unmapped page keeps
 * its address ({@code page_address}) and gets the same slot back from another {@code kmap};</li>
 * <li>the direct-map address of a lowmem frame, and of a frame drawn next to max_low_pfn on either side
 * (where lowmem ends: the zones topic and docs/teaching.md);</li>
 * <li>6.1: the kmap_local_page()/kmap_atomic() slots, a per-CPU stack of KM_MAX_IDX fixmap pages
 * (kmap_local_idx_push()); 2.6: kmap_atomic(page, KM_type), one fixmap page per type and CPU.</li>
 * </ul>
 * Every kmap is unmapped (LIFO for kmap_local), no kmap_atomic section sleeps, so the run has no warning
 * but 6.1's kmap_atomic deprecation, which the exercise expects. The ring's wrap needs LAST_PKMAP (512 or
 * 1024) kmaps and is not asked. Does not compute any answer: {@link Keys} takes them from a run.
 */
final class KmapTopic implements Topic {

    /** RAM that leaves HighMem under the 3G/1G split (lowmem ends below 896 MB), and under 2G/2G. */
    private static final String[] RAM_3G = {"1GB", "1280MB", "1536MB", "2GB", "3GB"};
    private static final String[] RAM_2G = {"3GB"};
    private static final String[] RAM_2G_PAE = {"3GB", "4GB"};
    /** 2.6.24 km_types a kernel path of each context would take (include/asm-x86/kmap_types.h). */
    private static final KmType[] KM_TYPES = {KmType.KM_USER0, KmType.KM_USER1, KmType.KM_IRQ0, KmType.KM_IRQ1,
        KmType.KM_SOFTIRQ0, KmType.KM_SOFTIRQ1, KmType.KM_BIO_SRC_IRQ, KmType.KM_BOUNCE_READ};

    @Override
    public String name() {
        return "kmap";
    }

    @Override
    public String task() {
        return "work out the address each kmap, kmap_local_page and kmap_atomic returns (pkmap slots, fixmap "
                + "slots, the direct map) and what page_address gives";
    }

    @Override
    public boolean takes(GenArch arch) {
        return arch.is32();
    }

    @Override
    public String body(SplittableRandom rng, GenArch arch) {
        GenArch a = arch != null ? arch : rng.nextBoolean() ? GenArch.I386 : GenArch.PAE;
        boolean k26 = rng.nextBoolean();
        int cpus = 1 + rng.nextInt(4);
        String boot = boot(rng, a, k26, cpus);

        // The allocations: three to five HighMem blocks (order 0 or 1), one lowmem page.
        int blocks = 3 + rng.nextInt(3);
        List<String> allocs = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        for (int i = 1; i <= blocks; i++) {
            int order = rng.nextInt(4) == 0 ? 1 : 0;
            String gfp = rng.nextBoolean() ? "GFP_HIGHUSER" : "GFP_KERNEL|__GFP_HIGHMEM";
            allocs.add("alloc_pages h" + i + " order " + order + " " + gfp);
            pages.add("h" + i);
            if (order == 1) {
                pages.add("h" + i + "+1");
            }
        }
        allocs.add("alloc_pages low order 0 GFP_KERNEL");
        StringBuilder probe = new StringBuilder(boot).append("\nkernel <\n");
        for (String line : allocs) {
            probe.append("  ").append(line).append("\n    expect address ?\n");
        }
        probe.append(">\n");
        List<String> pfns = Scenarios.blankAnswers(probe.toString());
        Run run = Scenarios.run(boot);
        ZoneView high = run.kernel().zone("HighMem");
        long maxLowPfn = high.startPfn();

        StringBuilder s = new StringBuilder(boot).append('\n');
        s.append("kernel <\n");
        s.append("  // the frames (alloc_pages prints each pfn)\n");
        for (int i = 0; i < allocs.size(); i++) {
            String line = "  " + allocs.get(i);
            s.append(pad(line)).append("// pfn ").append(pfns.get(i)).append('\n');
        }

        // Persistent kmaps (pkmap): the first pages in a drawn order.
        s.append("  // kmap(): mm/highmem.c kmap_high(), the pkmap ring\n");
        List<String> order = shuffled(rng, pages);
        int first = Math.min(order.size() - 1, 2 + rng.nextInt(2));
        List<String> mapped = new ArrayList<>(); // one entry per kmap not yet kunmapped
        for (int i = 0; i < first; i++) {
            kmap(s, order.get(i), mapped);
        }
        // kunmap one or two; a fresh page takes the next slot, the unmapped one keeps its address
        int drop = 1 + rng.nextInt(Math.min(2, first));
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < drop; i++) {
            String p = mapped.get(rng.nextInt(mapped.size()));
            mapped.remove(p);
            dropped.add(p);
            s.append("  kunmap page ").append(p).append('\n');
        }
        kmap(s, order.get(first), mapped);
        String back = dropped.get(rng.nextInt(dropped.size()));
        s.append("  page_address page ").append(back).append("\n    expect address ?\n");
        kmap(s, back, mapped);
        if (rng.nextBoolean()) {
            kmap(s, mapped.get(rng.nextInt(mapped.size())), mapped); // a second kmap of a mapped page
        }
        kmap(s, "low", mapped);
        long d = 1 + rng.nextInt(8);
        long boundary = rng.nextBoolean() ? maxLowPfn - d : maxLowPfn + d - 1;
        s.append("  // pfn 0x").append(Long.toHexString(boundary)).append(": lowmem or HighMem?\n");
        kmap(s, "0x" + Long.toHexString(boundary), mapped);
        for (String p : shuffled(rng, mapped)) {
            s.append("  kunmap page ").append(p).append('\n');
        }

        // Temporary mappings: fixmap slots.
        List<String> temp = shuffled(rng, pages);
        temp.add(1 + rng.nextInt(2), "low");
        s.append(k26 ? "  // kmap_atomic(page, km_type): 2.6.24 arch/x86/mm/highmem_32.c, fixmap slots\n"
                : "  // kmap_local_page(), kmap_atomic(): mm/highmem.c, per-CPU fixmap slots\n");
        if (k26) {
            kmapAtomic26(s, rng, temp, cpus);
        } else {
            kmapLocal61(s, rng, temp, cpus);
        }
        s.append(">\n");
        return s.toString();
    }

    /** The boot block: RAM with HighMem under the drawn split, the arch, the CPUs, the model. */
    private static String boot(SplittableRandom rng, GenArch a, boolean k26, int cpus) {
        boolean split2g = rng.nextInt(4) == 0;
        String[] rams = !split2g ? RAM_3G : a == GenArch.PAE ? RAM_2G_PAE : RAM_2G;
        StringBuilder b = new StringBuilder();
        b.append("boot ram ").append(rams[rng.nextInt(rams.length)]).append(" highmem\n");
        b.append("  arch ").append(a.bootWords).append('\n');
        if (split2g) {
            b.append("  split 2G/2G\n");
        }
        b.append("  cpus ").append(cpus).append('\n');
        if (k26) {
            b.append("  kernel 2.6\n");
        }
        return b.toString();
    }

    private static void kmap(StringBuilder s, String page, List<String> mapped) {
        s.append("  kmap page ").append(page).append("\n    expect address ?\n");
        mapped.add(page);
    }

    /** 6.1: kmap_local_page() pushes on the CPU's stack, kunmap_local() pops (LIFO); kmap_atomic() shares it. */
    private static void kmapLocal61(StringBuilder s, SplittableRandom rng, List<String> temp, int cpus) {
        int n = Math.min(temp.size(), 3 + rng.nextInt(2));
        List<String> stack = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String p = temp.get(i);
            boolean atomic = rng.nextInt(3) == 0;
            // pop one in between sometimes: the next push takes the freed slot again
            if (!stack.isEmpty() && rng.nextInt(3) == 0) {
                String top = stack.remove(stack.size() - 1);
                s.append("  ").append(top.startsWith("!") ? "kunmap_atomic" : "kunmap_local").append(" page ")
                        .append(top.replace("!", "")).append('\n');
            }
            s.append("  ").append(atomic ? "kmap_atomic" : "kmap_local_page").append(" page ").append(p)
                    .append("\n    expect address ?\n");
            if (atomic) {
                s.append("    expect warning \"deprecated\"\n");
            }
            stack.add((atomic ? "!" : "") + p);
        }
        if (cpus > 1) {
            int cpu = 1 + rng.nextInt(cpus - 1);
            String p = temp.get(n % temp.size());
            s.append("  kmap_local_page page ").append(p).append(" on cpu ").append(cpu).append("\n    expect address ?\n");
            s.append("  kunmap_local page ").append(p).append(" on cpu ").append(cpu).append('\n');
        }
        for (int i = stack.size() - 1; i >= 0; i--) {
            String top = stack.get(i);
            s.append("  ").append(top.startsWith("!") ? "kunmap_atomic" : "kunmap_local").append(" page ")
                    .append(top.replace("!", "")).append('\n');
        }
    }

    /** 2.6: kmap_atomic(page, type) takes the type's fixmap page of the CPU; unmaps in any order. */
    private static void kmapAtomic26(StringBuilder s, SplittableRandom rng, List<String> temp, int cpus) {
        int n = Math.min(temp.size(), 3 + rng.nextInt(2));
        List<KmType> types = shuffled(rng, List.of(KM_TYPES));
        List<String> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String cpu = cpus > 1 && rng.nextInt(3) == 0 ? " on cpu " + (1 + rng.nextInt(cpus - 1)) : "";
            String slot = temp.get(i) + " " + types.get(i).name() + cpu;
            s.append("  kmap_atomic page ").append(slot).append("\n    expect address ?\n");
            open.add(slot);
        }
        for (String slot : shuffled(rng, open)) {
            s.append("  kunmap_atomic page ").append(slot).append('\n');
        }
    }

    private static <T> List<T> shuffled(SplittableRandom rng, List<T> in) {
        List<T> out = new ArrayList<>(in);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    private static String pad(String line) {
        return line.length() >= 52 ? line + "  " : line + " ".repeat(52 - line.length());
    }
}
