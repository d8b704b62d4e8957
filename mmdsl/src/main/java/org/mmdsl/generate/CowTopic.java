package org.mmdsl.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code generate cow}: copy-on-write after fork(). A process maps a private anonymous area of two to four
 * pages (and sometimes a private file page it reads), writes some pages, and forks; sometimes it forks a
 * second child or clones a thread (one mm with the parent). Then the tasks read and write pages in a drawn
 * order, each later block a new thread of its process (its mm; a block is a context switch). The blanks
 * ask, before a write, the pte's flags and, for a page present there, its pfn (fork's
 * copy_present_pte() write-protects both sides and the child's pte is old), after a write the pte's flags
 * (and pfn: the same frame is a reuse, another a copy) and the page's refcount and mapcount (mm/memory.c do_wp_page(): a page still mapped by another mm is
 * copied, wp_page_copy(); one whose mapcount dropped to 1 is reused in place, wp_page_reuse()), what each
 * read returns on each side, and each task's rss. A COW write raises no signal, so no {@code expect fault}
 * is asked. Counts are asked only of pages the task wrote or inherited written (present anonymous pages):
 * a page only read maps the shared zero page. Does not compute any answer: {@link Keys} takes them from a run.
 */
final class CowTopic implements Topic {
    private static final int PAGE = 4096;

    @Override
    public String name() {
        return "cow";
    }

    @Override
    public String task() {
        return "follow copy-on-write after fork: fill in the pte flags before and after each write, the page's "
                + "refcount and mapcount, what each read returns and each task's rss";
    }

    /** One mm: which pages of buf were written in it (a thread writes in its process's). */
    private static final class Mm {
        final boolean[] written;

        Mm(int pages) {
            written = new boolean[pages];
        }

        Mm copy() {
            Mm m = new Mm(written.length);
            System.arraycopy(written, 0, m.written, 0, written.length);
            return m;
        }
    }

    @Override
    public String body(SplittableRandom rng, GenArch arch) {
        GenArch a = arch != null ? arch : GenArch.draw(rng);
        int pages = 2 + rng.nextInt(3);
        boolean file = rng.nextInt(3) == 0;
        StringBuilder s = new StringBuilder();
        s.append("boot ram 1536MB\n  arch ").append(a.bootWords).append("\n\n");
        s.append("process init <\n");
        s.append("  exec \"/sbin/init\" text 24KB data 4KB bss 16KB\n");
        s.append("  mmap buf ").append(pages * 4).append("KB rw- private anon\n");
        if (file) {
            s.append("  mmap f 4KB rw- private file \"/data/cow\"\n");
        }
        Mm init = new Mm(pages);
        // the parent writes one page at least, not all of them
        int first = rng.nextInt(pages);
        for (int p = 0; p < pages; p++) {
            if (p == first || (p != (first + 1) % pages && rng.nextBoolean())) {
                write(s, rng, "init", init, p, false, false);
            }
        }
        if (file) {
            s.append("  read f\n    expect value ?\n");
        }
        int asked = pick(rng, init.written);
        s.append("  expect pte ").append(at(asked)).append(" flags ?\n");
        s.append("  expect page ").append(at(asked)).append(" refcount ?\n");
        s.append(">\n\n");

        // fork: the child's mm is a copy (dup_mmap(), copy_page_range())
        Mm child = init.copy();
        s.append("// fork(): dup_mmap() copies the ptes of the private pages and write-protects them in both\n");
        s.append("process child = fork init <\n");
        int q = pick(rng, child.written);
        s.append("  expect rss anon ?\n");
        s.append("  expect page ").append(at(q)).append(" refcount ?\n");
        s.append("  expect page ").append(at(q)).append(" mapcount ?\n");
        s.append("  expect pte ").append(at(q)).append(" flags ?\n");
        access(s, rng, "child", child, file, true);
        s.append(">\n\n");

        // a third task: a second child (another mm) or a thread of init (init's mm)
        int third = rng.nextInt(3); // 0: none, 1: a second fork, 2: a thread
        Mm other = null;
        List<String> names = new ArrayList<>(List.of("init", "child"));
        List<Mm> mms = new ArrayList<>(List.of(init, child));
        if (third == 1) {
            other = init.copy();
            s.append("process child2 = fork init <\n");
            int r = pick(rng, other.written);
            s.append("  expect page ").append(at(r)).append(" mapcount ?\n");
            access(s, rng, "child2", other, file, true);
            s.append(">\n\n");
            names.add("child2");
            mms.add(other);
        } else if (third == 2) {
            s.append("// a thread: clone(CLONE_VM) shares init's mm, its ptes and its pages\n");
            s.append("thread worker = clone init <\n");
            access(s, rng, "worker", init, file, true);
            s.append(">\n\n");
        }
        // the mms again, in a drawn order, each through a new thread of its process (a block is a context
        // switch to its task; a process's block is not reopened)
        int blocks = 2 + rng.nextInt(2);
        int[] threads = new int[names.size()];
        for (int b = 0; b < blocks; b++) {
            int t = rng.nextInt(names.size());
            String name = names.get(t);
            s.append("thread ").append(name).append("_t").append(++threads[t]).append(" = clone ").append(name)
                    .append(" <   // ").append(name).append("'s mm\n");
            int ops = 1 + rng.nextInt(2);
            for (int o = 0; o < ops; o++) {
                access(s, rng, name, mms.get(t), file, false);
            }
            s.append(">\n\n");
        }
        // at the end: what each side reads, and each task's rss
        for (int t = 0; t < names.size(); t++) {
            String name = names.get(t);
            int p = rng.nextInt(pages);
            s.append("expect ").append(name).append(" read ").append(at(p)).append(" == ?\n");
            s.append("expect ").append(name).append(" rss anon ?\n");
            if (file) {
                s.append("expect ").append(name).append(" rss file ?\n");
            }
        }
        return s.toString();
    }

