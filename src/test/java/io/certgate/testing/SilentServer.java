package io.certgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CRL distribution point that accepts connections and never finishes an answer, on
 * 127.0.0.1 port 0: {@link #silent} sends nothing; {@link #dripping} sends an HTTP status line
 * and then a header that never ends, one byte per interval. It records every connection: how
 * many were accepted and how many the client has closed, so a test can tell that a download
 * is still pending (accepted, not closed) without looking at a clock. {@link #release} closes
 * every connection from the server's side: the downloads waiting on them fail at once.
 *
 * <pre>{@code
 * try (SilentServer dead = SilentServer.silent()) {
 *     String url = dead.url("/int.crl");
 *     dead.awaitAccepted(1);
 *     assertThat(dead.closedByClient()).isZero();
 * }
 * }</pre>
 */
public final class SilentServer implements AutoCloseable {

    private static final byte[] DRIP = "HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final Duration dripEvery;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final AtomicInteger bytesSent = new AtomicInteger();
    private volatile boolean closed;

    private SilentServer(Duration dripEvery) {
        this.dripEvery = dripEvery;
        try {
            this.socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts and never sends a byte. */
    public static SilentServer silent() {
        return new SilentServer(null);
    }

    /** Accepts, then sends a status line and a never-ending header, a byte every {@code every}. */
    public static SilentServer dripping(Duration every) {
        return new SilentServer(every);
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections the client has closed (it gave up, or its deadline ended the download). */
    public int closedByClient() {
        return closedByClient.get();
    }

    /** Bytes sent so far over all connections (a dripping server only). */
    public int bytesSent() {
        return bytesSent.get();
    }

    /** Waits until {@code count} connections have been accepted; fails after 60 s. */
    public void awaitAccepted(int count) throws InterruptedException {
        awaitCount(accepted, count, "accepted connections");
    }

    /** Waits until the client has closed {@code count} connections; fails after 60 s. */
    public void awaitClosedByClient(int count) throws InterruptedException {
        awaitCount(closedByClient, count, "connections closed by the client");
    }

    /** Closes every connection from the server's side: downloads waiting on them fail now. */
    public void release() {
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        release();
    }

    private void accept() {
        while (!closed) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(connection);
            accepted.incrementAndGet();
            Thread reader = new Thread(() -> read(connection), "silent-server-connection");
            reader.setDaemon(true);
            reader.start();
            if (dripEvery != null) {
                Thread dripper = new Thread(() -> drip(connection), "silent-server-drip");
                dripper.setDaemon(true);
                dripper.start();
            }
        }
    }

    /** Reads the request and anything after it; the end of the stream means the client closed. */
    private void read(Socket connection) {
        try (InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // the request is not answered
            }
            if (!closed && !connection.isClosed()) {
                closedByClient.incrementAndGet();
            }
        } catch (IOException e) {
            // a reset by the client is a close too; one by release() is not counted
            if (!closed && !connection.isClosed()) {
                closedByClient.incrementAndGet();
            }
        }
    }

    private void drip(Socket connection) {
        try {
            OutputStream out = connection.getOutputStream();
            for (int i = 0; !connection.isClosed(); i++) {
                out.write(i < DRIP.length ? DRIP[i] : 'a');
                out.flush();
                bytesSent.incrementAndGet();
                Thread.sleep(dripEvery.toMillis());
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static void awaitCount(AtomicInteger counter, int count, String what) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counter.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + counter.get() + " of " + count + " " + what + " after 60 s");
            }
            never.await(10, TimeUnit.MILLISECONDS);
        }
    }
}
