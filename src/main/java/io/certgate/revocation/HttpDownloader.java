package io.certgate.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * One HTTP exchange with a CRL distribution point or an OCSP responder, bounded three ways: a
 * connect timeout, a deadline for the whole answer once connected (a server that trickles a
 * byte at a time cannot hold a thread for longer), and a size cap checked before and while
 * reading. Blocking: callers run it on the download executor, never on an event loop.
 */
final class HttpDownloader {

    /** Bytes read at a time. */
    private static final int CHUNK = 64 * 1024;
    /** How certgate introduces itself to CRL and OCSP servers. */
    private static final String USER_AGENT = "certgate";

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxBytes;

    /**
     * @param readTimeout how long the whole answer may take once connected
     * @param maxBytes the largest body accepted
     */
    HttpDownloader(Duration connectTimeout, Duration readTimeout, long maxBytes) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    /** The longest {@link #get} or {@link #post} can take. */
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
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw new DownloadException("not a URL certgate can open: " + e.getMessage());
        }
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(readTimeout));
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(true);
        connection.setRequestProperty("User-Agent", USER_AGENT);
        try {
            if (body != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", contentType);
                connection.setFixedLengthStreamingMode(body.length);
                connection.connect();
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            } else {
                connection.connect();
            }
            long deadline = System.nanoTime() + readTimeout.toNanos();
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new DownloadException("answered HTTP " + status
                        + (connection.getResponseMessage() == null ? "" : " " + connection.getResponseMessage()));
            }
            long length = connection.getContentLengthLong();
            if (length > maxBytes) {
                throw new DownloadException("is " + length + " bytes, more than the limit of " + maxBytes);
            }
            return read(connection.getInputStream(), deadline, length);
        } catch (SocketTimeoutException e) {
            boolean connecting = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect");
            throw new DownloadException((connecting ? "did not accept the connection within " + describe(connectTimeout)
                    : "did not answer within " + describe(readTimeout)) + " (timed out)");
        } catch (ConnectException e) {
            throw new DownloadException("cannot be reached: " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (UnknownHostException e) {
            throw new DownloadException("cannot be reached: unknown host " + e.getMessage());
        } catch (IOException e) {
            throw new DownloadException("failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            connection.disconnect();
        }
    }

    private byte[] read(InputStream in, long deadline, long announced) throws IOException, DownloadException {
        try (in) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(announced > 0 ? (int) announced : CHUNK);
            byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                body.write(chunk, 0, n);
                if (body.size() > maxBytes) {
                    throw new DownloadException("sent more than the limit of " + maxBytes + " bytes");
                }
                if (System.nanoTime() > deadline) {
                    throw new DownloadException("did not finish its answer within " + describe(readTimeout) + " (timed out)");
                }
            }
            return body.toByteArray();
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

    /** A timeout as URLConnection takes it: whole milliseconds in an int, never 0 (which means forever). */
    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }
}
