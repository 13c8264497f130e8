package io.certgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One HTTP/1.1 keep-alive connection over TLS (the JDK's client), for what curl and openssl cannot
 * show in one process: several requests over the same connection, with things changing on the
 * server in between. No client certificate is sent.
 */
public final class KeepAliveConnection implements AutoCloseable {

    /** How long a test waits for one answer before failing. */
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private KeepAliveConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port with SNI {@code localhost}, trusting only {@code root}. */
    public static KeepAliveConnection open(int port, X509Certificate root) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", root);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.startHandshake();
            return new KeepAliveConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The serial of the certificate the server presented in this connection's handshake. */
    public BigInteger serverSerial() {
        try {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a GET on this connection and returns the status code (the body is read and dropped). */
    public int get(String path) {
        try {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: keep-alive-test\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = 0;
            String header;
            while (!(header = line()).isEmpty()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring("content-length:".length()).trim());
                }
            }
            for (long i = 0; i < length; i++) {
                if (in.read() < 0) {
                    throw new IOException("the connection closed inside the body");
                }
            }
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (up to the read timeout) for the server to end the connection without sending anything
     * more; true when it did (a close or a reset), false when the connection stayed open or data came.
     */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed as well
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the connection closed before the answer was complete");
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
