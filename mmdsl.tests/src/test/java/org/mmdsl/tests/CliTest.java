package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's exit status and `file:line:col` messages: 0 all expectations hold, 1 one fails, 2 invalid input. */
class CliTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void passingScenarioExitsZero() throws Exception {
        Path f = write("ok.mmdsl", """
                process init <
                  mmap buf 16KB rw- private anon
                  write buf+4KB value 42
                  read buf+4KB expect value 42
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertEquals(0, c.status(), c.out() + c.err());
        assertEquals(f + ": PASS (1 expectation met, 0 failed)\n", c.out());
    }

    @Test
    void failedExpectationExitsOneWithPosition() throws Exception {
        Path f = write("bad.mmdsl", """
                process init <
                  mmap buf 16KB rw- private anon
                  write buf value 1
                    expect fault SIGSEGV SEGV_ACCERR
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertEquals(1, c.status(), c.out());
        assertTrue(c.out().startsWith(f + ":4:5: error: expected SIGSEGV SEGV_ACCERR, but the write of 0x"), c.out());
        assertTrue(c.out().contains("[expectation-failed]"), c.out());
        assertTrue(c.out().endsWith(f + ": FAIL (0 expectations met, 1 failed)\n"), c.out());
    }

    @Test
    void unexpectedFaultIsReportedButDoesNotFail() throws Exception {
        Path f = write("segv.mmdsl", """
                process init <
                  mmap ro 4KB r-- private anon
                  write ro
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertEquals(0, c.status(), c.out());
        assertTrue(c.out().startsWith(f + ":3:3: warning: SIGSEGV (SEGV_ACCERR) on write of 0x"), c.out());
        assertTrue(c.out().contains("[fault-unexpected]"), c.out());
    }

    @Test
    void syntaxErrorExitsTwo() throws Exception {
        Path f = write("syntax.mmdsl", "process init < mmap buf 16KB rw- privat anon >\n");
        Cli c = Cli.run("run", f.toString());
        assertEquals(2, c.status(), c.out());
        assertTrue(c.out().startsWith(f + ":1:"), c.out());
        assertTrue(c.out().contains(": error: "), c.out());
        assertEquals(2, Cli.run("check", f.toString()).status());
    }

    @Test
    void validationErrorExitsTwo() throws Exception {
        Path f = write("v.mmdsl", "boot ram 2GB arch x86_64 split 2G/2G\n");
        Cli c = Cli.run("check", f.toString());
        assertEquals(2, c.status());
        assertEquals(f + ":1:1: error: VMSPLIT is an i386 option: x86_64 always puts the direct map at "
                + "page_offset_base [boot-option-conflict]\n", c.out());
    }

    @Test
    void missingFileExitsTwo() {
        Cli c = Cli.run("run", dir.resolve("nope.mmdsl").toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("no such file or folder"), c.err());
    }

    @Test
    void showOutputIsPrintedWithItsPosition() throws Exception {
        Path f = write("show.mmdsl", """
                process init <
                  mmap buf 16KB rw- private anon
                  show maps
                >
                """);
        Cli c = Cli.run("run", f.toString());
        assertEquals(0, c.status(), c.out());
        assertTrue(c.out().startsWith(f + ":3:3: /proc/1/maps\n"), c.out());
        assertTrue(c.out().contains(" rw-p 00000000 00:00 0 \n"), c.out());
    }

    @Test
    void jsonReportCarriesEveryEventWithItsPosition() throws Exception {
        Path f = write("j.mmdsl", """
                process init <
                  mmap ro 4KB r-- private anon
                  write ro
                    expect fault SIGSEGV SEGV_MAPERR
                >
                """);
        Cli c = Cli.run("run", "--json", f.toString());
        assertEquals(1, c.status(), c.out());
        com.google.gson.JsonObject root = com.google.gson.JsonParser.parseString(c.out()).getAsJsonObject();
        assertEquals(1, root.get("status").getAsInt());
        com.google.gson.JsonObject file = root.getAsJsonArray("files").get(0).getAsJsonObject();
        assertEquals(false, file.get("passed").getAsBoolean());
        StringBuilder seen = new StringBuilder();
        for (com.google.gson.JsonElement e : file.getAsJsonArray("events")) {
            com.google.gson.JsonObject o = e.getAsJsonObject();
            if (o.has("code")) {
                seen.append(o.get("line").getAsInt()).append(':').append(o.get("column").getAsInt()).append(' ')
                        .append(o.get("code").getAsString()).append('\n');
            }
        }
        assertEquals("3:3 fault-unexpected\n4:5 expectation-failed\n", seen.toString());
    }
}
