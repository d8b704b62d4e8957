package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;


import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 11, defects 2, 5 and 7: a remap_pfn_range() mapping has no Rss in status either, an ELF
 * segment that does not fit kills the exec'ing task, and 2.6.24's pmap lists the gate VMA.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11ExecAndProcTest {

    @Inject
    private ParseHelper<Scenario> parser;

    /** Every event as the CLI prints it (issue id, message), one per line. */
    private String run(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        return RunText.events(r);
    }

    /** The lines of {@code out} that start with one of the prefixes. */
    private static String lines(String out, String... prefixes) {
        return RunText.linesStarting(out, prefixes);
    }

    // defect 2: mm/memory.c remap_pfn_range() writes special ptes; vm_normal_page() is NULL for
    // them, so no rss counter moves and get_mm_rss() (VmRSS) leaves them out as smaps' Rss does
    private static final String DEVICE = """
            boot ram 1536MB highmem%s
            kernel <
              kzalloc obj 16KB GFP_KERNEL
            >
            process app <
              exec "/usr/bin/app" text 24KB data 4KB bss 4KB
              mmap dev 16KB rw- shared device "/dev/mmdsl0" remap obj
                expect ok
              write dev value 1
              read dev+12KB
              show status
            >
            """;

    @Test
    void aRemapPfnRangeMappingHasNoRssInStatus() throws Exception {
        String out = run(DEVICE.formatted(""));
        assertEquals("""
                VmHWM:	       0 kB
                VmRSS:	       0 kB
                RssAnon:	       0 kB
                RssFile:	       0 kB
                RssShmem:	       0 kB
                """, lines(out, "VmHWM", "VmRSS", "Rss"));
    }

    @Test
    void aRemapPfnRangeMappingHasNoRssInStatusUnderKernel26() throws Exception {
        String out = run(DEVICE.formatted(" kernel 2.6"));
        assertEquals("""
                VmHWM:	       0 kB
                VmRSS:	       0 kB
                """, lines(out, "VmHWM", "VmRSS", "Rss"));
    }

    // defect 5: fs/binfmt_elf.c elf_map() -> vm_mmap(): get_unmapped_area() refuses an end above
    // TASK_SIZE with ENOMEM, past begin_new_exec(): bprm_execve() force_fatal_sig(SIGSEGV)
    @Test
    void aTextSegmentPastTaskSizeKillsTheTask() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                process init <
                  exec "/x" text 3GB
                  show maps
                >
                """);
        assertEquals("""
                [kernel-warning] init[1]: execve("/x") [text 3221225472, data 0, bss 0] = ? (elf_map() of the text \
                segment at 0x8048000 (0xc0000000 bytes) failed with ENOMEM past the point of no return: killed by SIGSEGV)
                [statement-skipped] init has exited: this statement does not run
                """, out.substring(out.indexOf("[kernel-warning]")));
    }

    // the first PT_LOAD is MAP_FIXED_NOREPLACE (5.10+): over the [stack] setup_arg_pages() made
    // it is EEXIST, and elf_map() says "Uhuuh"
    @Test
    void aTextSegmentOverTheStackIsEexist() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                process init <
                  exec "/x" text 0xb7fa0000
                >
                """);
        assertEquals("""
                1 (init): Uhuuh, elf segment at 08048000 requested but the memory is mapped already
                [kernel-warning] init[1]: execve("/x") [text 3086614528, data 0, bss 0] = ? (elf_map() of the text \
                segment at 0x8048000 (0xb7fa0000 bytes) failed with EEXIST past the point of no return: killed by SIGSEGV)
                """, out.substring(out.indexOf("1 (init): Uhuuh")));
    }

    // 2.6.24 load_elf_binary(): send_sig(SIGKILL) itself; a bss past TASK_SIZE fails the p_memsz
    // check ("set_brk can never work") with EINVAL
    @Test
    void kernel26KillsWithSigkillAndChecksPMemsz() throws Exception {
        String out = run("""
                boot ram 1536MB highmem kernel 2.6
                process init <
                  exec "/x" text 3GB
                >
                process other <
                  exec "/y" text 4KB data 4KB bss 0xc0000000
                >
                """);
        assertEquals("""
                [kernel-warning] init[1]: execve("/x") [text 3221225472, data 0, bss 0] = ? (elf_map() of the text \
                segment at 0x8048000 (0xc0000000 bytes) failed with ENOMEM past the point of no return: killed by SIGKILL)
                [kernel-warning] other[2]: execve("/y") [text 4096, data 4096, bss 3221225472] = ? (load_elf_binary() \
                of the data segment at 0x8049000 (0xc0001000 bytes): set_brk can never work failed with EINVAL past the \
                point of no return: killed by SIGKILL)
                """, lines(out, "[kernel-warning]"));
    }

    // defect 7: 2.6.24's pmap prints the lines of /proc/PID/maps, the gate VMA's included
    @Test
    void kernel26PmapListsTheGateVma() throws Exception {
        String out = run("""
                boot ram 1536MB highmem kernel 2.6
                process p <
                  exec "/bin/p" text 8KB
                  show pmap -x
                >
                """);
        assertEquals("""
                pmap -x 1
                1:   p
                Address  Kbytes     RSS   Dirty Mode  Mapping
                08048000       8       0       0 r-x-- p
                bffeb000      84       0       0 rw--- [ stack ]
                ffffe000       4       0       0 r-x-- [ anon ]
                -------- ------- ------- -------\s
                total kB      96       0       0
                """, out.substring(out.indexOf("pmap -x")));
    }

    // peaks: update_hiwater_rss() runs in zap_page_range_single() (MADV_DONTNEED) before the
    // pages go, so VmHWM keeps the 64 KB; update_hiwater_vm() runs in the munmap paths, but
    // move_vma() restores hiwater_vm after unmapping the old range (checked on this machine's
    // 6.18: after mremap 256M -> 512M MAYMOVE, VmPeak == VmSize)
    @Test
    void vmHwmSurvivesDontneedAndMremapMoveLeavesNoTransientPeak() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                process p <
                  exec "/bin/p" text 8KB
                  mmap a 64KB rw- private anon
                  write a for 64KB
                  madvise a 64KB dontneed
                  show status
                  munmap a 64KB
                  mmap b 1MB rw- private anon
                  mremap c b 1MB 2MB maymove
                    expect ok
                  show status
                >
                """);
        assertEquals("""
                VmPeak:	     228 kB
                VmSize:	     228 kB
                VmHWM:	      64 kB
                VmRSS:	       0 kB
                VmPeak:	    2212 kB
                VmSize:	    2212 kB
                VmHWM:	      64 kB
                VmRSS:	       0 kB
                """, lines(out, "VmPeak", "VmSize", "VmHWM", "VmRSS"));
    }

    // update_hiwater_rss() at each unmap: the peak is the RSS just before the unmap that saw the most, also
    // after unmaps with no fault between them (the runtime sums the RSS again only when a pte was written
    // since, MmStruct.updateHiwaterRss()) and after a fault between two unmaps
    @Test
    void vmHwmIsTheLargestRssAnUnmapSawWithAndWithoutFaultsBetweenUnmaps() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                process p <
                  mmap a 400KB rw- private anon
                  write a for 400KB
                  munmap a 200KB
                  mmap s 4KB rw- private anon
                  munmap s 4KB
                  show status
                  mmap b 400KB rw- private anon
                  write b for 400KB
                  mmap t 4KB rw- private anon
                  munmap t 4KB
                  munmap b 400KB
                  show status
                  munmap a+200KB 200KB
                  show status
                >
                """);
        assertEquals("""
                VmHWM:	     400 kB
                VmRSS:	     200 kB
                VmHWM:	     600 kB
                VmRSS:	     200 kB
                VmHWM:	     600 kB
                VmRSS:	       0 kB
                """, lines(out, "VmHWM", "VmRSS"));
    }

    // a driver's mmap that fails: mmap_region() never counted the VMA (vm_stat_account() runs on
    // success only) and unmap_and_free_vma updates no hiwater_vm, so VmPeak stays VmSize
    @Test
    void aFailedDeviceMmapLeavesNoPeak() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                kernel <
                  kzalloc obj 8KB GFP_KERNEL
                >
                process app <
                  exec "/usr/bin/app" text 24KB data 4KB bss 4KB
                  mmap big 1MB rw- shared device "/dev/mmdsl0" remap obj
                    expect errno EINVAL
                  show status
                >
                """);
        assertEquals("""
                VmPeak:	     188 kB
                VmSize:	     188 kB
                """, lines(out, "VmPeak", "VmSize"));
    }
}
