package io.certgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a plain socket that shows what {@link Backend} cannot: how many requests it holds
 * at once, and each connection the gateway closed, with how many body bytes had come on it. Every
 * request is answered {@code 200 ok} after its whole body (Content-Length only) and a fixed delay.
 * Started with {@link #expectingProxyHeaders}, it reads a PROXY protocol version 2 header at the
 * start of each connection and keeps its raw bytes, for the test to read with its own eyes.
 */
public final class RawBackend implements AutoCloseable {

    /** A connection the gateway closed: its number (1 for the first accepted) and the body bytes read on it. */
    public record Closed(int connection, long bodyBytes) {
    }

    private final ServerSocket server;
    private final Duration delay;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
    private final boolean proxyHeaderFirst;
    private final BlockingQueue<byte[]> proxyHeaders = new LinkedBlockingQueue<>();

    private RawBackend(ServerSocket server, Duration delay, boolean proxyHeaderFirst) {
        this.server = server;
        this.delay = delay;
        this.proxyHeaderFirst = proxyHeaderFirst;
        Thread acceptor = new Thread(this::accept, "raw-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port; each answer waits {@code delay}. */
    public static RawBackend start(Duration delay) {
        try {
            return new RawBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), delay, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Listens on a free loopback port, answering at once; each connection must start with a PROXY v2 header. */
    public static RawBackend expectingProxyHeaders() {
        try {
            return new RawBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), Duration.ZERO, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next connection's PROXY header as it came (the 16 fixed bytes and the address block),
     * waiting up to {@code timeout}; null if none came.
     */
    public byte[] awaitProxyHeader(Duration timeout) throws InterruptedException {
        return proxyHeaders.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int accepted() {
        return accepted.get();
    }

    /** The most requests this backend held at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /**
     * The first connection the gateway closed after {@code bodyBytes} body bytes had come on it,
     * waiting up to {@code timeout}; null if none. Other connections closed meanwhile are skipped.
     */
    public Closed awaitClosedAfter(long bodyBytes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Closed next = closed.poll(left, TimeUnit.NANOSECONDS);
            if (next != null && next.bodyBytes() == bodyBytes) {
                return next;
            }
        }
        return null;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = accepted.incrementAndGet();
                Thread serving = new Thread(() -> serve(socket, number), "raw-backend-" + number);
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int number) {
        long bodyBytes = 0;
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            if (proxyHeaderFirst) {
                byte[] fixed = in.readNBytes(16); // signature, version and command, family, length (proxy-protocol.txt §2.2)
                byte[] block = in.readNBytes(fixed.length == 16 ? ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff) : 0);
                byte[] header = new byte[fixed.length + block.length];
                System.arraycopy(fixed, 0, header, 0, fixed.length);
                System.arraycopy(block, 0, header, fixed.length, block.length);
                proxyHeaders.add(header);
            }
            while (true) {
                String head = head(in);
                if (head == null) {
                    break;
                }
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    for (long left = contentLength(head); left > 0; left--) {
                        if (in.read() < 0) {
                            closed.add(new Closed(number, bodyBytes));
                            return;
                        }
                        bodyBytes++;
                    }
                    Thread.sleep(delay.toMillis());
                } finally {
                    inFlight.decrementAndGet();
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            closed.add(new Closed(number, bodyBytes));
        } catch (IOException e) {
            closed.add(new Closed(number, bodyBytes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request head, or null at the end of the stream. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0 ? b == '\r' : b == '\n') ? matched + 1 : 0;
        }
        return matched == 4 ? head.toString(StandardCharsets.ISO_8859_1) : null;
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a test backend
        }
    }
}
