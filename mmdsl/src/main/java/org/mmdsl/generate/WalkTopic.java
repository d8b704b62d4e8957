package org.mmdsl.generate;

import java.util.SplittableRandom;

import org.mmdsl.runtime.arch.PagingMode;

/**
 * {@code generate walk}: virtual to physical on a chosen paging variant (OSTEP's multilevel exercise on
 * real layouts). A process maps a few anonymous areas at addresses whose page-table indices are drawn at
 * random (2-level i386: pgd/pte; PAE: pgd/pmd/pte; x86_64: pgd/pud/pmd/pte; la57 adds the p4d), writes
 * some bytes, and maps one file twice (two virtual pages, one page-cache frame). Each {@code translate}
 * shows a walk; the blanks ask the physical address a walk ends at (a translate after an access of that
 * address, so its page is present), what a byte access reads and which accesses fault (a page no VMA
 * covers, a store to a read-only VMA). Does not compute any answer: {@link Keys} takes them from a run.
 */
final class WalkTopic implements Topic {
    /** A base page (the runtime's PAGE_SIZE): offsets within a page are drawn below it. */
    private static final int PAGE = (int) PagingMode.PAGE_SIZE;


    @Override
    public String name() {
        return "walk";
    }

    @Override
    public String task() {
        return "split each address into its page-table indices, follow the walks, and fill in the physical address "
                + "each walk ends at, what each access reads and the signal of each access that faults";
    }

    @Override
    public String body(SplittableRandom rng, GenArch arch) {
        GenArch a = arch != null ? arch : GenArch.draw(rng);
        StringBuilder s = new StringBuilder();
        s.append("boot ram 1536MB\n  arch ").append(a.bootWords).append("\n\n");
        s.append("process init <\n");
        s.append("  exec \"/sbin/init\" text 24KB data 4KB bss 16KB\n");
        int areas = 2 + rng.nextInt(2);
        long[] regions = regions(rng, a, areas + 2);
        for (int i = 0; i < areas; i++) {
            long base = regions[i] + page(rng, room(a));
            int pages = 1 + rng.nextInt(4);
            boolean writable = i == 0 || rng.nextBoolean();
            s.append("  mmap at ").append(hex(base)).append(' ').append(pages * 4).append("KB ")
                    .append(writable ? "rw-" : "r--").append(" private anon fixed\n");
            long at = base + page(rng, pages) + rng.nextInt(PAGE);
            if (writable) {
                int v = 1 + rng.nextInt(255);
                s.append("  write byte ").append(hex(at)).append(" value ").append(v).append('\n');
                s.append("  translate ").append(hex(at)).append('\n');
                s.append("    expect address ?\n");
                s.append("  read byte ").append(hex(at)).append('\n');
                s.append("    expect value ?\n");
                if (pages > 1) {
                    long other = base + ((at - base) / PAGE + 1) % pages * PAGE + rng.nextInt(PAGE);
                    s.append("  read byte ").append(hex(other)).append('\n');
                    s.append("    expect value ?\n");
                }
            } else {
                s.append("  read byte ").append(hex(at)).append('\n');
                s.append("    expect value ?\n");
                s.append("  translate ").append(hex(at)).append('\n');
                s.append("    expect address ?\n");
                s.append("  write byte ").append(hex(at)).append(" value ").append(1 + rng.nextInt(255)).append('\n');
                s.append("    expect fault ?\n");
            }
            long past = base + pages * PAGE + page(rng, 4) + rng.nextInt(PAGE);
            if (rng.nextInt(3) == 0) {
                s.append("  read byte ").append(hex(past)).append('\n');
                s.append("    expect fault ?\n");
            }
        }
        // One file page mapped at two virtual addresses: both walks end at the same frame.
        long x = regions[areas] + page(rng, room(a));
        long y = regions[areas + 1] + page(rng, room(a));
        int off = rng.nextInt(PAGE);
        int v = 1 + rng.nextInt(255);
        s.append("  mmap at ").append(hex(x)).append(" 4KB rw- shared file \"/data/walk\" fixed\n");
        s.append("  mmap at ").append(hex(y)).append(" 4KB r-- shared file \"/data/walk\" fixed\n");
        s.append("  write byte ").append(hex(x + off)).append(" value ").append(v).append('\n');
        s.append("  translate ").append(hex(x + off)).append('\n');
        s.append("    expect address ?\n");
        s.append("  translate ").append(hex(y + off)).append('\n');
        s.append("  read byte ").append(hex(y + off)).append('\n');
        s.append("    expect value ?\n");
        s.append("  read byte ").append(hex(y + PAGE + rng.nextInt(PAGE))).append('\n');
        s.append("    expect fault ?\n");
        s.append(">\n");
        return s.toString();
    }

    /**
     * {@code n} distinct regions (each the span of one lowest-level table: 4 MB on i386, 2 MB otherwise),
     * with the indices above the pte drawn at random; between 256 MB and 2.5 GB on i386 (clear of the exec
     * image, mmap_base and the stack), below 0x7800'0000'0000 on x86_64 and la57.
     */
    private static long[] regions(SplittableRandom rng, GenArch a, int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            long base;
            boolean fresh;
            do {
                base = switch (a) {
                    case I386 -> (0x40L + rng.nextInt(0x240)) << 22;
                    case PAE -> (0x80L + rng.nextInt(0x480)) << 21;
                    // la57: the pgd index (bits 48-56) stays 0, the p4d index is drawn: the model keeps
                    // a task below 128 TB (a hint above it is not taken), so the fifth level is walked at 0.
                    case X86_64, LA57 -> ((1L + rng.nextInt(0xf0)) << 39) | ((long) rng.nextInt(512) << 30)
                            | ((long) rng.nextInt(512) << 21);
                };
                fresh = true;
                for (int j = 0; j < i; j++) {
                    fresh &= r[j] != base;
                }
            } while (!fresh);
            r[i] = base;
        }
        return r;
    }

    /** Pages of a region an area may start at, leaving room for it and the unmapped pages after it. */
    private static int room(GenArch a) {
        return a == GenArch.I386 ? 1008 : 500;
    }

    /** A page offset below {@code pages} pages. */
    private static long page(SplittableRandom rng, int pages) {
        return (long) rng.nextInt(pages) << PagingMode.PAGE_SHIFT;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
