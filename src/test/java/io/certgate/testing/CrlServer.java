package io.certgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.certgate.pki.PemFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (port 0) that plays a CRL distribution point, well or badly:
 * a CRL (DER or PEM), garbage, a status code, an answer that never comes, or a body larger
 * than announced. Requests are counted per path.
 *
 * <pre>{@code
 * try (CrlServer server = CrlServer.start()) {
 *     server.serve("/int.crl", crl);
 *     String url = server.url("/int.crl");
 * }
 * }</pre>
 */
public final class CrlServer implements AutoCloseable {

    /** What one path answers. */
    private record Answer(int status, byte[] body, boolean hang, long announcedLength, CountDownLatch gate) {
        Answer(int status, byte[] body, boolean hang, long announcedLength) {
            this(status, body, hang, announcedLength, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "crl-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private CrlServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static CrlServer start() {
        try {
            return new CrlServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same over https, presenting {@code tls}'s certificate (such as
     * {@link ServerTls#presenting}); its URLs name {@code localhost}, which the certificate must name.
     */
    public static CrlServer startHttps(javax.net.ssl.SSLContext tls) {
        try {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            return new CrlServer(https);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/path}, or {@code https://localhost:PORT/path} for {@link #startHttps}. */
    public String url(String path) {
        if (server instanceof com.sun.net.httpserver.HttpsServer) {
            return "https://localhost:" + server.getAddress().getPort() + path;
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A URL on a port nothing listens on: connections are refused. */
    public static String deadUrl(String path) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + probe.getLocalPort() + path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves the CRL as DER. */
    public CrlServer serve(String path, X509CRL crl) {
        try {
            return serveBytes(path, crl.getEncoded());
        } catch (CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the CRL as PEM text. */
    public CrlServer servePem(String path, X509CRL crl) {
        return serveBytes(path, PemFiles.crlPem(crl).getBytes(StandardCharsets.US_ASCII));
    }

    public CrlServer serveBytes(String path, byte[] body) {
        answers.put(path, new Answer(200, body, false, body.length));
        return this;
    }

    /** Serves the CRL as DER, but only once {@code gate} opens: downloads pile up meanwhile. */
    public CrlServer serveWhenOpened(String path, X509CRL crl, CountDownLatch gate) {
        try {
            byte[] der = crl.getEncoded();
            answers.put(path, new Answer(200, der, false, der.length, gate));
            return this;
        } catch (CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers 200 with text that is no CRL. */
    public CrlServer serveGarbage(String path) {
        return serveBytes(path, "<html><body>It works!</body></html>\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Answers with a status and a short body. */
    public CrlServer serveStatus(String path, int status) {
        answers.put(path, new Answer(status, ("status " + status + "\n").getBytes(StandardCharsets.US_ASCII), false, -1));
        return this;
    }

    /** Accepts the request and never answers (until the server closes). */
    public CrlServer hang(String path) {
        answers.put(path, new Answer(200, new byte[0], true, -1));
        return this;
    }

    /** Streams {@code bytes} bytes without announcing a length (chunked). */
    public CrlServer serveUnannounced(String path, int bytes) {
        answers.put(path, new Answer(200, new byte[bytes], false, 0));
        return this;
    }

    /** Answers 302 Found pointing at {@code location}, as a CA that moved its CRLs does. */
    public CrlServer redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    /** Requests received for a path so far. */
    public int requests(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Answer answer = answers.getOrDefault(path, new Answer(404, "not found\n".getBytes(StandardCharsets.US_ASCII), false, -1));
        try (exchange) {
            String location = redirects.get(path);
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (answer.hang()) {
                closing.await(1, TimeUnit.MINUTES);
                return;
            }
            if (answer.gate() != null) {
                answer.gate().await(1, TimeUnit.MINUTES);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/pkix-crl");
            // HttpServer: 0 means chunked, -1 no body, otherwise the Content-Length.
            exchange.sendResponseHeaders(answer.status(), answer.announcedLength() < 0 ? answer.body().length
                    : answer.announcedLength());
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientLeft) {
            // the client gave up (a timeout being tested); nothing to answer
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
