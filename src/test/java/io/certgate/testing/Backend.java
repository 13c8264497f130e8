package io.certgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A real backend for proxy tests, run as its own process ({@link BackendProcess}). It prints
 * "backend listening on PORT" and answers:
 *
 * <p>It dispatches on the last path segment, since a proxy passes the location's prefix on:
 *
 * <ul>
 *   <li>any path: a text echo of the method, the request target, every header, the client's port,
 *       and the body's length and SHA-256 (read as a stream, so any size works);</li>
 *   <li>{@code /download?bytes=N[&chunked=1]}: N bytes (i &amp; 0xff), streamed;</li>
 *   <li>{@code /slow?ms=N}: answers after N ms;</li>
 *   <li>{@code /hold?arrived=FILE&release=FILE}: creates the first file when the request arrives and
 *       answers (the echo) once the test creates the second, so a test knows a request is in
 *       flight and decides when it ends without counting on time;</li>
 *   <li>{@code /fail}: closes the connection without answering.</li>
 * </ul>
 */
public final class Backend {

    private static final int CHUNK = 64 * 1024;

    private Backend() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", Backend::handle);
        server.start();
        System.out.println("backend listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        // Dispatch on the last segment: a proxy passes the location's prefix on (/api/slow).
        String path = exchange.getRequestURI().getRawPath();
        String last = path.substring(path.lastIndexOf('/'));
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        switch (last) {
            case "/download" -> download(exchange, Long.parseLong(query.get("bytes")), query.containsKey("chunked"));
            case "/slow" -> {
                sleep(Long.parseLong(query.getOrDefault("ms", "1000")));
                echo(exchange);
            }
            case "/hold" -> {
                java.nio.file.Files.createFile(java.nio.file.Path.of(query.get("arrived")));
                java.nio.file.Path release = java.nio.file.Path.of(query.get("release"));
                while (!java.nio.file.Files.exists(release)) {
                    sleep(10);
                }
                echo(exchange);
            }
            case "/fail" -> throw new IOException("closing without an answer, as asked");
            default -> echo(exchange);
        }
    }

    private static void echo(HttpExchange exchange) throws IOException {
        MessageDigest sha256 = sha256();
        long bytes = 0;
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = exchange.getRequestBody()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
                bytes += n;
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("method ").append(exchange.getRequestMethod()).append('\n');
        text.append("target ").append(exchange.getRequestURI().getRawPath())
                .append(exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())
                .append('\n');
        text.append("protocol ").append(exchange.getProtocol()).append('\n');
        text.append("client-port ").append(exchange.getRemoteAddress().getPort()).append('\n');
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> sorted.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
        sorted.forEach((name, values) -> values.forEach(v -> text.append("header ").append(name.toLowerCase())
                .append(": ").append(v).append('\n')));
        text.append("body-bytes ").append(bytes).append('\n');
        text.append("body-sha256 ").append(HexFormat.of().formatHex(sha256.digest())).append('\n');
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Connection", "X-Backend-Hop");
        exchange.getResponseHeaders().set("X-Backend-Hop", "must not reach the client");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void download(HttpExchange exchange, long size, boolean chunked) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, chunked ? 0 : size);
        byte[] block = new byte[CHUNK];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        try (OutputStream out = exchange.getResponseBody()) {
            for (long left = size; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new TreeMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                values.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return values;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
