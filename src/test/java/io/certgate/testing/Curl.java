package io.certgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The real curl client, driven from tests: {@code Curl.get(url).cacert(root).cert(pem, key).run()}. */
public final class Curl {

    /** A finished curl: status 0 when no HTTP answer came (see {@code exitCode} and {@code stderr}). */
    public record Response(int status, Map<String, String> headers, byte[] bodyBytes, int exitCode, String stderr) {
        /** The body as UTF-8 text (malformed bytes replaced). */
        public String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        /** A response header, by case-insensitive name; null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The Certgate-Status header's status.substatus, such as "403.16", or the plain status. */
        public String code() {
            String certgate = header("certgate-status");
            return certgate != null ? certgate.split(" ")[0] : String.valueOf(status);
        }
    }

    private final List<String> args = new ArrayList<>();
    private final String url;

    private Curl(String url) {
        this.url = url;
    }

    public static Curl get(String url) {
        return new Curl(url);
    }

    public Curl cacert(Path root) {
        return arg("--cacert", root.toString());
    }

    public Curl cert(Path certificate, Path key) {
        return arg("--cert", certificate.toString()).arg("--key", key.toString());
    }

    public Curl header(String name, String value) {
        return arg("-H", name + ": " + value);
    }

    public Curl method(String method) {
        return method.equals("HEAD") ? arg("-I") : arg("-X", method);
    }

    public Curl data(String body) {
        return arg("--data-binary", body);
    }

    public Curl http1() {
        return arg("--http1.1");
    }

    public Curl http2() {
        return arg("--http2");
    }

    /** Resolve {@code host:port} to 127.0.0.1, so that SNI and Host carry a name of our choosing. */
    public Curl resolve(String host, int port) {
        return arg("--resolve", host + ":" + port + ":127.0.0.1");
    }

    /** Send the path exactly as given (no ../ squashing by curl). */
    public Curl pathAsIs() {
        return arg("--path-as-is");
    }

    public Curl arg(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    public Response run() {
        try {
            Path headers = Files.createTempFile("curl-headers", ".txt");
            Path body = Files.createTempFile("curl-body", ".bin");
            try {
                List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20",
                        "-D", headers.toString(), "-o", body.toString(), "-w", "%{http_code}"));
                command.addAll(args);
                command.add(url);
                Processes.Result result = Processes.run(command, null, null, 30);
                Map<String, String> parsed = new LinkedHashMap<>();
                for (String line : Files.readString(headers, StandardCharsets.ISO_8859_1).split("\r?\n")) {
                    if (line.startsWith("HTTP/")) {
                        parsed.clear(); // keep the last response's headers (after 100-continue, say)
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0 && !line.startsWith("HTTP/")) {
                        parsed.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                    }
                }
                int status = result.stdout().isBlank() ? 0 : Integer.parseInt(result.stdout().trim());
                return new Response(status, parsed, Files.readAllBytes(body),
                        result.exitCode(), result.stderr());
            } finally {
                Files.deleteIfExists(headers);
                Files.deleteIfExists(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
