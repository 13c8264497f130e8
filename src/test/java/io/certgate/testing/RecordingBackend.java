package io.certgate.testing;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that records exactly what reaches it, run as its own process
 * ({@link RecordingBackendProcess}): a plain TCP server with its own strict HTTP/1.1 parser
 * ({@link StrictRequestParser}), no HTTP library, so that what it records is the bytes on the
 * wire and not one library's reading of them. Usage: {@code RecordingBackend RECORD-FILE}; it
 * prints "recording backend listening on PORT".
 *
 * <p>For each connection it appends to the record file, flushed line by line: its opening; every
 * complete request (request line, every field as received, body bytes, trailers);
 * the bytes of a request not yet complete after each read ({@link Partial}); and its end,
 * with the bytes that were left unparsed (a request cut short) and the parser's reason when it
 * refused the bytes (it then closes the connection). Each complete request is answered
 * {@code HTTP/1.1 200 OK} with Content-Length, keep-alive, and the body
 * {@link #answerBody "connection C request I: REQUEST-LINE"}, so that a client can tell whose
 * answer it got. A target containing {@code /http10/} is answered as an HTTP/1.0 server does:
 * status line {@code HTTP/1.0 200 OK}, Content-Length, no Connection header, then close. A
 * target containing {@code /early-hints/} is first sent {@code 103 Early Hints} (RFC 8297), as
 * Node, Go, Puma and h2o can. A {@code CONNECT} whose target contains {@code /tunnel/} is answered
 * {@code 200 Connection established} without a body, as a server that then relays the connection
 * does (Go's net/rpc answers {@code CONNECT /_goRPC_} so); this backend keeps reading and
 * recording requests on it, so that whatever a gateway sends into the tunnel shows.
 *
 * <p>With {@code --tls KEYSTORE PASSWORD CLIENT-CA} it is an HTTPS backend that requires a client
 * certificate (the JDK's TLS server, PKCS#12 key store, client CAs from a PEM file), as a backend
 * that trusts its proxy by certificate is: after each handshake it records a {@link TlsSession}
 * (the client's subject, the SNI name, the version and ALPN protocol); a failed handshake ends the
 * connection with the error {@code "tls: ..."} and nothing reaches the request parser.
 */
public final class RecordingBackend {

    /** Read size; any value works, since requests are parsed from an accumulating buffer. */
    private static final int READ_BYTES = 16 * 1024;
    /** The backlog: certgate opens a few connections at a time; the default would do as well. */
    private static final int BACKLOG = 128;
    /** How much of a pending request a {@link Partial} record keeps: enough for its head. */
    public static final int PARTIAL_HEAD_BYTES = 4096;
    /** The marker in a target that asks for an HTTP/1.0 answer. */
    public static final String HTTP10 = "/http10/";
    /** The marker in a target that asks for a 103 Early Hints before the answer. */
    public static final String EARLY_HINTS = "/early-hints/";
    /** The marker in a CONNECT target that asks for a tunnel's answer (200, no body). */
    public static final String TUNNEL = "/tunnel/";

    private final AtomicInteger connections = new AtomicInteger();
    private final OutputStream record;

    private RecordingBackend(OutputStream record) {
        this.record = record;
    }

    public static void main(String[] args) throws Exception {
        boolean tls = args.length == 5 && args[1].equals("--tls");
        if (args.length != 1 && !tls) {
            System.err.println("usage: RecordingBackend RECORD-FILE [--tls KEYSTORE.p12 PASSWORD CLIENT-CA.pem]");
            System.exit(2);
        }
        RecordingBackend backend = new RecordingBackend(new FileOutputStream(Path.of(args[0]).toFile(), true));
        try (ServerSocket server = tls ? tlsServer(Path.of(args[2]), args[3].toCharArray(), Path.of(args[4]))
                : new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress())) {
            System.out.println("recording backend listening on " + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket socket = server.accept();
                int id = backend.connections.incrementAndGet();
                Thread thread = new Thread(() -> backend.serve(socket, id), "connection-" + id);
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** A TLS listener that requires a client certificate issued by one of the CAs in {@code clientCas}. */
    private static ServerSocket tlsServer(Path keyStore, char[] password, Path clientCas) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, password);
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = java.nio.file.Files.newInputStream(clientCas)) {
            int i = 0;
            for (java.security.cert.Certificate ca : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)) {
                trusted.setCertificateEntry("ca" + i++, ca);
            }
        }
        javax.net.ssl.TrustManagerFactory trustManagers = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trusted);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        javax.net.ssl.SSLParameters parameters = server.getSSLParameters();
        parameters.setNeedClientAuth(true);
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        server.setSSLParameters(parameters);
        return server;
    }

    /** Completes the handshake of a TLS connection and records it; false (recorded as the end) when it fails. */
    private boolean handshake(Socket socket, int id) {
        if (!(socket instanceof javax.net.ssl.SSLSocket tls)) {
            return true;
        }
        try {
            tls.startHandshake();
            javax.net.ssl.SSLSession session = tls.getSession();
            String sni = session instanceof javax.net.ssl.ExtendedSSLSession extended
                    ? extended.getRequestedServerNames().stream()
                    .filter(javax.net.ssl.SNIHostName.class::isInstance)
                    .map(n -> ((javax.net.ssl.SNIHostName) n).getAsciiName()).findFirst().orElse("") : "";
            String subject = ((java.security.cert.X509Certificate) session.getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
            String alpn = tls.getApplicationProtocol() == null ? "" : tls.getApplicationProtocol();
            write(RecordingJson.tls(new TlsSession(id, subject, sni, session.getProtocol(), alpn)));
            return true;
        } catch (IOException e) {
            write(RecordingJson.end(new ConnectionEnd(id, 0, "tls: " + e.getMessage(), new byte[0])));
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection whose handshake failed
            }
            return false;
        }
    }

    /** The body of the answer to request {@code index} of connection {@code connection}. */
    public static String answerBody(int connection, int index, String requestLine) {
        return "connection " + connection + " request " + index + ": " + requestLine + "\n";
    }

    private void serve(Socket socket, int id) {
        write(RecordingJson.opened(id));
        if (!handshake(socket, id)) {
            return;
        }
        byte[] buffer = new byte[READ_BYTES];
        int length = 0;
        int requests = 0;
        String error = null;
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            boolean open = true;
            boolean unrecorded = false;
            while (open) {
                StrictRequestParser.Result result = StrictRequestParser.parse(buffer, length);
                if (result instanceof StrictRequestParser.Complete complete) {
                    Received request = complete.message().on(id, ++requests);
                    write(RecordingJson.request(request));
                    length -= complete.consumed();
                    System.arraycopy(buffer, complete.consumed(), buffer, 0, length);
                    open = answer(out, request);
                } else if (result instanceof StrictRequestParser.Malformed malformed) {
                    error = malformed.reason();
                    open = false;
                } else {
                    if (unrecorded && length > 0) {
                        write(RecordingJson.partial(new Partial(id, length,
                                Arrays.copyOf(buffer, Math.min(length, PARTIAL_HEAD_BYTES)))));
                    }
                    unrecorded = false;
                    if (length == buffer.length) {
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    int n = in.read(buffer, length, buffer.length - length);
                    if (n < 0) {
                        open = false;
                    } else {
                        length += n;
                        unrecorded = true;
                    }
                }
            }
        } catch (IOException e) {
            // A reset or an abort by the peer ends the connection like a close: what was pending is recorded below.
        }
        write(RecordingJson.end(new ConnectionEnd(id, requests, error, Arrays.copyOf(buffer, length))));
    }

    /** Writes the answer; false when the connection ends with it. */
    private static boolean answer(OutputStream out, Received request) throws IOException {
        if (request.method().equals("CONNECT") && request.target().contains(TUNNEL)) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        }
        if (request.target().contains(EARLY_HINTS)) {
            out.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        boolean http10 = request.target().contains(HTTP10);
        byte[] body = answerBody(request.connection(), request.index(), request.requestLine())
                .getBytes(StandardCharsets.ISO_8859_1);
        boolean close = http10 || request.headers("Connection").stream().anyMatch(v -> v.equalsIgnoreCase("close"))
                || request.version().equals("HTTP/1.0");
        String head = (http10 ? "HTTP/1.0 200 OK\r\n" : "HTTP/1.1 200 OK\r\n")
                + "Content-Type: text/plain; charset=iso-8859-1\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (http10 ? "" : close ? "Connection: close\r\n" : "Connection: keep-alive\r\n")
                + "X-Recorded-Connection: " + request.connection() + "\r\n"
                + "X-Recorded-Request: " + request.index() + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (!request.method().equals("HEAD")) {
            out.write(body);
        }
        out.flush();
        return !close;
    }

    /** One line per event, in one write, so that a reader sees whole lines. */
    private void write(String json) {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (record) {
            try {
                record.write(line);
                record.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the record file", e);
            }
        }
    }
}
