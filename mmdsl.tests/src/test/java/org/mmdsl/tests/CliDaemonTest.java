package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mmdsl run` and `mmdsl check` through the resident process (org.mmdsl.cli.Daemon) print, write and return
 * exactly what a JVM of their own does, for relative paths read from the client's directory, folders, -v,
 * --json, --strict, --oracle, --pictures and --html, broken and missing files; the client says "no daemon"
 * (254) or "busy" (253) before writing anything; a client killed mid-run stops its run; a changed jar ends
 * the daemon. Processes as bin/mmdsl starts them, on a copy of the built jar, with a socket folder of
 * their own (XDG_RUNTIME_DIR).
 */
class CliDaemonTest {
    @TempDir
    Path dir;

    private Path jar;
    private Path runtimeDir;
    private Process daemon;

    @BeforeEach
    void copyTheJar() throws IOException {
        Path built = ExamplesTest.root().resolve("mmdsl/target/mmdsl-cli.jar");
        assertTrue(Files.isRegularFile(built), "build the command line first: " + built);
        jar = Files.copy(built, dir.resolve("mmdsl-cli.jar"));
        runtimeDir = Files.createDirectory(dir.resolve("xdg"));
    }

    @AfterEach
    void stopTheDaemon() {
        if (daemon != null) {
            daemon.destroyForcibly();
        }
    }

    /** A java process on the jar copy, in {@code cwd}; standard output, error and exit status. */
    private Cli java(Path cwd, String main, String... args) throws Exception {
        Process p = start(cwd, main, args);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), main + " " + String.join(" ", args) + " did not end");
        return new Cli(p.exitValue(), out, err.join());
    }

    private Process start(Path cwd, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", jar.toString(), main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
        return pb.start();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void startDaemon() throws Exception {
        daemon = start(dir, "org.mmdsl.cli.Daemon");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (socket() == null) {
            assertTrue(daemon.isAlive(), () -> "the daemon ended: " + read(daemon.getErrorStream()));
            assertTrue(System.nanoTime() < until, "no socket after 120 s");
            Thread.sleep(100);
        }
        // it takes the socket, then answers "busy" until its warm-up ends
        Path probe = Files.writeString(dir.resolve("probe.mmdsl"), "process init <\n>\n");
        while (java(dir, "org.mmdsl.cli.DaemonClient", "check", probe.toString()).status() == 253) {
            assertTrue(System.nanoTime() < until, "still warming up after 120 s");
            Thread.sleep(200);
        }
    }

    private Path socket() throws IOException {
        Path d = runtimeDir.resolve("mmdsl");
        if (!Files.isDirectory(d)) {
            return null;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sock")).findFirst().orElse(null);
        }
    }

    @Test
    void withoutADaemonTheClientSaysSoAndPrintsNothing() throws Exception {
        Cli c = java(ExamplesTest.root(), "org.mmdsl.cli.DaemonClient", "run", "examples/brk.mmdsl");
        assertEquals(new Cli(254, "", ""), c);
    }

    @Test
    void theDaemonPrintsWritesAndReturnsWhatAProcessOfItsOwnDoes() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.writeString(work.resolve("broken.mmdsl"), """
                process init <
                  mmap buf 16KB rw private anon
                >
                """);
        Files.createDirectories(work.resolve("lab/_hidden"));
        Files.copy(ExamplesTest.root().resolve("examples/brk.mmdsl"), work.resolve("lab/brk.mmdsl"));
        Files.copy(ExamplesTest.root().resolve("examples/cow-after-fork.mmdsl"), work.resolve("lab/_hidden/cow.mmdsl"));
        Files.copy(ExamplesTest.root().resolve("examples/pictures-i386.mmdsl"), work.resolve("pictures.mmdsl"));
        String examples = ExamplesTest.root().resolve("examples").toAbsolutePath().normalize().toString();
        String[][] commands = {
            {"run", "lab"},
            {"run", "./lab", "broken.mmdsl"},
            {"run", examples},
            {"run", "-v", examples + "/highmem-boundary.mmdsl"},
            {"run", "--json", "lab/brk.mmdsl", "broken.mmdsl"},
            {"run", "--strict", examples + "/segv-write-text.mmdsl"},
            {"run", "--oracle", examples + "/oracle-22-fork-cow.mmdsl"},
            {"run", "--pictures", "svg", "pictures.mmdsl"},
            {"run", "--html", "html/", "lab/brk.mmdsl", "pictures.mmdsl"},
            {"check", "lab", "broken.mmdsl"},
            {"run", "missing.mmdsl"},
            {"run", "--max-steps", "0", "lab"},
        };
        // first as a process of its own, in a copy of the folder
        Path alone = dir.resolve("alone");
        copyTree(work, alone);
        List<Cli> expected = new ArrayList<>();
        for (String[] args : commands) {
            expected.add(java(alone, "org.mmdsl.cli.MmdslCli", args));
        }
        startDaemon();
        for (int i = 0; i < commands.length; i++) {
            Cli got = java(work, "org.mmdsl.cli.DaemonClient", commands[i]);
            String what = String.join(" ", commands[i]);
            assertEquals(expected.get(i).status(), got.status(), what + "\n" + got.err());
            assertEquals(expected.get(i).out(), got.out(), what);
            assertEquals(expected.get(i).err(), got.err(), what);
        }
        // the files written (pictures, reports) are the same, byte for byte, but for the time of the run
        assertEquals(tree(alone), tree(work));
        assertTrue(daemon.isAlive());
    }

    @Test
    void aSecondClientIsToldBusyAndAKilledClientStopsItsRun() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        // about a minute of simulation: far longer than the test waits
        Files.writeString(work.resolve("long.mmdsl"), """
                boot ram 1536MB highmem
                process init <
                  mmap buf 1GB rw- private anon
                  repeat 1000000 <
                    write buf for 1GB
                    madvise buf 1GB dontneed
                  >
                >
                """);
        startDaemon();
        String[] longRun = {"run", "--max-steps", "1000000000", "--timeout", "600", "long.mmdsl"};
        Process first = start(work, "org.mmdsl.cli.DaemonClient", longRun);
        Cli second = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            if (!first.isAlive()) {
                // it came while the daemon answered one of the checks below, was told busy and left: again
                assertEquals(253, first.exitValue());
                first = start(work, "org.mmdsl.cli.DaemonClient", longRun);
            }
            second = java(work, "org.mmdsl.cli.DaemonClient", "check", "long.mmdsl");
            if (second.status() == 253 && first.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(new Cli(253, "", ""), second);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // the daemon notices the closed socket at the run's next step and takes requests again
        Cli after = null;
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            after = java(work, "org.mmdsl.cli.DaemonClient", "check", "long.mmdsl");
            if (after.status() != 253) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(new Cli(0, "long.mmdsl: ok\n", ""), after);
    }

    @Test
    void aChangedJarEndsTheDaemon() throws Exception {
        startDaemon();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon still runs a minute after its jar changed");
        assertEquals(null, socket(), "the socket is removed");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** Every file under {@code root} with its text, the time a report says it was played left out. */
    private static String tree(Path root) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    sb.append(root.relativize(p)).append('\n')
                            .append(Files.readString(p).replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC", "TIME")).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
