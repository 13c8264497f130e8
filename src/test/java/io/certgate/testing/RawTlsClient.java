package io.certgate.testing;

import io.certgate.pki.Credential;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS connection that sends whatever bytes a test writes (malformed heads, smuggling attempts,
 * a burst of pipelined requests) and reads back raw HTTP/1.x answers, for what curl refuses to
 * send. ALPN offers only {@code http/1.1}; a client certificate is presented when given.
 *
 * <pre>{@code
 * try (RawTlsClient client = RawTlsClient.connect(port, world.pki().root().certificate(), world.client("alice"))) {
 *     client.send("GET /app/x HTTP/1.1\r\nHost: localhost\r\n\r\n");
 *     RawTlsClient.Response answer = client.readResponse();
 * }
 * }</pre>
 */
public final class RawTlsClient implements AutoCloseable {

    /** How long a read waits before the test fails; certgate answers in milliseconds. */
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static final char[] NO_PASSWORD = new char[0];

    /** One HTTP/1.x answer as received: the status line, every field in order, the body (de-chunked). */
    public record Response(String statusLine, List<HeaderField> headers, byte[] body) {
        public Response {
            headers = List.copyOf(headers);
        }

        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
        public String version() {
            return statusLine.split(" ")[0];
        }

        /** The first value of a field (case-insensitive), or null. */
        public String header(String name) {
            List<String> values = HeaderField.values(headers, name);
            return values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " " + bodyText();
        }
    }

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawTlsClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port with SNI {@code localhost}, presenting {@code client} unless it is null. */
    public static RawTlsClient connect(int port, X509Certificate root, Credential client) {
        return connect(port, root, client, "localhost");
    }

    /** Connects to 127.0.0.1:port with SNI {@code serverName}, presenting {@code client} unless it is null. */
    public static RawTlsClient connect(int port, X509Certificate root, Credential client, String serverName) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", root);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (client != null) {
                keys.setKeyEntry("client", client.privateKey(), NO_PASSWORD,
                        client.chainWithoutRoot().toArray(new Certificate[0]));
            }
            keyManagers.init(keys, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.startHandshake();
            return new RawTlsClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaf certificate the server presented in the handshake. */
    public X509Certificate serverCertificate() {
        try {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new IllegalStateException("the handshake did not verify the server", e);
        }
    }

    /** Writes the text as ISO-8859-1 bytes (one byte per char), in one write. */
    public RawTlsClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawTlsClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next answer; fails when the connection closes (or stays silent) before a whole one arrived. */
    public Response readResponse() {
        return nextResponse().orElseThrow(() -> new AssertionError("the connection closed without an answer"));
    }

    /**
     * The next answer, or empty when the server closed cleanly (or reset) before its first byte;
     * a close inside an answer, or {@value #READ_TIMEOUT_MILLIS} ms of silence, fails.
     */
    public Optional<Response> nextResponse() {
        try {
            String statusLine;
            try {
                statusLine = line(true);
            } catch (SocketException reset) {
                return Optional.empty();
            }
            if (statusLine == null) {
                return Optional.empty();
            }
            if (!statusLine.matches("HTTP/\\d\\.\\d \\d{3}( .*)?")) {
                throw new AssertionError("not a status line: \"" + statusLine + "\"");
            }
            List<HeaderField> headers = new ArrayList<>();
            for (String line; !(line = line(false)).isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.add(new HeaderField(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            List<String> lengths = HeaderField.values(headers, "Content-Length");
            byte[] body;
            if (status / 100 == 1 || status == 204 || status == 304) {
                body = new byte[0];
            } else if (HeaderField.values(headers, "Transfer-Encoding").stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
                body = chunked();
            } else if (!lengths.isEmpty()) {
                body = in.readNBytes(Integer.parseInt(lengths.get(0)));
                if (body.length != Integer.parseInt(lengths.get(0))) {
                    throw new AssertionError("the connection closed inside a body: " + statusLine);
                }
            } else {
                body = in.readAllBytes(); // delimited by the close (RFC 9112 §6.3 rule 8)
            }
            return Optional.of(new Response(statusLine, headers, body));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server closes the connection (or resets it) within {@code timeout}, sending
     * nothing more; false when it stays open and silent. Bytes arriving fail the test.
     */
    public boolean closedByPeer(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("expected a close or silence, got more bytes: " + (char) b
                        + new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            } catch (SocketException ignored) {
                // closed: nothing to restore
            }
        }
    }

    /** Everything the server sends until it closes; fails after {@code timeout} without a close. */
    public byte[] readUntilClose(Duration timeout) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open after " + timeout + "; received: " + all.toString(StandardCharsets.ISO_8859_1), e);
        } catch (SocketException reset) {
            // a reset ends it too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toByteArray();
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(false);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (!line(false).isEmpty()) {
                    // trailer fields of an answer: not needed by the tests
                }
                return body.toByteArray();
            }
            byte[] data = in.readNBytes(size);
            if (data.length != size) {
                throw new AssertionError("the connection closed inside a chunk");
            }
            body.writeBytes(data);
            line(false);
        }
    }

    /** A line without its line ending; null at a clean end of stream before it when {@code eofAllowed}. */
    private String line(boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new AssertionError("the connection closed inside an answer: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection: nothing to do
        }
    }
}
