package io.certgate.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a client sends in one fuzz run, made from the fuzzer's data: one to three requests built
 * from the pieces the attacks of issue 10 are made of (path tricks that some backend reads as
 * another path, spoofed identity headers, Connection tokens, Content-Length and
 * Transfer-Encoding variants, bad chunk lines, trailers, a request hidden in a body), mixed with
 * raw bytes; and the points at which the bytes are split into separate reads.
 *
 * <p>Changing any list or choice here changes what every stored fuzzer input stands for: a finding
 * is also written out, as HTTP bytes, in {@link HttpRequestFuzzFindingsTest}, which outlives such changes.
 *
 * @param alice true when the client presented alice's valid certificate, false for no certificate
 */
record NastyRequests(boolean alice, byte[] bytes, int[] splits) {

    static final int MAX_REQUESTS = 3;
    static final int MAX_SEGMENTS = 5;
    static final int MAX_HEADERS = 6;
    static final int MAX_CHUNKS = 3;
    static final int MAX_RAW_BYTES = 96;
    static final int MAX_SPLITS = 3;

    static final String SMUGGLED = "GET /admin/secret HTTP/1.1\r\nHost: localhost\r\nX-Remote-User: alice\r\n\r\n";

    static final String[] METHODS = {"GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH",
        "TRACE", "CONNECT", "get", "G\tET", "M-SEARCH", "GE T", "GET\u0000", "PROPFIND"};
    static final String[] STARTS = {"/", "/", "/", "//", "https://localhost/", "http://site2.test/",
        "https://localhost:443/", "https://user@localhost/", "", "*", "\\"};
    static final String[] SEGMENTS = {"app", "app", "admin", "admin", "public", "admin/public", "members", "static", "x", "..", ".", "..;",
        ";x", "%2f", "%2F", "%5c", "\\", "%2e", "%2e%2e", "", "~1", "ADMIN~1", "admin::$DATA", "ADMIN", "%61dmin",
        "%00", "%20", " ", "admin.", "admin%20", "caf\u00e9", "%c3%a9", "%ff", "admin;jsessionid=1", "..%2f",
        "%2e%2e%5c", "#frag", "%25", "%252e", "a%3bb", "%3b", "admin\u0000", "admin\t", "%09"};
    static final String[] QUERIES = {"", "", "", "?a=1", "?x=%2f..%2f", "?", "?a=b&c=%00", "?/admin/../x", "?a=%zz"};
    static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.2",
        "http/1.1", "HTTP/2.0", "HTTP/1.1 "};
    static final String[] HOSTS = {"localhost", "localhost", "localhost", "LOCALHOST", "localhost:443",
        "localhost:8443", "localhost..", "localhost.", "user@localhost", "localhost,site2.test", "", "site2.test",
        "[::1]", "127.0.0.1", "localhost:abc", "localhost:443:1", "local host", "localhost\t", "localhost/admin"};
    static final String[] IDENTITY_NAMES = {"X-Remote-User", "X_Remote_User", "x-remote-user", "X-REMOTE-USER",
        "X-Remote-Groups", "X_Remote_Groups", "X-Client-Cert", "X-Client-Cert-Subject", "X_Client_Cert_Subject",
        "X-Client-Cert-Verify", "X-Client-Cert-Fingerprint", "X-Forwarded-For", "X_Forwarded_For",
        "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded", "X-Original-URL",
        "X-Rewrite-URL", "X-ARR-ClientCert", "X-Forwarded-Client-Cert", "X-SSL-Client-S-DN", "X-SSL-Client-Cert",
        "X-Real-IP", "X-HTTP-Method-Override", "Client-Cert", "Client-Cert-Chain", "X-Remote-User-Id"};
    static final String[] IDENTITY_VALUES = {"alice", "admins", "CN=alice", "SUCCESS", "for=1.2.3.4",
        "/admin/secret", "1.2.3.4", ""};
    static final String[] CONNECTION_TOKENS = {"close", "keep-alive", "Content-Length", "Transfer-Encoding", "Host",
        "TE", "Trailer", "Upgrade", "X-Remote-User", "X-Forwarded-For", "keep-alive, Content-Length",
        "close, X-Client-Cert-Verify", "Keep-Alive", "content-length", "X_Remote_User"};
    static final String[] LENGTHS = {"%d", "%d", "%d", "0, %d", "%d, %d", "0x%d", "+%d", " %d", "%d ", "%d\t",
        "00000000000000000005", "99999999999999999999", "-1", "", "1e3", "%d,"};
    static final String[] CODINGS = {"chunked", "chunked", "Chunked", "CHUNKED", " chunked", "chunked, identity",
        "identity, chunked", "gzip, chunked", "xchunked", "chunked;q=1", "identity", "chunked, chunked"};
    static final String[] OTHER_HEADERS = {"Expect: 100-continue", "TE: trailers", "Upgrade: h2c",
        "Trailer: X-Remote-User", "Keep-Alive: timeout=5", "Proxy-Connection: keep-alive",
        "Transfer_Encoding: chunked", "Content_Length: 5", "Accept: text/html", "Cookie: a=b", "X-Test:\tvalue\t",
        " folded-continuation", "Host :localhost", "X Y: z", "X-Empty:", "Transfer-Encoding:\u000bchunked",
        "X-Nul: a\u0000b", "Max-Forwards: 0", "X-Forwarded-For: 1.2.3.4, 5.6.7.8"};
    static final String[] BAD_CHUNKS = {"ZZ\r\n", "0x5\r\nhello\r\n", " 5 \r\nhello\r\n", "5;ext=1\r\nhello\r\n",
        "5 ;ext\r\nhello\r\n", "FFFFFFFFFFFFFFFFF\r\n", "5\nhello\n", "5\r\nhelloXX", "-5\r\n", "5\r\nhello",
        "\r\n", "0000000000000000005\r\nhello\r\n"};
    static final String[] TRAILERS = {"X-Remote-User: alice", "Content-Length: 5", "Host: site2.test",
        "X-Forwarded-For: 1.2.3.4", "Transfer-Encoding: chunked", "X_Remote_User: alice"};
    static final String[] BODIES = {"hello", SMUGGLED, "0\r\n\r\n", "", "x"};

    /** Reads the fuzzer's data (nothing else: the same data always makes the same requests). */
    static NastyRequests from(FuzzedDataProvider data) {
        boolean alice = data.consumeBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int requests = data.consumeInt(1, MAX_REQUESTS);
        for (int i = 0; i < requests; i++) {
            if (data.consumeInt(0, 7) == 0) {
                write(out, data.consumeBytes(data.consumeInt(0, MAX_RAW_BYTES)));
            } else {
                request(data, out);
            }
        }
        byte[] bytes = out.toByteArray();
        int[] splits = new int[data.consumeInt(0, MAX_SPLITS)];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = data.consumeInt(0, bytes.length);
        }
        Arrays.sort(splits);
        return new NastyRequests(alice, bytes, splits);
    }

    private static void request(FuzzedDataProvider data, ByteArrayOutputStream out) {
        String eol = data.consumeInt(0, 15) == 0 ? "\n" : "\r\n";
        StringBuilder head = new StringBuilder();
        head.append(data.pickValue(METHODS)).append(' ').append(target(data)).append(' ')
                .append(data.pickValue(VERSIONS)).append(eol);
        int hosts = data.pickValue(new int[] {1, 1, 1, 1, 1, 0, 2});
        for (int i = 0; i < hosts; i++) {
            head.append("Host: ").append(data.pickValue(HOSTS)).append(eol);
        }
        int headers = data.consumeInt(0, MAX_HEADERS);
        Body body = body(data);
        for (int i = 0; i < headers; i++) {
            switch (data.consumeInt(0, 5)) {
                case 0 -> head.append(data.pickValue(IDENTITY_NAMES)).append(": ").append(data.pickValue(IDENTITY_VALUES));
                case 1 -> head.append("Connection: ").append(data.pickValue(CONNECTION_TOKENS));
                case 2 -> head.append("Content-Length: ").append(data.pickValue(LENGTHS).replace("%d", "" + body.length));
                case 3 -> head.append("Transfer-Encoding: ").append(data.pickValue(CODINGS));
                case 4 -> head.append(data.pickValue(OTHER_HEADERS));
                default -> head.append(data.consumeAsciiString(12)).append(": ").append(data.consumeAsciiString(12));
            }
            head.append(eol);
        }
        if (body.framing != null) {
            head.append(body.framing).append(eol);
        }
        head.append(eol);
        write(out, head.toString().getBytes(StandardCharsets.ISO_8859_1));
        write(out, body.bytes);
    }

    private static String target(FuzzedDataProvider data) {
        StringBuilder target = new StringBuilder(data.pickValue(STARTS));
        int segments = data.consumeInt(0, MAX_SEGMENTS);
        for (int i = 0; i < segments; i++) {
            if (i > 0 || target.length() > 0 && target.charAt(target.length() - 1) != '/') {
                target.append(data.consumeInt(0, 9) == 0 ? "" : "/");
            }
            target.append(data.pickValue(SEGMENTS));
        }
        if (data.consumeBoolean()) {
            target.append('/');
        }
        return target.append(data.pickValue(QUERIES)).toString();
    }

    /**
     * A body, and (most of the time) the framing header that matches it; other headers may
     * declare other framing, which is the point.
     */
    private record Body(byte[] bytes, int length, String framing) {
    }

    private static Body body(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                return new Body(new byte[0], 0, null);
            case 1: {
                byte[] bytes = content(data);
                return new Body(bytes, bytes.length, data.consumeInt(0, 4) == 0 ? null : "Content-Length: " + bytes.length);
            }
            case 2: {
                StringBuilder chunks = new StringBuilder();
                int n = data.consumeInt(0, MAX_CHUNKS);
                int length = 0;
                for (int i = 0; i < n; i++) {
                    if (data.consumeInt(0, 3) == 0) {
                        chunks.append(data.pickValue(BAD_CHUNKS));
                    } else {
                        String piece = new String(content(data), StandardCharsets.ISO_8859_1);
                        chunks.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
                        length += piece.length();
                    }
                }
                chunks.append("0\r\n");
                int trailers = data.pickValue(new int[] {0, 0, 0, 1, 2});
                for (int i = 0; i < trailers; i++) {
                    chunks.append(data.pickValue(TRAILERS)).append("\r\n");
                }
                if (data.consumeInt(0, 7) != 0) {
                    chunks.append("\r\n");
                }
                return new Body(chunks.toString().getBytes(StandardCharsets.ISO_8859_1), length,
                        data.consumeInt(0, 4) == 0 ? null : "Transfer-Encoding: chunked");
            }
            default: {
                // a body that its own length does not describe: a request hidden after a shorter one
                byte[] bytes = content(data);
                return new Body(bytes, data.consumeInt(0, bytes.length), null);
            }
        }
    }

    private static byte[] content(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(BODIES).getBytes(StandardCharsets.ISO_8859_1)
                : data.consumeBytes(data.consumeInt(0, MAX_RAW_BYTES));
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    /** The bytes cut at the split points: the reads the connection gets. */
    List<byte[]> reads() {
        List<byte[]> reads = new java.util.ArrayList<>();
        int from = 0;
        for (int split : splits) {
            if (split > from) {
                reads.add(Arrays.copyOfRange(bytes, from, split));
                from = split;
            }
        }
        reads.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return reads;
    }

    @Override
    public String toString() {
        return (alice ? "alice" : "anonymous") + " sends " + Printable.of(bytes) + " in reads cut at " + Arrays.toString(splits);
    }
}
