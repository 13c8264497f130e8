package io.certgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real HAProxy (the Debian package's {@code haproxy}) in TCP mode in front of certgate
 * listeners, telling each the client's address with {@code send-proxy-v2}, as a load balancer of
 * a certgate fleet does. Its port is picked free; closing stops it.
 */
public final class HaproxyProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private HaproxyProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts HAProxy on a free loopback port, forwarding (round robin) to the given certgate ports on 127.0.0.1. */
    public static HaproxyProcess sendProxyV2To(Path dir, int... certgatePorts) {
        try {
            int port = Slapd.freePort();
            StringBuilder servers = new StringBuilder();
            for (int i = 0; i < certgatePorts.length; i++) {
                servers.append("    server certgate").append(i + 1).append(" 127.0.0.1:").append(certgatePorts[i])
                        .append(" send-proxy-v2\n");
            }
            Path config = dir.resolve("haproxy.cfg");
            Files.writeString(config, """
                    global
                        maxconn 256
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 30s
                        timeout server 30s
                    frontend certgate_fleet
                        bind 127.0.0.1:%d
                        default_backend certgate_instances
                    backend certgate_instances
                        balance roundrobin
                    %s""".formatted(port, servers));
            Path log = dir.resolve("haproxy.out");
            Process process = new ProcessBuilder(List.of("haproxy", "-db", "-f", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HaproxyProcess haproxy = new HaproxyProcess(process, port, log);
            haproxy.awaitAccepting();
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    private void awaitAccepting() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return; // haproxy accepts (and, with this probe sending nothing, forwards nothing)
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("haproxy does not accept on port " + port + ": " + Files.readString(log));
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
