package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mmdsl run --strict`: a scenario passes only when everything that happened was announced. An
 * unexpected fault, errno or kernel warning, or a scenario that expects nothing, fails it (exit 1), with
 * the reason on the summary line; without --strict they stay warnings and the verdict is PASS.
 */
class StrictRunTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String summary(Cli c) {
        return c.out().lines().filter(l -> l.contains(": PASS (") || l.contains(": FAIL (")).reduce("", (a, b) -> a + b + "\n")
                .replace(dir.toString() + "/", "");
    }

    @Test
    void anUnexpectedFaultAndAnUnexpectedErrnoFailAStrictRun() throws IOException {
        Path f = file("segv.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB
                  write 0x08048010
                  mprotect 0x40000000 4KB r--
                  mmap buf 4KB rw- private anon
                    expect ok
                >
                """);
        Cli plain = Cli.run("run", f.toString());
        assertEquals(0, plain.status());
        assertEquals("segv.mmdsl: PASS (1 expectation met, 0 failed)\n", summary(plain));
        Cli strict = Cli.run("run", "--strict", f.toString());
        assertEquals(1, strict.status());
        assertEquals("segv.mmdsl: FAIL (1 expectation met, 0 failed, strict: 1 errno-unexpected, 1 fault-unexpected)\n",
                summary(strict));
    }

    @Test
    void aScenarioThatExpectsNothingFailsAStrictRun() throws IOException {
        Path f = file("nothing.mmdsl", """
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB
                  show maps
                >
                """);
        assertEquals(0, Cli.run("run", f.toString()).status());
        Cli strict = Cli.run("run", "--strict", f.toString());
        assertEquals(1, strict.status());
        assertEquals("nothing.mmdsl: FAIL (0 expectations met, 0 failed, strict: asserts nothing)\n", summary(strict));
    }

    /** Issue 11 point 18: the shipped examples state what they show, so they pass a strict run. */
    @Test
    void everyExamplePassesAStrictRun() {
        Cli strict = Cli.run("run", "--strict", ExamplesTest.root().resolve("examples").toString());
        assertEquals(0, strict.status(), strict.out().lines().filter(l -> l.contains(": FAIL (") || l.contains("warning:"))
                .reduce("", (a, b) -> a + b + "\n"));
    }
}
