package org.mmdsl.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * {@code mmdsl run} and {@code mmdsl check} through the resident process ({@link Daemon}): a JVM that loads
 * only this class and the JDK's, sends the working directory and the arguments, and copies the answer to
 * its standard output and error byte for byte; its exit status is the command's. When no daemon answers
 * it exits with {@link DaemonWire#NO_DAEMON} (or {@link DaemonWire#DAEMON_BUSY}) before writing anything,
 * and bin/mmdsl runs the command in a JVM of its own, as without a daemon. Interrupted (Ctrl-C), it dies and
 * the closed socket stops the daemon's run.
 */
public final class DaemonClient {
    private DaemonClient() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = DaemonWire.jar();
        if (jar == null || args.length == 0 || !DaemonWire.COMMANDS.contains(args[0])) {
            System.exit(DaemonWire.NO_DAEMON);
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(DaemonWire.socket(jar)));
        } catch (IOException e) {
            System.exit(DaemonWire.NO_DAEMON); // no socket, or nobody listening on it
            return;
        }
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        boolean wrote = false;
        try (channel) {
            DataOutputStream request = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(channel)));
            DaemonWire.writeString(request, Path.of("").toAbsolutePath().toString());
            request.writeInt(args.length);
            for (String a : args) {
                DaemonWire.writeString(request, a);
            }
            request.flush();
            DataInputStream answer = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(channel)));
            while (true) {
                byte kind = answer.readByte();
                if (kind == DaemonWire.BUSY) {
                    System.exit(DaemonWire.DAEMON_BUSY);
                }
                int n = answer.readInt();
                byte[] bytes = answer.readNBytes(n);
                if (kind == DaemonWire.EXIT) {
                    stdout.flush();
                    stderr.flush();
                    System.exit(java.nio.ByteBuffer.wrap(bytes).getInt());
                }
                (kind == DaemonWire.OUT ? stdout : stderr).write(bytes);
                wrote = true;
            }
        } catch (IOException e) {
            if (!wrote) {
                System.exit(DaemonWire.NO_DAEMON); // the daemon went away before answering: run it here
            }
            stderr.write(("mmdsl: the background process ended during the run (" + e.getMessage()
                    + "); run it again, or set MMDSL_DAEMON=off\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            System.exit(2);
        }
    }
}
