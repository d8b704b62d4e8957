package org.mmdsl.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The mm counters a scenario checks ({@code expect rss}, {@code expect mm total_vm}, {@code expect vmas}) agree with
 * /proc/PID/status, which prints the same counters in kB: 6.1's RssAnon/RssFile/RssShmem/VmSwap, VmSize, VmLck,
 * VmPin, VmData, VmStk; 2.6.24's file_rss including shmem pages and its vm_stat_account() exec_vm and stack_vm.
 */
class MmCountersTest {

    /** A task with a text, a touched private page, a touched shared anonymous page. */
    private static Task task(KernelModel model) {
        BootParams p = new BootParams();
        p.model = model;
        Kernel k = Kernel.boot(p, EventSink.NONE);
        Task t = k.spawn("init");
        assertEquals(0, t.execve("/sbin/init", 24 << 10, 4 << 10, 0, 0));
        AccessResult r = new AccessResult();
        long priv = t.mmap(0, 0x2000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        long shared = t.mmap(0, 0x1000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        assertTrue(t.write(priv, 1, r));
        assertTrue(t.write(priv + 0x1000, 2, r));
        assertTrue(t.write(shared, 3, r));
        return t;
    }

    /** The status line {@code label} in kB, divided into pages. */
    private static long statusPages(Task t, String label) {
        for (String line : t.status().split("\n")) {
            if (line.startsWith(label + ":")) {
                return Long.parseLong(line.substring(label.length() + 1).replace("kB", "").strip()) / 4;
            }
        }
        throw new AssertionError(label + " not in " + t.status());
    }

    @Test
    void theCountersOf61AreTheStatusLines() {
        Task t = task(KernelModel.V6_1);
        assertEquals(statusPages(t, "RssAnon"), t.rss(MmCounter.ANON));
        assertEquals(statusPages(t, "RssFile"), t.rss(MmCounter.FILE));
        assertEquals(statusPages(t, "RssShmem"), t.rss(MmCounter.SHMEM));
        assertEquals(statusPages(t, "VmSwap"), t.rss(MmCounter.SWAP));
        assertEquals(statusPages(t, "VmRSS"), t.rss(null));
        assertEquals(1, t.rss(MmCounter.SHMEM));
        assertTrue(t.rss(MmCounter.ANON) >= 2, t.status());
        assertEquals(statusPages(t, "VmSize"), t.mmField("total_vm"));
        assertEquals(statusPages(t, "VmLck"), t.mmField("locked_vm"));
        assertEquals(statusPages(t, "VmPin"), t.mmField("pinned_vm"));
        assertEquals(statusPages(t, "VmData"), t.mmField("data_vm"));
        assertEquals(statusPages(t, "VmStk"), t.mmField("stack_vm"));
        assertEquals(t.mm().vmas().size(), t.mmField("map_count"));
    }

    /** 2.6.24: a shmem page is in file_rss; exec_vm and stack_vm by its vm_stat_account() (VmLib + VmExe, VmStk). */
    @Test
    void theCountersOf2624() {
        Task t = task(KernelModel.V2_6);
        assertEquals(statusPages(t, "VmRSS"), t.rss(null));
        assertEquals(t.rss(null), t.rss(MmCounter.FILE) + t.rss(MmCounter.ANON));
        assertEquals(0, t.rss(MmCounter.SHMEM));
        assertEquals(0, t.rss(MmCounter.SWAP));
        assertEquals(statusPages(t, "VmStk"), t.mmField("stack_vm"));
        long execKb = statusPages(t, "VmLib") * 4 + Long.parseLong(t.status().lines().filter(l -> l.startsWith("VmExe:"))
                .findFirst().orElseThrow().substring(6).replace("kB", "").strip());
        assertEquals(execKb / 4, t.mmField("exec_vm"));
        assertEquals(6, t.mmField("exec_vm")); // the 24 KiB text: the only file-backed VM_EXEC & ~VM_WRITE VMA
    }
}
