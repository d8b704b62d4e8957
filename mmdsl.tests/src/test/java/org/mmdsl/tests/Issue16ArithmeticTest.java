package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 point 9, as `mmdsl run -v` prints it: C's operators in expressions (`buf >> 12`,
 * `(vpn << 12) | 0x10`) on unsigned 64-bit values, their errors at run time, and a `let` of a process
 * read by kernel code. The validator's side is Issue16ArithmeticValidationTest.
 */
class Issue16ArithmeticTest {

    @TempDir
    Path dir;

    /** What `mmdsl run -v` prints after the boot log, with the file's path cut to its name. */
    private String run(String scenario) throws Exception {
        Path file = dir.resolve("s.mmdsl");
        Files.writeString(file, scenario);
        Cli cli = Cli.run("run", "-v", file.toString());
        StringBuilder out = new StringBuilder();
        for (String line : (cli.out() + cli.err()).split("\n")) {
            String l = line.replace(file.toString(), "s.mmdsl");
            if (!l.startsWith("s.mmdsl:1:") && !l.isBlank()) {
                out.append(l).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void operatorsHaveCsPrecedenceAndUnsigned64BitValues() throws Exception {
        assertEquals("""
                s.mmdsl:3:3: a = 0x7
                s.mmdsl:4:3: b = 0x20
                s.mmdsl:5:3: c = 0x3f
                s.mmdsl:6:3: d = 0x1
                s.mmdsl:7:3: e = 0xffffffffffffffff
                s.mmdsl:8:3: f = 0xf
                s.mmdsl:9:3: g = 0x7fffffffffffffff
                s.mmdsl:10:3: h = 0x0
                s.mmdsl:11:3: i = 0x3
                s.mmdsl:12:3: j = 0x4
                s.mmdsl:13:3: k = 0x9
                s.mmdsl: PASS (0 expectations met, 0 failed)
                """, run("""
                boot arch x86_64
                process p <
                  let a = 1 + 2 * 3
                  let b = 1 << 4 + 1
                  let c = 0xff & 0x0f | 0x30
                  let d = 7 % 2
                  let e = 0 - 1
                  let f = e >> 60
                  let g = e / 2
                  let h = 0x8000000000000000 * 2
                  let i = 1 | 2 & 3
                  let j = 16 >> 1 >> 1
                  let k = (1 + 2) * 3
                >
                """));
    }

    /**
     * A later let of a name hides the earlier one in the statements after it, a repeat body included; in a
     * repeat, `let p = p + 4MB` gives p a new value each pass (the earlier let's readers see it), while a
     * fork block's let stays the child's.
     */
    @Test
    void aLetInARepeatAdvancesItsNameAndAForkBlocksLetStaysTheChilds() throws Exception {
        assertEquals("""
                s.mmdsl:3:3: p[1]: mmap(0x40000000, 16777216, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x40000000
                s.mmdsl:4:3: cur = 0x40000000
                s.mmdsl:6:5: cur = 0x40400000
                s.mmdsl:7:5: page fault on write of 0x40400000 by pid 1: do_anonymous_page: new zeroed page, pfn 0x3c33
                s.mmdsl:6:5: cur = 0x40800000
                s.mmdsl:7:5: page fault on write of 0x40800000 by pid 1: do_anonymous_page: new zeroed page, pfn 0x5fe64
                s.mmdsl:9:3: p[1]: fork() = 2
                s.mmdsl:10:5: cur = 0x40000000
                s.mmdsl:9:3: c[2]: exit(0) = 0
                s.mmdsl:12:12: ok: read of 0x40800000 gave 2
                s.mmdsl: PASS (1 expectation met, 0 failed)
                """, run("""
                boot arch x86_64
                process p <
                  mmap buf at 0x40000000 16MB rw- private anon fixed
                  let cur = buf
                  repeat 2 <
                    let cur = cur + 4MB
                    write cur value 2
                  >
                  fork c <
                    let cur = buf
                  >
                  read cur expect value 2
                >
                """));
    }

    @Test
    void aPageNumberAndOffsetComputedInAProcessAreReadByTheKernel() throws Exception {
        assertEquals("""
                s.mmdsl:3:3: p[1]: mmap(0x40000000, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS|MAP_POPULATE, -1, 0) = 0x40000000
                s.mmdsl:4:3: vpn = 0x40001
                s.mmdsl:5:3: in_page = 0x10
                s.mmdsl:7:3: p[1]: fork() = 2
                s.mmdsl:7:39: ok: read of 0x40001010 gave 42
                s.mmdsl:7:3: c[2]: exit(0) = 0
                s.mmdsl:8:3: pa = 0xff06010
                s.mmdsl:11:3: READ_ONCE(*(u64 *)0xffff88800ff06010) = 42 [phys 0xff06010]
                s.mmdsl:11:32: ok: kernel read 42
                s.mmdsl:12:3: page_address(pfn_to_page(0xff06)) = 0xffff88800ff06000
                s.mmdsl: PASS (2 expectations met, 0 failed)
                """, run("""
                boot arch x86_64 ram 256MB
                process p <
                  mmap buf at 0x40000000 8KB rw- private anon fixed populate
                  let vpn = (buf >> 12) + 1
                  let in_page = 0x10
                  write (vpn << 12) | in_page value 42
                  fork c < read (vpn << 12) | in_page expect value 42 >
                  let pa = 0xff06010                 // translate's answer (0xff06 is the second page's frame)
                >
                kernel <
                  read 0xffff888000000000 | pa expect value 42
                  page_address page pa >> 12
                >
                """).replaceAll("(?m)^s\\.mmdsl:3:3: page fault.*\n", ""));
    }

    @Test
    void undefinedArithmeticWithComputedValuesSkipsTheStatementOnItsLine() throws Exception {
        assertEquals("""
                s.mmdsl:3:3: zero = 0x0
                s.mmdsl:4:3: warning: division by zero in 0x40 / 0, so this statement is skipped [statement-skipped]
                s.mmdsl:5:3: warning: shift count 64 in 0x1 << 64 is not 0..63 (a value is 64 bits; C leaves a wider shift undefined), so this statement is skipped [statement-skipped]
                s.mmdsl:6:3: warning: 'a' has no address: its let failed or did not run, so this statement is skipped [statement-skipped]
                s.mmdsl: PASS (0 expectations met, 0 failed)
                """, run("""
                boot arch x86_64
                process p <
                  let zero = 0
                  let a = 64 / zero
                  let b = 1 << (zero + 64)
                  read a
                >
                """));
    }
}
