package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.event.Output;

import com.google.inject.Inject;

/**
 * Issue 11: the page cache is one copy per (file, offset); a write through a MAP_SHARED mapping marks
 * the cache page dirty (do_shared_fault() -> fault_dirty_shared_page()), so smaps' Shared_Dirty /
 * Private_* count as 6.18's smaps_account() does (checked on this machine's 6.18.44 kernel with
 * src/test/resources/issue11/pagecache.c); `show page` of a tail page prints its head's refcount.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11PageCacheTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private Run run(String text) throws Exception {
        return Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
    }

    /** The smaps block of the VMA whose line starts with {@code start}, the counters only. */
    private static String smapsCounters(Run run, String start) {
        String text = run.events().stream().filter(e -> e.event() instanceof Output && e.event().message().contains("smaps"))
                .map(e -> ((Output) e.event()).text()).reduce((a, b) -> b).orElseThrow();
        int i = text.indexOf(start);
        return text.substring(i, text.indexOf("VmFlags", i)).lines()
                .filter(l -> l.startsWith("Rss") || l.matches("(Shared|Private)_(Clean|Dirty):.*"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void thePageCacheIsOneCopyAndASharedWriteDirtiesIt() throws Exception {
        // the child maps the parent's page-cache page clean (a new fault: fork copies no ptes of a
        // file VMA without anon pages) - mapcount 2, PG_dirty from the parent's do_shared_fault():
        // Shared_Dirty, as smaps_account() counts it; the private map reads the same bytes until it
        // writes, and its copy is Private_Dirty
        Run run = run("""
                boot ram 256MB
                file "/srv/x" size 16KB
                process writer <
                  mmap buf at 0x40000000 16KB rw- shared file "/srv/x"
                  write buf value 7
                  fork child <
                    mmap priv at 0x50000000 8KB r-- private file "/srv/x"
                    read priv
                      expect value 7
                    read buf
                      expect value 7
                    mprotect priv 8KB rw-
                    write priv + 4KB value 9
                    show smaps
                  >
                  open rd "/srv/x" O_RDONLY
                  mmap view at 0x60000000 8KB r-- shared fd rd
                  read view + 4KB
                    expect value 0
                >
                """);
        assertEquals(0, run.failedExpectations());
        // the child's read of buf maps the 3 other cached pages too (do_fault_around()): clean, mapcount 1
        assertEquals("""
                Rss:                  16 kB
                Shared_Clean:          0 kB
                Shared_Dirty:          4 kB
                Private_Clean:        12 kB
                Private_Dirty:         0 kB
                """, smapsCounters(run, "40000000-"));
        assertEquals("""
                Rss:                   8 kB
                Shared_Clean:          0 kB
                Shared_Dirty:          4 kB
                Private_Clean:         0 kB
                Private_Dirty:         4 kB
                """, smapsCounters(run, "50000000-"));
    }

    @Test
    void aTailPageShowsItsHeadsRefcount() throws Exception {
        // 6.1 mm/debug.c __dump_page(): refcount is page_ref_count(head) for any page of a compound page
        Run run = run("""
                boot ram 256MB
                kernel <
                  alloc_pages blk order 2 GFP_KERNEL|__GFP_COMP
                  show page blk + 1
                >
                """);
        String out = run.events().stream().filter(e -> e.event() instanceof Output)
                .map(e -> ((Output) e.event()).text()).filter(t -> t.contains("refcount:")).findFirst().orElseThrow();
        assertEquals("refcount:1 mapcount:0", out.substring(out.indexOf("refcount:"), out.indexOf(" mapping:")), out);
        assertEquals(true, out.contains("\nhead:0x"), out);
    }

    // The page cache is one copy: pread/pwrite through a descriptor use the page every MAP_SHARED mapping
    // maps (filemap_read(), generic_perform_write()), and a MAP_PRIVATE one until it writes (do_cow_fault()
    // copies the page at that write; later pwrites no longer show there). vfs_write() is EBADF on an fd
    // not open for writing.
    @Test
    void preadAndPwriteSeeTheBytesEveryMappingSees() throws Exception {
        Run run = run("""
                boot ram 256MB
                file "/srv/x" size 16KB
                process p <
                  exec "/bin/p" text 8KB
                  open f "/srv/x" O_RDWR
                  mmap m 16KB rw- shared fd f
                  write m + 4KB value 7
                  pread f 4096
                    expect value 7
                  pwrite f 8192 value 9
                    expect ok
                  read m + 8KB
                    expect value 9
                  mmap q 16KB rw- private fd f
                  pwrite f 12288 value 11
                  read q + 12KB
                    expect value 11
                  write q + 12KB value 5
                  pwrite f 12288 value 13
                  read q + 12KB
                    expect value 5
                  read m + 12KB
                    expect value 13
                  open r "/srv/x" O_RDONLY
                  pwrite r 0 value 1
                    expect errno EBADF
                  pread r 12288
                    expect value 13
                >
                """);
        assertEquals(8, run.metExpectations());
        assertEquals(0, run.failedExpectations());
    }

    // ksys_pread64()/ksys_pwrite64(): a negative position is EINVAL; generic_write_check_limits(): a write
    // at or past s_maxbytes is EFBIG (ext4 with 4 KiB blocks: 2^32 - 1 blocks), one just below it works
    @Test
    void aNegativeOffsetIsEinvalAndAWritePastTheFilesystemLimitIsEfbig() throws Exception {
        Run run = run("""
                boot ram 256MB
                file "/srv/x" size 16KB
                process p <
                  exec "/bin/p" text 8KB
                  open f "/srv/x" O_RDWR
                  pread f 0xfffffffffffffff0
                    expect errno EINVAL
                  pwrite f 0xfffffffffffff000 value 1
                    expect errno EINVAL
                  pwrite f 0xffffffff000 value 1
                    expect errno EFBIG
                  pwrite f 0xfffffffe000 value 7
                    expect ok
                  pread f 0xfffffffe000
                    expect value 7
                  ftruncate f 0xfffffffff001
                    expect errno EFBIG
                  ftruncate f 0xffffffff000
                    expect ok
                >
                """);
        assertEquals(7, run.metExpectations());
        assertEquals(0, run.failedExpectations());
    }
}
