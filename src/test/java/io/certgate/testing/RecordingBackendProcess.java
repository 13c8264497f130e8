package io.certgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link RecordingBackend} started as its own JVM process, and what it recorded read back:
 *
 * <pre>{@code
 * try (RecordingBackendProcess backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"))) {
 *     int mark = backend.mark();
 *     ... requests through certgate ...
 *     Received got = backend.awaitRequest(r -> r.target().startsWith("/app/x"), Duration.ofSeconds(10));
 *     List<Received> since = backend.receivedSince(mark);
 * }
 * }</pre>
 *
 * Waits poll the record file (the backend flushes each line); nothing here sleeps for a fixed time.
 */
public final class RecordingBackendProcess implements AutoCloseable {

    private static final String READY = "recording backend listening on ";
    /** How often waits look at the record file again. */
    private static final long POLL_MILLIS = 20;

    /** The PKCS#12 password of the key store an HTTPS backend reads; the file lives in the test's directory. */
    private static final String KEY_STORE_PASSWORD = "backend";

    private final Process process;
    private final int port;
    private final Path file;
    private final boolean tls;

    private RecordingBackendProcess(Process process, int port, Path file, boolean tls) {
        this.process = process;
        this.port = port;
        this.file = file;
        this.tls = tls;
    }

    /** Starts a backend that records into {@code file} (created empty). */
    public static RecordingBackendProcess start(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.StartedJvm started = Processes.startJavaMain(RecordingBackend.class, READY, file.toString());
        return new RecordingBackendProcess(started.process(), Integer.parseInt(started.ready()), file, false);
    }

    /**
     * Starts an HTTPS backend that records into {@code file}, serves {@code server}'s certificate
     * and requires a client certificate issued by {@code clientCa}; its key store is written next to
     * {@code file}.
     */
    public static RecordingBackendProcess startTls(Path file, io.certgate.pki.Credential server,
                                                   java.security.cert.X509Certificate clientCa) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            Path keyStore = file.resolveSibling(file.getFileName() + ".p12");
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.privateKey(), KEY_STORE_PASSWORD.toCharArray(),
                    server.chain().toArray(new java.security.cert.Certificate[0]));
            try (var out = Files.newOutputStream(keyStore)) {
                keys.store(out, KEY_STORE_PASSWORD.toCharArray());
            }
            Path clientCas = file.resolveSibling(file.getFileName() + ".client-ca.pem");
            io.certgate.pki.PemFiles.writeCertificates(clientCas, List.of(clientCa));
            Processes.StartedJvm started = Processes.startJavaMain(RecordingBackend.class, READY, file.toString(),
                    "--tls", keyStore.toString(), KEY_STORE_PASSWORD, clientCas.toString());
            return new RecordingBackendProcess(started.process(), Integer.parseInt(started.ready()), file, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the backend's key store", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://} for a TLS backend), for a location's {@code proxy:}. */
    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** The TLS handshakes completed since the mark, in order. */
    public List<TlsSession> tlsSessionsSince(int mark) {
        List<Object> events = events();
        return events.subList(Math.min(mark, events.size()), events.size()).stream()
                .filter(TlsSession.class::isInstance).map(TlsSession.class::cast).toList();
    }

    /** Waits until at least {@code n} handshakes completed since the mark; returns them. */
    public List<TlsSession> awaitTlsSessions(int mark, int n, Duration timeout) {
        return await(() -> {
            List<TlsSession> sessions = tlsSessionsSince(mark);
            return sessions.size() >= n ? sessions : null;
        }, timeout, () -> "fewer than " + n + " TLS handshakes since the mark: " + tlsSessionsSince(mark));
    }

    /** Everything recorded so far, in order: {@link Received}, {@link Partial}, {@link ConnectionEnd}, Integer (opened). */
    private List<Object> events() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<Object> events = new ArrayList<>();
            int start = 0;
            for (int nl; (nl = text.indexOf('\n', start)) >= 0; start = nl + 1) {
                events.add(RecordingJson.parse(text.substring(start, nl))); // a line still being written has no \n yet
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A position in the record, for {@link #receivedSince} and {@link #endsSince}. */
    public int mark() {
        return events().size();
    }

    /** Every complete request received so far, in the order the backend parsed them. */
    public List<Received> received() {
        return receivedSince(0);
    }

    public List<Received> receivedSince(int mark) {
        List<Object> events = events();
        return events.subList(Math.min(mark, events.size()), events.size()).stream()
                .filter(Received.class::isInstance).map(Received.class::cast).toList();
    }

    /** Every connection that ended since the mark. */
    public List<ConnectionEnd> endsSince(int mark) {
        List<Object> events = events();
        return events.subList(Math.min(mark, events.size()), events.size()).stream()
                .filter(ConnectionEnd.class::isInstance).map(ConnectionEnd.class::cast).toList();
    }

    /** Ids of the connections opened since the mark. */
    public List<Integer> openedSince(int mark) {
        List<Object> events = events();
        return events.subList(Math.min(mark, events.size()), events.size()).stream()
                .filter(Integer.class::isInstance).map(Integer.class::cast).toList();
    }

    /**
     * The requests begun and not finished on connections still open: each connection whose last
     * event is a {@link Partial}.
     */
    public List<Partial> pendingNow() {
        return pendingSince(0);
    }

    /** Like {@link #pendingNow}, counting only bytes that arrived after the mark. */
    public List<Partial> pendingSince(int mark) {
        java.util.Map<Integer, Partial> pending = new java.util.LinkedHashMap<>();
        List<Object> events = events();
        for (int i = 0; i < events.size(); i++) {
            Object event = events.get(i);
            if (event instanceof Partial partial && i >= mark) {
                pending.put(partial.connection(), partial);
            } else if (event instanceof Received received) {
                pending.remove(received.connection());
            } else if (event instanceof ConnectionEnd end) {
                pending.remove(end.connection());
            }
        }
        return List.copyOf(pending.values());
    }

    /** Waits until no open connection holds a pending request that matches (certgate closed or finished it). */
    public void awaitNoPending(Predicate<Partial> matching, Duration timeout) {
        await(() -> pendingNow().stream().noneMatch(matching) ? Boolean.TRUE : null, timeout,
                () -> "still pending on open connections: " + pendingNow());
    }

    /** Waits until at least {@code n} requests have been received in all; returns all of them. */
    public List<Received> awaitRequests(int n, Duration timeout) {
        return await(() -> {
            List<Received> all = received();
            return all.size() >= n ? all : null;
        }, timeout, () -> "fewer than " + n + " requests: " + received());
    }

    /** Waits for a request received since {@code mark} that matches. */
    public Received awaitRequest(int mark, Predicate<Received> matching, Duration timeout) {
        return await(() -> receivedSince(mark).stream().filter(matching).findFirst().orElse(null), timeout,
                () -> "no matching request since the mark: " + receivedSince(mark));
    }

    /** Waits for a connection end since {@code mark} that matches. */
    public ConnectionEnd awaitEnd(int mark, Predicate<ConnectionEnd> matching, Duration timeout) {
        return await(() -> endsSince(mark).stream().filter(matching).findFirst().orElse(null), timeout,
                () -> "no matching connection end since the mark: " + endsSince(mark));
    }

    private static <T> T await(java.util.function.Supplier<T> probe, Duration timeout,
                               java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
