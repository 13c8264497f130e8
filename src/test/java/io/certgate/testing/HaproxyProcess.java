package io.certgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The real HAProxy (the Debian package's {@code haproxy}) in TCP mode in front of certgate
 * listeners, telling each the client's address with {@code send-proxy-v2}, as a load balancer of
 * a certgate fleet does. Its port is picked free; closing stops it.
 */
public final class HaproxyProcess implements AutoCloseable {

    /** One certgate instance as HAProxy sees it: its HTTPS port, and the admin port its readiness is checked on. */
    public record Instance(int port, int adminPort) {
    }

    private final Process process;
    private final int port;
    private final Path log;
    private final int statsPort;

    private HaproxyProcess(Process process, int port, Path log, int statsPort) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.statsPort = statsPort;
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
            return start(dir, config, port, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts HAProxy as an operator runs it in front of a certgate fleet: round robin with
     * {@code send-proxy-v2}; each instance checked with {@code GET /readyz} on its admin port every
     * 500 ms, out after one failure (certgate answers 503 from the moment it gets SIGTERM, and keeps
     * accepting for {@code shutdown.drainDelay}, which must be longer), back after two successes; a
     * connection an instance refuses retried and redispatched to another (in TCP mode HAProxy can
     * retry only connecting, never a request). Its stats listener says which instances are up.
     */
    public static HaproxyProcess fleet(Path dir, List<Instance> instances) {
        try {
            int port = Slapd.freePort();
            int statsPort = Slapd.freePort();
            StringBuilder servers = new StringBuilder();
            for (int i = 0; i < instances.size(); i++) {
                servers.append("    server certgate").append(i + 1).append(" 127.0.0.1:").append(instances.get(i).port())
                        .append(" send-proxy-v2 check port ").append(instances.get(i).adminPort()).append('\n');
            }
            Path config = dir.resolve("haproxy-fleet.cfg");
            Files.writeString(config, """
                    global
                        maxconn 256
                    defaults
                        mode tcp
                        timeout connect 2s
                        timeout client 30s
                        timeout server 30s
                        retries 3
                        option redispatch 1
                    frontend certgate_fleet
                        bind 127.0.0.1:%d
                        default_backend certgate_instances
                    backend certgate_instances
                        balance roundrobin
                        option httpchk GET /readyz
                        http-check expect status 200
                        default-server inter 500ms fall 1 rise 2
                    %s
                    listen stats
                        mode http
                        bind 127.0.0.1:%d
                        stats enable
                        stats uri /stats
                    """.formatted(port, servers, statsPort));
            return start(dir, config, port, statsPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HaproxyProcess start(Path dir, Path config, int port, int statsPort) throws IOException {
        Path log = dir.resolve(config.getFileName() + ".out");
        Process process = new ProcessBuilder(List.of("haproxy", "-db", "-f", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HaproxyProcess haproxy = new HaproxyProcess(process, port, log, statsPort);
        haproxy.awaitAccepting();
        return haproxy;
    }

    /** The state HAProxy's checks give each server of a {@link #fleet} ({@code certgate1} to {@code UP}, {@code DOWN}...). */
    public Map<String, String> serverStates() {
        Curl.Response stats = Curl.get("http://127.0.0.1:" + statsPort + "/stats;csv").run();
        if (stats.status() != 200) {
            throw new AssertionError("haproxy stats: " + stats.status() + " " + stats.stderr());
        }
        String[] lines = stats.body().split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int name = header.indexOf("svname");
        int status = header.indexOf("status");
        Map<String, String> states = new TreeMap<>();
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length > status && fields[name].startsWith("certgate")) {
                states.put(fields[name], fields[status]);
            }
        }
        return states;
    }

    /** Waits until HAProxy's checks put the server in the state (such as {@code UP}). */
    public void awaitServerState(String server, String state, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!state.equals(serverStates().get(server))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(server + " is not " + state + " within " + patience + ": " + serverStates());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
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
