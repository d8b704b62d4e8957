package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;


import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 11: memory accounting. `sysctl vm.overcommit_memory = 0|1|2` and the other vm.overcommit_*
 * sysctls drive mm/util.c __vm_enough_memory(); what is charged follows accountable_mapping(),
 * mprotect_fixup(), dup_mmap() and shmem_acct_size(), and meminfo's CommitLimit and Committed_AS
 * follow.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11AccountingTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String run(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        return RunText.events(r);
    }

    private static String lines(String out, String... needles) {
        return RunText.linesContaining(out, needles);
    }

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    // mode 2: CommitLimit = 10% of totalram (1541040 kB) = 154104 kB; the admin reserve does not
    // apply to root, the user reserve takes total_vm / 32
    @Test
    void strictModeRefusesWhatDoesNotFitAndForkChargesAgain() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                sysctl vm.overcommit_memory = 2
                sysctl vm.overcommit_ratio = 10
                process p <
                  exec "/bin/p" text 8KB data 4KB
                  mmap a 100MB rw- private anon
                    expect ok
                  mmap b 100MB rw- private anon
                    expect errno ENOMEM
                  mmap c 200MB rw- private anon noreserve
                    expect ok
                  mmap d 200MB r-- private anon
                    expect ok
                  mprotect d 200MB rw-
                    expect errno ENOMEM
                  mprotect d 4KB rw-
                    expect ok
                  mmap s 100MB rw- shared anon
                    expect errno ENOMEM
                >
                show meminfo
                process q = fork p <
                >
                  expect errno ENOMEM
                sysctl vm.overcommit_memory = 1
                process r = fork p <
                  mmap e 1GB rw- private anon
                    expect ok
                >
                """);
        assertEquals("""
                [errno-expected] p[1]: mmap(NULL, 104857600, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Out of memory)
                [errno-expected] p[1]: mprotect(0x98bfa000, 209715200, PROT_READ|PROT_WRITE) = -1 ENOMEM (Out of memory)
                [errno-expected] p[1]: mmap(NULL, 104857600, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Out of memory)
                CommitLimit:      154104 kB
                Committed_AS:     102540 kB
                [errno-expected] p[1]: fork() = -1 ENOMEM (Out of memory)
                """, lines(out, "= -1 ENOMEM", "Commit"));
        assertEquals(true, out.contains("r[2]: mmap(NULL, 1073741824, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x"));
    }

    // mode 0 (the default), 6.1: one request above totalram + swap (1 GB here) is ENOMEM;
    // MAP_NORESERVE and PROT_READ are not charged; mode 1 refuses nothing
    @Test
    void heuristicModeRefusesOneRequestAboveRamPlusSwap() throws Exception {
        String out = run("""
                boot ram 1GB arch x86_64
                process p <
                  exec "/bin/p" text 8KB
                  mmap a 2GB rw- private anon
                    expect errno ENOMEM
                  mmap b 2GB rw- private anon noreserve
                    expect ok
                  mmap c 2GB r-- private anon
                    expect ok
                >
                sysctl vm.overcommit_memory = 1
                process q <
                  exec "/bin/q" text 8KB
                  mmap a 2GB rw- private anon
                    expect ok
                >
                """);
        assertEquals("""
                [errno-expected] p[1]: mmap(NULL, 2147483648, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Out of memory)
                """, lines(out, "= -1 ENOMEM"));
    }

    // overcommit_kbytes replaces the ratio; 6.1 mmap_region() unmaps what a MAP_FIXED mapping
    // replaces before __vm_enough_memory(), so the refused mapping leaves a hole; 6.18
    // __mmap_region() checks first and the old mapping stays
    private static final String FIXED = """
            boot ram 1GB arch x86_64%s
            sysctl vm.overcommit_memory = 2
            sysctl vm.overcommit_kbytes = 65536
            process p <
              exec "/bin/p" text 8KB
              mmap x 40MB r-- private anon
              mmap b 30MB rw- private anon
                expect ok
              mmap at x 40MB rw- private anon fixed
                expect errno ENOMEM
              read x
            >
            show meminfo
            """;

    @Test
    void aRefusedFixedMapLeavesAHoleIn61ButNotIn618() throws Exception {
        String out61 = run(FIXED.formatted(""));
        assertEquals("""
                [fault-unexpected] SIGSEGV (SEGV_MAPERR) on read of 0x7ffff57f9000 by pid 1: no VMA covers the address
                CommitLimit:       65536 kB
                """, lines(out61, "SIGSEGV", "CommitLimit"));
        String out618 = run(FIXED.formatted(" kernel 6.18"));
        assertEquals("""
                CommitLimit:       65536 kB
                """, lines(out618, "SIGSEGV", "CommitLimit"));
    }

    // shmem_acct_size(): a shared anonymous object is charged at its size, unless VM_NORESERVE:
    // then shmem_acct_block() charges each page as it is allocated (4 pages written: 16 kB)
    @Test
    void aNoreserveSharedObjectIsChargedByItsPages() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                sysctl vm.overcommit_memory = 2
                process p <
                  exec "/bin/p" text 8KB
                  mmap s 1GB rw- shared anon
                    expect errno ENOMEM
                  mmap n 1GB rw- shared anon noreserve
                    expect ok
                  write n for 16KB
                >
                show meminfo
                """);
        assertEquals("""
                [errno-expected] p[1]: mmap(NULL, 1073741824, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Out of memory)
                CommitLimit:      770532 kB
                Committed_AS:        148 kB
                """, lines(out, "= -1 ENOMEM", "Commit"));
    }

    // acct_stack_growth() asks __vm_enough_memory() for the growth (a refused growth is SIGSEGV);
    // move_vma() with MREMAP_DONTUNMAP charges the new range whole, the old one staying charged.
    // CommitLimit 1024 kB; the [stack] holds 132 kB, the user reserve takes total_vm / 32
    @Test
    void stackGrowthAndMremapDontunmapAreCharged() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                sysctl vm.overcommit_memory = 2
                sysctl vm.overcommit_kbytes = 1024
                process p <
                  exec "/bin/p" text 8KB
                  write vma_start "[stack]" - 1MB
                    expect fault SIGSEGV
                  write vma_start "[stack]" - 64KB
                    expect ok
                  mmap a 512KB rw- private anon
                    expect ok
                  mremap b a 512KB 512KB maymove dontunmap
                    expect errno ENOMEM
                  mremap c a 512KB 512KB maymove
                    expect ok
                >
                show meminfo
                """);
        assertEquals("""
                [fault-expected] SIGSEGV (SEGV_MAPERR) on write of 0xbfedf000 by pid 1: stack expansion refused \
                (RLIMIT_STACK or stack guard gap); VMA bffdf000-c0000000 rw-p 00000000 00:00 0 [stack]
                [errno-expected] p[1]: mremap(0xb7f7a000, 524288, 524288, MREMAP_MAYMOVE|MREMAP_DONTUNMAP, 0x0) = -1 ENOMEM (Out of memory)
                CommitLimit:        1024 kB
                Committed_AS:        708 kB
                """, lines(out, "] SIGSEGV", "= -1 ENOMEM", "Commit"));
    }

    @Test
    void unknownSysctlsAndRefusedValuesAreErrors() throws Exception {
        assertEquals("""
                1:8 error [unknown-sysctl] 'vm.swappiness' is not a sysctl mmdsl models: vm.overcommit_memory, \
                vm.overcommit_ratio, vm.overcommit_kbytes, vm.admin_reserve_kbytes or vm.user_reserve_kbytes
                2:31 error [unknown-sysctl] vm.overcommit_memory is 0 (heuristic), 1 (always) or 2 (strict): the kernel \
                refuses 3 with EINVAL
                """, issues("""
                sysctl vm.swappiness = 10
                sysctl vm.overcommit_memory = 3
                """));
        assertEquals("""
                2:8 error [unknown-sysctl] kernel 2.6: vm.overcommit_kbytes arrived in 3.14: under kernel 2.6 only \
                vm.overcommit_memory and vm.overcommit_ratio exist
                """, issues("""
                boot ram 1536MB kernel 2.6
                sysctl vm.overcommit_kbytes = 65536
                """));
    }

    // issue 11 point 17: fork() can fail, so a fork takes expectations like every call; they are judged
    // on the fork() call, not on the child's statements (a child's failing mmap does not fail `expect ok`)
    @Test
    void aForkBlockAndAForkedProcessTakeExpectationsOnForkItself() throws Exception {
        String out = run("""
                boot ram 1536MB highmem
                sysctl vm.overcommit_memory = 2
                sysctl vm.overcommit_ratio = 10
                process p <
                  exec "/bin/p" text 8KB data 4KB
                  mmap a 100MB rw- private anon
                    expect ok
                  fork c <
                  >
                    expect errno ENOMEM
                  munmap a 100MB
                  fork d <
                    mmap b 1GB rw- private anon
                      expect errno ENOMEM
                  >
                    expect ok
                >
                process q = fork p <
                >
                  expect ok
                """);
        assertEquals("""
                [errno-expected] p[1]: fork() = -1 ENOMEM (Out of memory)
                fork failed with ENOMEM as expected
                p[1]: fork() = 2
                fork succeeded
                [errno-expected] d[2]: mmap(NULL, 1073741824, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Out of memory)
                the call failed with ENOMEM as expected
                p[1]: fork() = 3
                fork succeeded
                """, lines(out, "fork", "ENOMEM"));
    }
}