    /** A read or a write of a drawn page of {@code mm} (or of the file page), with its questions. */
    private static void access(StringBuilder s, SplittableRandom rng, String task, Mm mm, boolean file, boolean writeFirst) {
        int pages = mm.written.length;
        if (file && rng.nextInt(4) == 0) {
            boolean w = rng.nextBoolean();
            if (w) {
                s.append("  expect pte f flags ?\n");
                s.append("  write f value ").append(1 + rng.nextInt(999)).append('\n');
                s.append("  expect pte f flags ?\n");
                s.append("  expect rss file ?\n");
            } else {
                s.append("  read f\n    expect value ?\n");
            }
            return;
        }
        int p = rng.nextInt(pages);
        if (writeFirst || rng.nextInt(3) != 0) {
            write(s, rng, task, mm, p, true, true);
        } else {
            s.append("  read ").append(at(p)).append("\n    expect value ?\n");
        }
    }

    /** A write of page {@code p}; {@code ask}: the pte before, and the pte and counts after. */
    private static void write(StringBuilder s, SplittableRandom rng, String task, Mm mm, int p, boolean ask, boolean tlb) {
        // a page written in this mm before is present: its frame before and after tells a copy from a reuse
        boolean present = mm.written[p];
        if (ask) {
            String flags = "  expect pte " + at(p) + " flags ?\n";
            if (s.length() < flags.length() || !s.substring(s.length() - flags.length()).equals(flags)) {
                s.append(flags); // not asked twice in a row
            }
            if (present) {
                s.append("  expect pte ").append(at(p)).append(" pfn ?\n");
            }
        }
        int v = 1 + rng.nextInt(999);
        s.append("  write ").append(at(p)).append(" value ").append(v).append('\n');
        if (tlb && ask) {
            s.append("    expect tlb ?\n");
        }
        mm.written[p] = true;
        if (ask) {
            String flags = "  expect pte " + at(p) + " flags ?\n";
            if (s.length() < flags.length() || !s.substring(s.length() - flags.length()).equals(flags)) {
                s.append(flags); // not asked twice in a row
            }
            if (present) {
                s.append("  expect pte ").append(at(p)).append(" pfn ?\n");
            }
            s.append("  expect page ").append(at(p)).append(" refcount ?\n");
            s.append("  expect page ").append(at(p)).append(" mapcount ?\n");
        }
    }

    /** A drawn page that was written. */
    private static int pick(SplittableRandom rng, boolean[] written) {
        List<Integer> c = new ArrayList<>();
        for (int i = 0; i < written.length; i++) {
            if (written[i]) {
                c.add(i);
            }
        }
        return c.get(rng.nextInt(c.size()));
    }

    private static String at(int page) {
        return page == 0 ? "buf" : "buf+" + page * PAGE / 1024 + "KB";
    }
}
