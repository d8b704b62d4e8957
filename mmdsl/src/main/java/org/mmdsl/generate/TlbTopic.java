package org.mmdsl.generate;

import java.util.SplittableRandom;

/**
 * {@code generate tlb}: the dTLB over a few pages. A small TLB is drawn ({@code tlb 4|8|16 entries 1|2|4
 * ways}: set = page number mod sets, round-robin in a set), two processes map an anonymous area each at
 * the same address (0x40000000, different frames) and touch every page. Then a drawn sequence of steps:
 * loads and stores in the current process; a switch to the other process (a CR3 load: without PCIDs, on
 * i386 and PAE, it drops every non-global entry; x86_64's PCIDs keep them, arch/x86/mm/tlb.c
 * switch_mm_irqs_off()); {@code mprotect} of a page to read-only and {@code munmap} of a page (both flush
 * it: flush_tlb_range()); a kernel's {@code set_pte ... readonly noflush} (a stale writable entry, a kernel
 * bug on purpose), {@code invlpg} and {@code flush_tlb_all}. The blanks ask whether each access hit the
 * TLB ({@code expect tlb ?}), what each load returns, and the signal of an access that faults (a store to
 * the read-only page, a load of the unmapped one). A store through a stale writable entry succeeds; after
 * the flush the CPU walks, finds the pte read-only and faults, and do_wp_page() makes it writable again
 * (the VMA is writable): no signal. Does not compute any answer: {@link Keys} takes them from a run.
 */
final class TlbTopic implements Topic {
    private static final long BASE = 0x40000000L;
    private static final int[][] GEOMETRY = {{4, 1}, {4, 2}, {8, 2}, {8, 4}, {16, 4}, {8, 1}};

    @Override
    public String name() {
        return "tlb";
    }

    @Override
    public String task() {
        return "say which accesses hit the dTLB and which miss, what each load returns and which accesses fault, "
                + "through context switches, flushes and a stale entry";
    }

    /** One process's area: per page whether it is mapped, writable, and whether a stale entry may exist. */
    private static final class Proc {
        final String name;
        final boolean[] mapped;
        final boolean[] writable;
        /** Threads cloned so far: each later block of the process runs in a new thread of its mm. */
        int threads;
        boolean started;

        Proc(String name, int pages) {
            this.name = name;
            mapped = new boolean[pages];
            writable = new boolean[pages];
            java.util.Arrays.fill(mapped, true);
            java.util.Arrays.fill(writable, true);
        }
    }

