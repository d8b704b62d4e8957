package org.mmdsl.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * What the command-line client ({@link DaemonClient}) and the resident process ({@link Daemon}) agree on:
 * where the socket is and the frames on it. JDK only: the client loads nothing else.
 *
 * <p>The request: the client's working directory, then its arguments (each an int length and UTF-8
 * bytes). The answer: frames of a kind byte, an int length and bytes: standard output, standard error, and
 * last the exit status (length 4, the int). {@link #BUSY} alone instead: the daemon is running another
 * request; the client then runs the command itself.
 *
 * <p>The socket's name holds everything a run's output depends on besides the request: the jar (path,
 * size, modification time), the JVM, and the locale and time zone the JVM read from the environment
 * ({@code String.format} of numbers follows the locale). A new build, another JVM or another locale finds
 * no daemon and starts its own; the old one exits when its jar changes or after an hour unused.
 */
final class DaemonWire {
    private DaemonWire() {
    }

    static final byte OUT = 1;
    static final byte ERR = 2;
    static final byte EXIT = 3;
    static final byte BUSY = 4;

    /** The commands a daemon answers: they read scenarios and write reports, nothing interactive. */
    static final List<String> COMMANDS = List.of("run", "check");

    /** The client's exit status when no daemon answered (bin/mmdsl then runs the command and starts one). */
    static final int NO_DAEMON = 254;
    /** The client's exit status when the daemon was busy (bin/mmdsl then runs the command). */
    static final int DAEMON_BUSY = 253;

    /** The jar this class was loaded from, or null (classes from a folder: a build, a test). */
    static Path jar() {
        try {
            Path p = Path.of(DaemonWire.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The socket of the daemon for {@code jar} in this environment: in $XDG_RUNTIME_DIR/mmdsl, else in
     * /tmp/mmdsl-USER (made private to the user).
     */
    static Path socket(Path jar) throws IOException {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isEmpty() && Files.isDirectory(Path.of(runtime))
                ? Path.of(runtime, "mmdsl")
                : Path.of(System.getProperty("java.io.tmpdir"), "mmdsl-" + System.getProperty("user.name"));
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        // a folder another user made or can write to could hold someone else's socket: not used
        if (!Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                || !Files.getPosixFilePermissions(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        .equals(PosixFilePermissions.fromString("rwx------"))) {
            throw new IOException(dir + " is not a folder of this user's alone");
        }
        String identity = String.join("\u0000", jar.toAbsolutePath().toString(), Long.toString(Files.size(jar)),
                Long.toString(Files.getLastModifiedTime(jar).toMillis()), System.getProperty("java.home"),
                System.getProperty("java.vm.version"), env("LC_ALL"), env("LC_NUMERIC"), env("LC_CTYPE"), env("LANG"),
                env("TZ"));
        return dir.resolve(String.format("cli-%08x.sock", identity.hashCode()));
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 20)) {
            throw new IOException("bad request length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
