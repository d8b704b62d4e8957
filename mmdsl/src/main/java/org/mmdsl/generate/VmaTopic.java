package org.mmdsl.generate;

import java.util.SplittableRandom;

/**
 * {@code generate vma}: the address space after a random sequence of anonymous mmap() calls without a hint,
 * mprotect() and munmap() of a part of some of them, and a last mmap() that may land in a hole. The blanks
 * ask each mmap()'s result ({@code expect address ?}: get_unmapped_area()'s top-down search below
 * mmap_base); {@code show maps} at the end shows the splits and merges. Each mprotect or munmap works on
 * its own area, inside it, so no call fails. Does not compute any answer: {@link Keys} takes them from a run.
 */
final class VmaTopic implements Topic {

    private static final String[] PROTS = {"rw-", "r--", "r-x"};

    @Override
    public String name() {
        return "vma";
    }

    @Override
    public String task() {
        return "work out the address each mmap returns, and the maps at the end";
    }

    @Override
    public String body(SplittableRandom rng, GenArch arch) {
        GenArch a = arch != null ? arch : GenArch.draw(rng);
        StringBuilder s = new StringBuilder();
        s.append("boot ram 1536MB\n  arch ").append(a.bootWords).append("\n\n");
        s.append("process init <\n");
        s.append("  exec \"/sbin/init\" text 24KB data 4KB bss 16KB\n");
        int areas = 3 + rng.nextInt(2);
        int[] pages = new int[areas];
        for (int i = 0; i < areas; i++) {
            pages[i] = 2 + rng.nextInt(7);
            s.append("  mmap m").append(i + 1).append(' ').append(pages[i] * 4).append("KB ")
                    .append(PROTS[rng.nextInt(PROTS.length)]).append(" private anon\n");
            s.append("    expect address ?\n");
        }
        for (int i = 0; i < areas; i++) {
            int op = rng.nextInt(3); // 0: leave, 1: mprotect a part, 2: munmap a part
            if (op == 0) {
                continue;
            }
            int from = rng.nextInt(pages[i] - 1);
            int len = 1 + rng.nextInt(pages[i] - from - (from == 0 ? 1 : 0));
            String at = "m" + (i + 1) + (from == 0 ? "" : "+" + from * 4 + "KB");
            if (op == 1) {
                s.append("  mprotect ").append(at).append(' ').append(len * 4).append("KB ")
                        .append(PROTS[rng.nextInt(PROTS.length)]).append('\n');
            } else {
                s.append("  munmap ").append(at).append(' ').append(len * 4).append("KB\n");
            }
        }
        s.append("  mmap last ").append((1 + rng.nextInt(4)) * 4).append("KB rw- private anon\n");
        s.append("    expect address ?\n");
        s.append("  show maps\n");
        s.append(">\n");
        return s.toString();
    }
}
