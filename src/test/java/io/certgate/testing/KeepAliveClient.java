package io.certgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One TLS connection kept open by the real {@code openssl s_client}, over which HTTP/1.1 requests
 * are sent one at a time, whenever the test likes: what a browser's keep-alive connection does,
 * and what curl cannot (it sends the requests of one run back to back).
 */
public final class KeepAliveClient implements AutoCloseable {

    /** How long one answer may take before the test fails rather than hangs. */
    private static final long ANSWER_TIMEOUT_SECONDS = 30;

    /** One HTTP answer. */
    public record Response(int status, Map<String, String> headers, String body) {
        /** The Certgate-Status header's status.substatus, or the plain status. */
        public String code() {
            String certgate = headers.get("certgate-status");
            return certgate != null ? certgate.split(" ")[0] : String.valueOf(status);
        }
    }

    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "keep-alive-client");
        thread.setDaemon(true);
        return thread;
    });

    private KeepAliveClient(Process process) {
        this.process = process;
        this.in = process.getInputStream();
        this.out = process.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port} as {@code serverName}, presenting the certificate. */
    public static KeepAliveClient connect(int port, String serverName, Path certificate, Path key) {
        try {
            Process process = new ProcessBuilder(List.of("openssl", "s_client", "-quiet", "-connect", "127.0.0.1:" + port,
                    "-servername", serverName, "-cert", certificate.toString(), "-key", key.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return new KeepAliveClient(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a GET on the open connection and reads its whole answer. */
    public Response get(String host, String path) {
        return send("GET", host, path);
    }

    /**
     * Sends a HEAD and reads the status and headers only, as a client must: a body the server
     * sent anyway would be read as the next answer, and break it.
     */
    public Response head(String host, String path) {
        return send("HEAD", host, path);
    }

    private Response send(String method, String host, String path) {
        try {
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/plain\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            boolean bodyFollows = !method.equals("HEAD");
            Future<Response> answer = reader.submit(() -> readResponse(bodyFollows));
            return answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + ANSWER_TIMEOUT_SECONDS + "s on the kept-alive connection");
        } catch (ExecutionException e) {
            throw new AssertionError("the kept-alive connection broke: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True while the TLS connection (and s_client) is still up. */
    public boolean isOpen() {
        return process.isAlive();
    }

    private Response readResponse(boolean bodyFollows) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String header;
        while ((header = line()) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int length = bodyFollows ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
        byte[] body = in.readNBytes(length);
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() {
        process.destroy();
        reader.shutdownNow();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