    @Override
    public String body(SplittableRandom rng, GenArch arch) {
        GenArch a = arch != null ? arch : GenArch.draw(rng);
        int[] g = GEOMETRY[rng.nextInt(GEOMETRY.length)];
        StringBuilder s = new StringBuilder();
        s.append(g[0] == 8 ? "// An " : "// A ").append(g[0]).append("-entry ").append(g[1]).append("-way dTLB: ").append(g[0] / g[1])
                .append(g[0] / g[1] == 1 ? " set" : " sets (the set is the page number mod " + g[0] / g[1] + ")")
                .append(", round-robin within a set; ").append(a.is32() ? "no PCIDs (32-bit x86)" : "PCIDs (x86_64)")
                .append(".\n");
        s.append("// p1 and p2 map their own pages at the same address; each block after the first of a process is a\n");
        s.append("// new thread of it (its mm): a switch between p1 and p2 loads CR3, one within an mm does not.\n");
        s.append("boot ram 256MB\n  arch ").append(a.bootWords).append("\n  tlb ").append(g[0]).append(" entries ")
                .append(g[1]).append(" ways\n\n");
        Proc[] procs = {new Proc("p1", 3 + rng.nextInt(4)), new Proc("p2", 2 + rng.nextInt(3))};
        for (Proc p : procs) {
            int n = p.mapped.length;
            open(s, p);
            s.append("  mmap buf at ").append(WalkTopic.hex(BASE)).append(' ').append(n * 4)
                    .append("KB rw- private anon fixed\n");
            for (int k = 0; k < n; k++) {
                s.append("  write ").append(at(k)).append(" value ").append(value(rng, p, k)).append('\n');
            }
            access(s, rng, p);
            s.append(">\n");
        }
        int current = 1;
        int steps = 4 + rng.nextInt(3);
        boolean protectedOne = false;
        boolean unmappedOne = false;
        for (int i = 0; i < steps; i++) {
            int kind = rng.nextInt(6);
            if (kind == 0) { // a context switch to the other process, and accesses there
                current = 1 - current;
                block(s, rng, procs[current], null);
            } else if (kind == 1 && !protectedOne) {
                protectedOne = true;
                Proc p = procs[current];
                int k = rng.nextInt(p.mapped.length);
                if (!p.mapped[k]) {
                    block(s, rng, p, null);
                    continue;
                }
                p.writable[k] = false;
                block(s, rng, p, "  mprotect " + at(k) + " 4KB r--\n  read " + at(k) + "\n    expect tlb ?\n"
                        + "    expect value ?\n  write " + at(k) + " value " + value(rng, p, k) + "\n    expect fault ?\n");
            } else if (kind == 2 && !unmappedOne) {
                unmappedOne = true;
                Proc p = procs[current];
                int k = rng.nextInt(p.mapped.length);
                p.mapped[k] = false;
                block(s, rng, p, "  munmap " + at(k) + " 4KB\n  read " + at(k) + "\n    expect fault ?\n");
            } else if (kind == 3) { // a stale entry: the pte goes read-only, the TLB is not told
                Proc p = procs[current];
                int k = writablePage(rng, p);
                if (k < 0) {
                    block(s, rng, p, null);
                    continue;
                }
                s.append("// set_pte noflush: the pte goes read-only and the TLB is not told (a kernel bug, on purpose)\n");
                s.append("kernel <\n  set_pte ").append(p.name).append(' ').append(WalkTopic.hex(BASE + k * 4096L))
                        .append(" readonly noflush\n>\n");
                open(s, p);
                s.append("  write ").append(at(k)).append(" value ").append(value(rng, p, k)).append("\n    expect tlb ?\n");
                s.append(">\n");
                boolean flushAll = rng.nextBoolean();
                s.append("kernel <\n  ").append(flushAll ? "flush_tlb_all" : "invlpg " + WalkTopic.hex(BASE + k * 4096L))
                        .append("\n>\n");
                open(s, p);
                s.append("  write ").append(at(k)).append(" value ").append(value(rng, p, k)).append("\n    expect tlb ?\n");
                access(s, rng, p);
                s.append(">\n");
            } else if (kind == 4) {
                s.append("kernel <\n  flush_tlb_all\n>\n");
                block(s, rng, procs[current], null);
            } else {
                block(s, rng, procs[current], null);
            }
        }
        for (Proc p : procs) {
            int k = rng.nextInt(p.mapped.length);
            if (p.mapped[k]) {
                s.append("expect ").append(p.name).append(" read ").append(at(k)).append(" == ?\n");
            }
        }
        return s.toString();
    }

    /** A block of {@code p} (a context switch to it): {@code first} if given, then one to three accesses. */
    private static void block(StringBuilder s, SplittableRandom rng, Proc p, String first) {
        open(s, p);
        if (first != null) {
            s.append(first);
        }
        int n = 1 + rng.nextInt(3);
        for (int i = 0; i < n; i++) {
            access(s, rng, p);
        }
        s.append(">\n");
    }

    /** Opens a block of {@code p}: the process itself the first time, later a new thread of its mm. */
    private static void open(StringBuilder s, Proc p) {
        if (!p.started) {
            p.started = true;
            s.append("process ").append(p.name).append(" <\n");
        } else {
            s.append("thread ").append(p.name).append("_t").append(++p.threads).append(" = clone ").append(p.name)
                    .append(" <   // ").append(p.name).append("'s mm\n");
        }
    }

    /** A load or a store of a drawn page, with its questions. */
    private static void access(StringBuilder s, SplittableRandom rng, Proc p) {
        int k = rng.nextInt(p.mapped.length);
        boolean write = rng.nextInt(3) == 0;
        if (!p.mapped[k]) {
            s.append("  read ").append(at(k)).append("\n    expect fault ?\n");
        } else if (write && !p.writable[k]) {
            s.append("  write ").append(at(k)).append(" value ").append(value(rng, p, k)).append("\n    expect fault ?\n");
        } else if (write) {
            s.append("  write ").append(at(k)).append(" value ").append(value(rng, p, k)).append("\n    expect tlb ?\n");
        } else {
            s.append("  read ").append(at(k)).append("\n    expect tlb ?\n    expect value ?\n");
        }
    }

    private static int writablePage(SplittableRandom rng, Proc p) {
        int n = p.mapped.length;
        int start = rng.nextInt(n);
        for (int i = 0; i < n; i++) {
            int k = (start + i) % n;
            if (p.mapped[k] && p.writable[k]) {
                return k;
            }
        }
        return -1;
    }

    private static int value(SplittableRandom rng, Proc p, int k) {
        return (p.name.equals("p1") ? 100 : 200) + 10 * k + rng.nextInt(10);
    }

    private static String at(int page) {
        return page == 0 ? "buf" : "buf+" + page * 4 + "KB";
    }
}
