package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as {@code bin/mmdsl} starts it: {@code MmdslCli.main} in a fresh JVM, where the language's
 * injector is built on its own thread while picocli reads the arguments and Guice runs with its start-up
 * flags (org.mmdsl.cli.Startup, org.mmdsl.GuiceFlags). Such a process prints exactly what the in-process
 * command line prints, and exits with the same status, whichever thread ends up building the injector.
 */
class CliStartupTest {

    @TempDir
    Path dir;

    /** What a fresh {@code java org.mmdsl.cli.MmdslCli ARGS} printed on standard output, and its exit status. */
    private static Cli main(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.mmdsl.cli.MmdslCli"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mmdsl " + String.join(" ", args) + " did not end in 120 s");
        }
        return new Cli(p.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void runOfAPassingAndABrokenScenarioPrintsWhatTheInProcessRunPrints() throws Exception {
        Path ok = dir.resolve("ok.mmdsl");
        Files.writeString(ok, """
                process init <
                  mmap buf 16KB rw- private anon
                    expect address 0xb7ffc000
                  write buf+4KB value 42
                  read buf+4KB expect value 42
                >
                """);
        Path broken = dir.resolve("broken.mmdsl");
        Files.writeString(broken, """
                process init <
                  mmap buf 16KB rw private anon
                >
                """);
        Cli fresh = main("run", ok.toString(), broken.toString());
        assertEquals(ok + ": PASS (2 expectations met, 0 failed)\n"
                + broken + ":2:17: error: unexpected 'rw' in mmap: expected a protection (r--, rw-, r-x, rwx, ---) or "
                + "'prot' after '16KB'; did you mean 'rw-'? [syntax]\n"
                + "2 scenarios: 1 PASS, 0 FAIL, 1 ERROR, 0 BUDGET\n", fresh.out(), fresh.err());
        assertEquals(2, fresh.status());
        Cli inProcess = Cli.run("run", ok.toString(), broken.toString());
        assertEquals(inProcess.out(), fresh.out());
        assertEquals(inProcess.status(), fresh.status());
    }

    @Test
    void checkAndVerboseRunsOfExamplesPrintWhatTheInProcessRunsPrint() throws Exception {
        Path examples = ExamplesTest.root().resolve("examples");
        String[][] commands = {
            {"check", examples.resolve("proc-1-maps.mmdsl").toString(), examples.resolve("brk.mmdsl").toString()},
            {"run", "-v", examples.resolve("highmem-boundary.mmdsl").toString()},
            {"run", "--strict", examples.resolve("segv-write-text.mmdsl").toString(),
                examples.resolve("kmap-atomic-slots.mmdsl").toString()},
        };
        for (String[] args : commands) {
            Cli fresh = main(args);
            Cli inProcess = Cli.run(args);
            assertEquals(inProcess.out(), fresh.out(), String.join(" ", args) + "\n" + fresh.err());
            assertEquals(inProcess.status(), fresh.status(), String.join(" ", args));
        }
    }
}
