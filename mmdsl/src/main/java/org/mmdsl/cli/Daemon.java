package org.mmdsl.cli;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The resident process behind {@code mmdsl run} and {@code mmdsl check} (issue 17 point 6): a JVM whose
 * language services are built and whose code is compiled, answering {@link DaemonClient}s on a Unix socket
 * ({@link DaemonWire}), one request at a time, with exactly what {@link MmdslCli#execute} prints and
 * returns in a JVM of its own. The JVM's start-up (EMF's packages, Guice's injector, the grammar, the parser's
 * tables, the first parse and validation: most of a small run's 0.8 s) is paid once, by this process.
 *
 * <p>bin/mmdsl starts it in the background after a run that found none (MMDSL_DAEMON=off: never); until its
 * warm-up ends (a few seconds), it answers BUSY, so no client waits for it. It exits
 * after an hour without a request ({@code -Dmmdsl.daemon.idleMinutes}) and as soon as its jar changes or goes
 * (a rebuild). A request's files are read relative to the client's working directory; its run stops when the
 * client goes away (Ctrl-C). A second client while one runs is told {@link DaemonWire#BUSY} and runs the
 * command itself: two runs at once would share the CLI's output streams.
 *
 * <p>What it does not do: the commands other than {@link DaemonWire#COMMANDS} (grade draws a progress bar on
 * the terminal; generate, answers and picture are rarer), and standard input (no command reads it).
 */
public final class Daemon {
    private Daemon() {
    }

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile long lastUsed = System.currentTimeMillis();

    public static void main(String[] args) throws Exception {
        Path jar = DaemonWire.jar();
        if (jar == null) {
            System.err.println("mmdsl daemon: runs from the command line's jar only");
            System.exit(2);
        }
        Path socket;
        try {
            socket = DaemonWire.socket(jar);
        } catch (IOException e) {
            System.err.println("mmdsl daemon: " + e.getMessage());
            System.exit(2);
            return;
        }
        FileTime built = Files.getLastModifiedTime(jar); // the jar the socket is named after
        long size = Files.size(jar);
        if (answering(socket)) {
            return; // another one started first
        }
        Files.deleteIfExists(socket); // left by one that was killed
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket), 64);
        } catch (IOException e) {
            return; // another one bound it between the check and here
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // nothing to do on the way out
            }
        }));
        org.mmdsl.GuiceFlags.forQuickStart();
        // the socket is taken (later invocations start no second daemon), but until the warm-up ends every
        // client is told BUSY and runs the command itself: none waits for the warm-up
        BUSY.set(true);
        Thread warm = new Thread(() -> {
            try {
                warmUp(socket.getParent());
            } catch (IOException | RuntimeException e) {
                System.err.println("mmdsl daemon: warm-up failed: " + e);
            } finally {
                lastUsed = System.currentTimeMillis();
                BUSY.set(false);
            }
        }, "mmdsl-warm-up");
        warm.start();
        watch(jar, built, size, Long.getLong("mmdsl.daemon.idleMinutes", 60) * 60_000);
        while (true) {
            SocketChannel client = server.accept();
            Thread request = new Thread(() -> serve(client), "mmdsl-request");
            request.setDaemon(true);
            request.start();
        }
    }

    /** True when a daemon listens on {@code socket}. */
    private static boolean answering(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * One connection: the client's directory and arguments in; then, if no other request runs, its output
     * and exit status out, else {@link DaemonWire#BUSY} (after reading the request: a socket closed with
     * unread data would reset the connection before the client read the answer).
     */
    private static void serve(SocketChannel client) {
        try (client) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(client));
            String cwd = DaemonWire.readString(in);
            int n = in.readInt();
            if (n < 1 || n > 100_000) {
                return;
            }
            String[] args = new String[n];
            for (int i = 0; i < n; i++) {
                args[i] = DaemonWire.readString(in);
            }
            if (!DaemonWire.COMMANDS.contains(args[0])) {
                return; // the client sends only these; the closed socket makes it run the command itself
            }
            if (!BUSY.compareAndSet(false, true)) {
                client.write(ByteBuffer.wrap(new byte[] {DaemonWire.BUSY}));
                return;
            }
            int status;
            try {
                status = execute(client, in, cwd, args);
            } finally {
                lastUsed = System.currentTimeMillis();
                BUSY.set(false); // before the exit status: the client's next command must not find it busy
            }
            if (status >= 0) {
                ByteBuffer exit = ByteBuffer.allocate(9).put(DaemonWire.EXIT).putInt(4).putInt(status);
                synchronized (client) {
                    client.write(exit.flip());
                }
            }
        } catch (IOException e) {
            // the client went away, or sent something else than a request
        }
    }

    /** Runs the command with the client's output; its exit status, or -1 when the client went away. */
    private static int execute(SocketChannel client, DataInputStream in, String cwd, String[] args) {
        AtomicBoolean gone = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // the client sends nothing after its request: this waits for the socket to close
                }
            } catch (IOException e) {
                // closed
            }
            gone.set(true);
        }, "mmdsl-client-watch");
        watcher.setDaemon(true);
        watcher.start();
        Charset charset = Charset.defaultCharset();
        // as System.out and System.err: flushed at every println, so lines of both keep their order
        PrintStream out = new PrintStream(new BufferedOutputStream(new Frames(client, DaemonWire.OUT), 8192), true, charset);
        PrintStream err = new PrintStream(new BufferedOutputStream(new Frames(client, DaemonWire.ERR), 8192), true, charset);
        int status;
        ScenarioLoader.base = Path.of(cwd);
        ScenarioLoader.cancelled = gone::get;
        try {
            status = MmdslCli.execute(args, out, err);
        } catch (RuntimeException | Error e) {
            err.println("mmdsl: internal error: " + e + " (please report it with the scenario)");
            status = MmdslCli.INVALID;
        } finally {
            ScenarioLoader.base = null;
            ScenarioLoader.cancelled = () -> false;
            ScenarioLoader.out = System.out;
            ScenarioLoader.err = System.err;
        }
        out.flush();
        err.flush();
        return out.checkError() || err.checkError() ? -1 : status;
    }

    /** Bytes written to it go to the client as frames of one kind. */
    private static final class Frames extends OutputStream {
        private final SocketChannel client;
        private final byte kind;

        Frames(SocketChannel client, byte kind) {
            this.client = client;
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(5 + len).put(kind).putInt(len).put(b, off, len).flip();
            synchronized (client) {
                while (frame.hasRemaining()) {
                    client.write(frame);
                }
            }
        }
    }

    /** Exits when the jar changes or goes, or after {@code idleMillis} without a request. */
    private static void watch(Path jar, FileTime built, long size, long idleMillis) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(Math.min(10_000, idleMillis));
                    boolean changed = !Files.isRegularFile(jar) || !Files.getLastModifiedTime(jar).equals(built)
                            || Files.size(jar) != size;
                    long idle = System.currentTimeMillis() - lastUsed;
                    if (changed || !BUSY.get() && idle > idleMillis) {
                        System.exit(0);
                    }
                    Runtime rt = Runtime.getRuntime();
                    if (!BUSY.get() && idle > 5_000 && rt.totalMemory() - rt.freeMemory() > 256L << 20) {
                        System.gc(); // after a big run, give the heap back rather than keep it for an hour
                    }
                } catch (InterruptedException | IOException e) {
                    System.exit(0);
                }
            }
        }, "mmdsl-daemon-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Plays a small scenario through the whole command a few times, so the first client finds the language
     * built and the code of parsing, validating, running and reporting compiled.
     */
    private static void warmUp(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "warm-up", ".mmdsl");
        try {
            Files.writeString(file, """
                    boot ram 1536MB highmem
                    process init <
                      mmap buf 64KB rw- private anon
                      write buf for 64KB
                      read buf+4KB
                      mprotect buf 4KB r--
                      fork child <
                        write buf+8KB value 1
                      >
                      show maps
                    >
                    kernel <
                      kmalloc p 128 GFP_KERNEL
                      kfree p
                    >
                    """);
            PrintStream none = new PrintStream(OutputStream.nullOutputStream());
            for (int i = 0; i < 20; i++) {
                MmdslCli.execute(new String[] {"run", "-v", file.toString()}, none, none);
                MmdslCli.execute(new String[] {"check", file.toString()}, none, none);
            }
        } finally {
            ScenarioLoader.out = System.out;
            ScenarioLoader.err = System.err;
            Files.deleteIfExists(file);
        }
    }
}
