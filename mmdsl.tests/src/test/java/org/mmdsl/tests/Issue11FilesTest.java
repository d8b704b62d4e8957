package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
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
 * Issue 11: files as the kernel opens and maps them (one open file description per open, its f_mode
 * checked by do_mmap() and, through VM_MAYWRITE, by mprotect()) and memfd seals. The errnos were
 * checked on this machine's 6.18.44 kernel with src/test/resources/issue11/pagecache.c and seals.c.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue11FilesTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private Run run(String text) throws Exception {
        return Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
    }

    /** The events whose message contains one of {@code containing}, with their line, outputs in full. */
    private static String lines(Run run, String... containing) {
        return run.events().stream()
                .filter(e -> List.of(containing).stream().anyMatch(c -> e.event().message().contains(c)))
                .map(e -> NodeModelUtils.findActualNodeFor(e.cause()).getStartLine() + " " + e.event().message()
                        + (e.event() instanceof Output ? "\n" + ((Output) e.event()).text().stripTrailing() : ""))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void aDeclaredFileMapsAsAnUndeclaredOne() throws Exception {
        // defect 14: the `file` declaration used to make the file read-only (no `open ... O_RDWR` in the
        // scenario) while an undeclared path was read-write. Both are now opened O_RDWR for a shared
        // writable mapping by name.
        Run run = run("""
                boot ram 256MB
                file "/srv/x" size 16KB
                process p <
                  mmap a 16KB rw- shared file "/srv/x"
                    expect ok
                  mmap b 16KB rw- shared file "/srv/undeclared"
                    expect ok
                >
                """);
        assertEquals(0, run.failedExpectations());
    }

    @Test
    void aWriteOnlyFdMapsNothing() throws Exception {
        // do_mmap(): every map type needs FMODE_READ
        Run run = run("""
                boot ram 256MB
                file "/srv/x" size 16KB
                process p <
                  open w "/srv/x" O_WRONLY
                  mmap 4KB r-- private fd w
                  mmap 4KB -w- shared fd w
                >
                """);
        assertEquals("""
                5 p[1]: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = -1 EACCES (Permission denied)
                6 p[1]: mmap(NULL, 4096, PROT_WRITE, MAP_SHARED, 3, 0) = -1 EACCES (Permission denied)
                """, lines(run, "mmap("));
    }

    @Test
    void aReadOnlyFdMapsSharedOnlyReadOnlyAndMprotectCannotAddWrite() throws Exception {
        // do_mmap(): MAP_SHARED + PROT_WRITE needs FMODE_WRITE (EACCES); a shared map of a read-only fd
        // loses VM_MAYWRITE (and VM_SHARED: no `sh` in VmFlags, maps still prints 's'), so
        // do_mprotect_pkey() refuses PROT_WRITE with EACCES. A private map may still be made writable.
        Run run = run("""
                boot ram 256MB
                file "/srv/x" size 16KB
                process p <
                  open r "/srv/x" O_RDONLY
                  mmap 4KB rw- shared fd r
                    expect errno EACCES
                  mmap s at 0x40000000 4KB r-- shared fd r
                  mprotect s 4KB rw-
                    expect errno EACCES
                  mmap q at 0x50000000 4KB r-- private fd r
                  mprotect q 4KB rw-
                    expect ok
                  show smaps
                >
                """);
        assertEquals(0, run.failedExpectations());
        String smaps = run.events().stream().filter(e -> e.event() instanceof Output)
                .map(e -> ((Output) e.event()).text()).reduce((a, b) -> b).orElseThrow();
        String s = smaps.substring(smaps.indexOf("40000000-"));
        assertEquals("40000000-40001000 r--s 00000000 fe:00", s.substring(0, 37));
        assertEquals("VmFlags: rd mr me ms ", s.substring(s.indexOf("VmFlags"), s.indexOf('\n', s.indexOf("VmFlags"))));
    }

    @Test
    void byNameASharedReadOnlyMapIsOpenedReadOnly() throws Exception {
        // the implicit open of `mmap ... file` is O_RDONLY unless the map is shared and writable
        Run run = run("""
                boot ram 256MB
                process p <
                  mmap s 4KB r-- shared file "/srv/y"
                  mprotect s 4KB rw-
                    expect errno EACCES
                  open rw "/srv/y" O_RDWR
                  mmap t 4KB r-- shared fd rw
                  mprotect t 4KB rw-
                    expect ok
                >
                """);
        assertEquals(0, run.failedExpectations());
    }

    @Test
    void oPathIsEbadfAndDirectoriesAndProcfsAreEnodev() throws Exception {
        // fget() does not return an O_PATH file (EBADF); a directory's and a procfs file's f_op has no
        // ->mmap (ENODEV); a directory cannot be opened for writing (EISDIR)
        Run run = run("""
                boot ram 256MB
                file "/srv/oracle/f8" size 32KB letters
                process p <
                  open o "/srv/oracle/f8" O_PATH
                  mmap 4KB r-- private fd o
                  ftruncate o 4KB
                  open d "/srv/oracle" O_RDONLY
                  mmap 4KB r-- private fd d
                  open dw "/srv/oracle" O_RDWR
                  open st "/proc/self/status" O_RDONLY
                  mmap 4KB r-- private fd st
                  open ro "/srv/oracle/f8" O_RDONLY
                  ftruncate ro 4KB
                >
                """);
        assertEquals("""
                4 p[1]: open("/srv/oracle/f8", O_PATH) [dev fe:00 ino 1000000 size 32768] = 3
                5 p[1]: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = -1 EBADF (Bad file number)
                6 p[1]: ftruncate(3, 4096) = -1 EBADF (Bad file number)
                7 p[1]: open("/srv/oracle", O_RDONLY) [dev fe:00 ino 1000001 size 4096, directory] = 4
                8 p[1]: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 4, 0) = -1 ENODEV (No such device)
                9 p[1]: open("/srv/oracle", O_RDWR) [dev fe:00 ino 1000001 size 4096, directory] = -1 EISDIR (Is a directory)
                10 p[1]: open("/proc/self/status", O_RDONLY) [dev 00:0e ino 1000002 size 0] = 5
                11 p[1]: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 5, 0) = -1 ENODEV (No such device)
                12 p[1]: open("/srv/oracle/f8", O_RDONLY) [dev fe:00 ino 1000000 size 32768] = 6
                13 p[1]: ftruncate(6, 4096) = -1 EINVAL (Invalid argument)
                """, lines(run, "open(", "mmap(", "ftruncate("));
    }

    @Test
    void aRunningBinaryCannotBeOpenedForWritingButMaps() throws Exception {
        // 6.18 execve() still calls exe_file_deny_write_access(): open(O_RDWR) of a binary a live task
        // runs is ETXTBSY (measured on 6.18.44); mmap has no ETXTBSY (MAP_DENYWRITE is ignored)
        Run run = run("""
                boot ram 256MB
                process init <
                  exec "/sbin/init" text 24KB data 4KB bss 16KB
                  open w "/sbin/init" O_RDWR
                    expect errno ETXTBSY
                  open r "/sbin/init" O_RDONLY
                  mmap 4KB r-- private fd r
                    expect ok
                >
                process other <
                  open w "/sbin/init" O_WRONLY
                    expect errno ETXTBSY
                >
                """);
        assertEquals(0, run.failedExpectations(), lines(run, "open(", "mmap("));
    }

    @Test
    void aWriteSealedMemfdRefusesSharedWritableMaps() throws Exception {
        // 6.18 memfd_check_seals_mmap(): F_SEAL_WRITE makes a shared writable map EPERM and a shared
        // read-only one lose VM_MAYWRITE (mprotect: EACCES); a private writable map is fine.
        // memfd_add_seals(): F_SEAL_WRITE while a shared mapping may write is EBUSY; without
        // MFD_ALLOW_SEALING the memfd is born with F_SEAL_SEAL (EPERM)
        Run run = run("""
                boot ram 256MB kernel 6.18
                process p <
                  memfd_create m "buf" 16KB allow_sealing
                  mmap w 4KB rw- shared fd m
                  fcntl m F_ADD_SEALS F_SEAL_WRITE
                    expect errno EBUSY
                  munmap w 4KB
                  fcntl m F_ADD_SEALS F_SEAL_WRITE | F_SEAL_SHRINK
                    expect ok
                  mmap 4KB rw- shared fd m
                    expect errno EPERM
                  mmap r 4KB r-- shared fd m
                    expect ok
                  mprotect r 4KB rw-
                    expect errno EACCES
                  mmap 4KB rw- private fd m
                    expect ok
                  ftruncate m 4KB
                    expect errno EPERM
                  memfd_create n "plain" 4KB
                  fcntl n F_ADD_SEALS F_SEAL_WRITE
                    expect errno EPERM
                >
                """);
        assertEquals(0, run.failedExpectations(), lines(run, "mmap(", "fcntl(", "mprotect(", "ftruncate("));
    }

    @Test
    void kernel61RefusesEvenAReadOnlySharedMapOfAWriteSealedMemfd() throws Exception {
        // 6.1 mmap_region(): mapping_map_writable() for every VM_SHARED map of an F_SEAL_WRITE file (6.7
        // allowed read-only ones); a shared map of a read-only fd has no VM_SHARED and passes
        Run run = run("""
                boot ram 256MB
                process p <
                  memfd_create m "buf" 16KB allow_sealing
                  fcntl m F_ADD_SEALS F_SEAL_WRITE
                  mmap 4KB r-- shared fd m
                    expect errno EPERM
                  fcntl m F_ADD_SEALS F_SEAL_EXEC
                    expect errno EINVAL
                >
                """);
        assertEquals(0, run.failedExpectations(), lines(run, "mmap(", "fcntl("));
    }
}
