package io.certgate.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange with a CRL distribution point (http or https) or an OCSP responder
 * (RFC 5280 §4.2.1.13, RFC 6960 Appendix A), bounded three ways: a connect timeout; one deadline
 * for the whole answer once connected, TLS handshake, headers and body alike, so that a server
 * that trickles a byte a second cannot hold a download for longer than {@code readTimeout} (each
 * read waits only for what is left of it, it does not start a new timeout); and a size cap
 * checked before and while reading. So {@link #get} and {@link #post} never take longer than
 * {@link #limit}. Blocking: callers run it on the download threads, never on an event loop or a
 * verdict thread.
 *
 * <p>https: the server's certificate must chain to the JVM's trusted roots (its cacerts, or
 * {@code javax.net.ssl.trustStore}) and name the host (RFC 9110 §4.3.4); it is not itself
 * checked for revocation, so a CRL fetch never needs another CRL first. A CRL is signed, so TLS
 * adds privacy, not trust: a failed handshake is a download that failed, and onUnavailable decides.
 */
final class HttpDownloader {

    /** Bytes read at a time. */
    private static final int CHUNK = 64 * 1024;
    /** Status line and headers together, at most: a CRL server's answer has a handful of short headers. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Redirects followed, at most (to http or https URLs only; a CRL is signed, so either serves it). */
    static final int MAX_REDIRECTS = 4;
    /** How certgate introduces itself to CRL and OCSP servers. */
    private static final String USER_AGENT = "certgate";

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxBytes;
    private final Optional<SSLSocketFactory> tls;

    /**
     * https checked against the JVM's trusted roots.
     *
     * @param readTimeout how long the whole answer may take once connected
     * @param maxBytes the largest body accepted
     */
    HttpDownloader(Duration connectTimeout, Duration readTimeout, long maxBytes) {
        this(connectTimeout, readTimeout, maxBytes, Optional.empty());
    }

    /** @param tls how https connections are made; empty for the JVM's default (its trusted roots) */
    HttpDownloader(Duration connectTimeout, Duration readTimeout, long maxBytes, Optional<SSLSocketFactory> tls) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.tls = tls;
    }

    /** The longest {@link #get} or {@link #post} can take, redirects included. */
    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    long maxBytes() {
        return maxBytes;
    }

    Duration limit() {
        return connectTimeout.plus(readTimeout);
    }

    byte[] get(URI url) throws DownloadException {
        return exchange(url, null, null);
    }

    byte[] post(URI url, String contentType, byte[] body) throws DownloadException {
        return exchange(url, contentType, body);
    }

    private byte[] exchange(URI url, String contentType, byte[] body) throws DownloadException {
        long overall = deadlineAfter(System.nanoTime(), limit());
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            Answer answer = once(current, contentType, body, overall);
            if (answer.location() == null) {
                return answer.body();
            }
            if (redirects == MAX_REDIRECTS) {
                throw new DownloadException("redirected more than " + MAX_REDIRECTS + " times");
            }
            current = answer.location();
        }
    }

    /** An answer: the body of a 200, or where a redirect points. */
    private record Answer(byte[] body, URI location) {
    }

    private Answer once(URI url, String contentType, byte[] body, long overall) throws DownloadException {
        String host = url.getHost();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!isHttp(scheme) || host == null) {
            throw new DownloadException("not a URL certgate can open: only http://host/... and https://host/..."
                    + " are downloaded");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal
        }
        int port = url.getPort() == -1 ? defaultPort(scheme) : url.getPort();
        try (Socket plain = new Socket()) {
            long connectStart = System.nanoTime();
            int connectMillis = millisUntil(Math.min(overall, deadlineAfter(connectStart, connectTimeout)));
            try {
                if (connectMillis == 0) {
                    throw new SocketTimeoutException("connect: no time left after redirects");
                }
                plain.connect(new InetSocketAddress(host, port), connectMillis);
            } catch (SocketTimeoutException e) {
                throw new DownloadException("did not accept the connection within " + describe(connectTimeout) + " (timed out)");
            }
            long deadline = Math.min(overall, deadlineAfter(System.nanoTime(), readTimeout));
            Socket socket = scheme.equals("https") ? handshake(plain, url.getHost(), port, deadline) : plain;
            OutputStream out = socket.getOutputStream();
            out.write(request(url, contentType, body));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            Reader in = new Reader(socket, deadline);
            int status = statusCode(in);
            while (status >= 100 && status < 200) { // RFC 9110 §15.2: interim answers precede the real one
                headers(in);
                status = statusCode(in);
            }
            Headers headers = headers(in);
            if (isRedirect(status) && headers.location != null) {
                return new Answer(null, redirect(url, headers.location));
            }
            if (status != 200) {
                throw new DownloadException("answered HTTP " + status + (in.reason.isEmpty() ? "" : " " + in.reason));
            }
            if (headers.length > maxBytes) {
                throw new DownloadException("is " + headers.length + " bytes, more than the limit of " + maxBytes);
            }
            return new Answer(headers.chunked ? chunked(in) : plain(in, headers.length), null);
        } catch (ConnectException e) {
            throw new DownloadException("cannot be reached: " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (UnknownHostException e) {
            throw new DownloadException("cannot be reached: unknown host " + e.getMessage());
        } catch (IOException e) {
            throw new DownloadException("failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    static boolean isHttp(String scheme) {
        return scheme.equals("http") || scheme.equals("https");
    }

    static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /**
     * TLS over the connected socket, the handshake within the answer's deadline: the server's
     * certificate must chain to the trusted roots and name {@code host} (endpoint identification
     * "HTTPS"; SNI names it too when it is a DNS name).
     */
    private Socket handshake(Socket plain, String host, int port, long deadline) throws IOException, DownloadException {
        SSLSocketFactory factory;
        try {
            factory = tls.isPresent() ? tls.get() : SSLContext.getDefault().getSocketFactory();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new DownloadException("cannot be read over TLS: the JVM has no TLS: " + e.getMessage());
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, name, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        int left = millisUntil(deadline);
        if (left == 0) {
            throw new DownloadException("did not answer within " + describe(readTimeout) + " (timed out)");
        }
        socket.setSoTimeout(left);
        try {
            socket.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new DownloadException("did not finish the TLS handshake within " + describe(readTimeout) + " (timed out)");
        } catch (javax.net.ssl.SSLException e) {
            throw new DownloadException("cannot be read over TLS from " + name + ":" + port + ": " + e.getMessage());
        }
        return socket;
    }

    private static byte[] request(URI url, String contentType, byte[] body) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        StringBuilder request = new StringBuilder()
                .append(body == null ? "GET " : "POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getRawAuthority().replaceFirst("^.*@", "")).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Accept: */*\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirect(URI from, String location) throws DownloadException {
        try {
            URI to = from.resolve(location.trim());
            if (to.getScheme() == null || !isHttp(to.getScheme().toLowerCase(Locale.ROOT))) {
                throw new DownloadException("redirected to " + to + ", which is not an http or https URL");
            }
            return to;
        } catch (IllegalArgumentException e) {
            throw new DownloadException("redirected to a location that is not a URL: " + location);
        }
    }

    private int statusCode(Reader in) throws IOException, DownloadException {
        String line = in.line();
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new DownloadException("did not answer in HTTP/1.1: " + printable(line));
        }
        in.reason = parts.length == 3 ? parts[2].trim() : "";
        return Integer.parseInt(parts[1]);
    }

    /** The headers that matter here. */
    private static final class Headers {
        long length = -1;
        boolean chunked;
        String location;
    }

    private Headers headers(Reader in) throws IOException, DownloadException {
        Headers headers = new Headers();
        for (String line = in.line(); !line.isEmpty(); line = in.line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new DownloadException("sent a malformed header line: " + printable(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    try {
                        headers.length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new DownloadException("sent a Content-Length that is not a number: " + printable(value));
                    }
                }
                case "transfer-encoding" -> headers.chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "location" -> headers.location = value;
                default -> { }
            }
        }
        return headers;
    }

    private byte[] plain(Reader in, long announced) throws IOException, DownloadException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(announced > 0 ? (int) Math.min(announced, CHUNK) : CHUNK);
        byte[] chunk = new byte[CHUNK];
        long wanted = announced < 0 ? Long.MAX_VALUE : announced;
        while (body.size() < wanted) {
            int n = in.read(chunk, (int) Math.min(chunk.length, wanted - body.size()));
            if (n < 0) {
                if (announced >= 0) {
                    throw new DownloadException("closed the connection after " + body.size() + " of the " + announced
                            + " bytes it announced");
                }
                break;
            }
            body.write(chunk, 0, n);
            if (body.size() > maxBytes) {
                throw new DownloadException("sent more than the limit of " + maxBytes + " bytes");
            }
        }
        return body.toByteArray();
    }

    /** RFC 9112 §7.1: chunk-size [extensions] CRLF data CRLF ... 0 CRLF [trailers] CRLF. */
    private byte[] chunked(Reader in) throws IOException, DownloadException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        while (true) {
            String sizeLine = in.line();
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new DownloadException("sent a malformed chunk size: " + printable(sizeLine));
            }
            if (size == 0) {
                while (!in.line().isEmpty()) {
                    // trailers, unused
                }
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > maxBytes) {
                throw new DownloadException("sent more than the limit of " + maxBytes + " bytes");
            }
            long left = size;
            while (left > 0) {
                int n = in.read(chunk, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new DownloadException("closed the connection in the middle of a chunk");
                }
                body.write(chunk, 0, n);
                left -= n;
            }
            in.line(); // the CRLF after the data
        }
    }

    /**
     * The socket's input under one deadline: every read waits only for what is left of it, so
     * that bytes trickling in do not extend the answer's time.
     */
    private final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        private long received;
        private int headerBytes;
        String reason = "";

        Reader(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        /** One line of the status line or headers, without its CRLF; counted against MAX_HEADER_BYTES. */
        String line() throws IOException, DownloadException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (true) {
                if (position == limit && !fill()) {
                    throw new DownloadException(received == 0 ? "closed the connection without answering"
                            : "closed the connection in the middle of its answer");
                }
                byte b = buffer[position++];
                if (++headerBytes > MAX_HEADER_BYTES) {
                    throw new DownloadException("sent more than " + MAX_HEADER_BYTES + " bytes of status line and headers");
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
        }

        int read(byte[] into, int max) throws IOException, DownloadException {
            if (position == limit && !fill()) {
                return -1;
            }
            int n = Math.min(max, limit - position);
            System.arraycopy(buffer, position, into, 0, n);
            position += n;
            return n;
        }

        private boolean fill() throws IOException, DownloadException {
            int left = millisUntil(deadline);
            if (left <= 0) {
                throw timedOut();
            }
            socket.setSoTimeout(left);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw timedOut();
            }
            if (n < 0) {
                return false;
            }
            received += n;
            position = 0;
            limit = n;
            return true;
        }

        private DownloadException timedOut() {
            return new DownloadException((received == 0 ? "did not answer within " : "did not finish its answer within ")
                    + describe(readTimeout) + " (timed out)");
        }
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** A download that failed; the message completes "the CRL at URL ...". */
    static final class DownloadException extends Exception {
        DownloadException(String message) {
            super(message);
        }
    }

    /** {@code start + duration} in nanoTime, saturating: the config allows timeouts of up to a year. */
    private static long deadlineAfter(long start, Duration duration) {
        long nanos = duration.compareTo(Duration.ofDays(1000)) > 0 ? Long.MAX_VALUE / 4 : duration.toNanos();
        return start + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    /**
     * What is left until {@code deadline} as a socket timeout takes it: whole milliseconds in an
     * int, at least 1 while time is left (0 would mean forever), 0 when none is.
     */
    private static int millisUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000));
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
